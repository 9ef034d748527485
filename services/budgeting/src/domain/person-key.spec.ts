import { createHmac } from 'node:crypto';
import { InvalidIdentityCode, PersonKeys, birthdateOfIdentityCode } from './person-key';

// Synthetic codes (individual numbers 900–999 are never given to real people). Check characters
// worked out by hand: '0123456789ABCDEFHJKLMNPRSTUVWXY'[DDMMYYNNN mod 31], e.g.
// 311214905 mod 31 = 14 → 'F', and the handbook example 131052308 mod 31 = 27 → 'T'.
const BORN_2014_12_31 = '311214A905F';
const BORN_2015_01_01 = '010115A906J';
const HANDBOOK_EXAMPLE = '131052-308T';
const SECRET = 'a-city-secret-of-at-least-32-chars!';

describe('PersonKeys', () => {
  const keys = new PersonKeys(SECRET);

  it('is an HMAC-SHA256 of the prefixed, normalised code under the secret', () => {
    const expected = createHmac('sha256', SECRET).update(`hetu:${HANDBOOK_EXAMPLE}`).digest('hex');
    expect(keys.ofIdentityCode(HANDBOOK_EXAMPLE)).toBe(expected);
    expect(keys.ofIdentityCode(' 131052-308t ')).toBe(expected);
  });

  it('keys a subject under its own prefix, so a subject spelled like a code gets another key', () => {
    expect(keys.ofSubject('user-1')).toBe(createHmac('sha256', SECRET).update('sub:user-1').digest('hex'));
    expect(keys.ofSubject(HANDBOOK_EXAMPLE)).not.toBe(keys.ofIdentityCode(HANDBOOK_EXAMPLE));
  });

  it('gives different keys under different secrets and for different people', () => {
    const other = new PersonKeys(`${SECRET}-other`);
    expect(other.ofIdentityCode(HANDBOOK_EXAMPLE)).not.toBe(keys.ofIdentityCode(HANDBOOK_EXAMPLE));
    expect(keys.ofIdentityCode(BORN_2014_12_31)).not.toBe(keys.ofIdentityCode(BORN_2015_01_01));
    // The 2023 century signs make 010190-123M and 010190Y123M two different people.
    expect(keys.ofIdentityCode('010190-123M')).not.toBe(keys.ofIdentityCode('010190Y123M'));
  });

  it('refuses a short secret', () => {
    expect(() => new PersonKeys('x'.repeat(31))).toThrow(/at least 32/);
    expect(() => new PersonKeys('x'.repeat(32))).not.toThrow();
  });

  it('throws InvalidIdentityCode naming the field and never echoing the code', () => {
    for (const bad of ['131052-308U', '310252-308T', '', 'not a code', '131052-308']) {
      let error: unknown;
      try {
        keys.ofIdentityCode(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidIdentityCode);
      expect((error as InvalidIdentityCode).field).toBe('identityCode');
      if (bad) expect((error as Error).message).not.toContain(bad);
    }
    expect(() => birthdateOfIdentityCode('paperCode')).toThrow(InvalidIdentityCode);
  });
});

describe('birthdateOfIdentityCode', () => {
  it('reads the birth date, century sign included', () => {
    expect(birthdateOfIdentityCode(BORN_2014_12_31)).toBe('2014-12-31');
    expect(birthdateOfIdentityCode(BORN_2015_01_01)).toBe('2015-01-01');
    expect(birthdateOfIdentityCode(HANDBOOK_EXAMPLE)).toBe('1952-10-13');
    expect(birthdateOfIdentityCode('290200a907k')).toBe('2000-02-29');
  });
});
