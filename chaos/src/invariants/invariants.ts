import type { ReceivedMail } from '@vaikuta/testing';
import type { PlantedPoison } from '../faults/fault-schedule';
import type { LoadLedger } from '../load/load-mix';
import { CHAOS_SERVICES, ChaosPlatform } from '../platform/platform';
import { StreamCensus } from './stream-census';

/** One invariant: how many things it looked at, and every way they broke it (must be none). */
export interface InvariantResult {
  name: string;
  checked: number;
  violations: string[];
}

export interface InvariantReport {
  results: InvariantResult[];
  events: number;
  deliveries: number;
  deadLetters: number;
  replays: { id: string; consumer: string; status: number; replayError: string | null }[];
  resentAfterSenderKill: string[];
}

const show = (items: unknown[], max = 5) => `${JSON.stringify(items.slice(0, max))}${items.length > max ? ` … (${items.length})` : ''}`;

/**
 * Checks, from the databases, the streams and the SMTP sink, what the platform promises once
 * the load has drained: nothing accepted is lost or doubled, every event is published and
 * applied once, every person is told once per message, no ballot counts twice, no bookings
 * overlap, and dead letters are exactly the planted poison — each one answering its replay.
 */
export class InvariantChecker {
  private readonly results: InvariantResult[] = [];
  /** Emails sent a second time because their sender was killed between the SMTP hand-over and the record. */
  readonly resentAfterSenderKill: string[] = [];

  constructor(
    private readonly platform: ChaosPlatform,
    private readonly ledger: LoadLedger,
    private readonly poison: PlantedPoison[],
    /** When a notifications replica was killed (ms since the epoch). */
    private readonly senderKills: number[] = [],
  ) {}

  private check(name: string, checked: number, violations: string[]): void {
    this.results.push({ name, checked, violations });
  }

  async run(): Promise<InvariantReport> {
    await this.acceptedRequestsExistOnce();
    const census = await StreamCensus.open(this.platform.nats.url);
    let events = 0;
    let poisonReaders: string[] = [];
    try {
      events = await this.outboxPublishedOnce(census);
      await this.eventsAppliedOncePerConsumer(census);
      const streams = new Set(this.poison.map((p) => p.stream));
      poisonReaders = (await census.consumers()).filter((c) => streams.has(c.stream)).map((c) => c.durable);
    } finally {
      await census.close();
    }
    const deliveries = await this.everyPersonToldOnce();
    await this.noDoubleBallot();
    await this.noOverlappingBookings();
    const { deadLetters, replays } = await this.deadLettersOnlyPoison(poisonReaders);
    return { results: this.results, events, deliveries, deadLetters, replays, resentAfterSenderKill: this.resentAfterSenderKill };
  }

  private async acceptedRequestsExistOnce(): Promise<void> {
    const { feedback, ballots, bookings, initiatives } = this.ledger;
    // Feedback: the key is in the description, so a row written twice for one request shows.
    const feedbackRows = await this.platform.query<{ id: string; description: string }>('feedback', `SELECT id, description FROM feedback_requests WHERE description LIKE 'Kaaostesti %'`);
    this.check('feedback: every accepted report exists once, nothing else', feedback.length, this.byKey(feedback, feedbackRows.map((r) => ({ id: r.id, key: r.description.split(' ')[1].replace(/:$/, '') }))));
    const initiativeRows = await this.platform.query<{ id: string; title: string }>('initiatives', `SELECT id, title->>'fi' AS title FROM initiatives WHERE title->>'fi' LIKE 'Kaaosaloite %'`);
    this.check('initiatives: every accepted filing exists once, nothing else', initiatives.length, this.byKey(initiatives, initiativeRows.map((r) => ({ id: r.id, key: r.title.split(' ')[1] }))));

    // Ballots and bookings take their ids from the Idempotency-Key: the answered id must be there once.
    const log = await this.platform.query<{ id: string }>('budgeting', `SELECT id FROM ballot_log WHERE round_id = $1`, [this.ledger.roundId]);
    this.check('ballots: every accepted ballot is in the log once, and no entry no request made', ballots.length, this.byId(ballots, log.map((r) => r.id)));
    const booked = await this.platform.query<{ id: string }>('grants', `SELECT id FROM bookings WHERE kind = 'booking'`);
    this.check('bookings: every accepted booking exists once, and no booking no request made', bookings.length, this.byId(bookings, booked.map((r) => r.id)));
  }

