import { demoResidentClaims } from '../account/login.controller';

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
