import { Controller, Get, Header, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createFastifyAdapter } from '../http-app';
import { PAGE_PERMISSIONS_POLICY, registerSecurityHeaders, SecurityHeaderOptions, tlsTerminatedInFrontFromEnv } from './security-headers';

@Controller()
class SampleController {
  @Get('private')
  mine() {
    return { email: 'asukas@example.fi' };
  }

  @Get('public')
  @Header('Cache-Control', 'public, max-age=60')
  list() {
    return [{ title: 'Kuoppa' }];
  }
}

@Module({ controllers: [SampleController] })
class SampleModule {}

async function appWith(options: SecurityHeaderOptions): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [SampleModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(), { logger: false });
  await registerSecurityHeaders(app, options);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('security headers', () => {
  describe('behind plain http (the default)', () => {
    let app: NestFastifyApplication;
    beforeAll(async () => {
      app = await appWith({ tlsTerminatedInFront: false });
    });
    afterAll(() => app.close());

    it('sends nosniff, a CSP and no-store on an API response, and no HSTS', async () => {
      const res = await request(app.getHttpServer()).get('/private').expect(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['permissions-policy']).toBeUndefined();
    });

    it('lets a public route opt in to caching, but never for a request with credentials', async () => {
      const anonymous = await request(app.getHttpServer()).get('/public').expect(200);
      expect(anonymous.headers['cache-control']).toBe('public, max-age=60');
      const signedIn = await request(app.getHttpServer()).get('/public').set('Authorization', 'Bearer x').expect(200);
      expect(signedIn.headers['cache-control']).toBe('no-store');
      const withSession = await request(app.getHttpServer()).get('/public').set('Cookie', 'vaikuta_session=x').expect(200);
      expect(withSession.headers['cache-control']).toBe('no-store');
    });

    it('sends nosniff and no-store on errors too', async () => {
      const res = await request(app.getHttpServer()).get('/nothing-here').expect(404);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  describe('when TLS terminates in front, for pages', () => {
    let app: NestFastifyApplication;
    beforeAll(async () => {
      app = await appWith({ tlsTerminatedInFront: true, permissionsPolicy: PAGE_PERMISSIONS_POLICY, sameForEveryone: (r) => r.url === '/public' });
    });
    afterAll(() => app.close());

    it('keeps the Cache-Control of an answer that is the same for everyone, cookies or not', async () => {
      const withCookies = await request(app.getHttpServer()).get('/public').set('Cookie', 'vaikuta_lang=fi').expect(200);
      expect(withCookies.headers['cache-control']).toBe('public, max-age=60');
      const other = await request(app.getHttpServer()).get('/private').set('Cookie', 'vaikuta_lang=fi').expect(200);
      expect(other.headers['cache-control']).toBe('no-store');
    });

    it('sends HSTS, upgrades subresources and sends the Permissions-Policy', async () => {
      const res = await request(app.getHttpServer()).get('/private').expect(200);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      expect(res.headers['permissions-policy']).toBe(PAGE_PERMISSIONS_POLICY);
      expect(res.headers['permissions-policy']).toContain('geolocation=(self)');
    });
  });

  it('reads TLS_TERMINATED_IN_FRONT strictly', () => {
    expect(tlsTerminatedInFrontFromEnv({})).toBe(false);
    expect(tlsTerminatedInFrontFromEnv({ TLS_TERMINATED_IN_FRONT: 'true' })).toBe(true);
    expect(() => tlsTerminatedInFrontFromEnv({ TLS_TERMINATED_IN_FRONT: 'yes' })).toThrow(/TLS_TERMINATED_IN_FRONT/);
  });
});
