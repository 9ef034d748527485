import type { GrantsHttp } from '@vaikuta/contracts';
import { demoActingFor } from '../account/login.controller';
import { answerOf, centsAsField, eurosAsCents, formErrors } from './grants-applicant-view';

const field = (kind: GrantsHttp.FormFieldKind): GrantsHttp.FormField => ({ key: 'x', label: { fi: 'X' }, kind, required: true });

describe('the applicant forms’ conversions', () => {
  it('reads euros as people type them into cents, and refuses anything else rather than guessing', () => {
    expect(eurosAsCents('1 500')).toBe(150_000);
    expect(eurosAsCents('1500,5 €')).toBe(150_050);
    expect(eurosAsCents('0.01')).toBe(1);
    expect(eurosAsCents('')).toBeUndefined();
    expect(eurosAsCents('12,345')).toBeNaN();
    expect(eurosAsCents('-5')).toBeNaN();
    expect(eurosAsCents('viisi')).toBeNaN();
  });

  it('shows cents back in the field as the person’s language writes them', () => {
    expect(centsAsField(250_050, 'fi')).toBe('2500,50');
    expect(centsAsField(250_000, 'sv')).toBe('2500');
    expect(centsAsField(250_050, 'en')).toBe('2500.50');
  });

  it('sends a number field as a number when it is one and as text when not, so the service names the field', () => {
    expect(answerOf(field('number'), ' 2,5 ')).toBe(2.5);
    expect(answerOf(field('number'), 'paljon')).toBe('paljon');
    expect(answerOf(field('text'), ' 42 ')).toBe('42');
    expect(answerOf(field('date'), '')).toBeUndefined();
  });

  it('puts each problem beside its field, the unknown ones on the first, and the summary in page order', () => {
    const t = (key: string) => key;
    const { errors, errorSummary } = formErrors(
      t,
      [
        { field: 'answers.plan', message: 'Required' },
        { field: 'businessId', message: 'Not a valid business ID (Y-tunnus): …' },
        { field: 'address.postalCode', message: 'Five digits' },
        { field: 'somethingElse', message: '?' },
      ],
      ['businessId', 'address.postalCode', 'answers.plan'],
      (f) => `f-${f}`,
    );
    expect(errors).toEqual({ businessId: 'ga.err.businessIdInvalid', 'address-postalCode': 'ga.err.address.postalCode', 'answers-plan': 'ga.err.answerRequired' });
    expect(errorSummary.map((e) => e.href)).toEqual(['#f-businessId', '#f-address.postalCode', '#f-answers.plan']);
  });

  it('takes a dev sign-in’s business ID only with its check digit right', () => {
    expect(demoActingFor('1234567-1')).toEqual(['1234567-1']);
    expect(demoActingFor('1234567-2')).toBeNull();
    expect(demoActingFor('Yhdistys ry')).toBeNull();
    expect(demoActingFor('  ')).toBeUndefined();
  });
});
