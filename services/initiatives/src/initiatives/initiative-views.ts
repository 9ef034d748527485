import type { InitiativesHttp } from '@vaikuta/contracts';
import { isOverdue } from '../domain/legal-clocks';
import { InitiatorRecord, InitiativeRecord, StatementRecord, TimelineRecord } from './initiative.record';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function listItemOf(r: InitiativeRecord): InitiativesHttp.InitiativeListItem {
  return {
    id: r.id,
    caseId: r.caseId,
    type: r.type,
    title: r.title,
    language: r.language,
    status: r.status,
    supportCount: r.supportCount,
    filedAt: iso(r.filedAt),
    source:
      r.sourceSystem === 'kuntalaisaloite' && r.externalId
        ? { system: 'kuntalaisaloite', externalId: r.externalId, url: r.sourceUrl ?? '' }
        : null,
    departmentCode: r.departmentCode,
    councilDeadline: r.councilDeadline,
    advocacyBody: r.advocacyBody,
    updatedAt: iso(r.updatedAt)!,
  };
}

export function statementOf(s: StatementRecord, now: Date): InitiativesHttp.Statement {
  return {
    id: s.id,
    requestedFrom: s.requestedFrom,
    requestedAt: iso(s.requestedAt)!,
    dueAt: iso(s.dueAt)!,
    answeredAt: iso(s.answeredAt),
    text: s.text,
    overdue: isOverdue(s.dueAt, now, s.answeredAt !== null),
  };
}

/**
 * Initiators as the public sees them: the names of those who made their name public (a
 * council member's or a body's name is public by its role; a co-signer's only when recorded
 * public, as council members' are), and how many there are.
 */
export function publicInitiatorsOf(initiators: InitiatorRecord[], importedNames?: string[]): InitiativesHttp.InitiativeDetail['initiators'] {
  const named = initiators.filter((p) => p.name && (p.namePublic || p.role === 'first_signer' || p.role === 'body')).map((p) => p.name!);
  return { publicNames: importedNames ?? named, count: initiators.length };
}

export interface DetailParts {
  initiators: InitiatorRecord[];
  statements: StatementRecord[];
  timeline: TimelineRecord[];
  combinedWith: string[];
}

export function detailOf(r: InitiativeRecord, parts: DetailParts, now: Date): InitiativesHttp.InitiativeDetail {
  return {
    ...listItemOf(r),
    version: r.version,
    body: r.body,
    initiators: publicInitiatorsOf(parts.initiators),
    proposedTo: r.proposedTo,
    proposal: r.proposal,
    statements: parts.statements.map((s) => statementOf(s, now)),
    decision: r.decision,
    measures: r.measures && r.measuresAt ? { text: r.measures, recordedAt: iso(r.measuresAt)! } : null,
    closingReason: r.closingReason,
    combinedInto: r.combinedInto,
    combinedWith: parts.combinedWith,
    ahjoCaseId: r.ahjoCaseId,
    public: r.public,
    timeline: parts.timeline.map((t) => ({ at: iso(t.at)!, kind: t.kind, status: t.status, note: t.note })),
  };
}

/** Staff see who the initiators are, to contact them; never sent to the public. */
export function staffDetailOf(r: InitiativeRecord, parts: DetailParts, now: Date): InitiativesHttp.StaffInitiativeDetail {
  return {
    ...detailOf(r, parts, now),
    preparerId: r.preparerId,
    nextDueAt: iso(r.nextDueAt),
    overdue: isOverdue(r.nextDueAt, now),
    initiatorContacts: parts.initiators.map((p) => ({ role: p.role, name: p.name, namePublic: p.namePublic, email: p.email, language: p.language })),
  };
}
