import type { GrantsHttp } from '@vaikuta/contracts';
import type { AssociationAccess } from './association-access';
import type { AssociationEntity } from './association.entity';
import type { RepresentativeRow } from './association.repository';

/** What the association's own people, officers and admins see: everything the register holds. */
export function associationDetailOf(a: AssociationEntity, representatives: RepresentativeRow[], access: AssociationAccess): GrantsHttp.AssociationDetail {
  return {
    ...associationSummaryOf(a),
    rejectionReason: a.rejectionReason,
    address: a.address,
    iban: a.iban,
    email: a.email,
    representatives: representatives.map((r) => ({ sub: r.sub, role: r.role, name: r.name, addedAt: r.addedAt.toISOString() })),
    access,
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function associationSummaryOf(a: AssociationEntity): GrantsHttp.AssociationSummary {
  return {
    id: a.id,
    name: a.name.fi,
    nameSv: a.name.sv ?? null,
    identification: a.identification,
    businessId: a.businessId,
    registrationNumber: a.registrationNumber,
    verification: a.verification,
  };
}

/** The register in public: name and business ID, nothing else. */
export function publicAssociationOf(a: AssociationEntity): GrantsHttp.PublicAssociation {
  return { id: a.id, name: a.name.fi, nameSv: a.name.sv ?? null, businessId: a.businessId };
}
