import type { InjectionToken } from '@nestjs/common';
import type { connect } from '@nats-io/transport-node';
import type { ReadinessCheck } from './readiness';

// transport-node 3.4 does not re-export the NatsConnection type, and nats-core is only a
// transitive dependency; derive it from `connect` instead.
type NatsConnection = Awaited<ReturnType<typeof connect>>;

/**
 * Ready when the NATS connection is open and the server answers. `isClosed()` alone stays
 * false while the client is reconnecting; the flush round-trips a PING, so a connection that
 * cannot reach a server times out and reads as down.
 */
export function natsReadiness(connection: InjectionToken, name = 'nats'): ReadinessCheck {
  return {
    name,
    inject: [connection],
    useFactory: (nc: Pick<NatsConnection, 'isClosed' | 'flush'>) => async () => {
      if (nc.isClosed()) throw new Error('NATS connection is closed');
      await nc.flush();
    },
  };
}
