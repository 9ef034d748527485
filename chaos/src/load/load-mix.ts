import { randomUUID } from 'node:crypto';
import { premisesSpaceRequest, votingRoundRequest } from '@vaikuta/testing';
import type { ChaosPlatform, ChaosService } from '../platform/platform';
import { Answer, RetryingClient } from './retrying-client';

const DAY = 86_400_000;

/** One request the clients made with an Idempotency-Key, and what came of it. */
export interface KeyedRequest {
  kind: string;
  key: string;
  /** The id the 2xx answer named; undefined when refused or abandoned. */
  acceptedId?: string;
  abandoned?: boolean;
  /** Who is told by email about it, when a message is expected. */
  email?: string;
}

/** What the load did, for the invariants to check against the databases. */
export interface LoadLedger {
  feedback: (KeyedRequest & { resolved?: boolean })[];
  ballots: (KeyedRequest & { voter: string })[];
  bookings: (KeyedRequest & { spaceId: string; begin: string; end: string })[];
  initiatives: (KeyedRequest & { registered?: boolean })[];
  roundId?: string;
}

/**
 * The realistic mix: residents send feedback (with an email for the receipt) and case
 * workers take cases through claim → reply → resolve; residents file initiatives, others
 * support them and a preparer registers them; voters cast ballots (every few change theirs);
 * residents book spaces, on purpose at overlapping times. Each kind is a loop of its own,
 * running until `stopAt`.
 */
export class LoadMix {
  readonly ledger: LoadLedger = { feedback: [], ballots: [], bookings: [], initiatives: [] };
  readonly clients = new Map<ChaosService, RetryingClient>();
  private readonly giveUpAt = { value: Number.MAX_SAFE_INTEGER };
  private plans: string[] = [];
  private spaces: string[] = [];
  private serial = 0;

  constructor(private readonly platform: ChaosPlatform) {
    for (const service of ['feedback', 'budgeting', 'grants', 'initiatives', 'notifications'] as const) {
      this.clients.set(service, new RetryingClient(() => platform.urls(service), this.giveUpAt));
    }
  }

  private client(service: ChaosService): RetryingClient {
    return this.clients.get(service)!;
  }

  private token(sub: string, roles: string[], departments: string[] = []) {
    return this.platform.token(sub, roles as never, { departments, birthdate: '1990-05-17', municipality: '091', authMethods: ['strong'] });
  }

  /** A round in voting with six plans, and two spaces anyone may book at once. */
  async prepare(): Promise<void> {
    const coordinator = await this.token('chaos-coordinator', ['coordinator']);
    const round = await this.client('budgeting').call('setup', {
      method: 'POST',
      path: '/budgeting/rounds',
      token: coordinator,
      body: votingRoundRequest(new Date(), { title: { fi: 'Kaaoskierros', en: 'Chaos round' }, reconciliationPolicy: 'latest' }),
    });
    if (round?.status !== 201) throw new Error(`could not create the voting round: ${JSON.stringify(round)}`);
    this.ledger.roundId = round.body.id;
    // Plans reach a ballot through proposals, screening and costing; the load only needs them there.
    for (let i = 0; i < 6; i++) {
      const id = randomUUID();
      await this.platform.query(
        'budgeting',
        `INSERT INTO plans (id, round_id, district_code, title, description, cost, status) VALUES ($1, $2, 'keskinen', $3, $3, 10000, 'on_ballot')`,
        [id, round.body.id, { fi: `Suunnitelma ${i + 1}` }],
      );
      this.plans.push(id);
    }

    const manager = await this.token('chaos-manager', ['premises_manager']);
    for (const name of ['Kaaoshalli', 'Kaaossali']) {
      const space = await this.client('grants').call('setup', {
        method: 'POST',
        path: '/premises/spaces',
        token: manager,
        // No buffers: the load's bookings start on the half hour back to back; no lock provider runs.
        body: premisesSpaceRequest({ name: { fi: name, en: name }, accessType: 'unrestricted' }, { bufferBeforeMinutes: 0, bufferAfterMinutes: 0, maxActiveBookingsPerPerson: 50 }),
      });
      if (space?.status !== 201) throw new Error(`could not create a space: ${JSON.stringify(space)}`);
      this.spaces.push(space.body.id);
    }
  }

