import { Injectable, NotFoundException } from '@nestjs/common';
import { hasAnyRole } from '@vaikuta/auth';
import type { AuthUser } from '@vaikuta/auth';
import type { GrantsHttp } from '@vaikuta/contracts';
import { decodeCursor, keysetPage } from '@vaikuta/domain';
import { AssociationAccessService } from '../associations/association-access.service';
import { ApplicationEntity } from './application.entity';
import { ApplicationRepository } from './application.repository';
import { APPLICATION_STEPS, possibleSteps } from './application-state';
import { applicationSummaryOf, iso } from './application-views';

/** Officers and admins see every application; everyone else only their associations'. */
export function isOfficer(user: AuthUser): boolean {
  return hasAnyRole(user, ['grants_officer', 'admin']);
}

/** What applicants and officers read: one application with its thread, scores and attachments; lists. */
@Injectable()
export class ApplicationReader {
  constructor(
    private readonly repository: ApplicationRepository,
    private readonly access: AssociationAccessService,
  ) {}

  /**
   * The associations whose applications the caller handles as the applicant; undefined for an
   * admin, who may act for any association (the register's rule, association-access.ts).
   */
  async actingFor(user: AuthUser): Promise<string[] | undefined> {
    return user.roles.includes('admin') ? undefined : this.access.associationIdsOf(user);
  }

  /** Whether the caller may read this association's applications: its own people, officers and admins. */
  async mayRead(user: AuthUser, associationId: string): Promise<boolean> {
    return isOfficer(user) || (await this.access.associationIdsOf(user)).includes(associationId);
  }

  /** The application as the caller may see it; another association's is 404, as if it did not exist. */
  async detail(id: string, user: AuthUser): Promise<GrantsHttp.ApplicationDetail> {
    const a = await this.repository.dataSource.manager.findOne(ApplicationEntity, { where: { id } });
    if (!a || !(await this.mayRead(user, a.associationId))) throw new NotFoundException(`No application ${id}`);
    const officer = isOfficer(user);
    const [summary, scores, messages, attachments, round] = await Promise.all([
      this.repository.summary(id),
      this.repository.scores(id),
      this.repository.messages(id),
      this.repository.attachments(id),
      this.repository.round(a.roundId),
    ]);
    const side = officer ? 'officer' : 'applicant';
    return {
      ...applicationSummaryOf(summary!),
      answers: a.answers,
      decision: a.outcome
        ? { outcome: a.outcome, grantedCents: a.grantedCents, reasons: a.reasons, decidedAt: iso(a.decidedAt)!, ahjoDecisionId: a.ahjoDecisionId, reportDue: a.reportDue }
        : null,
      paidAt: iso(a.paidAt),
      report: a.reportText ? { text: a.reportText, receivedAt: iso(a.reportReceivedAt)! } : null,
      // Scores are the officers' working notes towards the decision; the applicant reads the decision and its reasons.
      scores: officer ? scores.map((s) => ({ criterion: s.criterion, score: s.score, note: s.note, scoredAt: iso(s.scoredAt)! })) : [],
      totalScore: officer ? weightedScore(round?.criteria ?? [], scores) : null,
      messages: messages.map((m) => ({ id: m.id, kind: m.kind, side: m.side, body: m.body, writtenAt: iso(m.writtenAt)! })),
      attachments: attachments.map((x) => ({ id: x.id, purpose: x.purpose, filename: x.filename, contentType: x.contentType, bytes: x.bytes, uploadedAt: iso(x.uploadedAt)! })),
      possibleSteps: possibleSteps(a.state, a.outcome).filter((s) => APPLICATION_STEPS[s].by === side),
    };
  }

  async mine(user: AuthUser): Promise<GrantsHttp.ApplicationList> {
    const rows = await this.repository.ofAssociations(await this.access.associationIdsOf(user));
    return { items: rows.map(applicationSummaryOf) };
  }

  async queue(query: GrantsHttp.QueueQuery): Promise<GrantsHttp.ApplicationQueuePage> {
    const { cursor, limit, ...filter } = query;
    const rows = await this.repository.queue(filter, cursor ? decodeCursor(cursor) : undefined, limit);
    return keysetPage(rows, limit, (r) => ({ at: new Date(r.submittedAt!).toISOString(), id: r.id }), applicationSummaryOf);
  }
}

/**
 * The criteria's weighted score out of 100 (each criterion scored 0–5, weights adding up to
 * 100), once every criterion has a score; null until then, so a half-scored application
 * never looks weaker than it is.
 */
export function weightedScore(criteria: { key: string; weight: number }[], scores: { criterion: string; score: number }[]): number | null {
  if (criteria.length === 0) return null;
  const byKey = new Map(scores.map((s) => [s.criterion, s.score]));
  let total = 0;
  for (const c of criteria) {
    const score = byKey.get(c.key);
    if (score === undefined) return null;
    total += (c.weight * score) / 5;
  }
  return Math.round(total * 10) / 10;
}
