import { HttpException } from '@nestjs/common';
import { FinnishBusinessIds } from 'finnish-business-ids';
import { identityOf, ibanOf, normaliseBusinessId, normaliseIban, normaliseRegistrationNumber } from './association-identifiers';

/** The 400 problem's field names, as a client reads them. */
function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(400);
    return ((error as HttpException).getResponse() as { errors: { field: string }[] }).errors.map((e) => e.field);
  }
  throw new Error('expected a 400 problem');
}

describe('business IDs (Y-tunnus)', () => {
  it('accepts one whose check digit holds, with or without the dash', () => {
    expect(normaliseBusinessId('1234567-1')).toBe('1234567-1');
    expect(normaliseBusinessId(' 12345671 ')).toBe('1234567-1');
    // The weighted sum of 1572860's first seven digits leaves 0 (mod 11): the check digit is 0.
    expect(normaliseBusinessId('1572860-0')).toBe('1572860-0');
  });

  it('refuses a wrong check digit, a wrong shape and a VAT number', () => {
    for (const bad of ['1234567-2', '123456-1', '1234567', '12345678-1', 'FI12345671', 'abcdefg-h', '']) {
      expect([bad, normaliseBusinessId(bad)]).toEqual([bad, null]);
    }
  });

  it('accepts every generated one (the generator and the validator agree)', () => {
    for (let i = 0; i < 200; i++) {
      const id = FinnishBusinessIds.generateBusinessId();
      expect(normaliseBusinessId(id)).toBe(id);
    }
  });
});

describe('registered-association numbers', () => {
  it('writes them as the register prints them', () => {
    expect(normaliseRegistrationNumber('123456')).toBe('123.456');
    expect(normaliseRegistrationNumber('123.456')).toBe('123.456');
    expect(normaliseRegistrationNumber('12 345')).toBe('12.345');
    expect(normaliseRegistrationNumber('987')).toBe('987');
  });

  it('refuses what is not one', () => {
    for (const bad of ['1234567', '12.34', 'ry 123', '0', '', '1.2.3']) expect([bad, normaliseRegistrationNumber(bad)]).toEqual([bad, null]);
  });
});

describe('IBAN', () => {
  it('stores the electronic format whatever the spacing and case', () => {
    expect(normaliseIban('fi21 1234 5600 0007 85')).toBe('FI2112345600000785');
    expect(ibanOf('FI2112345600000785')).toBe('FI2112345600000785');
    expect(normaliseIban('DE89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
  });

  it('refuses a wrong check digit or length with a 400 naming iban', () => {
    expect(normaliseIban('FI2112345600000786')).toBeNull();
    expect(normaliseIban('FI211234560000078')).toBeNull();
    expect(fieldsOf(() => ibanOf('FI00 not an iban'))).toEqual(['iban']);
  });
});

describe('identityOf a registration', () => {
  it('takes exactly one identifier', () => {
    expect(identityOf({ businessId: '1234567-1' })).toEqual({ identification: 'business_id', businessId: '1234567-1', registrationNumber: null });
    expect(identityOf({ registrationNumber: '200.123' })).toEqual({ identification: 'registered_association', businessId: null, registrationNumber: '200.123' });
    expect(identityOf({ unregisteredGroup: true })).toEqual({ identification: 'unregistered_group', businessId: null, registrationNumber: null });
  });

  it('names the field: businessId for a bad one, for none and for several; registrationNumber for its own', () => {
    expect(fieldsOf(() => identityOf({ businessId: '1234567-2' }))).toEqual(['businessId']);
    expect(fieldsOf(() => identityOf({}))).toEqual(['businessId']);
    expect(fieldsOf(() => identityOf({ businessId: '1234567-1', unregisteredGroup: true }))).toEqual(['businessId']);
    expect(fieldsOf(() => identityOf({ registrationNumber: 'x' }))).toEqual(['registrationNumber']);
  });
});
