import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { BudgetingEvents, BudgetingHttp } from '@vaikuta/contracts';
import { Clock } from '@vaikuta/domain';
import { ValidationProblem } from '@vaikuta/http';
import { OutboxWriter } from '@vaikuta/messaging';
import { QueryFailedError } from 'typeorm';
import { BUDGETING_CONFIG, BudgetingConfig } from '../budgeting-config';
import { birthdateOfIdentityCode, checkEligibility, EligibilityPerson, EligibilityRules, InvalidIdentityCode, PersonKeys, refusalMessage, RefusalLanguage, runningTotal } from '../domain';
import { isOpen } from '../rounds/round-phases';
import { RoundRecord } from '../rounds/round.repository';
import { personOf, RoundService } from '../rounds/round.service';
import { ballotParts, checkChoice } from './ballot-choice';
import { BallotEntry, BallotLogRepository, BallotPlanRow, countedKeys, NewBallotEntry, PAPER_SHEET_CONSTRAINT } from './ballot-log.repository';
import { BallotChannel, outranks } from './counting-policy';

type Language = 'fi' | 'sv' | 'en';

const languageOf = (user: AuthUser): Language => (user.lang === 'sv' || user.lang === 'en' ? user.lang : 'fi');

/** A signed-in voter's address for project news: the sub, never a name. */
interface Follower {
  sub: string;
  language: Language;
}

/**
 * Ballots from every channel into the append-only log, one person one ballot (ADR 0012).
 * An identity code (from a token or typed by staff) is turned into the person's key and a
 * birth year here and goes no further: not into the log, not into an answer, not into a log line.
 */
@Injectable()
export class BallotIntakeService {
  private readonly keys: PersonKeys;