  /** Rows tagged with the request's key: an accepted one exactly once with the answered id, a refused one never, an abandoned one at most once. */
  private byKey(requests: { key: string; acceptedId?: string; abandoned?: boolean }[], rows: { id: string; key: string }[]): string[] {
    const violations: string[] = [];
    const rowsByKey = new Map<string, string[]>();
    for (const row of rows) rowsByKey.set(row.key, [...(rowsByKey.get(row.key) ?? []), row.id]);
    const known = new Set(requests.map((r) => r.key));
    for (const r of requests) {
      const ids = rowsByKey.get(r.key) ?? [];
      if (r.acceptedId && (ids.length !== 1 || ids[0] !== r.acceptedId)) violations.push(`accepted ${r.key} (${r.acceptedId}) stored as ${show(ids)}`);
      if (!r.acceptedId && !r.abandoned && ids.length > 0) violations.push(`refused ${r.key} stored as ${show(ids)}`);
      if (r.abandoned && ids.length > 1) violations.push(`abandoned ${r.key} stored ${ids.length} times`);
    }
    for (const key of rowsByKey.keys()) if (!known.has(key)) violations.push(`a row for ${key}, which no request sent`);
    return violations;
  }

  /** Rows with the answered ids: each accepted id once; rows beyond those only as many as requests were abandoned. */
  private byId(requests: { acceptedId?: string; abandoned?: boolean }[], ids: string[]): string[] {
    const violations: string[] = [];
    const count = new Map<string, number>();
    for (const id of ids) count.set(id, (count.get(id) ?? 0) + 1);
    const accepted = new Set<string>();
    for (const r of requests) {
      if (!r.acceptedId) continue;
      accepted.add(r.acceptedId);
      if (count.get(r.acceptedId) !== 1) violations.push(`accepted ${r.acceptedId} stored ${count.get(r.acceptedId) ?? 0} times`);
    }
    const unanswered = ids.filter((id) => !accepted.has(id));
    const abandoned = requests.filter((r) => r.abandoned).length;
    if (unanswered.length > abandoned) violations.push(`${unanswered.length} rows no answer named, but only ${abandoned} requests went unanswered: ${show(unanswered)}`);
    return violations;
  }

  /** Every outbox row published, and the streams hold each exactly once (by Nats-Msg-Id = outbox id). Returns how many events the streams hold. */
  private async outboxPublishedOnce(census: StreamCensus): Promise<number> {
    const onStreams = new Map<string, number>();
    let events = 0;
    for (const stream of await census.streams()) {
      for (const m of await census.messages(stream)) {
        events++;
        const id = m.msgId ?? m.eventId;
        if (id) onStreams.set(id, (onStreams.get(id) ?? 0) + 1);
      }
    }
    const violations: string[] = [];
    let rows = 0;
    for (const service of CHAOS_SERVICES) {
      const outbox = await this.platform.query<{ id: string; published: boolean }>(service, `SELECT id, published_at IS NOT NULL AS published FROM outbox`);
      rows += outbox.length;
      for (const row of outbox) {
        if (!row.published) violations.push(`${service} outbox ${row.id} never published`);
        const n = onStreams.get(row.id) ?? 0;
        if (n !== 1) violations.push(`${service} outbox ${row.id} is ${n} times on the streams`);
      }
    }
    for (const [id, n] of onStreams) if (n > 1) violations.push(`message ${id} is ${n} times on the streams`);
    this.check('outbox: every row published, each exactly once on its stream', rows, violations);
    return events;
  }

  /** Every durable consumer has nothing pending or unacked (each event applied, parked or not its business), and no inbox row names an event the streams do not hold. */
  private async eventsAppliedOncePerConsumer(census: StreamCensus): Promise<void> {
    const consumers = await census.consumers();
    const violations = consumers.filter((c) => c.pending + c.ackPending > 0).map((c) => `${c.stream}/${c.durable}: ${c.pending} pending, ${c.ackPending} unacked`);
    const eventIds = new Set<string>();
    for (const stream of await census.streams()) for (const m of await census.messages(stream)) if (m.eventId) eventIds.add(m.eventId);
    const poisonIds = new Set(this.poison.map((p) => p.id));
    let applied = 0;
    for (const service of CHAOS_SERVICES) {
      const inbox = await this.platform.query<{ consumer: string; event_id: string }>(service, `SELECT consumer, event_id FROM inbox`);
      applied += inbox.length;
      for (const row of inbox) {
        if (!eventIds.has(row.event_id)) violations.push(`${service} inbox ${row.consumer}/${row.event_id}: no such event on the streams`);
        if (poisonIds.has(row.event_id)) violations.push(`${service} applied the poison ${row.event_id}`);
      }
    }
    this.check(`consumers: all ${consumers.length} drained, every inbox row a real event, the poison never applied`, applied, violations);
  }

