import type { InitiativesHttp } from '@vaikuta/contracts';

type AdvocacyBody = InitiativesHttp.AdvocacyBody;
type Decision = InitiativesHttp.Decision;
type DecisionBody = InitiativesHttp.DecisionBody;
type InitiativeStatus = InitiativesHttp.InitiativeStatus;
type InitiativeType = InitiativesHttp.InitiativeType;
type LocalizedText = InitiativesHttp.LocalizedText;

/** One initiative as the service holds it (a row of `initiatives`, in camelCase). */
export interface InitiativeRecord {
  id: string;
  caseId: string | null;
  type: InitiativeType;
  advocacyBody: AdvocacyBody | null;
  language: 'fi' | 'sv' | 'en';
  title: LocalizedText;
  body: string;
  status: InitiativeStatus;
  version: number;
  supportCount: number;
  filedAt: Date | null;
  sortAt: Date;
  councilDeadline: string | null;
  nextDueAt: Date | null;
  departmentCode: string | null;
  preparerId: string | null;
  proposedTo: DecisionBody | null;
  proposal: string | null;
  decision: Decision | null;
  measures: string | null;
  measuresAt: Date | null;
  closingReason: string | null;
  combinedInto: string | null;
  ahjoCaseId: string | null;
  sourceSystem: 'kuntalaisaloite' | null;
  externalId: string | null;
  sourceUrl: string | null;
  sourceFingerprint: string | null;
  public: boolean;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The title in the initiator's language, else any language it has. */
export function originalTitle(record: Pick<InitiativeRecord, 'title' | 'language'>): string {
  return record.title[record.language] ?? record.title.fi ?? record.title.sv ?? record.title.en ?? '';
}

export interface InitiatorRecord {
  role: 'initiator' | 'first_signer' | 'co_signer' | 'body';
  name: string | null;
  namePublic: boolean;
  email: string | null;
  language: 'fi' | 'sv' | 'en';
  userSub: string | null;
  enteredBy: string | null;
}

export interface StatementRecord {
  id: string;
  requestedFrom: string;
  requestedAt: Date;
  dueAt: Date;
  answeredAt: Date | null;
  text: string | null;
  answeredBy: string | null;
}

export interface TimelineRecord {
  at: Date;
  kind: string;
  status: InitiativeStatus | null;
  note: string | null;
}
