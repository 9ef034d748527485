import { randomUUID } from 'node:crypto';
import { cloudEventEnvelope } from './cloud-event';

/** The Distributed Tracing extension attributes of the envelope (docs/adr/0017). */
describe('CloudEvents envelope: traceparent and tracestate', () => {
  const envelope = (extra: object) => ({ specversion: '1.0', id: randomUUID(), source: 'vaikuta/budgeting', type: 'fi.vaikuta.budgeting.ballot_confirmed.v1', time: new Date().toISOString(), data: {}, ...extra });
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('keeps a W3C traceparent and its tracestate', () => {
    expect(cloudEventEnvelope.parse(envelope({ traceparent, tracestate: 'vaikuta=1' }))).toMatchObject({ traceparent, tracestate: 'vaikuta=1' });
  });

  it('drops a malformed trace context instead of refusing the event (which would park it as a dead letter)', () => {
    for (const bad of ['00-xyz', `${traceparent}\nforged: 1`, 42, traceparent.toUpperCase()]) {
      const parsed = cloudEventEnvelope.safeParse(envelope({ traceparent: bad, tracestate: 'x'.repeat(513) }));
      expect(parsed.success && parsed.data.traceparent === undefined && parsed.data.tracestate === undefined).toBe(true);
    }
  });
});