  constructor(
    @Inject(BUDGETING_CONFIG) config: BudgetingConfig,
    private readonly rounds: RoundService,
    private readonly log: BallotLogRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {
    this.keys = new PersonKeys(config.personKeySecret);
  }

  /** The resident's own ballot: eligibility from the token's claims, the key from its identity code or else its sub. */
  async castOnline(roundId: string, body: BudgetingHttp.CastBallotRequest, user: AuthUser, requestId?: string): Promise<BudgetingHttp.BallotReceipt> {
    // The busiest route: the round and the plans its choice can name in one round trip.
    const found = await this.log.roundWithPlans(roundId, body.districtCode);
    if (!found) throw new NotFoundException(`No budgeting round ${roundId}`);
    const { record, plans } = found;
    this.assertVotingOpen(record);
    this.assertEligible(record, personOf(user), record.round.eligibility, languageOf(user));
    const totals = checkedTotals(record, body, plans);
    return this.commit(record, totals, {
      personKey: this.onlineKey(user),
      kind: 'ballot',
      channel: 'online',
      choice: body,
      birthYear: Number(user.birthdate!.slice(0, 4)),
      enteredBy: null,
      place: null,
      sheetId: null,
      follower: { sub: user.sub, language: languageOf(user) },
      requestId,
      plans,
    });
  }

  /**
   * Staff at a library or service desk enter the ballot of the person in front of them. The age
   * comes from the identity code; the municipality cannot be read from a code, so the staff
   * member checks residence from the ID shown, and the sign-in method does not apply.
   */
  async castAssisted(roundId: string, body: BudgetingHttp.AssistedBallotRequest, staff: AuthUser): Promise<BudgetingHttp.BallotReceipt> {
    const record = await this.rounds.record(roundId);
    this.assertVotingOpen(record);
    const person = this.inPersonKey(record, body.identityCode, languageOf(staff));
    const totals = await this.checkedTotals(record, body);
    return this.commit(record, totals, { ...person, kind: 'ballot', channel: 'assisted', choice: body, enteredBy: staff.sub, place: body.place, sheetId: null });
  }

  /**
   * A paper sheet, entered once (a second entry of the same sheet is 409). Sheets come by post and
   * are counted over a few days, so they are taken from the opening of voting until the results
   * phase closes — but not once the results are published, which would change them silently.
   */
  async castPaper(roundId: string, body: BudgetingHttp.PaperBallotRequest, staff: AuthUser): Promise<BudgetingHttp.BallotReceipt> {
    const record = await this.rounds.record(roundId);
    this.assertPaperWindow(record);
    const person = this.inPersonKey(record, body.identityCode, languageOf(staff));
    const totals = await this.checkedTotals(record, body);
    try {
      return await this.commit(record, totals, { ...person, kind: 'ballot', channel: 'paper', choice: body, enteredBy: staff.sub, place: null, sheetId: body.sheetId });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { constraint?: string })?.constraint === PAPER_SHEET_CONSTRAINT) {
        throw ValidationProblem.field('sheetId', `Sheet ${body.sheetId} has already been entered in this round`, 409);
      }
      throw error;
    }
  }

  /** The resident withdraws: an entry of its own in the log, which then counts as no ballot (if the policy lets it count). */
  async withdraw(roundId: string, user: AuthUser): Promise<BudgetingHttp.WithdrawalReceipt> {
    const record = await this.rounds.record(roundId);
    this.assertVotingOpen(record);
    const receipt = await this.commit(
      record,
      { district: 0, cityWide: 0 },
      {
        personKey: this.onlineKey(user),
        kind: 'withdrawal',
        channel: 'online',
        choice: null,
        birthYear: null,
        enteredBy: null,
        place: null,
        sheetId: null,
        follower: { sub: user.sub, language: languageOf(user) },
      },
    );
    return { ballotId: receipt.ballotId, withdrawnAt: receipt.confirmedAt, counts: receipt.counts };
  }

  /** The caller's counting ballot, or null (never voted, or withdrew). Only ever the caller's own. */
  async current(roundId: string, user: AuthUser): Promise<BudgetingHttp.BallotReceipt | null> {
    const record = await this.rounds.record(roundId);
    const entry = await this.log.countedEntry(roundId, this.onlineKey(user));
    if (!entry || entry.kind === 'withdrawal') return null;
    const { city } = ballotParts(record, entry.districtCode!);
    const plans = await this.log.plansOnBallot(roundId, [entry.districtCode!, ...(city ? [city.code] : [])]);
    return receiptOf(entry, true, {
      district: runningTotal(
        plans.filter((p) => p.districtCode === entry.districtCode),
        entry.districtPlans,
      ),
      cityWide: runningTotal(
        plans.filter((p) => p.districtCode === city?.code),
        entry.cityPlans,
      ),
    });
  }

  /**
   * One transaction: append the entry, take the person's counted row (serialising their
   * concurrent ballots), let the round's policy decide which entry counts, remember the signed-in
   * voter, and write the event when the counting entry changed.
   */
  private async commit(record: RoundRecord, totals: { district: number; cityWide: number }, draft: Draft): Promise<BudgetingHttp.BallotReceipt> {
    const { round } = record;
    const now = this.clock.now();
    const entry: NewBallotEntry = {
      // An online ballot sent with an Idempotency-Key takes its id from it, so a retry after a
      // crash between the commit and the stored answer finds this entry instead of adding one.
      id: draft.requestId ?? randomUUID(),
      roundId: round.id,
      personKey: draft.personKey,
      kind: draft.kind,
      channel: draft.channel,
      districtCode: draft.choice?.districtCode ?? null,
      districtPlans: draft.choice ? [...new Set(draft.choice.district)] : [],
      cityPlans: draft.choice ? [...new Set(draft.choice.cityWide)] : [],
      birthYear: draft.birthYear,
      enteredBy: draft.enteredBy,
      place: draft.place,
      sheetId: draft.sheetId,
      confirmedAt: now,
    };
    // A signed-in voter is remembered with a ballot (not a withdrawal), so news can reach them.
    const voter = draft.follower && entry.kind === 'ballot' ? draft.follower : null;
    // Their event is known before anything is written when the ballot is their first.
    const firstEvent = voter ? this.outbox.prepare(BudgetingEvents.ballotConfirmed, ballotConfirmed(entry, voter, [])).row : null;
    // Most online ballots are a person's first: one statement, without a transaction around it.
    if (voter && firstEvent && draft.plans && entry.channel === 'online' && (await this.log.castFirst(entry, voter, firstEvent, countedKeys(draft.plans, entry))) !== null) {
      return receiptOf(entry, true, totals);
    }
    const outcome = await this.log.dataSource.transaction(async (m) => {
      // A paper sheet may come in while a coordinator publishes: the share lock waits for the
      // publication (which locks the round) and then sees it, so no sheet lands after the
      // published count without being refused.
      if (entry.channel === 'paper' && (await this.log.resultsPublishedAt(m, round.id)) !== null) throw paperClosed();
      // A first entry (paper, assisted, or an online one that raced another of the person's) is
      // appended, counted, its voter remembered and (for a signed-in voter) its event written in
      // one statement; only a change needs the row's lock and the entry it pointed at.
      const appended = await this.log.appendFirst(m, entry, voter, firstEvent);
      if (appended === null) return { replayOf: await this.log.entryById(m, entry.id) };
      const { seq } = appended;
      let previous: BallotEntry | null = null;
      let counts = true;
      if (appended.created) {
        if (entry.kind === 'withdrawal') throw new NotFoundException('You have no ballot in this round to withdraw');
        if (firstEvent) return { counts };
      } else {
        const counted = await this.log.lockCounted(m, round.id, entry.personKey);
        if (counted === null) throw new Error(`Round ${round.id}: the counted row entry ${seq} found is gone`);
        previous = await this.log.entryBySeq(counted.ballotSeq, m);
        if (entry.kind === 'withdrawal' && previous.kind === 'withdrawal') throw new NotFoundException('You have no ballot in this round to withdraw');
        counts = outranks(round.reconciliationPolicy, { seq, channel: entry.channel }, previous);
        const channels = [...new Set<BallotChannel>([...counted.channels, entry.channel])];
        await this.log.updateCounted(m, round.id, entry.personKey, counts ? seq : counted.ballotSeq, channels, now, voter);
      }
      if (counts) {
        // A paper or assisted ballot has no sub of its own, but the same person may have voted
        // online before: their follows must move to what counts now.
        const follower = draft.follower ?? (await this.log.voter(m, round.id, entry.personKey));
        const before = previous && previous.kind === 'ballot' ? [...previous.districtPlans, ...previous.cityPlans] : [];
        await this.outbox.append(m, BudgetingEvents.ballotConfirmed, ballotConfirmed(entry, follower, before));
      }
      // A ballot that does not count (an online one after a paper sheet under paper_first) is
      // logged and shown in reconciliation, but changes nobody's follows, so it has no event.
      return { counts };
    });
    if ('replayOf' in outcome) {
      // The retried request's own entry (same key, caller and body): answer as the first time.
      const replayed = outcome.replayOf!;
      return receiptOf(replayed.entry, replayed.counts, totals);
    }
    return receiptOf(entry, outcome.counts, totals);
  }

  private async checkedTotals(record: RoundRecord, choice: BudgetingHttp.BallotChoice) {
    const { district, city } = ballotParts(record, choice.districtCode);
    const codes = [...(district ? [district.code] : []), ...(city ? [city.code] : [])];
    return checkedTotals(record, choice, await this.log.plansOnBallot(record.round.id, codes));
  }

  /** The online key: the identity code from strong identification when the token has one, so paper and desk ballots of the same person meet it. */
  private onlineKey(user: AuthUser): string {
    if (!user.identityCode) return this.keys.ofSubject(user.sub);
    try {
      return this.keys.ofIdentityCode(user.identityCode);
    } catch (error) {
      // Falling back to the sub would let this person vote twice; refuse instead.
      if (error instanceof InvalidIdentityCode) throw new ForbiddenException('Your sign-in gave an identity code that is not valid; sign in again');
      throw error;
    }
  }

  /** A typed identity code: its key and birth year, after the age rule (residence and sign-in method are the staff's to check). */
  private inPersonKey(record: RoundRecord, identityCode: string, lang: RefusalLanguage) {
    let personKey: string;
    let birthdate: string;
    try {
      personKey = this.keys.ofIdentityCode(identityCode);
      birthdate = birthdateOfIdentityCode(identityCode);
    } catch (error) {
      if (error instanceof InvalidIdentityCode) throw ValidationProblem.field('identityCode', 'Not a valid Finnish personal identity code (henkilötunnus)');
      throw error;
    }
    this.assertEligible(record, { birthdate }, { ...record.round.eligibility, municipalities: [], authMethods: [] }, lang);
    return { personKey, birthYear: Number(birthdate.slice(0, 4)) };
  }

  private assertEligible(record: RoundRecord, person: EligibilityPerson, rules: EligibilityRules, lang: RefusalLanguage): void {
    const decision = checkEligibility(rules, person, record.round.votingYear);
    if (decision.eligible) return;
    const refusals = decision.reasons.map((r) => ({ code: r.code, message: refusalMessage(r, lang) }));
    throw new ForbiddenException({ title: 'Not eligible in this round', detail: refusals.map((r) => r.message).join(' '), refusals });
  }

  private assertVotingOpen({ round, phases }: RoundRecord): void {
    // Published results are final: dates that open voting again (moved before publication was
    // checked, or by hand) must not change the published ballots.
    if (!isOpen(phases, 'voting', this.clock.now()) || round.resultsPublishedAt !== null) {
      throw new ConflictException({ title: 'Not in the voting phase', detail: 'Ballots are taken only while the voting phase is open', phase: 'voting' });
    }
  }

  private assertPaperWindow({ round, phases }: RoundRecord): void {
    const now = this.clock.now().getTime();
    const voting = phases.find((p) => p.phase === 'voting');
    const results = phases.find((p) => p.phase === 'results');
    const open = voting && results && Date.parse(voting.opensAt) <= now && (results.closesAt === null || now < Date.parse(results.closesAt));
    if (!open || round.resultsPublishedAt !== null) throw paperClosed();
  }
}

