import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { z } from 'zod';
import { authEnvironment, authEnvShape, resolveAuthConfig } from './auth-config';

const keysDir = join(tmpdir(), 'vaikuta-auth-config-unused');

describe('resolveAuthConfig', () => {
  let errors: jest.SpyInstance;
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('uses the JWKS URL with the default issuer and audience', () => {
    expect(resolveAuthConfig({}, { AUTH_JWKS_URL: 'https://login.example.fi/jwks' })).toEqual({
      issuer: 'vaikuta-dev',
      audience: 'vaikuta',
      keys: { kind: 'remote', jwksUrl: new URL('https://login.example.fi/jwks') },
    });
  });

  it('takes issuer and audience from the environment, options winning over it', () => {
    const env = { AUTH_JWKS_URL: 'https://x.example/jwks', AUTH_ISSUER: 'https://x.example', AUTH_AUDIENCE: 'env-aud' };
    expect(resolveAuthConfig({ audience: 'option-aud' }, env)).toMatchObject({ issuer: 'https://x.example', audience: 'option-aud' });
  });

  it('needs a JWKS URL unless the dev issuer is on', () => {
    expect(() => resolveAuthConfig({}, {})).toThrow(/AUTH_JWKS_URL is required/);
    expect(() => resolveAuthConfig({}, { AUTH_JWKS_URL: 'not a url' })).toThrow(/not a valid URL/);
  });

  it('enables the dev issuer only for an explicit true', () => {
    const env = { AUTH_DEV_ISSUER: 'true', AUTH_DEV_KEYS_DIR: keysDir };
    expect(resolveAuthConfig({}, env).keys).toEqual({ kind: 'dev', keysDir });
    expect(() => resolveAuthConfig({}, { AUTH_DEV_ISSUER: 'yes' })).toThrow(/must be true or false/);
    expect(() => resolveAuthConfig({}, { AUTH_DEV_ISSUER: 'false' })).toThrow(/AUTH_JWKS_URL is required/);
  });

  it('refuses the dev issuer in production and says why', () => {
    const env = { NODE_ENV: 'production', AUTH_DEV_ISSUER: 'true', AUTH_DEV_KEYS_DIR: keysDir };
    expect(() => resolveAuthConfig({}, env)).toThrow(/AUTH_JWKS_URL is required/);
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/NOT enabled: NODE_ENV=production/));

    const withJwks = { ...env, AUTH_JWKS_URL: 'https://login.example.fi/jwks' };
    expect(resolveAuthConfig({}, withJwks).keys.kind).toBe('remote');
  });

  it('allows the dev issuer in production only with AUTH_DEV_ISSUER_ALLOW_PRODUCTION=true', () => {
    const env = { NODE_ENV: 'production', AUTH_DEV_ISSUER: 'true', AUTH_DEV_KEYS_DIR: keysDir, AUTH_DEV_ISSUER_ALLOW_PRODUCTION: 'true' };
    expect(resolveAuthConfig({}, env).keys).toEqual({ kind: 'dev', keysDir });
  });
});

describe('authEnvShape', () => {
  const schema = z.object(authEnvShape);
  const problems = (env: Record<string, string>) => {
    const parsed = schema.safeParse(env);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('names each malformed variable on its own line, in resolveAuthConfig’s words', () => {
    expect(problems({ AUTH_DEV_ISSUER: 'yes', AUTH_JWKS_URL: 'not a url', AUTH_DEV_ISSUER_ALLOW_PRODUCTION: '1' })).toEqual([
      'AUTH_JWKS_URL: is not a valid URL: not a url',
      'AUTH_DEV_ISSUER: must be true or false, not yes',
      'AUTH_DEV_ISSUER_ALLOW_PRODUCTION: must be true or false, not 1',
    ]);
    expect(problems({ AUTH_JWKS_URL: 'ftp://x/jwks' })).toEqual(['AUTH_JWKS_URL: must be an http(s) URL: ftp://x/jwks']);
  });

  it('accepts what resolveAuthConfig accepts and hands it the variables unchanged', () => {
    const env = { AUTH_DEV_ISSUER: ' TRUE ', AUTH_DEV_KEYS_DIR: keysDir, NODE_ENV: 'test', OTHER: 'x' };
    expect(problems(env)).toEqual([]);
    const picked = authEnvironment(schema.parse(env));
    expect(picked).not.toHaveProperty('OTHER');
    expect(resolveAuthConfig({}, { ...picked, NODE_ENV: 'test' }).keys).toEqual({ kind: 'dev', keysDir });
  });
});
