import { GrantsHttp } from '@vaikuta/contracts';
import { ServiceClient } from './service-client';

const seg = encodeURIComponent;
const key = (idempotencyKey: string) => ({ 'idempotency-key': idempotencyKey });

/** The steps an officer takes with nothing but the version seen, by the service's path segment. */
export const OFFICER_STEPS = ['receive', 'review', 'payment', 'close'] as const;
export type OfficerStep = (typeof OFFICER_STEPS)[number];

/**
 * The grants half of the grants service (`/grants/…`: associations, grant rounds and the
 * vuosikello, applications), read through its HTTP contract (libs/contracts/src/http/grants):
 * every answer is checked against it.
 */
export class GrantsClient extends ServiceClient {
  // ── Rounds and the vuosikello (public) ──

  calendar(year: number): Promise<GrantsHttp.GrantsCalendar> {
    return this.read(GrantsHttp.grantsCalendar, '/grants/calendar', { query: { year }, timeoutMs: 5000 });
  }

  /** 404 when there is no such round. */
  round(roundId: string): Promise<GrantsHttp.GrantRoundDetail> {
    return this.read(GrantsHttp.grantRoundDetail, `/grants/rounds/${seg(roundId)}`, { timeoutMs: 5000 });
  }

  // ── Associations (their own people) ──

  myAssociations(token: string): Promise<GrantsHttp.MyAssociations> {
    return this.read(GrantsHttp.myAssociations, '/grants/associations/mine', { token, timeoutMs: 5000 });
  }

  /** 404 for an association the person does not act for. */
  association(associationId: string, token: string): Promise<GrantsHttp.AssociationDetail> {
    return this.read(GrantsHttp.associationDetail, `/grants/associations/${seg(associationId)}`, { token, timeoutMs: 5000 });
  }

  registerAssociation(body: GrantsHttp.RegisterAssociationRequest, token: string, idempotencyKey: string): Promise<GrantsHttp.AssociationDetail> {
    return this.send(GrantsHttp.associationDetail, '/grants/associations', body, { token, headers: key(idempotencyKey) });
  }

  async updateAssociation(associationId: string, body: GrantsHttp.UpdateAssociationRequest, token: string): Promise<GrantsHttp.AssociationDetail> {
    return this.checked(GrantsHttp.associationDetail, await this.patch<unknown>(`/grants/associations/${seg(associationId)}`, body, { token }));
  }

  addRepresentative(associationId: string, body: GrantsHttp.AddRepresentativeRequest, token: string): Promise<GrantsHttp.AssociationDetail> {
    return this.send(GrantsHttp.associationDetail, `/grants/associations/${seg(associationId)}/representatives`, body, { token });
  }

  /** The person's sub goes in the query, never the path (the request log keeps paths). */
  async removeRepresentative(associationId: string, sub: string, version: number, token: string): Promise<void> {
    await this.delete(`/grants/associations/${seg(associationId)}/representatives`, { token, query: { sub, version } });
  }

  // ── Associations (grants officers: the register and verification) ──

  officerAssociations(query: GrantsHttp.AssociationSearchQuery, token: string): Promise<GrantsHttp.AssociationList> {
    return this.read(GrantsHttp.associationList, '/grants/associations', { token, query, timeoutMs: 5000 });
  }

  verifyAssociation(associationId: string, body: GrantsHttp.VerifyAssociationRequest, token: string): Promise<GrantsHttp.AssociationDetail> {
    return this.send(GrantsHttp.associationDetail, `/grants/associations/${seg(associationId)}/verification`, body, { token });
  }

  rejectAssociation(associationId: string, body: GrantsHttp.RejectAssociationRequest, token: string): Promise<GrantsHttp.AssociationDetail> {
    return this.send(GrantsHttp.associationDetail, `/grants/associations/${seg(associationId)}/rejection`, body, { token });
  }

  // ── Applications (the association's side) ──

  createApplication(roundId: string, body: GrantsHttp.CreateApplicationRequest, token: string, idempotencyKey: string): Promise<GrantsHttp.ApplicationDetail> {
    return this.send(GrantsHttp.applicationDetail, `/grants/rounds/${seg(roundId)}/applications`, body, { token, headers: key(idempotencyKey) });
  }

  myApplications(token: string): Promise<GrantsHttp.ApplicationList> {
    return this.read(GrantsHttp.applicationList, '/grants/applications/mine', { token, timeoutMs: 5000 });
  }

  /** 404 for another association's application. */
  application(applicationId: string, token: string): Promise<GrantsHttp.ApplicationDetail> {
    return this.read(GrantsHttp.applicationDetail, `/grants/applications/${seg(applicationId)}`, { token, timeoutMs: 5000 });
  }

  async updateApplication(applicationId: string, body: GrantsHttp.UpdateApplicationRequest, token: string): Promise<GrantsHttp.ApplicationDetail> {
    return this.checked(GrantsHttp.applicationDetail, await this.patch<unknown>(`/grants/applications/${seg(applicationId)}`, body, { token }));
  }

