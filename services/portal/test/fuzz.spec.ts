import { fuzzRegisteredTargets, registerFuzzTarget, routesOfNestApp, routesOfOpenApi, type FuzzRoute, type OpenApiDocument } from '@vaikuta/testing';
import { startPortalTestEnv } from './portal-test-env';

// The portal offers its pages and its API proxy to the shared fuzzer (libs/testing/src/fuzz),
// in front of a real feedback and notification service. Its routes come from its controllers'
// metadata (it publishes no OpenAPI document). Pages are for people, so only "no 5xx, no
// hang" is asserted, not an error format. The API proxy's routes are the services' own
// (their OpenAPI documents under the portal's prefixes) and answer in the services' formats.
// Pages are fuzzed anonymously (a session takes a browser sign-in); the proxy also with tokens.
registerFuzzTarget({
  name: 'portal',
  defaultRuns: 3,
  async start() {
    // The geocoder stands in as in `npm start`: without it address search is rightly a 503.
    const { startGeocoderStub } = await import('../../../scripts/geocoder-stub.mjs');
    const geocoder = await startGeocoderStub({ port: 0 });
    // Every registered service behind the portal: a page of one that is down rightly answers 503.
    const env = await startPortalTestEnv('fuzz', { notifications: true, geocoderUrl: geocoder.url, services: ['initiatives', 'budgeting', 'grants'] });
    const routes: FuzzRoute[] = routesOfNestApp(env.portal).map((r) => ({
      method: r.method === 'ALL' ? 'GET' : r.method,
      path: r.path.replace(/\*/g, 'x'),
      pathParams: [...r.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
      queryParams: [],
      bodyFields: [],
      hasBody: r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH',
    }));
    const documentOf = async (service: { url: string }) => (await (await fetch(`${service.url}/docs-json`)).json()) as OpenApiDocument;
    const proxied = (document: OpenApiDocument, from: string, to: string) =>
      routesOfOpenApi(document)
        .filter((r) => r.path.startsWith(from))
        .map((r) => ({ ...r, path: to + r.path.slice(from.length) }));
    routes.push(
      ...proxied(await documentOf(env.feedback), '/feedback/', '/api/feedback/'),
      ...proxied(await documentOf(env.feedback), '/open311/v2/', '/open311/v2/'),
      ...proxied(await documentOf(env.notifications!), '/notifications/', '/api/notifications/'),
    );
    return {
      baseUrl: env.url,
      routes,
      identities: {
        anonymous: {},
        resident: { authorization: `Bearer ${await env.feedback.token('resident')}` },
        admin: { authorization: `Bearer ${await env.feedback.token('admin')}` },
      },
      // The unsubscribe page is a page even behind the proxy.
      errorFormat: (path) =>
        path.startsWith('/open311/') ? 'open311' : path.startsWith('/api/') && !path.startsWith('/api/notifications/unsubscribe') ? 'problem' : 'any',
      close: async () => {
        await env.close();
        await geocoder.close();
      },
    };
  },
});

fuzzRegisteredTargets();
