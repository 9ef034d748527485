import { GrantsHttp } from '@vaikuta/contracts';
import type { GrantsClient } from '../clients/grants-client';

// The grants officers' calls to the grants service, every answer checked against its contract.
// They live here until the `// ── Officers ──` part of GrantsClient exists (the applicant
// pages' helper owns that file); then they move there as methods.

/** The steps that need nothing but the version seen, by the service's path segment. */
export const OFFICER_STEPS = ['receive', 'review', 'payment', 'close'] as const;
export type OfficerStep = (typeof OFFICER_STEPS)[number];

export const officerCalls = {
  rounds: (grants: GrantsClient, query: GrantsHttp.RoundListQuery = {}) => grants.read(GrantsHttp.grantRoundList, '/grants/rounds', { query }),
  round: (grants: GrantsClient, roundId: string) => grants.read(GrantsHttp.grantRoundDetail, `/grants/rounds/${roundId}`),
  createRound: (grants: GrantsClient, body: GrantsHttp.CreateGrantRoundRequest, token: string) => grants.send(GrantsHttp.grantRoundDetail, '/grants/rounds', body, { token }),
  updateRound: async (grants: GrantsClient, roundId: string, body: GrantsHttp.UpdateGrantRoundRequest, token: string) =>
    GrantsHttp.grantRoundDetail.parse(await grants.put(`/grants/rounds/${roundId}`, body, { token })),
  queue: (grants: GrantsClient, query: Partial<GrantsHttp.QueueQuery>, token: string) => grants.read(GrantsHttp.applicationQueuePage, '/grants/applications', { query, token }),
  application: (grants: GrantsClient, id: string, token: string) => grants.read(GrantsHttp.applicationDetail, `/grants/applications/${id}`, { token }),
  step: (grants: GrantsClient, id: string, step: OfficerStep, body: GrantsHttp.StepRequest, token: string) =>
    grants.send(GrantsHttp.applicationDetail, `/grants/applications/${id}/${step}`, body, { token }),
  score: (grants: GrantsClient, id: string, body: GrantsHttp.ScoreRequest, token: string) => grants.send(GrantsHttp.applicationDetail, `/grants/applications/${id}/scores`, body, { token }),
  requestInformation: (grants: GrantsClient, id: string, body: GrantsHttp.MessageRequest, token: string) =>
    grants.send(GrantsHttp.applicationDetail, `/grants/applications/${id}/information-requests`, body, { token }),
  decide: (grants: GrantsClient, id: string, body: GrantsHttp.DecisionRequest, token: string) => grants.send(GrantsHttp.applicationDetail, `/grants/applications/${id}/decision`, body, { token }),
  /** The file as the service answers it (content type and name kept), streamed to the officer. */
  attachment: (grants: GrantsClient, id: string, attachmentId: string, token: string) => grants.raw(`/grants/applications/${id}/attachments/${attachmentId}`, { token }),
  decisions: (grants: GrantsClient, roundId: string) => grants.read(GrantsHttp.decisionList, `/grants/rounds/${roundId}/decisions`),
  statistics: (grants: GrantsClient, year: number) => grants.read(GrantsHttp.grantStatistics, '/grants/statistics', { query: { year } }),
  statisticsCsv: (grants: GrantsClient, year: number) => grants.raw('/grants/statistics.csv', { query: { year } }),
};
