import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { resolveAuthConfig } from './auth-config';

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
