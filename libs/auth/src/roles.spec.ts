import { ForbiddenException } from '@nestjs/common';
import { assertAssociation, assertDepartment, canActForAssociation, canActForDepartment, ROLES, type AuthUser } from './roles';

const user = (roles: AuthUser['roles'], departments: string[] = [], associations: string[] = []): AuthUser => ({
  sub: 'u1',
  roles,
  departments,
  associations,
});

describe('roles and scopes', () => {
  it('knows the platform roles', () => {
    expect(ROLES).toEqual(['resident', 'case_worker', 'preparer', 'coordinator', 'grants_officer', 'premises_manager', 'admin']);
  });

  it('lets a case worker act only for their own departments, an admin for any', () => {
    expect(canActForDepartment(user(['case_worker'], ['KYMP']), 'KYMP')).toBe(true);
    expect(canActForDepartment(user(['case_worker'], ['KYMP']), 'KASKO')).toBe(false);
    // A department claim without the case_worker role grants nothing.
    expect(canActForDepartment(user(['preparer'], ['KYMP']), 'KYMP')).toBe(false);
    expect(canActForDepartment(user(['admin']), 'KASKO')).toBe(true);
  });

  it('throws 403 from assertDepartment', () => {
    expect(() => assertDepartment(user(['case_worker'], ['KYMP']), 'KASKO')).toThrow(ForbiddenException);
    expect(() => assertDepartment(user(['case_worker'], ['KYMP']), 'KYMP')).not.toThrow();
  });

  it('lets a representative act for their association', () => {
    expect(canActForAssociation(user(['resident'], [], ['a-1']), 'a-1')).toBe(true);
    expect(canActForAssociation(user(['resident'], [], ['a-1']), 'a-2')).toBe(false);
    expect(() => assertAssociation(user(['resident']), 'a-1')).toThrow(ForbiddenException);
  });
});
