import { GrantsHttp } from '@vaikuta/contracts';
import { inputOf, messageOf, postedRound, roundForm, roundRequest, withEmptyRow } from './grants-officer-round-form';

/** A round form as the browser posts it: flat names that mirror the API's paths. */
const posted = (extra: Record<string, string> = {}) => ({
  type: 'project',
  'title.fi': 'Kulttuuriprojektit',
  'title.sv': '',
  'title.en': '',
  department: 'kuva',
  budget: '10 000',
  opensAt: '2027-06-01T09:00',
  closesAt: '2027-01-15T16:00',
  reportDue: '',
  'criteria.0.key': 'impact',
  'criteria.0.label.fi': 'Vaikuttavuus',
  'criteria.0.weight': '100',
  'criteria.1.key': '',
  'criteria.1.label.fi': '',
  'criteria.1.weight': '',
  ...extra,
});

describe('the round form', () => {
  it('reads euros as cents and Finnish wall-clock times as instants across summer and winter time', () => {
    const { request, problems } = roundRequest(postedRound(posted()));
    expect(problems).toEqual([]);
    expect(request).toMatchObject({ department: 'KUVA', budgetCents: 1_000_000, opensAt: '2027-06-01T06:00:00.000Z', closesAt: '2027-01-15T14:00:00.000Z', reportDue: null });
    expect(roundRequest(postedRound(posted({ budget: '1250,50' }))).request.budgetCents).toBe(125_050);
    expect(roundRequest(postedRound(posted({ budget: '12 €' }))).request.budgetCents).toBe(1200);
  });

  it('names the field of an amount or a time it cannot read, in the API’s terms', () => {
    expect(roundRequest(postedRound(posted({ budget: 'kymppitonni', opensAt: '2027-02-30T09:00' }))).problems.map((p) => p.field)).toEqual(['budgetCents', 'opensAt']);
  });

  it('drops rows left empty when saving, but keeps them while the form is still being filled in', () => {
    expect(postedRound(posted()).criteria).toHaveLength(1);
    const growing = withEmptyRow(postedRound(posted(), true), 'criteria');
    expect(growing.criteria.map((r) => r.i)).toEqual([0, 1, 2]);
  });

  it('reads a choice field’s lines as values with labels in each language given', () => {
    const { request } = roundRequest(
      postedRound(posted({ 'formFields.0.key': 'age', 'formFields.0.label.fi': 'Ikäryhmä', 'formFields.0.kind': 'choice', 'formFields.0.choices': 'lapset = Lapset | Barn | Children\r\nnuoret = Nuoret' })),
    );
    expect(request.formFields).toEqual([
      {
        key: 'age',
        label: { fi: 'Ikäryhmä' },
        kind: 'choice',
        required: false,
        choices: [
          { value: 'lapset', label: { fi: 'Lapset', sv: 'Barn', en: 'Children' } },
          { value: 'nuoret', label: { fi: 'Nuoret' } },
        ],
      },
    ]);
  });

  it('shows a saved round so that saving it unchanged sends the same description', () => {
    const { request } = roundRequest(
      postedRound(posted({ 'formFields.0.key': 'age', 'formFields.0.label.fi': 'Ikäryhmä', 'formFields.0.label.sv': 'Åldersgrupp', 'formFields.0.kind': 'choice', 'formFields.0.required': 'on', 'formFields.0.choices': 'lapset = Lapset | Barn\nnuoret = Nuoret |  | Youth' })),
    );
    const saved = GrantsHttp.grantRoundDetail.parse({
      ...GrantsHttp.createGrantRoundRequest.parse(request),
      id: '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f',
      description: null,
      closesAt: request.closesAt,
      reportDue: null,
      openNow: false,
      version: 3,
    });
    const shown = roundForm(saved);
    const again: Record<string, string> = { type: shown.type, department: shown.department, budget: shown.budget, opensAt: shown.opensAt, closesAt: shown.closesAt, reportDue: shown.reportDue };
    for (const lang of ['fi', 'sv', 'en'] as const) again[`title.${lang}`] = shown.title[lang];
    for (const list of ['criteria', 'formFields'] as const)
      for (const r of shown[list]) {
        Object.assign(again, { [`${list}.${r.i}.key`]: r.key, [`${list}.${r.i}.label.fi`]: r.fi, [`${list}.${r.i}.label.sv`]: r.sv, [`${list}.${r.i}.weight`]: r.weight ?? '', [`${list}.${r.i}.kind`]: r.kind ?? '', [`${list}.${r.i}.choices`]: r.choices ?? '' });
        if (r.required) again[`${list}.${r.i}.required`] = 'on';
      }
    expect(roundRequest(postedRound(again)).request).toEqual(request);
  });

  it('puts the service’s problem on the input of the same path, with a message of its kind', () => {
    expect([inputOf('criteria.1.weight'), messageOf('criteria.1.weight')]).toEqual(['criteria-1-weight', 'weight']);
    expect([inputOf('formFields.0.choices.1.value'), messageOf('formFields.0.choices.1.value')]).toEqual(['formFields-0-choices', 'choices']);
    expect([inputOf('requiredAttachments.2.label.sv'), messageOf('requiredAttachments.2.label.sv')]).toEqual(['requiredAttachments-2-label-sv', 'label']);
    expect([inputOf('budgetCents'), messageOf('budgetCents')]).toEqual(['budget', 'budget']);
    expect([inputOf('criteria'), messageOf('criteria')]).toEqual(['criteria', 'weights']);
    expect([inputOf('title.fi'), messageOf('title.fi')]).toEqual(['title-fi', 'title']);
    expect([inputOf('title'), messageOf('somethingNew')]).toEqual(['title-fi', 'invalid']);
  });
});