  /** The applicant's steps that carry only the version: submit, withdraw. */
  applicantStep(applicationId: string, step: 'submit' | 'withdraw', version: number, token: string): Promise<GrantsHttp.ApplicationDetail> {
    return this.send(GrantsHttp.applicationDetail, `/grants/applications/${seg(applicationId)}/${step}`, { version }, { token });
  }

  answerInformationRequest(applicationId: string, body: GrantsHttp.MessageRequest, token: string): Promise<GrantsHttp.ApplicationDetail> {
    return this.send(GrantsHttp.applicationDetail, `/grants/applications/${seg(applicationId)}/answers`, body, { token });
  }

  reportUse(applicationId: string, body: GrantsHttp.ReportRequest, token: string): Promise<GrantsHttp.ApplicationDetail> {
    return this.send(GrantsHttp.applicationDetail, `/grants/applications/${seg(applicationId)}/report`, body, { token });
  }

  /** multipart: purpose and one file; the service reads the type from the bytes. */
  async attach(applicationId: string, form: FormData, token: string): Promise<GrantsHttp.AttachmentView> {
    return this.checked(GrantsHttp.attachmentView, await this.postForm<unknown>(`/grants/applications/${seg(applicationId)}/attachments`, form, { token, timeoutMs: 60_000 }));
  }

  /** The file as the service sends it (type and disposition headers included). */
  attachmentFile(applicationId: string, attachmentId: string, token: string): Promise<Response> {
    return this.raw(`/grants/applications/${seg(applicationId)}/attachments/${seg(attachmentId)}`, { token, timeoutMs: 30_000 });
  }

  async removeAttachment(applicationId: string, attachmentId: string, token: string): Promise<void> {
    await this.delete(`/grants/applications/${seg(applicationId)}/attachments/${seg(attachmentId)}`, { token });
  }

// ── Officers ──

  /** Every round (officers list them all), by opening time. */
  rounds(query: GrantsHttp.RoundListQuery = {}): Promise<GrantsHttp.GrantRoundList> {
    return this.read(GrantsHttp.grantRoundList, '/grants/rounds', { query, timeoutMs: 5000 });
  }

  createRound(body: GrantsHttp.CreateGrantRoundRequest, token: string): Promise<GrantsHttp.GrantRoundDetail> {
    return this.send(GrantsHttp.grantRoundDetail, '/grants/rounds', body, { token });
  }

  /** The whole description with the version the officer saw; 409 when it changed meanwhile. */
  async updateRound(roundId: string, body: GrantsHttp.UpdateGrantRoundRequest, token: string): Promise<GrantsHttp.GrantRoundDetail> {
    return this.checked(GrantsHttp.grantRoundDetail, await this.put<unknown>(`/grants/rounds/${seg(roundId)}`, body, { token }));
  }

  /** The queue: submitted applications, oldest first, a keyset page at a time. */
  queue(query: Partial<GrantsHttp.QueueQuery>, token: string): Promise<GrantsHttp.ApplicationQueuePage> {
    return this.read(GrantsHttp.applicationQueuePage, '/grants/applications', { query, token, timeoutMs: 5000 });
  }

  /** The officer's steps that carry only the version (receive, review, payment, close). */
  officerStep(applicationId: string, step: OfficerStep, version: number, token: string): Promise<GrantsHttp.ApplicationDetail> {
    return this.send(GrantsHttp.applicationDetail, `/grants/applications/${seg(applicationId)}/${step}`, { version }, { token });
  }

  score(applicationId: string, body: GrantsHttp.ScoreRequest, token: string): Promise<GrantsHttp.ApplicationDetail> {
    return this.send(GrantsHttp.applicationDetail, `/grants/applications/${seg(applicationId)}/scores`, body, { token });
  }

  requestInformation(applicationId: string, body: GrantsHttp.MessageRequest, token: string): Promise<GrantsHttp.ApplicationDetail> {
    return this.send(GrantsHttp.applicationDetail, `/grants/applications/${seg(applicationId)}/information-requests`, body, { token });
  }

  decide(applicationId: string, body: GrantsHttp.DecisionRequest, token: string): Promise<GrantsHttp.ApplicationDetail> {
    return this.send(GrantsHttp.applicationDetail, `/grants/applications/${seg(applicationId)}/decision`, body, { token });
  }

  /** A round's decided applications and the total granted against its budget (public). */
  decisions(roundId: string): Promise<GrantsHttp.DecisionList> {
    return this.read(GrantsHttp.decisionList, `/grants/rounds/${seg(roundId)}/decisions`, { timeoutMs: 5000 });
  }

  statistics(year: number): Promise<GrantsHttp.GrantStatistics> {
    return this.read(GrantsHttp.grantStatistics, '/grants/statistics', { query: { year }, timeoutMs: 5000 });
  }

  statisticsCsv(year: number): Promise<Response> {
    return this.raw('/grants/statistics.csv', { query: { year } });
  }
}
