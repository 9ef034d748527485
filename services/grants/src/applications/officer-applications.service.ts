import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@vaikuta/auth';
import { GrantEvents, GrantsHttp } from '@vaikuta/contracts';
import { outboxEvent } from '@vaikuta/domain';
import { FieldProblem, ValidationProblem } from '@vaikuta/http';
import { ApplicationReader } from './application-reader.service';
import { SCORING_STATES, StepRefused } from './application-state';
import { actorOf, applicationRef, ApplicationSteps } from './application-steps';
import { helsinkiDate } from './report-reminders';

/**
 * What grants officers do with submitted applications: receive them, review and score them
 * against the round's criteria, ask the applicant for more, decide, pay and close. Each is a
 * step of the state machine with its audit entry and its event.
 */
@Injectable()
export class OfficerApplicationsService {
  constructor(
    private readonly steps: ApplicationSteps,
    private readonly reader: ApplicationReader,
  ) {}

  private get repository() {
    return this.steps.repository;
  }

  async receive(id: string, body: GrantsHttp.StepRequest, user: AuthUser): Promise<GrantsHttp.ApplicationDetail> {
    await this.steps.take(this.request(id, body.version, user), 'receive', async (a, _tx, now) => {
      a.receivedAt = now;
      return { event: (saved, at) => outboxEvent(GrantEvents.applicationReceived, { ...applicationRef(saved), at }) };
    });
    return this.reader.detail(id, user);
  }

  async startReview(id: string, body: GrantsHttp.StepRequest, user: AuthUser): Promise<GrantsHttp.ApplicationDetail> {
    await this.steps.take(this.request(id, body.version, user), 'start_review');
    return this.reader.detail(id, user);
  }

  /** Scores against the round's criteria (0–5 each); a criterion scored again replaces the earlier score. */
  async score(id: string, body: GrantsHttp.ScoreRequest, user: AuthUser): Promise<GrantsHttp.ApplicationDetail> {
    await this.steps.take(this.request(id, body.version, user), null, async (a, tx, now) => {
      if (!SCORING_STATES.includes(a.state)) throw new StepRefused(a.state, 'score', `Applications are scored in review, not in state ${a.state}`);
      const round = (await this.repository.round(a.roundId, tx))!;
      const keys = new Set(round.criteria.map((c) => c.key));
      // A criterion twice in one request left which score counts to the order of the writes (the audit listed both).
      const problems: FieldProblem[] = body.scores.flatMap((s, i) =>
        !keys.has(s.criterion)
          ? [{ field: `scores.${i}.criterion`, message: 'Not a criterion of this round' }]
          : body.scores.findIndex((other) => other.criterion === s.criterion) < i
            ? [{ field: `scores.${i}.criterion`, message: `${s.criterion} is scored twice in this request` }]
            : [],
      );
      if (problems.length) throw new ValidationProblem(problems);
      for (const s of body.scores) await this.repository.upsertScore(tx, { applicationId: a.id, criterion: s.criterion, score: s.score, note: s.note ?? null, by: user.sub, at: now });
      return { details: { scores: body.scores.map((s) => ({ criterion: s.criterion, score: s.score })) } };
    });
    return this.reader.detail(id, user);
  }

  async requestInformation(id: string, body: GrantsHttp.MessageRequest, user: AuthUser): Promise<GrantsHttp.ApplicationDetail> {
    await this.steps.take(this.request(id, body.version, user), 'request_information', async (a, tx, now) => {
      const messageId = await this.repository.insertMessage(tx, { applicationId: a.id, kind: 'information_request', side: 'officer', body: body.message, by: user.sub, at: now });
      return {
        details: { messageId },
        event: (saved, at) => outboxEvent(GrantEvents.applicationInformationRequested, { ...applicationRef(saved), message: body.message, at }),
      };
    });
    return this.reader.detail(id, user);
  }

  /** A grant of at most what was applied for (with the report's due date), or a rejection with reasons. */
  async decide(id: string, body: GrantsHttp.DecisionRequest, user: AuthUser): Promise<GrantsHttp.ApplicationDetail> {
    await this.steps.take(this.request(id, body.version, user), 'decide', async (a, tx, now) => {
      let reportDue: string | null = null;
      if (body.outcome === 'granted') {
        if (body.grantedCents! > a.requestedCents) throw ValidationProblem.field('grantedCents', `At most the ${a.requestedCents} cents applied for`);
        // A report due before the decision cannot be met, and PostgreSQL refuses year 0 outright (it was a 500).
        if (body.reportDue && body.reportDue < helsinkiDate(now)) throw ValidationProblem.field('reportDue', 'Must not be before the day of the decision');
        reportDue = body.reportDue ?? (await this.repository.round(a.roundId, tx))!.reportDue;
        if (!reportDue) throw ValidationProblem.field('reportDue', 'The round sets no date for the report on the use of funds: give one');
      }
      a.outcome = body.outcome;
      a.grantedCents = body.outcome === 'granted' ? body.grantedCents! : null;
      a.reasons = body.reasons ?? null;
      a.ahjoDecisionId = body.ahjoDecisionId ?? null;
      a.reportDue = reportDue;
      a.decidedAt = now;
      a.decidedBy = user.sub;
      const outcome = body.outcome === 'rejected' ? 'rejected' : a.grantedCents! < a.requestedCents ? 'partially_granted' : 'granted';
      return {
        details: { outcome, grantedCents: a.grantedCents, ahjoDecisionId: a.ahjoDecisionId, reportDue },
        event: (saved, at) =>
          outboxEvent(GrantEvents.applicationDecided, {
            ...applicationRef(saved),
            outcome,
            amountCents: saved.grantedCents ?? 0,
            ...(saved.reasons ? { reasons: saved.reasons } : {}),
            ...(saved.ahjoDecisionId ? { ahjoDecisionId: saved.ahjoDecisionId } : {}),
            ...(reportDue ? { reportDue } : {}),
            at,
          }),
      };
    });
    return this.reader.detail(id, user);
  }

  async markPaid(id: string, body: GrantsHttp.StepRequest, user: AuthUser): Promise<GrantsHttp.ApplicationDetail> {
    await this.steps.take(this.request(id, body.version, user), 'mark_paid', async (a, _tx, now) => {
      a.paidAt = now;
      return { event: (saved, at) => outboxEvent(GrantEvents.applicationPaid, { ...applicationRef(saved), amountCents: saved.grantedCents!, at }) };
    });
    return this.reader.detail(id, user);
  }

  async close(id: string, body: GrantsHttp.StepRequest, user: AuthUser): Promise<GrantsHttp.ApplicationDetail> {
    await this.steps.take(this.request(id, body.version, user), 'close', async (a, _tx, now) => {
      a.closedAt = now;
      return { event: (saved, at) => outboxEvent(GrantEvents.applicationClosed, { ...applicationRef(saved), at }) };
    });
    return this.reader.detail(id, user);
  }

  private request(id: string, version: number, user: AuthUser) {
    return { id, version, actor: actorOf(user, 'officer'), by: 'officer' as const };
  }
}
