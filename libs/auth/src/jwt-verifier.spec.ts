import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { loadOrCreateDevKeys } from '../dev-issuer.cjs';
import { issueDevToken } from './dev-token-issuer';
import { InvalidTokenError, JwtVerifier, KeySetUnavailableError } from './jwt-verifier';
import { hasAnyRole } from './roles';

const keysDir = mkdtempSync(join(tmpdir(), 'vaikuta-auth-verifier-'));
const config = { issuer: 'vaikuta-dev', audience: 'vaikuta', keys: { kind: 'dev', keysDir } } as const;
const verifier = JwtVerifier.fromConfig(config);
const { privateJwk } = loadOrCreateDevKeys(keysDir);

afterAll(() => rmSync(keysDir, { recursive: true, force: true }));

/** Signs arbitrary claims, for tokens the dev issuer would refuse to make. */
async function sign(claims: JWTPayload, jwk: JWK = privateJwk, kid = privateJwk.kid): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: 'vaikuta-dev', aud: 'vaikuta', sub: 'u1', iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid })
    .sign(await importJWK(jwk, 'ES256'));
}

async function rejection(token: string): Promise<Error> {
  return verifier.verify(token).then(
    () => {
      throw new Error('expected the token to be rejected');
    },
    (error: Error) => error,
  );
}

