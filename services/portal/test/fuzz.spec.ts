import { fuzzRegisteredTargets, registerFuzzTarget, routesOfNestApp, type FuzzRoute } from '@vaikuta/testing';
import { startPortalTestEnv } from './portal-test-env';

// The portal offers its pages and its API proxy to the shared fuzzer (libs/testing/src/fuzz),
// in front of a real feedback and notification service. Its routes come from its controllers'
// metadata (it publishes no OpenAPI document). Pages are for people, so only "no 5xx, no
// hang" is asserted, not an error format. Anonymous only: a session takes a browser sign-in.
registerFuzzTarget({
  name: 'portal',
  defaultRuns: 3,
  async start() {
    const env = await startPortalTestEnv('fuzz', { notifications: true });
    const routes: FuzzRoute[] = routesOfNestApp(env.portal).map((r) => ({
      method: r.method === 'ALL' ? 'GET' : r.method,
      path: r.path.replace(/\*/g, 'x'),
      pathParams: [...r.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
      queryParams: [],
      bodyFields: [],
      hasBody: r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH',
    }));
    return {
      baseUrl: env.url,
      routes,
      identities: { anonymous: {} },
      errorFormat: () => 'any',
      close: () => env.close(),
    };
  },
});

fuzzRegisteredTargets();
