import { defineCounter, defineGauge, metricsRegistry } from './metrics';

describe('metrics', () => {
  it('returns the registered metric when the same name is defined again', async () => {
    const first = defineGauge<'consumer'>({ name: 'test_dead_letters', help: 'h', labelNames: ['consumer'] });
    const second = defineGauge<'consumer'>({ name: 'test_dead_letters', help: 'h', labelNames: ['consumer'] });
    expect(second).toBe(first);

    second.set({ consumer: 'notifications' }, 2);
    expect(await metricsRegistry.metrics()).toContain('test_dead_letters{consumer="notifications"} 2');
  });

  it('refuses a name already used by another kind of metric', () => {
    defineCounter({ name: 'test_deliveries_total', help: 'h' });
    expect(() => defineGauge({ name: 'test_deliveries_total', help: 'h' })).toThrow(/already registered as a Counter/);
  });
});
