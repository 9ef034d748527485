import { randomUUID } from 'node:crypto';
import { GrantEvents, PremisesEvents } from '@vaikuta/contracts';
import { TemplateRenderer } from '../templates/template-renderer';
import { GRANTS_SAMPLE_VIEWS } from './grants-rules';
import { LANGUAGES, ruleFor } from './notification-rules';

const context = { portalUrl: 'https://p' };
const links = { unsubscribeUrl: 'https://u', unsubscribeAllUrl: 'https://a', preferencesUrl: 'https://pr' };
const renderer = new TemplateRenderer();
const applicationId = randomUUID();
const ref = { applicationId, roundId: randomUUID(), associationId: randomUUID(), applicantSub: 'applicant-1', title: 'Kallion kesäleiri 2027', at: '2027-03-01T10:00:00.000Z' };

/** A rule's message for an event (checked against the event's schema), in one language. */
function message(definition: { type: string; schema: { safeParse(d: unknown): { success: boolean } } }, data: Record<string, unknown>, language: 'fi' | 'sv' | 'en') {
  expect(definition.schema.safeParse(data).success).toBe(true);
  const rule = ruleFor(definition.type)!;
  return renderer.render(rule.template!, language, rule.view!(data, context) as Record<string, unknown>, links);
}

describe('grants notification rules', () => {
  const steps = Object.entries(GrantEvents).filter(([name]) => name.startsWith('application') && name !== 'applicationWithdrawn');

  it.each(steps)('tells %s to the applicant alone, by sub, with a link to the application', (_name, definition) => {
    const rule = ruleFor(definition.type)!;
    expect(rule.addressedTo!(ref)).toEqual(['applicant-1']);
    expect(rule.topic).toBe('grants');
    expect(rule.itemKey(ref)).toBe(`grants-application:${applicationId}`);
    expect(rule.view!({ ...ref, message: 'Kysymys', outcome: 'granted', amountCents: 100, reportDue: '2028-03-31' }, context)).toMatchObject({ title: ref.title, link: `https://p/grants/applications/${applicationId}` });
  });

  it('sends the receipt, the information request and the report reminder at once; the rest may wait for a digest', () => {
    const immediate = steps.filter(([, d]) => ruleFor(d.type)!.immediate).map(([name]) => name);
    expect(immediate.sort()).toEqual(['applicationInformationRequested', 'applicationReportDueSoon', 'applicationSubmitted']);
  });

  it('quotes what the officer asks', () => {
    const text = message(GrantEvents.applicationInformationRequested, { ...ref, message: 'Lähettäkää talousarvio.' }, 'sv').text;
    expect(text).toMatch(/Handläggaren frågar:\nLähettäkää talousarvio\./);
    expect(text).toContain(`https://p/grants/applications/${applicationId}?lang=sv`);
  });

  it('tells the amount granted in the reader’s way of writing it, the reasons, the decision number and the report date', () => {
    const partly = { ...ref, outcome: 'partially_granted', amountCents: 125_050, reasons: 'Ruokakuluihin.', ahjoDecisionId: 'HEL 2027-001234', reportDue: '2028-03-31' };
    const fi = message(GrantEvents.applicationDecided, partly, 'fi').text;
    expect(fi).toContain('Avustusta myönnettiin osittain: 1\u00a0250,50\u00a0€.');
    expect(fi).toMatch(/Perustelut:\nRuokakuluihin\./);
    expect(fi).toContain('Päätöksen tunnus: HEL 2027-001234');
    expect(fi).toContain('annettava viimeistään 31.3.2028');
    expect(message(GrantEvents.applicationDecided, partly, 'en').text).toContain('A grant was awarded in part: €1,250.50.');

    const rejected = message(GrantEvents.applicationDecided, { ...ref, outcome: 'rejected', amountCents: 0, reasons: 'Määräraha ei riitä.' }, 'sv').text;
    expect(rejected).toContain('Bidrag beviljades tyvärr inte.');
    expect(rejected).toMatch(/Motivering:\nMääräraha ei riitä\./);
    expect(rejected).not.toMatch(/beviljades med|0,00|redovisning/);
  });

  it('tells the payment and reminds of the usage report’s due date', () => {
    expect(message(GrantEvents.applicationPaid, { ...ref, amountCents: 50_000 }, 'en').text).toContain('“Kallion kesäleiri 2027”, €500.00, has been paid');
    expect(message(GrantEvents.applicationReportDueSoon, { ...ref, reportDue: '2028-03-31' }, 'fi').subject).toBe('Muistutus: käyttöselvitys ”Kallion kesäleiri 2027” viimeistään 31.3.2028');
  });

  it('tells a person added as a representative, in their language, and never who added them', () => {
    const associationId = randomUUID();
    const added = { associationId, associationName: 'Kallion Nuorisoseura ry', sub: 'new-rep', role: 'treasurer', addedBy: 'chair-sub', at: ref.at };
    const rule = ruleFor(GrantEvents.representativeAdded.type)!;
    expect(rule.addressedTo!(added)).toEqual(['new-rep']);
    expect(JSON.stringify(rule.view!(added, context))).not.toContain('chair-sub');
    const sv = message(GrantEvents.representativeAdded, added, 'sv');
    expect(sv.subject).toBe('Du har lagts till som företrädare: Kallion Nuorisoseura ry');
    expect(sv.text).toContain('(roll: kassör)');
    expect(sv.text).toContain(`https://p/grants/associations/${associationId}?lang=sv`);
  });

  it('tells a withdrawal at once to the applicant and every representative, each once', () => {
    const withdrawn = { ...ref, withdrawnBy: 'rep-2', representativeSubs: ['applicant-1', 'rep-2', 'rep-3'] };
    const rule = ruleFor(GrantEvents.applicationWithdrawn.type)!;
    expect(rule.addressedTo!(withdrawn)).toEqual(['applicant-1', 'rep-2', 'rep-3']);
    expect(rule.addressedTo!(ref)).toEqual(['applicant-1']);
    expect(rule.immediate).toBe(true);
    const sv = message(GrantEvents.applicationWithdrawn, withdrawn, 'sv');
    expect(sv.subject).toBe('Bidragsansökan ”Kallion kesäleiri 2027” har återkallats');
    expect(sv.text).toContain(`https://p/grants/applications/${applicationId}?lang=sv`);
    expect(JSON.stringify(rule.view!(withdrawn, context))).not.toMatch(/rep-2|rep-3/);
  });

  it('sends the registrant a receipt for the association they registered', () => {
    const associationId = randomUUID();
    const registered = { associationId, name: 'Kallion Nuorisoseura ry', businessId: '1234567-1', registeredBy: 'registrant', at: ref.at };
    const rule = ruleFor(GrantEvents.associationRegistered.type)!;
    expect(rule.addressedTo!(registered)).toEqual(['registrant']);
    expect(rule.immediate).toBe(true);
    const fi = message(GrantEvents.associationRegistered, registered, 'fi');
    expect(fi.subject).toBe('Yhdistys on rekisterissä: Kallion Nuorisoseura ry');
    expect(fi.text).toContain('”Kallion Nuorisoseura ry” (Y-tunnus 1234567-1)');
    expect(fi.text).toContain(`https://p/grants/associations/${associationId}?lang=fi`);
    // An unregistered group has no business ID, and the message says none.
    const group = message(GrantEvents.associationRegistered, { ...registered, name: 'Kallion lukupiiri', businessId: null }, 'en');
    expect(group.text).toContain('you added the association “Kallion lukupiiri” to the register');
  });

  it('tells the person removed as a representative, and never who removed them', () => {
    const removed = { associationId: randomUUID(), associationName: 'Kallion Nuorisoseura ry', sub: 'old-rep', removedBy: 'chair-sub', at: ref.at };
    const rule = ruleFor(GrantEvents.representativeRemoved.type)!;
    expect(rule.addressedTo!(removed)).toEqual(['old-rep']);
    expect(JSON.stringify(rule.view!(removed, context))).not.toContain('chair-sub');
    const en = message(GrantEvents.representativeRemoved, removed, 'en');
    expect(en.subject).toBe('You are no longer a representative: Kallion Nuorisoseura ry');
    expect(en.text).toContain('https://p/grants/associations?lang=en');
  });

  it('tells a season applicant the weekly slot and, when refused, why', () => {
    const decided = {
      applicationId: randomUUID(),
      seasonId: randomUUID(),
      seasonName: 'Syyskausi 2027',
      associationId: randomUUID(),
      applicantSub: 'applicant-1',
      spaceId: randomUUID(),
      weekday: 'tue',
      begins: '17:00',
      ends: '19:00',
      decidedAt: ref.at,
    };
    expect(ruleFor(PremisesEvents.seasonApplicationDecided.type)!.addressedTo!(decided)).toEqual(['applicant-1']);
    const allocated = message(PremisesEvents.seasonApplicationDecided, { ...decided, outcome: 'allocated', refusal: null }, 'fi').text;
    expect(allocated).toContain('Syyskausi 2027: tiistaisin klo 17.00–19.00');
    expect(allocated).toContain('Vuoro myönnettiin yhdistyksellenne.');
    // Without the weeks (an event from before they were sent) it promises no confirmations a week.
    expect(allocated).toContain('Kauden varaukset tehdään, ja näet ne kauden sivulta.');
    const refused = message(PremisesEvents.seasonApplicationDecided, { ...decided, outcome: 'rejected', refusal: 'clash' }, 'en').text;
    expect(refused).toContain('Syyskausi 2027: Tuesdays 17:00–19:00');
    expect(refused).toContain('Unfortunately the slot could not be allocated.\n\nThe slot went to an application that came in earlier.');
  });

  it('has every grants template in fi, sv and en, and each renders its sample without leaving a blank', () => {
    for (const [template, view] of Object.entries(GRANTS_SAMPLE_VIEWS)) {
      for (const language of LANGUAGES) {
        const rendered = renderer.render(template, language, view, links);
        expect(rendered.subject).not.toMatch(/””|“”|: $|undefined/);
        expect(rendered.text).not.toMatch(/undefined|\n\n\n/);
        expect(rendered.text).toContain(`?lang=${language}`);
      }
    }
  });
});
