import type { AuthUser } from '@vaikuta/auth';
import { associationAccess, mayActFor, mayRegisterBusinessId } from './association-access';

const person = (roles: AuthUser['roles'], actingFor?: string[]): AuthUser => ({ sub: 'p-1', roles, departments: [], associations: [], ...(actingFor ? { actingFor } : {}) });
const club = { businessId: '1234567-1' };
const group = { businessId: null };

describe('who may act for an association', () => {
  it('a Suomi.fi mandate for its business ID acts, without being a representative', () => {
    const access = associationAccess(person(['resident'], ['7654321-0', '1234567-1']), club, false);
    expect(access).toBe('mandate');
    expect(mayActFor(access)).toBe(true);
  });

  it('a representative acts, also for a group with no business ID', () => {
    expect(associationAccess(person(['resident']), group, true)).toBe('representative');
    expect(mayActFor('representative')).toBe(true);
  });

  it('a mandate for another business ID gives nothing', () => {
    expect(associationAccess(person(['resident'], ['7654321-0']), club, false)).toBeNull();
    expect(associationAccess(person(['resident'], ['7654321-0']), group, false)).toBeNull();
    expect(mayActFor(null)).toBe(false);
  });

  it('grants officers read every association but act for none; admins act', () => {
    expect(associationAccess(person(['grants_officer']), club, false)).toBe('officer');
    expect(mayActFor('officer')).toBe(false);
    expect(associationAccess(person(['admin']), club, false)).toBe('admin');
    expect(mayActFor('admin')).toBe(true);
  });

  it("a person's own standing wins over a staff role", () => {
    expect(associationAccess(person(['grants_officer']), group, true)).toBe('representative');
  });

  it('other staff roles see nothing', () => {
    for (const role of ['case_worker', 'preparer', 'coordinator', 'premises_manager'] as const) expect(associationAccess(person([role]), club, false)).toBeNull();
  });

  it('only a mandate holder (or an admin) registers a business ID', () => {
    expect(mayRegisterBusinessId(person(['resident'], ['1234567-1']), '1234567-1')).toBe(true);
    expect(mayRegisterBusinessId(person(['resident']), '1234567-1')).toBe(false);
    expect(mayRegisterBusinessId(person(['grants_officer']), '1234567-1')).toBe(false);
    expect(mayRegisterBusinessId(person(['admin']), '1234567-1')).toBe(true);
  });
});
