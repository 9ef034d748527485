import { GrantsHttp } from '@vaikuta/contracts';
import { grantRoundProblems } from './grant-round-rules';

const round = (over: Partial<GrantsHttp.CreateGrantRoundRequest> = {}): GrantsHttp.CreateGrantRoundRequest => ({
  type: 'project',
  title: { fi: 'Projektiavustukset 2027' },
  department: 'KUVA',
  budgetCents: 5_000_000,
  continuous: false,
  opensAt: '2027-01-10T08:00:00+02:00',
  closesAt: '2027-02-10T16:00:00+02:00',
  reportDue: '2028-03-31',
  criteria: [
    { key: 'impact', label: { fi: 'Vaikuttavuus' }, weight: 60 },
    { key: 'reach', label: { fi: 'Tavoittavuus' }, weight: 40 },
  ],
  requiredAttachments: [{ key: 'budget', label: { fi: 'Talousarvio' } }],
  formFields: [
    { key: 'summary', label: { fi: 'Tiivistelmä' }, kind: 'text', required: true },
    { key: 'audience', label: { fi: 'Kohderyhmä' }, kind: 'choice', required: true, choices: [{ value: 'youth', label: { fi: 'Nuoret' } }] },
  ],
  ...over,
});
const fields = (r: GrantsHttp.CreateGrantRoundRequest) => grantRoundProblems(r).map((p) => p.field);

describe('a grant round’s own rules', () => {
  it('accepts a well-formed round, and a continuous one without a closing time', () => {
    expect(fields(round())).toEqual([]);
    expect(fields(round({ continuous: true, closesAt: null, reportDue: null }))).toEqual([]);
  });

  it('needs a closing time after the opening unless continuous', () => {
    expect(fields(round({ closesAt: null }))).toEqual(['closesAt']);
    expect(fields(round({ closesAt: '2027-01-10T06:00:00Z' }))).toEqual(['closesAt']);
    expect(fields(round({ reportDue: '2026-12-31' }))).toEqual(['reportDue']);
  });

  it('keeps its dates between the years 2000 and 2100 (year 0 was taken, and open in every vuosikello): the request schema says so, naming the field', () => {
    const schemaFields = (r: GrantsHttp.CreateGrantRoundRequest) => {
      const parsed = GrantsHttp.createGrantRoundRequest.safeParse(r);
      return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
    };
    expect(schemaFields(round({ opensAt: '0000-01-01T00:00:00+00:00' }))).toEqual(['opensAt']);
    expect(schemaFields(round({ closesAt: '9999-12-31T23:59:59+00:00', reportDue: '9999-12-31' }))).toEqual(['closesAt', 'reportDue']);
    const edges = round({ opensAt: '2000-01-01T00:00:00Z', closesAt: '2100-12-31T23:59:59Z', reportDue: '2100-12-31' });
    expect(schemaFields(edges)).toEqual([]);
    expect(fields(edges)).toEqual([]);
  });

  it('wants the weights to add up to 100 and every key once', () => {
    expect(fields(round({ criteria: [{ key: 'impact', label: { fi: 'V' }, weight: 50 }] }))).toEqual(['criteria']);
    expect(
      fields(
        round({
          criteria: [
            { key: 'impact', label: { fi: 'V' }, weight: 50 },
            { key: 'impact', label: { fi: 'V2' }, weight: 50 },
          ],
        }),
      ),
    ).toEqual(['criteria.1.key']);
    const twice = round().formFields[0];
    expect(fields(round({ formFields: [twice, twice] }))).toEqual(['formFields.1.key']);
  });

  it('gives choices to choice fields only', () => {
    expect(fields(round({ formFields: [{ key: 'audience', label: { fi: 'K' }, kind: 'choice', required: false }] }))).toEqual(['formFields.0.choices']);
    expect(
      fields(round({ formFields: [{ key: 'sum', label: { fi: 'S' }, kind: 'number', required: true, choices: [{ value: 'a', label: { fi: 'A' } }] }] })),
    ).toEqual(['formFields.0.choices']);
  });
});
