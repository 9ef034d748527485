import type { AuthUser } from '@vaikuta/auth';
import type { GrantsHttp } from '@vaikuta/contracts';

/** How a person stands towards one association; null: not at all (it is not theirs to see). */
export type AssociationAccess = GrantsHttp.AssociationDetail['access'];

/**
 * The one rule of who acts for an association (ADR 0013): the token's Suomi.fi mandate
 * (`actingFor`) names its business ID, or a representative row names the person. Admins may
 * act too (support, a register left without representatives). Grants officers read every
 * association but act for none: their part is the city's, not the applicant's.
 * The person's own standing wins over a staff role, so an officer who chairs a club acts for it.
 */
export function associationAccess(user: AuthUser, association: { businessId: string | null }, isRepresentative: boolean): AssociationAccess | null {
  if (association.businessId !== null && (user.actingFor ?? []).includes(association.businessId)) return 'mandate';
  if (isRepresentative) return 'representative';
  if (user.roles.includes('admin')) return 'admin';
  if (user.roles.includes('grants_officer')) return 'officer';
  return null;
}

/** Whether the standing lets the person change the association and apply in its name. */
export function mayActFor(access: AssociationAccess | null): boolean {
  return access === 'mandate' || access === 'representative' || access === 'admin';
}

/** Who may register an association with a business ID: whoever holds a mandate for it, or an admin. */
export function mayRegisterBusinessId(user: AuthUser, businessId: string): boolean {
  return (user.actingFor ?? []).includes(businessId) || user.roles.includes('admin');
}
