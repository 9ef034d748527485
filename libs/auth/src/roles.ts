import { ForbiddenException } from '@nestjs/common';
import { ROLES } from '../dev-issuer.cjs';

// The names are defined in dev-issuer.cjs so the dev-token script can check them without a build.
export { ROLES };
export type Role = (typeof ROLES)[number];

/** Who is calling, as read from a verified bearer token. Holds personal data: never log it. */
export interface AuthUser {
  /** Subject: the identity provider's stable id for the person. */
  readonly sub: string;
  readonly roles: readonly Role[];
  /** Department codes (e.g. KYMP) a case worker may act for. */
  readonly departments: readonly string[];
  /** Associations the person represents. */
  readonly associations: readonly string[];
  readonly name?: string;
  readonly lang?: string;
  /** OIDC `birthdate` (YYYY-MM-DD), for age limits such as budgeting's 12 years. */
  readonly birthdate?: string;
  /** Municipality of residence, a Statistics Finland code ('091'), from the population register. */
  readonly municipality?: string;
  /** How the person signed in (RFC 8176 `amr`): e.g. strong, school, sms. */
  readonly authMethods?: readonly string[];
  /**
   * The national identity code (hetu) when strong identification gave one. The most sensitive
   * claim there is: use it only to derive a keyed hash, never store, log or show it.
   */
  readonly identityCode?: string;
  /**
   * Business IDs (Y-tunnus, e.g. 1234567-1) of the organisations the person may act for, as a
   * Suomi.fi e-Authorizations (valtuudet) mandate says: the `actingFor` claim.
   */
  readonly actingFor?: readonly string[];
  /**
   * The OIDC `email`, only when the provider vouches for it (`email_verified: true`): the one
   * email known to be this person's, unlike any typed into a form.
   */
  readonly verifiedEmail?: string;
  /** The OIDC `phone_number`, only when `phone_number_verified` is true. */
  readonly verifiedPhone?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function hasAnyRole(user: AuthUser, roles: readonly Role[]): boolean {
  return roles.some((role) => user.roles.includes(role));
}

/** An admin, or a case worker scoped to that department. */
export function canActForDepartment(user: AuthUser, departmentCode: string): boolean {
  return user.roles.includes('admin') || (user.roles.includes('case_worker') && user.departments.includes(departmentCode));
}

export function assertDepartment(user: AuthUser, departmentCode: string): void {
  if (!canActForDepartment(user, departmentCode)) {
    throw new ForbiddenException(`Only a case worker of department ${departmentCode} or an admin may do this`);
  }
}

/** An admin, or a representative of that association. */
export function canActForAssociation(user: AuthUser, associationId: string): boolean {
  return user.roles.includes('admin') || user.associations.includes(associationId);
}

export function assertAssociation(user: AuthUser, associationId: string): void {
  if (!canActForAssociation(user, associationId)) {
    throw new ForbiddenException(`Only a representative of association ${associationId} or an admin may do this`);
  }
}
