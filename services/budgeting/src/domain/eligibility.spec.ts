import { checkEligibility, normaliseMunicipalityCode, refusalMessage, type EligibilityRules, type Refusal } from './eligibility';

const helsinki12: EligibilityRules = { minimumAge: 12, municipalities: ['091'], authMethods: ['strong', 'school'] };
const resident = (birthdate: string | undefined, municipality: string | undefined = '091', authMethods = ['strong']) => ({ birthdate, municipality, authMethods });

describe('checkEligibility', () => {
  // 2026 − 12 = 2014: anyone born in 2014 turns 12 during 2026, whatever the day.
  it('lets a person born on the last day of the boundary year vote', () => {
    expect(checkEligibility(helsinki12, resident('2014-12-31'), 2026)).toEqual({ eligible: true });
    expect(checkEligibility(helsinki12, resident('2014-01-01'), 2026)).toEqual({ eligible: true });
  });

  it('refuses a person born on the first day of the next year, with the rule in the reason', () => {
    expect(checkEligibility(helsinki12, resident('2015-01-01'), 2026)).toEqual({
      eligible: false,
      reasons: [{ code: 'too_young', minimumAge: 12, votingYear: 2026 }],
    });
  });

  it('compares municipality codes padded to three digits', () => {
    expect(checkEligibility(helsinki12, resident('2000-05-05', '91'), 2026)).toEqual({ eligible: true });
    expect(checkEligibility({ ...helsinki12, municipalities: ['91'] }, resident('2000-05-05', '091'), 2026)).toEqual({ eligible: true });
    expect(normaliseMunicipalityCode(' 5 ')).toBe('005');
    expect(normaliseMunicipalityCode('abc')).toBe('abc');
  });

  it('refuses a resident of another municipality naming the accepted ones', () => {
    expect(checkEligibility(helsinki12, resident('2000-05-05', '049'), 2026)).toEqual({
      eligible: false,
      reasons: [{ code: 'not_resident', municipalities: ['091'] }],
    });
  });

  it('gives every reason at once', () => {
    const decision = checkEligibility(helsinki12, { authMethods: ['sms'] }, 2026);
    expect(decision).toEqual({
      eligible: false,
      reasons: [{ code: 'birthdate_unknown' }, { code: 'municipality_unknown' }, { code: 'auth_method', accepted: ['strong', 'school'] }],
    });
  });

  it('takes a signed-in user as it is, refusing one whose token says nothing of the sign-in method', () => {
    const user: { birthdate?: string; municipality?: string; authMethods?: readonly string[] } = { birthdate: '2010-01-01', municipality: '091' };
    expect(checkEligibility(helsinki12, user, 2026)).toEqual({ eligible: false, reasons: [{ code: 'auth_method', accepted: ['strong', 'school'] }] });
    expect(checkEligibility(helsinki12, { ...user, authMethods: Object.freeze(['school']) }, 2026)).toEqual({ eligible: true });
  });

  it('treats a birthdate that is not a calendar date as unknown', () => {
    for (const bad of ['2014-02-30', '14-01-01', '2014-13-01', 'yesterday', '']) {
      expect(checkEligibility(helsinki12, resident(bad), 2026)).toEqual({ eligible: false, reasons: [{ code: 'birthdate_unknown' }] });
    }
  });

  it('with no municipality or sign-in rules, anyone of age may vote', () => {
    const open: EligibilityRules = { minimumAge: 15, municipalities: [], authMethods: [] };
    expect(checkEligibility(open, { birthdate: '2011-06-01', authMethods: [] }, 2026)).toEqual({ eligible: true });
    // 2026 − 15 = 2011, so 2012 is one year short.
    expect(checkEligibility(open, { birthdate: '2012-06-01', authMethods: [] }, 2026)).toMatchObject({ eligible: false });
  });
});

describe('refusalMessage', () => {
  it('says the age rule in Finnish as the city words it', () => {
    expect(refusalMessage({ code: 'too_young', minimumAge: 12, votingYear: 2026 }, 'fi')).toBe('Äänestämään pääsevät vuonna 2026 vähintään 12 vuotta täyttävät.');
  });

  it('names municipalities and sign-in methods in each language', () => {
    const notResident: Refusal = { code: 'not_resident', municipalities: ['091', '049'] };
    expect(refusalMessage(notResident, 'fi')).toContain('Helsinki (091) tai Espoo (049)');
    expect(refusalMessage(notResident, 'sv')).toContain('Helsingfors (091) eller Esbo (049)');
    expect(refusalMessage(notResident, 'en')).toContain('Helsinki (091) or Espoo (049)');
    expect(refusalMessage({ code: 'auth_method', accepted: ['strong', 'school'] }, 'en')).toBe('To vote in this round, sign in with strong identification or school sign-in.');
    expect(refusalMessage({ code: 'not_resident', municipalities: ['999'] }, 'en')).toContain('999');
  });

  it('has a distinct, non-empty sentence for every code in every language', () => {
    const refusals: Refusal[] = [
      { code: 'birthdate_unknown' },
      { code: 'too_young', minimumAge: 12, votingYear: 2026 },
      { code: 'municipality_unknown' },
      { code: 'not_resident', municipalities: ['091'] },
      { code: 'auth_method', accepted: ['sms'] },
    ];
    for (const lang of ['fi', 'sv', 'en'] as const) {
      const texts = refusals.map((r) => refusalMessage(r, lang));
      expect(new Set(texts).size).toBe(refusals.length);
      for (const text of texts) expect(text).toMatch(/^\S.*\.$/);
    }
  });
});