  /**
   * Runs `loops` of each kind until `stopAt`; requests still unanswered then get `graceMs`
   * more (a key reserved by a killed process frees itself after 120 s) before they are abandoned.
   */
  async run(stopAt: number, graceMs: number, loops = 2): Promise<void> {
    this.giveUpAt.value = stopAt + graceMs;
    const forever = (step: () => Promise<void>) => async () => {
      while (Date.now() < stopAt) await step();
    };
    await Promise.all([
      ...Array.from({ length: loops }, forever(() => this.feedbackCase())),
      ...Array.from({ length: loops }, forever(() => this.ballot())),
      ...Array.from({ length: loops }, forever(() => this.booking())),
      ...Array.from({ length: Math.max(1, loops / 2) }, forever(() => this.initiative())),
    ]);
  }

  private next(): number {
    return ++this.serial;
  }

  /** A resident's report with an email for the receipt; every second one is worked to resolved. */
  private async feedbackCase(): Promise<void> {
    const n = this.next();
    const key = randomUUID();
    const email = `fb-${n}@chaos.test`;
    const entry: LoadLedger['feedback'][number] = { kind: 'feedback', key, email };
    this.ledger.feedback.push(entry);
    const answer = await this.client('feedback').call('feedback intake', {
      method: 'POST',
      path: '/feedback/requests',
      idempotencyKey: key,
      body: {
        kind: 'fault',
        categoryCode: '171',
        description: `Kaaostesti ${key}: kuoppa pyörätiellä.`,
        address: 'Kirjastokatu 1',
        email,
        contactConsent: true,
        language: 'fi',
      },
    });
    settle(entry, answer, (b) => b.id);
    if (!entry.acceptedId || n % 2 === 1) return;
    const worker = await this.token('chaos-worker', ['case_worker'], ['KYMP']);
    let version = 1;
    for (const [action, body] of [
      ['claim', {}],
      ['replies', { body: 'Katsomme asiaa.' }],
      ['resolve', { resolution: 'Kuoppa on paikattu.' }],
    ] as const) {
      const next = await this.caseStep(entry.acceptedId, action, { ...body, version }, worker);
      if (next === undefined) return;
      version = next;
    }
    entry.resolved = true;
  }

  /**
   * A case worker's step, guarded by the case's version. A step whose answer was lost is seen
   * on the retry as a 409 on a newer version: the case is read back, and a version past ours
   * means the step was done.
   */
  private async caseStep(id: string, action: string, body: { version: number }, worker: string): Promise<number | undefined> {
    const kind = `case ${action}`;
    const client = this.client('feedback');
    const answer = await client.call(kind, { method: 'POST', path: `/feedback/cases/${id}/${action}`, token: worker, body });
    if (answer && answer.status < 300) return answer.body.version ?? body.version + 1;
    if (answer?.status !== 409) return undefined;
    const current = await client.call('case read', { method: 'GET', path: `/feedback/cases/${id}`, token: worker });
    if (current && current.status === 200 && current.body.version === body.version + 1) {
      // The first attempt went through and its answer was lost; the client learns it now.
      const counts = client.countsOf(kind);
      counts.refused--;
      counts.accepted++;
      return current.body.version;
    }
    return undefined;
  }

  /** A voter's ballot, each with its own key; a voter among 40 votes again now and then, which replaces their ballot. */
  private async ballot(): Promise<void> {
    const n = this.next();
    const voter = `chaos-voter-${n % 40}`;
    const key = randomUUID();
    const entry: LoadLedger['ballots'][number] = { kind: 'ballot', key, voter };
    this.ledger.ballots.push(entry);
    const bearer = await this.token(voter, ['resident']);
    const plans = [this.plans[n % 6], this.plans[(n + 1) % 6]];
    const answer = await this.client('budgeting').call('ballot', {
      method: 'PUT',
      path: `/budgeting/rounds/${this.ledger.roundId}/ballot`,
      token: bearer,
      idempotencyKey: key,
      body: { districtCode: 'keskinen', district: plans, cityWide: [], confirmed: true },
    });
    settle(entry, answer, (b) => b.ballotId);
  }

