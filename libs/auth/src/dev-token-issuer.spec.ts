import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader } from 'jose';
import { findRepoRoot, loadOrCreateDevKeys, resolveDevKeysDir } from '../dev-issuer.cjs';
import { devJwks, issueDevToken } from './dev-token-issuer';
import { JwtVerifier } from './jwt-verifier';

const run = promisify(execFile);
const repoRoot = resolve(__dirname, '../../..');
const keysDir = mkdtempSync(join(tmpdir(), 'vaikuta-auth-issuer-'));
const previousKeysDir = process.env.AUTH_DEV_KEYS_DIR;

beforeAll(() => {
  process.env.AUTH_DEV_KEYS_DIR = keysDir;
});
afterAll(() => {
  if (previousKeysDir === undefined) delete process.env.AUTH_DEV_KEYS_DIR;
  else process.env.AUTH_DEV_KEYS_DIR = previousKeysDir;
  rmSync(keysDir, { recursive: true, force: true });
});

const verifier = () => JwtVerifier.fromConfig({ issuer: 'vaikuta-dev', audience: 'vaikuta', keys: { kind: 'dev', keysDir } });

describe('development key files', () => {
  it('finds the repository root and defaults to its .vaikuta/dev-keys', () => {
    expect(findRepoRoot(__dirname)).toBe(repoRoot);
    expect(resolveDevKeysDir('')).toBe(join(repoRoot, '.vaikuta', 'dev-keys'));
    expect(resolveDevKeysDir(keysDir)).toBe(keysDir);
  });

  it('creates an ES256 key pair once, keeps the private key private, and reuses it', async () => {
    const first = loadOrCreateDevKeys(keysDir);
    const again = loadOrCreateDevKeys(keysDir);
    expect(again.privateJwk).toEqual(first.privateJwk);
    expect(first.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(first.publicJwk).not.toHaveProperty('d');
    expect(first.publicJwk.kid).toBe(await calculateJwkThumbprint(first.publicJwk));
    expect(statSync(join(keysDir, 'private.jwk.json')).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(join(keysDir, 'public.jwk.json'), 'utf8'))).toEqual(first.publicJwk);
    expect(devJwks(keysDir)).toEqual({ keys: [first.publicJwk] });
  });

  it('ends with one key when several processes create it at once', async () => {
    const raceDir = mkdtempSync(join(tmpdir(), 'vaikuta-auth-race-'));
    try {
      const script = `process.stdout.write(require(${JSON.stringify(join(repoRoot, 'libs/auth/dev-issuer.cjs'))}).loadOrCreateDevKeys(${JSON.stringify(raceDir)}).publicJwk.kid)`;
      const kids = await Promise.all(Array.from({ length: 6 }, () => run(process.execPath, ['-e', script]).then((r) => r.stdout)));
      expect(new Set(kids).size).toBe(1);
    } finally {
      rmSync(raceDir, { recursive: true, force: true });
    }
  });
});

describe('issueDevToken', () => {
  it('issues a token the dev verifier accepts, with the claims asked for', async () => {
    const token = await issueDevToken({ sub: 'rep-1', roles: ['resident'], associations: ['yhd-42'], ttlSeconds: 120 });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: loadOrCreateDevKeys(keysDir).publicJwk.kid });
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(120);
    await expect(verifier().verify(token)).resolves.toEqual({ sub: 'rep-1', roles: ['resident'], departments: [], associations: ['yhd-42'], authMethods: [] });
  });

  it('refuses unknown roles and empty subjects', async () => {
    await expect(issueDevToken({ sub: 'x', roles: ['wizard' as never] })).rejects.toThrow(/Unknown role wizard/);
    await expect(issueDevToken({ sub: '', roles: ['admin'] })).rejects.toThrow(/sub/);
    await expect(issueDevToken({ sub: 'x', roles: [] })).rejects.toThrow(/at least one role/);
  });
});

describe('scripts/dev-token.mjs', () => {
  const script = join(repoRoot, 'scripts/dev-token.mjs');
  const env = { ...process.env, AUTH_DEV_KEYS_DIR: keysDir };

  it('prints only a token, for the roles and departments given', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [script, '--role', 'case_worker', '--role', 'preparer', '--department', 'KYMP', '--department', 'KASKO', '--name', 'Maija Meikäläinen', '--lang', 'fi', '--ttl', '600'],
      { env },
    );
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    await expect(verifier().verify(stdout.trim())).resolves.toEqual({
      sub: 'dev-case_worker',
      roles: ['case_worker', 'preparer'],
      departments: ['KYMP', 'KASKO'],
      associations: [],
      name: 'Maija Meikäläinen',
      lang: 'fi',
      authMethods: [],
    });
  });

  it('gives a resident the eligibility claims, the birth date taken from --hetu when not given', async () => {
    const { stdout } = await run(
      process.execPath,
      [script, '--role', 'resident', '--hetu', '010114A9988', '--municipality', '091', '--auth-method', 'strong', '--auth-method', 'sms'],
      { env },
    );
    await expect(verifier().verify(stdout.trim())).resolves.toMatchObject({
      birthdate: '2014-01-01',
      municipality: '091',
      authMethods: ['strong', 'sms'],
      identityCode: '010114A9988',
    });
  });

  it('gives an email and phone, verified only when asked', async () => {
    const args = [script, '--role', 'resident', '--email', 'aino@example.fi', '--phone', '+358401234567'];
    const verified = (await run(process.execPath, [...args, '--email-verified', '--phone-verified'], { env })).stdout.trim();
    await expect(verifier().verify(verified)).resolves.toMatchObject({ verifiedEmail: 'aino@example.fi', verifiedPhone: '+358401234567' });
    const typed = (await run(process.execPath, args, { env })).stdout.trim();
    expect(decodeJwt(typed)).toMatchObject({ email: 'aino@example.fi', email_verified: false, phone_number_verified: false });
    expect(await verifier().verify(typed)).not.toHaveProperty('verifiedEmail');
  });

  it('honours --sub', async () => {
    const { stdout } = await run(process.execPath, [script, '--role', 'admin', '--sub', 'alice'], { env });
    expect(decodeJwt(stdout.trim()).sub).toBe('alice');
  });

  it.each([
    [['--role', 'wizard'], /unknown role wizard/],
    [[], /at least one --role/],
    [['--role', 'admin', '--ttl', 'soon'], /--ttl/],
    [['--role', 'admin', '--colour', 'red'], /colour/],
    [['--role', 'resident', '--birthdate', '2014-02-30x'], /birthdate must be a date/],
    [['--role', 'resident', '--hetu', '12345'], /--hetu must look like/],
    [['--role', 'resident', '--email-verified'], /need the email or phone/],
  ])('exits 1 with a clear message for %j', async (args, message) => {
    const failure = await run(process.execPath, [script, ...args], { env }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toBe('');
    expect(failure?.stderr).toMatch(message);
  });
});
