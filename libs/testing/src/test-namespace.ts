import { randomBytes } from 'node:crypto';

/**
 * A NATS namespace unique to one test file: streams become `<NS>_FEEDBACK` on
 * `<ns>.feedback.>`, so files running in parallel never read each other's events.
 */
export function testNamespace(label: string): string {
  return `t_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 20)}_${randomBytes(3).toString('hex')}`;
}
