import { setTimeout as sleep } from 'node:timers/promises';
import { CorrelationContext, correlationIdFromHeaders } from './correlation-context';

const UUID = /^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;

describe('CorrelationContext', () => {
  it('has no id outside run', () => {
    expect(CorrelationContext.current()).toBeUndefined();
  });

  it('keeps the id across awaits and isolates concurrent runs', async () => {
    const seen = await Promise.all(
      ['a', 'b'].map((id) =>
        CorrelationContext.run(id, async () => {
          await sleep(id === 'a' ? 10 : 1);
          return CorrelationContext.current();
        }),
      ),
    );
    expect(seen).toEqual(['a', 'b']);
    expect(CorrelationContext.current()).toBeUndefined();
  });

  it('gives a run without an id a fresh one', () => {
    expect(CorrelationContext.run(undefined, () => CorrelationContext.current())).toMatch(UUID);
  });
});

describe('correlationIdFromHeaders', () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const traceparent = `00-${traceId}-00f067aa0ba902b7-01`;

  it('prefers X-Correlation-Id', () => {
    expect(correlationIdFromHeaders({ 'x-correlation-id': 'abc-123', traceparent })).toBe('abc-123');
  });

  it('falls back to the trace id of traceparent', () => {
    expect(correlationIdFromHeaders({ traceparent })).toBe(traceId);
  });

  it('generates one when neither is usable', () => {
    expect(correlationIdFromHeaders({})).toMatch(UUID);
    expect(correlationIdFromHeaders({ traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` })).toMatch(UUID);
    expect(correlationIdFromHeaders({ traceparent: 'garbage' })).toMatch(UUID);
  });

  it('replaces ids that could inject into logs or bloat headers', () => {
    expect(correlationIdFromHeaders({ 'x-correlation-id': 'evil\n{"level":"fatal"}' })).toMatch(UUID);
    expect(correlationIdFromHeaders({ 'x-correlation-id': 'x'.repeat(129) })).toMatch(UUID);
  });
});
