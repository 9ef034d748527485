import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';
import { forwardedFor } from './trusted-proxies';

const storage = new AsyncLocalStorage<string>();

/**
 * The X-Forwarded-For chain of the request being handled, for the calls a server makes to
 * other services on a person's behalf (the portal posting a report form): the service then
 * counts that person's address, not the caller's, against its per-address limits.
 */
export const ClientAddressContext = {
  /** The chain to send on (what arrived plus the peer it came from), if inside a request. */
  current(): string | undefined {
    return storage.getStore();
  },

  run<T>(chain: string | undefined, fn: () => T): T {
    return chain ? storage.run(chain, fn) : fn();
  },

  /** onRequest: every request's handling (and what it starts) runs inside its chain. */
  register(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, _reply, done) => ClientAddressContext.run(forwardedFor(request), () => done()));
  },
};
