import { Controller, Get, Param, type INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, SignJWT } from 'jose';
import request from 'supertest';
import { loadOrCreateDevKeys } from '../dev-issuer.cjs';
import { AuthModule } from './auth.module';
import { CurrentUser, OptionalUser } from './current-user.decorator';
import { issueDevToken } from './dev-token-issuer';
import { Authenticated } from './authenticated.decorator';
import { Public } from './public.decorator';
import { Roles } from './roles.decorator';
import { assertDepartment, type AuthUser } from './roles';

@Controller()
class ProbeController {
  // Reads no user, so only the guard stands between it and an anonymous caller.
  @Authenticated()
  @Get('protected')
  guarded() {
    return { ok: true };
  }

  @Authenticated()
  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    return { sub: user.sub, roles: user.roles };
  }

  // Declares nobody: the guard must refuse it even to an admin.
  @Get('forgotten')
  forgotten() {
    return { ok: true };
  }

  @Public()
  @Get('public')
  open(@OptionalUser() user: AuthUser | undefined) {
    return { sub: user?.sub ?? null };
  }

  @Roles('case_worker', 'admin')
  @Get('departments/:code/queue')
  queue(@CurrentUser() user: AuthUser, @Param('code') code: string) {
    assertDepartment(user, code);
    return { department: code };
  }
}

@Roles('admin')
@Controller('admin')
class AdminController {
  @Get('settings')
  settings() {
    return { ok: true };
  }

  // A handler's @Roles replaces its controller's.
  @Roles('coordinator')
  @Get('rounds')
  rounds() {
    return { ok: true };
  }
}

const keysDir = mkdtempSync(join(tmpdir(), 'vaikuta-auth-http-'));
const previousKeysDir = process.env.AUTH_DEV_KEYS_DIR;
let app: INestApplication;

const token = (roles: AuthUser['roles'], departments: string[] = []) =>
  issueDevToken({ sub: `u-${roles.join('-')}`, roles, departments });
const bearer = async (roles: AuthUser['roles'], departments: string[] = []) => `Bearer ${await token(roles, departments)}`;

beforeAll(async () => {
  // issueDevToken (test code) signs with the key in AUTH_DEV_KEYS_DIR; the module gets it from its config.
  process.env.AUTH_DEV_KEYS_DIR = keysDir;
  const moduleRef = await Test.createTestingModule({
    imports: [AuthModule.forRoot({ devIssuer: true }, { AUTH_DEV_KEYS_DIR: keysDir })],
    controllers: [ProbeController, AdminController],
  })
    .setLogger({ log() {}, warn() {}, error() {} })
    .compile();
  app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
});

afterAll(async () => {
  await app?.close();
  if (previousKeysDir === undefined) delete process.env.AUTH_DEV_KEYS_DIR;
  else process.env.AUTH_DEV_KEYS_DIR = previousKeysDir;
  rmSync(keysDir, { recursive: true, force: true });
});

describe('AuthModule over HTTP', () => {
  it('refuses a route that declares no access policy, to anyone (fail closed)', async () => {
    await request(app.getHttpServer()).get('/forgotten').expect(403);
    const res = await request(app.getHttpServer()).get('/forgotten').set('Authorization', await bearer(['admin'])).expect(403);
    expect(res.body.message).toBe('This route declares no access policy');
  });

  it('answers 401 with a Bearer challenge when the token is missing', async () => {
    const res = await request(app.getHttpServer()).get('/protected').expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="vaikuta"');
    expect(res.body.message).toBe('This action needs a bearer token');
  });

  it('answers 401 invalid_token for a forged token', async () => {
    const res = await request(app.getHttpServer()).get('/me').set('Authorization', 'Bearer abc.def.ghi').expect(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="vaikuta", error="invalid_token"/);
  });

  it('answers 401 for an expired token', async () => {
    const { privateJwk } = loadOrCreateDevKeys(keysDir);
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid })
      .setSubject('u1')
      .setIssuer('vaikuta-dev')
      .setAudience('vaikuta')
      .setIssuedAt(past - 60)
      .setExpirationTime(past)
      .sign(await importJWK(privateJwk, 'ES256'));
    const res = await request(app.getHttpServer()).get('/me').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(res.body.message).toBe('The bearer token has expired');
    expect(res.headers['www-authenticate']).toMatch(/error="invalid_token", error_description="The bearer token has expired"/);
  });

  it('answers 401 invalid_request for another scheme', async () => {
    const res = await request(app.getHttpServer()).get('/me').set('Authorization', 'Basic dXNlcjpwYXNz').expect(401);
    expect(res.headers['www-authenticate']).toMatch(/error="invalid_request"/);
  });

  it('lets a valid token through and hands the user to the handler', async () => {
    const res = await request(app.getHttpServer()).get('/me').set('Authorization', await bearer(['resident'])).expect(200);
    expect(res.body).toEqual({ sub: 'u-resident', roles: ['resident'] });
  });

  it('answers 403 when the user lacks every role the route names', async () => {
    const res = await request(app.getHttpServer()).get('/departments/KYMP/queue').set('Authorization', await bearer(['resident'])).expect(403);
    expect(res.body.message).toBe('This action needs one of the roles: case_worker, admin');
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('scopes case workers to their departments', async () => {
    const caseWorker = await bearer(['case_worker'], ['KYMP']);
    await request(app.getHttpServer()).get('/departments/KYMP/queue').set('Authorization', caseWorker).expect(200, { department: 'KYMP' });
    await request(app.getHttpServer()).get('/departments/KASKO/queue').set('Authorization', caseWorker).expect(403);
    await request(app.getHttpServer()).get('/departments/KASKO/queue').set('Authorization', await bearer(['admin'])).expect(200);
  });

  it('applies controller roles, overridden by handler roles', async () => {
    await request(app.getHttpServer()).get('/admin/settings').set('Authorization', await bearer(['admin'])).expect(200);
    await request(app.getHttpServer()).get('/admin/settings').set('Authorization', await bearer(['coordinator'])).expect(403);
    await request(app.getHttpServer()).get('/admin/rounds').set('Authorization', await bearer(['coordinator'])).expect(200);
    await request(app.getHttpServer()).get('/admin/rounds').set('Authorization', await bearer(['admin'])).expect(403);
  });

  describe('@Public routes', () => {
    it('answer without a token', async () => {
      await request(app.getHttpServer()).get('/public').expect(200, { sub: null });
    });

    it('attach the user of a valid token', async () => {
      await request(app.getHttpServer()).get('/public').set('Authorization', await bearer(['resident'])).expect(200, { sub: 'u-resident' });
    });

    it('still answer 401 to an invalid token, because its sender meant to authenticate', async () => {
      const res = await request(app.getHttpServer()).get('/public').set('Authorization', 'Bearer nonsense').expect(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
    });
  });
});