  /**
   * The SMTP sink against the notification rows: every email row sent arrived exactly once
   * (Message-ID = <notification id@…>), nothing arrived twice, nothing is left unsent; and
   * each accepted report's sender and each accepted booking's booker got their message.
   */
  private async everyPersonToldOnce(): Promise<number> {
    const mails = this.platform.smtp.messages;
    const violations: string[] = [];
    const byMessageId = new Map<string, ReceivedMail[]>();
    for (const m of mails) byMessageId.set(m.messageId, [...(byMessageId.get(m.messageId) ?? []), m]);
    // A sender killed after the SMTP server took a message and before its row said so cannot
    // know it was sent: the copy goes out again once the lease ends, with the same Message-ID
    // (which mail clients and providers use to drop it). No design avoids that window; it is
    // counted apart, and only when the first copy came from the killed process: over a connection
    // the kill closed (all of a killed sender's connections close at once; another replica's stay
    // open), arriving between 10 s before the kill and 30 s after it. The arrival time alone could
    // not say so: this process finishes parsing a message seconds after the hand-over on a busy
    // machine — often after it has seen the connection close.
    const smtp = this.platform.smtp;
    const atSenderKill = (m: ReceivedMail) => {
      const closedAt = smtp.closedSessions.get(m.sessionId);
      return (
        closedAt !== undefined &&
        this.senderKills.some((k) => closedAt >= k && closedAt <= k + 30_000 && m.receivedAt >= k - 10_000 && m.receivedAt <= k + 30_000)
      );
    };
    for (const [id, list] of byMessageId) {
      if (list.length < 2) continue;
      const at = list.map((m) => new Date(m.receivedAt).toISOString().slice(11, 23)).join(', ');
      if (list.length === 2 && atSenderKill(list[0])) this.resentAfterSenderKill.push(`${id} to ${list[0].to} at ${at}`);
      else violations.push(`${id} arrived ${list.length} times (to ${list[0].to}: ${list[0].subject}) at ${at}`);
    }
    const bySubject = new Map<string, ReceivedMail[]>();
    for (const m of mails) bySubject.set(`${m.to}\n${m.subject}`, [...(bySubject.get(`${m.to}\n${m.subject}`) ?? []), m]);
    for (const [k, list] of bySubject) {
      const sameMessage = new Set(list.map((m) => m.messageId)).size === 1;
      if (list.length > 1 && !(sameMessage && list.length === 2 && atSenderKill(list[0]))) violations.push(`${k.replace('\n', ' told twice: ')} (${list.length} times)`);
    }

    const rows = await this.platform.query<{ id: string; status: string }>('notifications', `SELECT id, status FROM notifications WHERE channel = 'email'`);
    for (const row of rows) {
      const got = byMessageId.get(`<${row.id}@vaikuta.local>`)?.length ?? 0;
      if (row.status === 'sent' && got !== 1 && !(got === 2 && this.resentAfterSenderKill.some((r) => r.startsWith(`<${row.id}@`)))) violations.push(`notification ${row.id} sent but arrived ${got} times`);
      if (row.status === 'pending' || row.status === 'sending') violations.push(`notification ${row.id} still ${row.status}`);
    }
    const rowIds = new Set(rows.map((r) => `<${r.id}@vaikuta.local>`));
    for (const id of byMessageId.keys()) if (!rowIds.has(id)) violations.push(`${id} arrived but no notification row names it`);

    // Messages, not copies: a resend after a sender kill (same Message-ID) is judged above.
    const to = (address: string) => new Set(mails.filter((m) => m.to === address).map((m) => m.messageId)).size;
    for (const f of this.ledger.feedback) if (f.acceptedId && to(f.email!) === 0) violations.push(`feedback ${f.acceptedId}: its sender got no receipt`);
    for (const b of this.ledger.bookings) if (b.acceptedId && to(b.email!) !== 1) violations.push(`booking ${b.acceptedId}: its booker got ${to(b.email!)} emails`);
    this.check('emails: each notification once, nobody told twice, every accepted report and booking told', rows.length, violations);
    return mails.length;
  }

