import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, registeredServices } from './service-registry';

/**
 * Every service deploy/services.json lists offers itself to the shared fuzzer and to the
 * authorization matrix (libs/testing/src/fuzz, libs/testing/src/authorization) from
 * services/<name>/test: a new service is not done until both specs exist.
 */
const REQUIRED_SPECS = ['fuzz.spec.ts', 'authorization-matrix.spec.ts'];

// The portal has no API of its own to put in a matrix: its /api/ and /open311/ routes are the
// services' (covered by their matrices), its pages are fuzzed through the portal and walked by
// each role in the browser tests. Any other exception belongs here, with its reason.
const NOT_REQUIRED: Record<string, string[]> = { portal: ['authorization-matrix.spec.ts'] };

describe('every registered service is fuzzed and has an authorization matrix', () => {
  const services = registeredServices().map((s) => s.name);

  it('reads the services from deploy/services.json', () => {
    expect(services).toEqual(expect.arrayContaining(['feedback', 'notifications', 'portal']));
  });

  it.each(services)('%s has its specs in services/%s/test', (name) => {
    const missing = REQUIRED_SPECS.filter((spec) => !(NOT_REQUIRED[name] ?? []).includes(spec)).filter(
      (spec) => !fs.existsSync(path.join(REPO_ROOT, 'services', name, 'test', spec)),
    );
    expect(missing.map((spec) => `services/${name}/test/${spec}`)).toEqual([]);
  });
});
