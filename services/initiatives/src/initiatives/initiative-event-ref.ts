import { InitiativeRecord, originalTitle } from './initiative.record';

/** The facts every initiative event starts with: public ones only. */
export function initiativeEventRef(record: InitiativeRecord) {
  return {
    initiativeId: record.id,
    title: originalTitle(record) || '(untitled)',
    ...(record.caseId ? { caseId: record.caseId } : {}),
    language: record.language,
  };
}