  private async noDoubleBallot(): Promise<void> {
    const counted = await this.platform.query<{ sub: string; n: number; kind: string }>(
      'budgeting',
      `SELECT v.sub, count(*)::int AS n, min(l.kind) AS kind FROM counted_ballots c
         JOIN voters v ON v.round_id = c.round_id AND v.person_key = c.person_key
         JOIN ballot_log l ON l.seq = c.ballot_seq
        WHERE c.round_id = $1 GROUP BY v.sub`,
      [this.ledger.roundId],
    );
    const violations = counted.filter((c) => c.n !== 1 || c.kind !== 'ballot').map((c) => `${c.sub}: ${c.n} counted (${c.kind})`);
    const voted = new Set(this.ledger.ballots.filter((b) => b.acceptedId).map((b) => b.voter));
    const countedSubs = new Set(counted.map((c) => c.sub));
    for (const voter of voted) if (!countedSubs.has(voter)) violations.push(`${voter} voted and has no counted ballot`);
    this.check('ballots: one counted ballot per person, for every voter', voted.size, violations);
  }

  private async noOverlappingBookings(): Promise<void> {
    const overlaps = await this.platform.query<{ a: string; b: string }>(
      'grants',
      `SELECT a.id AS a, b.id AS b FROM bookings a JOIN bookings b ON a.space_id = b.space_id AND a.id < b.id AND a.during && b.during
        WHERE a.state = 'confirmed' AND b.state = 'confirmed'`,
    );
    const [{ n }] = await this.platform.query<{ n: number }>('grants', `SELECT count(*)::int AS n FROM bookings WHERE state = 'confirmed'`);
    this.check('bookings: no two confirmed bookings of a space overlap', n, overlaps.map((o) => `${o.a} overlaps ${o.b}`));
  }

  /** Dead letters in every service: only the planted poison, parked by each consumer of its stream once; each replay answered (a poison one cannot apply: 422, its reason kept). */
  private async deadLettersOnlyPoison(poisonReaders: string[]): Promise<{ deadLetters: number; replays: InvariantReport['replays'] }> {
    const violations: string[] = [];
    const replays: InvariantReport['replays'] = [];
    const admin = await this.platform.token('chaos-admin', ['admin']);
    const parked = new Map<string, number>();
    let total = 0;
    for (const service of CHAOS_SERVICES) {
      const rows = await this.platform.query<{ id: string; consumer: string; payload: string; reason: string }>(service, `SELECT id, consumer, payload, reason FROM dead_letters`);
      total += rows.length;
      for (const row of rows) {
        const poison = this.poison.find((p) => row.payload.includes(p.marker));
        if (!poison) {
          violations.push(`${service} ${row.consumer}: unexpected dead letter (${row.reason.slice(0, 200)})`);
          continue;
        }
        const key = `${row.consumer}/${poison.id}`;
        parked.set(key, (parked.get(key) ?? 0) + 1);
        const url = this.platform.urls(service)[0];
        const res = await fetch(`${url}/${service}/admin/dead-letters/${row.id}/replay`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}` },
        });
        const [after] = await this.platform.query<{ replay_error: string | null }>(service, `SELECT replay_error FROM dead_letters WHERE id = $1`, [row.id]);
        replays.push({ id: row.id, consumer: `${service}/${row.consumer}`, status: res.status, replayError: after.replay_error });
        if (res.status !== 422 || !after.replay_error) violations.push(`replaying ${key} answered ${res.status} (expected 422 with its reason kept)`);
      }
    }
    for (const [key, n] of parked) if (n !== 1) violations.push(`${key} parked ${n} times`);
    // Every durable consumer of the poisoned stream parks each poison message once (durable = consumer name).
    for (const consumer of poisonReaders) {
      for (const p of this.poison) if (!parked.has(`${consumer}/${p.id}`)) violations.push(`${consumer} never parked poison ${p.id}`);
    }
    if (this.poison.length > 0 && poisonReaders.length === 0) violations.push('no consumer reads the poisoned stream');
    this.check(`dead letters: exactly the planted poison, once by each of ${poisonReaders.length} consumers of its stream, each replay answered`, this.poison.length, violations);
    return { deadLetters: total, replays };
  }
}
