import { fuzzRegisteredTargets, registerFuzzTarget } from '@vaikuta/testing';
import { OPEN311_PATH_PREFIX } from '../src/open311/open311-framework-errors';
import { loadFeedbackConfig } from '../src/feedback-config';
import { startFeedbackTestApp } from './feedback-test-app';

// The feedback service offers itself to the shared fuzzer (libs/testing/src/fuzz): every
// route of its OpenAPI document gets generated bad input, anonymously and with a token of
// each role that works on it. `npm run fuzz` runs the same with FUZZ_RUNS=10000.
registerFuzzTarget({
  name: 'feedback',
  defaultRuns: 4,
  async start() {
    // The geocoder stands in as in `npm start`: without it address search is rightly a 503.
    const { startGeocoderStub } = await import('../../../scripts/geocoder-stub.mjs');
    const stub = await startGeocoderStub({ port: 0 });
    const base = loadFeedbackConfig({ ...process.env });
    const t = await startFeedbackTestApp('fuzz', { geocoder: { ...base.geocoder, provider: 'nominatim', url: stub.url } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as { port: number };
    const bearer = async (role: string, departments: string[] = []) => ({ authorization: `Bearer ${await t.token(role, departments)}` });
    return {
      baseUrl: `http://127.0.0.1:${address.port}`,
      identities: {
        anonymous: {},
        resident: await bearer('resident'),
        caseWorker: await bearer('case_worker', ['KYMP']),
        admin: await bearer('admin'),
      },
      errorFormat: (path) => (path.startsWith(OPEN311_PATH_PREFIX) ? 'open311' : 'problem'),
      close: async () => {
        await t.close();
        await stub.close();
      },
    };
  },
});

fuzzRegisteredTargets();
