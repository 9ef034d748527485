import { randomUUID } from 'node:crypto';
import { HttpException, HttpStatus, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { PremisesEvents, type PremisesHttp } from '@vaikuta/contracts';
import { Clock, outboxEvent, VersionedChange } from '@vaikuta/domain';
import { ValidationProblem } from '@vaikuta/http';
import { OutboxWriter } from '@vaikuta/messaging';
import { AssociationAccessService } from '../associations/association-access.service';
import { BookingHandlingService } from '../bookings/booking-handling.service';
import { BookingIntakeService } from '../bookings/booking-intake.service';
import { BookingClashProblem, BookingRuleProblem } from '../bookings/booking-problems';
import { BookingRepository } from '../bookings/booking.repository';
import { spaceNamesOf } from '../bookings/booking-views';
import { DoorAccessCodeRepository } from '../door-access/door-access-code.repository';
import { Space } from '../spaces/space.entity';
import { premisesStaffActor, SpaceService } from '../spaces/space.service';
import { allocateSeason } from './season-allocation';
import { planSeries } from './season-series';
import { Season } from './season.entity';
import { SeasonApplicationRow, SeasonRepository } from './season.repository';

/** A step the season's state does not allow (applying after allocation, say). */
class SeasonStateProblem extends HttpException {
  constructor(state: string, step: string) {
    super({ title: 'Not possible in this state', detail: `A season that is ${state} cannot be ${step}`, state }, HttpStatus.CONFLICT);
  }
}

/**
 * Season bookings: staff open a season, associations apply for weekly slots, staff allocate
 * (re-runnable until published) and publish — every allocated slot becomes a weekly series of
 * confirmed bookings, made one week at a time through the bookings' own intake so each is
 * checked, constrained, audited and announced (door codes follow) like any staff booking.
 */
@Injectable()
export class SeasonService {
  private readonly logger = new Logger(SeasonService.name);
  private readonly changes: VersionedChange<Season>;

  constructor(
    private readonly repository: SeasonRepository,
    private readonly spaces: SpaceService,
    private readonly associations: AssociationAccessService,
    private readonly intake: BookingIntakeService,
    private readonly handling: BookingHandlingService,
    private readonly bookings: BookingRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly doorCodes: DoorAccessCodeRepository,
  ) {
    this.changes = new VersionedChange(repository.dataSource, outbox, {
      entity: Season,
      audit: repository.auditLog,
      notFound: (id) => new NotFoundException(`No season ${id}`),
      clock,
    });
  }

  async create(body: PremisesHttp.SeasonRequest, user: AuthUser): Promise<PremisesHttp.Season> {
    for (const [i, spaceId] of body.spaceIds.entries()) {
      await this.spaces.space(spaceId).catch(() => {
        throw ValidationProblem.field(`spaceIds.${i}`, 'No such space');
      });
    }
    const now = this.clock.now();
    const season = Object.assign(new Season(), {
      id: randomUUID(),
      name: body.name,
      spaceIds: [...new Set(body.spaceIds)],
      startsOn: body.startsOn,
      endsOn: body.endsOn,
      skipDates: [...new Set(body.skipDates)].sort(),
      state: 'open' as const,
      version: 1,
      createdBy: user.sub,
      createdAt: now,
      updatedAt: now,
    });
    await this.repository.dataSource.transaction(async (m) => {
      await this.repository.insert(m, season);
      await this.repository.auditLog.write(m, { entityId: season.id, version: 1, action: 'opened', actor: premisesStaffActor(user) });
    });
    return seasonOf(season);
  }

  async list(): Promise<PremisesHttp.SeasonList> {
    return { items: (await this.repository.list()).map(seasonOf) };
  }

  async detail(id: string): Promise<PremisesHttp.Season> {
    return seasonOf(await this.season(id));
  }

  /** A representative applies for the association; the slot must be on one of the season's spaces. */
  async apply(seasonId: string, body: PremisesHttp.SeasonApplicationRequest, user: AuthUser): Promise<PremisesHttp.SeasonApplication> {
    const season = await this.season(seasonId);
    if (season.state !== 'open') throw new SeasonStateProblem(season.state, 'applied for');
    if (!season.spaceIds.includes(body.spaceId)) throw ValidationProblem.field('spaceId', 'Not a space of this season');
    await this.associations.assertMayAct(user, body.associationId);
    const row = { id: randomUUID(), seasonId, applicantSub: user.sub, ...body, createdAt: this.clock.now() };
    // Checked again under a share lock on the season: an application never lands in a season
    // whose allocation committed meanwhile (it would stay "submitted" there for ever).
    await this.repository.dataSource.transaction(async (m) => {
      const state = await this.repository.stateForShare(m, seasonId);
      if (state !== 'open') throw new SeasonStateProblem(state ?? 'missing', 'applied for');
      await this.repository.insertApplication(row, m);
    });
    return applicationOf({ ...row, state: 'submitted', refusal: null, clashesWith: null, rrule: null });
  }

  async applications(seasonId: string): Promise<PremisesHttp.SeasonApplicationList> {
    await this.season(seasonId);
    return { items: (await this.repository.applications(seasonId)).map(applicationOf) };
  }

  /** The season's applications of the associations the caller acts for, with their outcome. */
  async mine(seasonId: string, user: AuthUser): Promise<PremisesHttp.SeasonApplicationList> {
    await this.season(seasonId);
    const mine = new Set(await this.associations.associationIdsOf(user));
    return { items: (await this.repository.applications(seasonId)).filter((a) => mine.has(a.associationId)).map(applicationOf) };
  }

  /** Allocates every application against the others and the spaces' rules and hours; again until published. */
  async allocate(seasonId: string, body: PremisesHttp.SeasonStepRequest, user: AuthUser): Promise<PremisesHttp.SeasonApplicationList> {
    await this.changes.apply({ id: seasonId, expectedVersion: body.version, actor: premisesStaffActor(user) }, async (season, m) => {
      if (season.state === 'published') throw new SeasonStateProblem(season.state, 'allocated');
      const applications = await this.repository.applications(seasonId, m);
      const terms = new Map(await Promise.all(season.spaceIds.map(async (id) => [id, await this.spaces.space(id)] as const)));
      const decisions = allocateSeason(season, applications, terms);
      await this.repository.saveDecisions(m, decisions, this.clock.now());
      season.state = 'allocated';
      const allocated = decisions.filter((d) => d.outcome === 'allocated').length;
      return { action: 'allocated', details: { allocated, rejected: decisions.length - allocated } };
    });
    return this.applications(seasonId);
  }

  /**
   * Publishes the allocation: each allocated slot's weeks become bookings. Calling it again on a
   * published season carries on where an interrupted run stopped (each week is recorded once).
   */
  async publish(seasonId: string, body: PremisesHttp.SeasonStepRequest, user: AuthUser): Promise<PremisesHttp.SeasonPublication> {
    const current = await this.season(seasonId);
    if (current.state !== 'published') {
      await this.changes.apply({ id: seasonId, expectedVersion: body.version, actor: premisesStaffActor(user) }, async (season, m) => {
        if (season.state !== 'allocated') throw new SeasonStateProblem(season.state, 'published');
        season.state = 'published';
        const decided = (await this.repository.applications(seasonId, m)).filter((a) => a.state !== 'submitted');
        // The applicant's one message tells the series (the weekly bookings send none): the
        // weeks as the publication will book them, from the same plan bookSeries follows.
        const spaces = new Map(await Promise.all(season.spaceIds.map(async (id) => [id, await this.spaces.space(id)] as const)));
        const told = decided.map((a) => ({ a, space: spaces.get(a.spaceId), plan: a.state === 'allocated' && spaces.get(a.spaceId) ? planSeries(season, a, spaces.get(a.spaceId)!.openingHours) : undefined }));
        return {
          action: 'published',
          events: (s, at) => told.map(({ a, space, plan }) => outboxEvent(PremisesEvents.seasonApplicationDecided, decisionOf(s, a, at, space, plan))),
        };
      });
    }
    // One booking pass per season at a time: a second Publish (a double click, or a resume
    // while the first still books) waits here and then finds every week already recorded,
    // instead of booking the same weeks beside the first and recording them as clashes.
    const lock = this.repository.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query(`SELECT pg_advisory_lock(hashtext('season-publish'), hashtext($1))`, [seasonId]);
      const season = await this.season(seasonId);
      const series: PremisesHttp.SeasonSeries[] = [];
      for (const application of (await this.repository.applications(seasonId)).filter((a) => a.state === 'allocated')) {
        series.push(await this.bookSeries(season, application, user));
      }
      return { season: seasonOf(season), series };
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext('season-publish'), hashtext($1))`, [seasonId]).catch(() => undefined);
      await lock.release();
    }
  }

  /**
   * Cancels the series' bookings still to come, each like any staff cancellation (its door code
   * revoked), and tells the applicant once, with a calendar CANCEL under the series' UID
   * (season_series_cancelled) instead of a message a week.
   */
  async cancelSeries(seasonId: string, applicationId: string, body: PremisesHttp.CancelSeriesRequest, user: AuthUser): Promise<PremisesHttp.SeasonSeries> {
    const application = await this.repository.application(seasonId, applicationId);
    if (!application) throw new NotFoundException(`No application ${applicationId} in season ${seasonId}`);
    const now = this.clock.now().getTime();
    let cancelledNow = 0;
    // Weeks the booker or staff had cancelled alone before: those were told by their own messages.
    const cancelledAlone = new Set<string>();
    // Weeks cancelled here, and whether their code had been sent, as read in each week's
    // cancelling transaction (after any code being given to it meanwhile).
    const codeSentOf = new Map<string, boolean>();
    for (const occurrence of await this.repository.occurrences(applicationId)) {
      if (occurrence.outcome !== 'booked' || !occurrence.bookingId) continue;
      const record = await this.bookings.find(occurrence.bookingId);
      if (!record || record.begin.getTime() <= now) continue;
      if (record.booking.state === 'cancelled') cancelledAlone.add(occurrence.bookingId);
      if (record.booking.state === 'confirmed' || record.booking.state === 'requires_handling') {
        const { doorCodeSent } = await this.handling.cancelSeriesWeek(occurrence.bookingId, { version: record.booking.version, reason: body.reason }, user, applicationId);
        codeSentOf.set(occurrence.bookingId, doorCodeSent);
      }
      await this.repository.markCancelled(applicationId, occurrence.date);
      cancelledNow++;
    }
    if (cancelledNow > 0) await this.tellSeriesCancelled(await this.season(seasonId), application, body.reason, cancelledAlone, codeSentOf);
    return this.seriesOf(application);
  }

  /**
   * The applicant's one message of a series' cancellation. It names every week cancelled so
   * far, so a run that was interrupted and resumed still takes all of them off the calendar,
   * and which of them had had their door code sent (the code's own revocation tells nothing then):
   * for the weeks cancelled now, as their cancelling transactions read it; for those of an
   * interrupted run, the codes stored (a cancelled week is given none after its cancellation).
   */
  private async tellSeriesCancelled(
    season: Season,
    application: SeasonApplicationRow,
    reason: string,
    cancelledAlone: ReadonlySet<string>,
    codeSentOf: ReadonlyMap<string, boolean>,
  ): Promise<void> {
    const occurrences = await this.repository.occurrences(application.id);
    const cancelled = occurrences.filter((o) => o.outcome === 'cancelled');
    const earlier = cancelled.flatMap((o) => (o.bookingId && !cancelledAlone.has(o.bookingId) && !codeSentOf.has(o.bookingId) ? [o.bookingId] : []));
    const codedEarlier = await this.doorCodes.everCoded(earlier);
    const revokedCodeDates = cancelled.filter((o) => o.bookingId && (codeSentOf.get(o.bookingId) || codedEarlier.has(o.bookingId))).map((o) => o.date);
    const space = await this.spaces.space(application.spaceId).catch(() => undefined);
    await this.repository.dataSource.transaction((m) =>
      this.outbox.append(m, PremisesEvents.seasonSeriesCancelled, {
        applicationId: application.id,
        seasonId: season.id,
        ...seasonNamesOf(season.name),
        applicantSub: application.applicantSub,
        ...(space ? spaceNamesOf(space.name) : {}),
        weekday: application.weekday,
        begins: application.begins,
        ends: application.ends,
        dates: occurrences.map((o) => o.date),
        cancelledDates: cancelled.map((o) => o.date),
        ...(revokedCodeDates.length ? { revokedCodeDates } : {}),
        whole: !occurrences.some((o) => o.outcome === 'booked'),
        reason,
        cancelledAt: this.clock.now().toISOString(),
      }),
    );
  }

  private async bookSeries(season: Season, application: SeasonApplicationRow, user: AuthUser): Promise<PremisesHttp.SeasonSeries> {
    const space = await this.spaces.space(application.spaceId);
    const plan = planSeries(season, application, space.openingHours);
    await this.repository.saveRrule(application.id, plan.rrule);
    const done = new Set((await this.repository.occurrences(application.id)).map((o) => o.date));
    for (const week of plan.occurrences) {
      if (done.has(week.date)) continue;
      if (week.outcome !== 'planned') {
        await this.repository.recordOccurrence({ applicationId: application.id, date: week.date, outcome: week.outcome, bookingId: null, note: week.note });
        continue;
      }
      try {
        const booked = await this.intake.bookOnBehalf(
          space.id,
          {
            begin: week.range.begin.toISOString(),
            end: week.range.end.toISOString(),
            bookerSub: application.applicantSub,
            associationId: application.associationId,
            purpose: application.purpose,
          },
          user,
          undefined,
          { seasonApplicationId: application.id },
        );
        await this.repository.recordOccurrence({ applicationId: application.id, date: week.date, outcome: 'booked', bookingId: booked.id, note: null });
      } catch (error) {
        if (!(error instanceof BookingClashProblem) && !(error instanceof BookingRuleProblem)) throw error;
        const outcome = error instanceof BookingClashProblem ? 'clash' : 'rule';
        const detail = (error.getResponse() as { detail?: string }).detail ?? null;
        await this.repository.recordOccurrence({ applicationId: application.id, date: week.date, outcome, bookingId: null, note: detail });
      }
    }
    this.logger.log(`season ${season.id}: series for application ${application.id} booked`);
    return this.seriesOf({ ...application, rrule: plan.rrule });
  }

  private async seriesOf(application: SeasonApplicationRow): Promise<PremisesHttp.SeasonSeries> {
    const occurrences = await this.repository.occurrences(application.id);
    return {
      applicationId: application.id,
      rrule: application.rrule ?? '',
      occurrences: occurrences.map(({ date, outcome, bookingId, note }) => ({ date, outcome, bookingId, note })),
    };
  }

  private async season(id: string): Promise<Season> {
    const season = await this.repository.find(id);
    if (!season) throw new NotFoundException(`No season ${id}`);
    return season;
  }
}

function seasonOf(s: Season): PremisesHttp.Season {
  return { id: s.id, name: s.name, spaceIds: s.spaceIds, startsOn: s.startsOn, endsOn: s.endsOn, skipDates: s.skipDates, state: s.state, version: s.version };
}

/**
 * A season's name as its events carry it: `seasonName` in one language (Finnish, else another:
 * what older readers know) and `seasonNames` in each language the season has, so the applicant's
 * message names the season in their language. Named as a space is (spaceNamesOf).
 */
function seasonNamesOf(name: PremisesHttp.PremisesText): { seasonName: string; seasonNames?: PremisesHttp.PremisesText } {
  const { spaceName, spaceNames } = spaceNamesOf(name);
  return { seasonName: spaceName, ...(spaceNames ? { seasonNames: spaceNames } : {}) };
}

function decisionOf(season: Season, a: SeasonApplicationRow, at: string, space?: Space, plan?: ReturnType<typeof planSeries>) {
  return {
    applicationId: a.id,
    seasonId: season.id,
    ...seasonNamesOf(season.name),
    associationId: a.associationId,
    applicantSub: a.applicantSub,
    spaceId: a.spaceId,
    ...(space ? spaceNamesOf(space.name) : {}),
    weekday: a.weekday,
    begins: a.begins,
    ends: a.ends,
    ...(plan ? { weeks: plan.occurrences.map((w) => ({ date: w.date, booked: w.outcome === 'planned', note: w.outcome === 'planned' ? null : w.note })) } : {}),
    outcome: a.state === 'allocated' ? ('allocated' as const) : ('rejected' as const),
    refusal: a.refusal,
    decidedAt: at,
  };
}

function applicationOf(a: SeasonApplicationRow): PremisesHttp.SeasonApplication {
  return {
    id: a.id,
    seasonId: a.seasonId,
    associationId: a.associationId,
    spaceId: a.spaceId,
    weekday: a.weekday,
    begins: a.begins,
    ends: a.ends,
    purpose: a.purpose,
    state: a.state,
    refusal: a.refusal,
    clashesWith: a.clashesWith,
    createdAt: a.createdAt.toISOString(),
  };
}
