import { randomUUID } from 'node:crypto';
import { InitiativeEvents } from '@vaikuta/contracts';
import { FOLLOWABLE_ITEM_TYPES, ruleFor } from './notification-rules';

describe('initiative notification rules', () => {
  const ref = { initiativeId: randomUUID(), title: 'Koirapuisto Malmille', caseId: 'HEL-2026-000123', language: 'fi' as const };
  const context = { portalUrl: 'https://p' };

  it('subscribes the initiators who gave a contact, and opens a public initiative to followers', () => {
    const rule = ruleFor(InitiativeEvents.filed.type)!;
    const contacts = [{ email: 'a@example.fi', language: 'sv' as const }];
    expect(rule.participants!({ ...ref, contacts })).toEqual(contacts);
    expect(rule.participants!(ref)).toEqual([]);
    expect(rule.publishes!({ ...ref, public: true })).toEqual({ itemKey: `initiative:${ref.initiativeId}`, title: ref.title });
    expect(rule.publishes!({ ...ref, public: false })).toBeUndefined();
    expect(rule.template).toBeUndefined();
    expect(FOLLOWABLE_ITEM_TYPES).toContain('initiative');
  });

  it('tells every step but the decision and the measures, which have their own messages', () => {
    const rule = ruleFor(InitiativeEvents.statusChanged.type)!;
    expect(rule.when!({ to: 'registered' })).toBe(true);
    expect(rule.when!({ to: 'inadmissible' })).toBe(true);
    expect(rule.when!({ to: 'decided' })).toBe(false);
    expect(rule.when!({ to: 'measures_taken' })).toBe(false);
    expect(rule.view!({ ...ref, to: 'inadmissible', reason: 'Ei kunnan asia' }, context)).toMatchObject({
      status: { fi: 'ei tutkittavissa', sv: 'kan inte prövas', en: 'inadmissible' },
      reason: 'Ei kunnan asia',
      link: `https://p/initiatives/${ref.initiativeId}`,
    });
  });

  it('puts the body, the date, the § and the decision text in the decision message', () => {
    const view = ruleFor(InitiativeEvents.decided.type)!.view!({ ...ref, body: 'valtuusto', decision: 'Rakennetaan.', decidedAt: '2026-09-16T12:00:00.000Z', section: '87' }, context);
    expect(view).toMatchObject({ body: { fi: 'Kaupunginvaltuusto', sv: 'Stadsfullmäktige', en: 'The city council' }, decision: 'Rakennetaan.', decidedOn: '2026-09-16', section: '87' });
  });

  it('moves the followers of a combined initiative to the one it is handled with', () => {
    const into = randomUUID();
    expect(ruleFor(InitiativeEvents.combined.type)!.moveSubscribersTo!({ ...ref, intoInitiativeId: into })).toBe(`initiative:${into}`);
  });
});