/** The event of an entry that counts now: its plans, and those of the entry it replaced (`before`) that it drops. */
function ballotConfirmed(entry: NewBallotEntry, follower: Follower | null, before: string[]) {
  const planIds = [...entry.districtPlans, ...entry.cityPlans];
  return {
    roundId: entry.roundId,
    ballotId: entry.id,
    channel: entry.channel,
    withdrawal: entry.kind === 'withdrawal',
    ...(follower ? { voterSub: follower.sub, language: follower.language } : {}),
    planIds,
    droppedPlanIds: before.filter((id) => !planIds.includes(id)),
    confirmedAt: entry.confirmedAt.toISOString(),
  };
}

/** The choice checked against the plans on its ballot: each part's total, or a 400 naming every field at fault. */
function checkedTotals(record: RoundRecord, choice: BudgetingHttp.BallotChoice, plans: readonly BallotPlanRow[]) {
  const { problems, totals } = checkChoice(record, choice, plans);
  if (problems.length) throw new ValidationProblem(problems);
  return totals;
}

const paperClosed = () =>
  new ConflictException({
    title: 'Paper ballots are closed',
    detail: 'Paper sheets are entered from the opening of voting until the results phase closes, and not after the results are published',
    phase: 'voting',
  });

interface Draft {
  personKey: string;
  kind: 'ballot' | 'withdrawal';
  channel: BallotChannel;
  choice: BudgetingHttp.BallotChoice | null;
  birthYear: number | null;
  enteredBy: string | null;
  place: string | null;
  sheetId: string | null;
  follower?: Follower;
  /** From the Idempotency-Key (IdempotentRequestId): the entry's id, the same for every retry. */
  requestId?: string;
  /** The plans on the ballot, when read with the round (online ballots): a first ballot's counted keys come from them. */
  plans?: readonly BallotPlanRow[];
}

function receiptOf(
  entry: Pick<BallotEntry, 'id' | 'confirmedAt' | 'channel' | 'districtCode' | 'districtPlans' | 'cityPlans'>,
  counts: boolean,
  total: { district: number; cityWide: number },
): BudgetingHttp.BallotReceipt {
  return {
    ballotId: entry.id,
    confirmedAt: entry.confirmedAt.toISOString(),
    channel: entry.channel,
    counts,
    districtCode: entry.districtCode ?? '',
    district: entry.districtPlans,
    cityWide: entry.cityPlans,
    total,
  };
}
