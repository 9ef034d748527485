import { randomUUID } from 'node:crypto';
import { EventCatalogue, EventContractError } from './event-catalogue';
import { FeedbackEvents } from './events/feedback.events';
import { Streams } from './streams';

function envelope(type: string, data: unknown) {
  return { specversion: '1.0', id: randomUUID(), source: 'vaikuta/feedback', type, time: new Date().toISOString(), data };
}

const resolved = {
  requestId: randomUUID(),
  trackingCode: 'FB-2026-000001',
  departmentCode: 'KYMP',
  categoryCode: 'street-damage',
  language: 'sv',
  resolution: 'Lagat',
  by: { id: 'worker-1', role: 'case_worker' },
  resolvedAt: '2026-11-22T10:00:00Z',
};

describe('event catalogue', () => {
  it('accepts a valid event and returns its parsed data', () => {
    const event = EventCatalogue.validate(envelope(FeedbackEvents.resolved.type, resolved));
    expect(event.data).toMatchObject({ language: 'sv', resolution: 'Lagat' });
  });

  it('names the field that is wrong', () => {
    const bad = { ...resolved, language: 'de' };
    expect(() => EventCatalogue.validate(envelope(FeedbackEvents.resolved.type, bad))).toThrow(/language/);
  });

  it('rejects unknown types and malformed envelopes', () => {
    expect(() => EventCatalogue.validate(envelope('fi.vaikuta.feedback.exploded.v1', {}))).toThrow(EventContractError);
    expect(() => EventCatalogue.validate({ ...envelope(FeedbackEvents.resolved.type, resolved), specversion: '0.3' })).toThrow(
      /envelope/,
    );
  });

  it('refuses a contact without consent-bearing fields', () => {
    const noWay = { ...resolved, contact: { language: 'fi' } };
    expect(() => EventCatalogue.validate(envelope(FeedbackEvents.resolved.type, noWay))).toThrow(/contact/);
  });

  it('keeps types unique and every subject inside its stream', () => {
    const types = EventCatalogue.definitions().map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    for (const d of EventCatalogue.definitions()) {
      const stream = Streams[d.stream];
      expect(stream).toBeDefined();
      expect(stream.subjects.some((s) => d.subject.startsWith(s.replace('>', '')))).toBe(true);
    }
  });
});
