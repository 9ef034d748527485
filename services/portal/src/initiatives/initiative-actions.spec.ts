import { translator } from '../i18n/i18n';
import { availableSteps, stepBody, stepErrors, stepOf } from './initiative-actions';
import { clock, endOfCityDay, titleIn } from './initiative-view';

describe('initiative steps on the preparer page', () => {
  it('sends the version seen and the filled fields, optional empty ones left out', () => {
    expect(stepBody('decide', { version: '4', body: 'valtuusto', decidedAt: '2026-09-01', section: ' ', text: ' Päätös. ', ahjoCaseId: '', _csrf: 'x' })).toEqual({
      version: 4,
      body: 'valtuusto',
      decidedAt: '2026-09-01',
      text: 'Päätös.',
    });
    // A required field left empty goes on empty, for the service to name it.
    expect(stepBody('measures', { version: '2', text: '' })).toEqual({ version: 2, text: '' });
  });

  it('a due date is the end of that day in Helsinki, winter or summer; anything else goes on as typed', () => {
    expect(endOfCityDay('2026-01-15')).toBe('2026-01-15T23:59:00+02:00');
    expect(endOfCityDay('2026-06-30')).toBe('2026-06-30T23:59:00+03:00');
    expect(endOfCityDay('30.6.2026')).toBe('30.6.2026');
  });

  it('offers only the steps the life cycle allows, and knows no step named constructor', () => {
    expect([...availableSteps('filed')]).toEqual(['register', 'inadmissible', 'withdraw', 'combine']);
    expect([...availableSteps('decided')]).toEqual(['measures', 'ahjo-link']);
    expect(availableSteps('closed').size).toBe(0);
    expect(stepOf('constructor')).toBeUndefined();
    expect(stepOf('ahjo-link')).toBe('ahjo-link');
  });

  it("names a refused field in the person's language, linked to it", () => {
    const { errors, errorSummary } = stepErrors(translator('sv'), 'decide', ['body', 'decidedAt', 'text'], [{ field: 'decidedAt', message: 'Invalid' }, { field: 'nonsense', message: 'x' }]);
    // A field the form does not have is shown on its first field, in general words.
    expect(errors).toEqual({ decide_decidedAt: 'Ange beslutsdatum i formen åååå-mm-dd.', decide_body: 'Kontrollera denna punkt.' });
    expect(errorSummary.map((e) => e.href)).toEqual(['#f-decide-body', '#f-decide-decidedAt']);
  });
});

describe('initiative clocks and titles', () => {
  const t = translator('fi');
  const now = new Date('2026-03-10T10:00:00Z');
  it('counts whole days to a due date, and past it', () => {
    expect(clock(t, '2026-03-20', now)).toEqual({ text: '10 päivää jäljellä', overdue: false });
    expect(clock(t, '2026-03-10T21:59:00Z', now)).toEqual({ text: 'määräpäivä tänään', overdue: false });
    expect(clock(t, '2026-03-07T21:59:00Z', now)).toEqual({ text: '3 päivää myöhässä', overdue: true });
    expect(clock(t, null, now)).toBeUndefined();
  });

  it("shows the reader's language, else the initiator's, marked with its language", () => {
    expect(titleIn({ title: { fi: 'Penkit', sv: 'Bänkar' }, language: 'fi' }, 'sv')).toEqual({ text: 'Bänkar' });
    expect(titleIn({ title: { sv: 'Bänkar' }, language: 'sv' }, 'en')).toEqual({ text: 'Bänkar', lang: 'sv' });
  });
});