  /**
   * A resident tells notifications their email, then books an hour or two in one of two spaces,
   * at one of a few start times over a few days: many attempts overlap, and all but one of
   * each clash must be refused.
   */
  private async booking(): Promise<void> {
    const n = this.next();
    const sub = `chaos-booker-${n}`;
    const email = `booker-${n}@chaos.test`;
    const bearer = await this.token(sub, ['resident']);
    const told = await this.client('notifications').call('preferences', {
      method: 'PUT',
      path: '/notifications/preferences',
      token: bearer,
      body: { language: 'en', channels: ['email'], email },
    });
    if (told?.status !== 200) return;
    const spaceId = this.spaces[n % this.spaces.length];
    const dayStart = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) + (2 + (n % 5)) * DAY;
    // 07:00–16:30 UTC is inside 08:00–22:00 in Helsinki in winter and in summer.
    const begin = dayStart + (7 * 60 + 30 * (n % 16)) * 60_000;
    const end = begin + (60 + 30 * (n % 3)) * 60_000;
    const key = randomUUID();
    const entry: LoadLedger['bookings'][number] = { kind: 'booking', key, email, spaceId, begin: new Date(begin).toISOString(), end: new Date(end).toISOString() };
    this.ledger.bookings.push(entry);
    const answer = await this.client('grants').call('booking', {
      method: 'POST',
      path: `/premises/spaces/${spaceId}/bookings`,
      token: bearer,
      idempotencyKey: key,
      body: { begin: entry.begin, end: entry.end },
    });
    settle(entry, answer, (b) => b.id);
  }

  /** A resident files an initiative, two others support it, and a preparer registers it. */
  private async initiative(): Promise<void> {
    const n = this.next();
    const key = randomUUID();
    const email = `init-${n}@chaos.test`;
    const entry: LoadLedger['initiatives'][number] = { kind: 'initiative', key, email };
    this.ledger.initiatives.push(entry);
    const client = this.client('initiatives');
    const resident = await this.token(`chaos-initiator-${n}`, ['resident']);
    const answer = await client.call('initiative filing', {
      method: 'POST',
      path: '/initiatives',
      token: resident,
      idempotencyKey: key,
      body: { type: 'resident', language: 'fi', title: `Kaaosaloite ${key}`, body: 'Lisää pyöräteitä kouluille.', initiatorName: 'Kaaos Testaaja', email },
    });
    settle(entry, answer, (b) => b.id);
    if (!entry.acceptedId) return;
    for (const supporter of [1, 2]) {
      const bearer = await this.token(`chaos-supporter-${n}-${supporter}`, ['resident']);
      await client.call('initiative support', { method: 'POST', path: `/initiatives/${entry.acceptedId}/supports`, token: bearer, idempotencyKey: randomUUID() });
    }
    const preparer = await this.token('chaos-preparer', ['preparer'], ['KYMP']);
    const staffView = await client.call('initiative read', { method: 'GET', path: `/initiatives/staff/${entry.acceptedId}`, token: preparer });
    if (staffView?.status !== 200) return;
    const registered = await client.call('initiative register', {
      method: 'POST',
      path: `/initiatives/${entry.acceptedId}/register`,
      token: preparer,
      body: { version: staffView.body.version },
    });
    entry.registered = registered !== undefined && registered.status < 300;
  }
}

function settle(entry: KeyedRequest, answer: Answer | undefined, idOf: (body: any) => string): void {
  if (!answer) entry.abandoned = true;
  else if (answer.status < 300) entry.acceptedId = idOf(answer.body);
}
