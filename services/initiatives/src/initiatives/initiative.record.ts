import type { InitiativesHttp } from '@vaikuta/contracts';
import type { Initiative } from './initiative.entity';

type InitiativeStatus = InitiativesHttp.InitiativeStatus;

/** One initiative as the service holds it. */
export type InitiativeRecord = Initiative;

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
