import { demoIdentityCode, demoResidentClaims } from '../account/login.controller';

// The dev sign-in's budgeting claims (account/login.controller.ts): what a resident types, or the defaults.
describe('the dev sign-in claims budgeting reads', () => {
  it('passes a typed birth date, municipality and sign-in method through', () => {
    expect(demoResidentClaims({ birthdate: '2014-12-31', municipality: '049', authMethod: 'school' })).toEqual({ birthdate: '2014-12-31', municipality: '049', authMethods: ['school'] });
  });

  it('falls back to an adult of Helsinki signed in strongly for empty or malformed values', () => {
    const defaults = { birthdate: '2000-01-01', municipality: '091', authMethods: ['strong'] };
    expect(demoResidentClaims({})).toEqual(defaults);
    // 30 February does not exist; "91" is not a three-digit code; "password" is no method the rounds know.
    expect(demoResidentClaims({ birthdate: '2014-02-30', municipality: '91', authMethod: 'password' })).toEqual(defaults);
    expect(demoResidentClaims({ birthdate: '31.12.2014', municipality: 'Espoo' })).toEqual(defaults);
  });
});

// The dev sign-in's synthetic identity code (account/login.controller.ts): the hetu claim a newcomer votes with.
describe('the dev sign-in identity code', () => {
  it('takes a synthetic code (individual number 9xx) in any case and reads the birth date from it', () => {
    expect(demoIdentityCode(' 010110a9987 ')).toEqual({ code: '010110A9987', birthdate: '2010-01-01' });
    expect(demoIdentityCode('311299-9872')).toEqual({ code: '311299-9872', birthdate: '1999-12-31' });
  });

  it('leaves an empty field out and refuses a wrong check character, a real-range number or no code at all', () => {
    expect(demoIdentityCode('')).toBeUndefined();
    expect(demoIdentityCode(undefined)).toBeUndefined();
    expect(demoIdentityCode('010110A9986')).toBeNull();
    expect(demoIdentityCode('010110A1230')).toBeNull();
    expect(demoIdentityCode('hetu')).toBeNull();
  });
});
