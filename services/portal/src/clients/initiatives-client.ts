import { z } from 'zod';
import { InitiativesHttp } from '@vaikuta/contracts';
import { CallOptions, ServiceClient } from './service-client';

type Query = NonNullable<CallOptions['query']>;

/** The staff actions the preparer's page posts, by their path under /initiatives/{id}/. */
export const INITIATIVE_ACTIONS = ['register', 'assign', 'statements', 'propose', 'decide', 'measures', 'close', 'inadmissible', 'withdraw', 'combine', 'ahjo-link'] as const;
export type InitiativeAction = (typeof INITIATIVE_ACTIONS)[number];

/**
 * The initiatives service (aloitteet), read through its HTTP contract
 * (libs/contracts/src/http/initiatives.ts): every answer is checked against it.
 */
export class InitiativesClient extends ServiceClient {
  list(query: Query): Promise<InitiativesHttp.InitiativeListPage> {
    return this.read(InitiativesHttp.initiativeListPage, '/initiatives', { query, timeoutMs: 5000 });
  }

  /** The public page of one initiative; 404 when it is not public. */
  detail(id: string, lang: string): Promise<InitiativesHttp.InitiativeDetail> {
    return this.read(InitiativesHttp.initiativeDetail, `/initiatives/${encodeURIComponent(id)}`, { query: { lang } });
  }

  /** The staff view of one initiative (non-public ones too), with its preparer and clocks. */
  staffDetail(id: string, token: string): Promise<InitiativesHttp.StaffInitiativeDetail> {
    return this.read(InitiativesHttp.staffInitiativeDetail, `/initiatives/staff/${encodeURIComponent(id)}`, { token });
  }

  queue(query: Query, token: string): Promise<InitiativesHttp.PreparerQueuePage> {
    return this.read(InitiativesHttp.preparerQueuePage, '/initiatives/staff/queue', { query, token, timeoutMs: 5000 });
  }

  /** One step of the life cycle; the body carries the version the preparer saw (409 when stale). */
  change(id: string, action: InitiativeAction, body: Record<string, unknown>, token: string): Promise<InitiativesHttp.StaffInitiativeDetail> {
    return this.send(InitiativesHttp.staffInitiativeDetail, `/initiatives/${encodeURIComponent(id)}/${action}`, body, { token });
  }

  answerStatement(id: string, statementId: string, body: { version: number; text: string }, token: string): Promise<InitiativesHttp.StaffInitiativeDetail> {
    return this.send(InitiativesHttp.staffInitiativeDetail, `/initiatives/${encodeURIComponent(id)}/statements/${encodeURIComponent(statementId)}/answer`, body, { token });
  }

  report(year: number, lang: string): Promise<InitiativesHttp.YearlyReport> {
    return this.read(InitiativesHttp.yearlyReport, `/initiatives/reports/${year}`, { query: { lang } });
  }

  reportCsv(year: number, lang: string): Promise<Response> {
    return this.raw(`/initiatives/reports/${year}.csv`, { query: { lang } });
  }

  imports(token: string): Promise<InitiativesHttp.ImportRun[]> {
    return this.read(z.array(InitiativesHttp.importRun), '/initiatives/admin/imports', { token, timeoutMs: 5000 });
  }

  runImport(token: string, idempotencyKey: string): Promise<InitiativesHttp.ImportResult> {
    return this.send(InitiativesHttp.importResult, '/initiatives/admin/imports/kuntalaisaloite', {}, { token, timeoutMs: 60_000, headers: { 'idempotency-key': idempotencyKey } });
  }
}