describe('JwtVerifier with the development key', () => {
  it('accepts a valid dev token and reads the user from its claims', async () => {
    const token = await issueDevToken(
      { sub: 'cw-1', roles: ['case_worker'], departments: ['KYMP'], name: 'Maija', lang: 'fi' },
      { keysDir },
    );
    await expect(verifier.verify(token)).resolves.toEqual({
      sub: 'cw-1',
      roles: ['case_worker'],
      departments: ['KYMP'],
      associations: [],
      name: 'Maija',
      lang: 'fi',
      authMethods: [],
    });
  });

  it('reads the eligibility claims budgeting relies on: birthdate, municipality, amr and hetu', async () => {
    const token = await issueDevToken(
      { sub: 'r-1', roles: ['resident'], birthdate: '2014-12-31', municipality: '091', authMethods: ['strong'], hetu: '311214a998F' },
      { keysDir },
    );
    await expect(verifier.verify(token)).resolves.toMatchObject({
      birthdate: '2014-12-31',
      municipality: '091',
      authMethods: ['strong'],
      identityCode: '311214A998F',
    });
  });

  it('reads the business IDs an association representative acts for (actingFor, one or a list)', async () => {
    await expect(verifier.verify(await issueDevToken({ sub: 'r-2', roles: ['resident'], actingFor: ['1234567-1', '1234567-1'] }, { keysDir }))).resolves.toMatchObject({
      actingFor: ['1234567-1'],
    });
    await expect(verifier.verify(await sign({ actingFor: '7654321-0' }))).resolves.toMatchObject({ actingFor: ['7654321-0'] });
  });

  it('reads an email and a phone only when the provider says they are verified', async () => {
    const verified = await issueDevToken(
      { sub: 'r-3', roles: ['resident'], email: 'aino@example.fi', emailVerified: true, phone: '+358401234567', phoneVerified: true },
      { keysDir },
    );
    await expect(verifier.verify(verified)).resolves.toMatchObject({ verifiedEmail: 'aino@example.fi', verifiedPhone: '+358401234567' });
    // Unverified, verified only in words, or not an address: none is the person's for certain.
    for (const claims of [
      { email: 'aino@example.fi', email_verified: false, phone_number: '+358401234567' },
      { email: 'aino@example.fi', email_verified: 'true', phone_number: '+358401234567', phone_number_verified: 'yes' },
      { email: 'ei osoite', email_verified: true, phone_number: 'soita', phone_number_verified: true },
    ]) {
      const user = await verifier.verify(await sign(claims));
      expect(user).not.toHaveProperty('verifiedEmail');
      expect(user).not.toHaveProperty('verifiedPhone');
    }
  });

  it.each([
    ['birthdate', { birthdate: '31.12.2014' }],
    ['municipality', { municipality: 'Helsinki' }],
    ['hetu', { hetu: '12345' }],
    ['amr', { amr: 'strong' }],
    ['actingFor', { actingFor: ['Yhdistys ry'] }],
  ])('refuses a token whose %s claim is malformed, rather than reading it as unknown', async (claim, claims) => {
    const error = await rejection(await sign(claims));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error.message).toContain(claim);
  });

  it('stops accepting a verified token once it expires, though it remembers the verdict until then', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await sign({ iat: now, exp: now + 5 });
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'u1' });
    // Only the clock is faked; jose and the verifier read it through Date.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask', 'hrtime', 'performance'] });
    try {
      jest.setSystemTime((now + 2) * 1000);
      await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'u1' });
      jest.setSystemTime((now + 120) * 1000);
      const error = await rejection(token);
      expect(error.message).toBe('The bearer token has expired');
    } finally {
      jest.useRealTimers();
    }
  });

  it('rejects a token from another issuer', async () => {
    const error = await rejection(await sign({ iss: 'someone-else' }));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error.message).toMatch(/issuer/);
  });

  it('rejects a token for another audience', async () => {
    const error = await rejection(await sign({ aud: 'another-app' }));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error.message).toMatch(/audience/);
  });

  it('rejects an expired token', async () => {
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    const error = await rejection(await sign({ iat: hourAgo - 60, exp: hourAgo }));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error.message).toBe('The bearer token has expired');
  });

  it('rejects a token without exp', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ iss: 'vaikuta-dev', aud: 'vaikuta', sub: 'u1', iat: now })
      .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid })
      .sign(await importJWK(privateJwk, 'ES256'));
    expect(await rejection(token)).toBeInstanceOf(InvalidTokenError);
  });

  it('rejects a token signed by another key, even one claiming our kid', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const otherJwk = await exportJWK(privateKey);
    const error = await rejection(await sign({}, otherJwk, privateJwk.kid));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error.message).toMatch(/signature/);
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = (await sign({ roles: ['resident'] })).split('.');
    const forged = Buffer.from(JSON.stringify({ iss: 'vaikuta-dev', aud: 'vaikuta', sub: 'u1', exp: 9e9, roles: ['admin'] })).toString('base64url');
    expect(await rejection(`${header}.${forged}.${signature}`)).toBeInstanceOf(InvalidTokenError);
  });

  it('rejects garbage and unsigned tokens', async () => {
    expect(await rejection('not-a-jwt')).toBeInstanceOf(InvalidTokenError);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"u1"}').toString('base64url')}.`;
    expect(await rejection(unsigned)).toBeInstanceOf(InvalidTokenError);
  });

  it('gives a token without roles no role, so a role check fails', async () => {
    const user = await verifier.verify(await sign({}));
    expect(user.roles).toEqual([]);
    expect(hasAnyRole(user, ['case_worker', 'admin'])).toBe(false);
  });

  it('ignores roles this platform does not know', async () => {
    const user = await verifier.verify(await sign({ roles: ['resident', 'superuser'] }));
    expect(user.roles).toEqual(['resident']);
  });

  it('rejects scope claims of the wrong shape', async () => {
    const error = await rejection(await sign({ departments: 'KYMP' }));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error.message).toMatch(/departments/);
  });
});

describe('JwtVerifier with a remote JWKS (the production path)', () => {
  let server: Server;
  let jwksUrl: URL;

  beforeAll(async () => {
    const { publicJwk } = loadOrCreateDevKeys(keysDir);
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('verifies a token against keys fetched over HTTP', async () => {
    const remote = JwtVerifier.fromConfig({ issuer: 'vaikuta-dev', audience: 'vaikuta', keys: { kind: 'remote', jwksUrl } });
    const user = await remote.verify(await sign({ roles: ['admin'] }));
    expect(user).toMatchObject({ sub: 'u1', roles: ['admin'] });
  });

  it('reports an unreachable key set as unavailable, not as a bad token', async () => {
    const closed = new URL('http://127.0.0.1:9/jwks.json');
    const remote = JwtVerifier.fromConfig({ issuer: 'vaikuta-dev', audience: 'vaikuta', keys: { kind: 'remote', jwksUrl: closed } });
    await expect(remote.verify(await sign({}))).rejects.toBeInstanceOf(KeySetUnavailableError);
  });
});
