import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startPortalInFront } from './portal-test-env';

/** The security headers every portal answer carries (libs/http's helmet set-up, the pages' options). */
function securityHeadersOf(res: Response): Record<string, string | null> {
  const names = ['x-content-type-options', 'content-security-policy', 'x-frame-options', 'referrer-policy', 'permissions-policy'];
  return Object.fromEntries(names.map((n) => [n, res.headers.get(n)]));
}

// Errors the router raises before any route or hook (a path segment over maxParamLength, a URL
// that does not percent-decode) are answered by the portal's error filter outside the request
// lifecycle: they must still carry the headers of every other answer.
describe('answers refused before routing carry the security headers', () => {
  let portal: NestFastifyApplication;
  let base: string;
  let usual: Record<string, string | null>;

  beforeAll(async () => {
    // No service runs behind this portal: the refusals come before any call to one.
    ({ portal, base } = await startPortalInFront({ initiatives: 'http://127.0.0.1:9' }));
    usual = securityHeadersOf(await fetch(`${base}/no-such-page`));
    expect(usual['x-content-type-options']).toBe('nosniff');
  }, 60_000);
  afterAll(() => portal?.close());

  const long = 'x'.repeat(600); // over libs/http's MAX_PATH_PARAM_LENGTH (512)

  it.each([
    ['a page path segment over the length limit (414)', `/staff/cases/${long}`, 414],
    ['a page URL that does not percent-decode (400)', '/staff/cases/%E0%A4%A', 400],
    ['an API URL that does not percent-decode (400)', '/api/feedback/public/requests/%E0%A4%A', 400],
    ['an Open311 URL that does not percent-decode (400)', '/open311/v2/requests/%E0%A4%A.json', 400],
  ])('%s', async (_, path, status) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(status);
    expect(securityHeadersOf(res)).toEqual(usual);
    // Pages say private, no-store and API errors no-store; neither is ever kept by a cache.
    expect(res.headers.get('cache-control')).toContain('no-store');
  });
});
