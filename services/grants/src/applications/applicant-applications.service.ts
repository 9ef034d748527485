import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { AuthUser } from '@vaikuta/auth';
import { GrantEvents, GrantsHttp } from '@vaikuta/contracts';
import { outboxEvent } from '@vaikuta/domain';
import { AssociationAccessService } from '../associations/association-access.service';
import { checkApplicationForm } from './application-form';
import { ApplicationReader } from './application-reader.service';
import { RoundFacts } from './application.repository';
import { actorOf, applicationRef, ApplicationSteps } from './application-steps';

/**
 * What an association's representative does with its applications: makes a draft for an open
 * round, edits it, submits it (the form complete, the required attachments there), answers the
 * officers' requests for information, reports the use of funds, or withdraws it.
 */
@Injectable()
export class ApplicantApplicationsService {
  constructor(
    private readonly steps: ApplicationSteps,
    private readonly reader: ApplicationReader,
    private readonly access: AssociationAccessService,
  ) {}

  private get repository() {
    return this.steps.repository;
  }

  /**
   * `requestId` (IdempotentRequestId) is the same for every retry of one keyed request and
   * becomes the draft's id: a retry whose first answer never reached Redis (docs/adr/0007) is
   * answered with the draft it made instead of making a second one.
   */
  async create(roundId: string, body: GrantsHttp.CreateApplicationRequest, user: AuthUser, requestId?: string): Promise<GrantsHttp.ApplicationDetail> {
    const round = await this.repository.round(roundId);
    if (!round) throw new NotFoundException(`No grant round ${roundId}`);
    const now = this.steps.clock.now();
    this.assertOpen(round, now);
    // 404 for an association the caller has no standing with, 403 for one they may only read (an officer).
    // An association still awaiting verification may prepare its draft; submitting waits.
    await this.access.assertMayPrepare(user, body.associationId);
    checkApplicationForm(round, body.answers, { complete: false });
    const id = requestId ?? randomUUID();
    await this.repository.dataSource.transaction(async (tx) => {
      const draft = { id, round, associationId: body.associationId, title: body.title, requestedCents: body.requestedCents, answers: body.answers, by: user.sub, at: now };
      // Already there: this request's retry, whose audit row was written with it.
      if (!(await this.repository.insert(tx, draft))) return;
      await this.repository.auditLog.write(tx, { entityId: id, version: 1, action: 'created', actor: actorOf(user, 'applicant'), details: { roundId, associationId: body.associationId } });
    });
    return this.reader.detail(id, user);
  }

  async update(id: string, body: GrantsHttp.UpdateApplicationRequest, user: AuthUser): Promise<GrantsHttp.ApplicationDetail> {
    await this.steps.take(await this.request(id, body.version, user), null, async (a, tx) => {
      if (a.state !== 'draft') throw new ConflictException({ title: 'Not a draft', detail: `Only a draft is edited; this application is ${a.state}`, state: a.state });
      const round = (await this.repository.round(a.roundId, tx))!;
      const answers = body.answers ?? a.answers;
      checkApplicationForm(round, answers, { complete: false });
      const changed = Object.keys(body).filter((k) => k !== 'version');
      a.title = body.title ?? a.title;
      a.requestedCents = body.requestedCents ?? a.requestedCents;
      a.answers = answers;
      return { details: { changed } };
    });
    return this.reader.detail(id, user);
  }

  async submit(id: string, body: GrantsHttp.StepRequest, user: AuthUser): Promise<GrantsHttp.ApplicationDetail> {
    await this.steps.take(await this.request(id, body.version, user), 'submit', async (a, tx, now) => {
      // Only a verified association submits (issue 11: a typed registration number is a claim, not proof).
      await this.access.assertVerified(a.associationId, tx);
      const round = (await this.repository.round(a.roundId, tx))!;
      this.assertOpen(round, now);
      const purposes = (await this.repository.attachments(a.id, tx)).map((x) => x.purpose);
      checkApplicationForm(round, a.answers, { complete: true, attachmentPurposes: purposes });
      a.submittedAt = now;
      return { event: (saved, at) => outboxEvent(GrantEvents.applicationSubmitted, { ...applicationRef(saved), at }) };
    });
    return this.reader.detail(id, user);
  }

  async withdraw(id: string, body: GrantsHttp.StepRequest, user: AuthUser): Promise<GrantsHttp.ApplicationDetail> {
    await this.steps.take(await this.request(id, body.version, user), 'withdraw', async (a, tx, now) => {
      a.withdrawnAt = now;
      // Every representative is told, not only the one who drafted it: a withdrawal ends the association's application.
      const representativeSubs = await this.access.representativeSubs(a.associationId, tx);
      return { event: (saved, at) => outboxEvent(GrantEvents.applicationWithdrawn, { ...applicationRef(saved), withdrawnBy: user.sub, representativeSubs, at }) };
    });
    return this.reader.detail(id, user);
  }

  /** The applicant's answer to a request for information: a message on the thread, and the application back in review. */
  async answer(id: string, body: GrantsHttp.MessageRequest, user: AuthUser): Promise<GrantsHttp.ApplicationDetail> {
    await this.steps.take(await this.request(id, body.version, user), 'answer_information', async (a, tx, now) => {
      const messageId = await this.repository.insertMessage(tx, { applicationId: a.id, kind: 'answer', side: 'applicant', body: body.message, by: user.sub, at: now });
      return { details: { messageId } };
    });
    return this.reader.detail(id, user);
  }

  async report(id: string, body: GrantsHttp.ReportRequest, user: AuthUser): Promise<GrantsHttp.ApplicationDetail> {
    await this.steps.take(await this.request(id, body.version, user), 'submit_report', async (a, _tx, now) => {
      a.reportText = body.text;
      a.reportReceivedAt = now;
      return { event: (saved, at) => outboxEvent(GrantEvents.applicationReportReceived, { ...applicationRef(saved), at }) };
    });
    return this.reader.detail(id, user);
  }

  private async request(id: string, version: number, user: AuthUser) {
    return { id, version, actor: actorOf(user, 'applicant'), by: 'applicant' as const, associations: await this.reader.actingFor(user) };
  }

  /** Applications are taken from the round's opening until its closing (a continuous round has none). */
  private assertOpen(round: RoundFacts, now: Date): void {
    const opens = new Date(round.opensAt);
    const closes = round.closesAt ? new Date(round.closesAt) : null;
    if (now < opens || (closes && now >= closes)) {
      throw new ConflictException({ title: 'The round is not taking applications', detail: `The round takes applications from ${opens.toISOString()}${closes ? ` until ${closes.toISOString()}` : ''}` });
    }
  }
}
