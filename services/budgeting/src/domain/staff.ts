/**
 * Budgeting's staff: coordinators and admins. They see what is not public yet (draft plans,
 * unpublished results); everyone else, signed in or not, sees only what is published.
 */
export function isStaff(user: { roles: readonly string[] } | undefined): boolean {
  return Boolean(user?.roles.some((r) => r === 'coordinator' || r === 'admin'));
}
