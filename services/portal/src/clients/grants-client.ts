import { GrantsHttp } from '@vaikuta/contracts';
import { ServiceClient } from './service-client';

const seg = encodeURIComponent;
const key = (idempotencyKey: string) => ({ 'idempotency-key': idempotencyKey });

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
}
