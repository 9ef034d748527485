import { Controller, Get, Module, Param } from '@nestjs/common';
import type request from 'supertest';
import { HttpSpecApp, silentLoggerProviders, startHttpSpecApp } from '../test/http-spec-app';

@Controller('sample')
class SampleController {
  @Get('requests/:id')
  one(@Param('id') id: string) {
    return { id };
  }
}

@Module({ controllers: [SampleController], providers: silentLoggerProviders })
class SampleModule {}

const SECURITY_HEADERS = ['x-content-type-options', 'content-security-policy', 'x-frame-options', 'referrer-policy', 'cross-origin-resource-policy'];

function securityHeadersOf(res: request.Response): Record<string, string | undefined> {
  return Object.fromEntries(SECURITY_HEADERS.map((name) => [name, res.headers[name] as string | undefined]));
}

// Answers given before any route or hook runs (the router's 414 and 400, node's parser's 431)
// never pass through @fastify/helmet's onRequest: a service must still send them its headers.
describe("a service's answers refused before routing carry the security headers", () => {
  let spec: HttpSpecApp;
  let usual: Record<string, string | undefined>;

  beforeAll(async () => {
    spec = await startHttpSpecApp(SampleModule);
    usual = securityHeadersOf(await spec.http().get('/sample/no-such-thing/here').expect(404));
    expect(usual['x-content-type-options']).toBe('nosniff');
    expect(usual['content-security-policy']).toContain("frame-ancestors 'none'");
  });
  afterAll(() => spec?.close());

  it.each([
    ['a path segment over the length limit (414)', `/sample/requests/${'x'.repeat(600)}`, 414],
    ['a URL that does not percent-decode (400)', '/sample/requests/%E0%A4%A', 400],
  ])('%s', async (_, path, status) => {
    const res = await spec.http().get(path);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(securityHeadersOf(res)).toEqual(usual);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('headers too large (431, written straight to the socket)', async () => {
    const res = await spec.http().get('/sample/requests/1').set('X-Filler', 'a'.repeat(20 * 1024));
    expect(res.status).toBe(431);
    expect(securityHeadersOf(res)).toEqual(usual);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
