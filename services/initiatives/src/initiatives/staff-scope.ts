import { ForbiddenException } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';

/** How staff appear on the bus and in the audit trail. */
export function staffActor(user: AuthUser): { id: string; role: string } {
  return { id: user.sub, role: user.roles.includes('admin') ? 'admin' : 'preparer' };
}

/**
 * Preparers act for their departments, as case workers do in feedback. Before an initiative is
 * assigned it belongs to no department: the registry's work (registering, assigning) is open to
 * every preparer. An admin acts everywhere.
 */
export function canPrepare(user: AuthUser, departmentCode: string | null, alsoFor: readonly string[] = []): boolean {
  if (user.roles.includes('admin')) return true;
  if (!user.roles.includes('preparer')) return false;
  if (departmentCode === null) return true;
  return [departmentCode, ...alsoFor].some((d) => user.departments.includes(d));
}

export function assertCanPrepare(user: AuthUser, departmentCode: string | null, alsoFor: readonly string[] = []): void {
  if (!canPrepare(user, departmentCode, alsoFor)) {
    throw new ForbiddenException(`Only a preparer of department ${departmentCode} or an admin may do this`);
  }
}
