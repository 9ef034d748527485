import type { GrantsHttp } from '@vaikuta/contracts';
import type { ApplicationRow } from './application.repository';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function applicationSummaryOf(r: ApplicationRow): GrantsHttp.ApplicationSummary {
  return {
    id: r.id,
    roundId: r.roundId,
    associationId: r.associationId,
    associationName: r.associationName,
    type: r.roundType,
    department: r.department,
    state: r.state,
    title: r.title,
    requestedCents: Number(r.requestedCents),
    grantedCents: r.grantedCents === null ? null : Number(r.grantedCents),
    submittedAt: iso(r.submittedAt),
    version: r.version,
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

export { iso };
