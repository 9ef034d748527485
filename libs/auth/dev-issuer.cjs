'use strict';
// The development issuer's core: role names, the key files and token signing.
// Plain CommonJS JavaScript so that scripts/dev-token.mjs runs from a fresh clone without a
// build step, while the TypeScript lib (src/dev-token-issuer.ts, src/roles.ts) requires this
// very file: one place decides where the keys live and what a dev token contains.
// Types: dev-issuer.d.cts.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
// jose 6 is ESM-only; Node >= 20.19 (package.json "engines") can require() it.
const { SignJWT, importJWK } = require('jose');

// The role names live here rather than in src/roles.ts because the dev-token script must
// validate them without compiling TypeScript. src/roles.ts re-exports them with their type.
const ROLES = Object.freeze([
  'resident',
  'case_worker',
  'preparer',
  'coordinator',
  'grants_officer',
  'premises_manager',
  'admin',
]);

const DEFAULT_ISSUER = 'vaikuta-dev';
const DEFAULT_AUDIENCE = 'vaikuta';
const DEV_ALGORITHM = 'ES256';
const DEFAULT_TTL_SECONDS = 3600;

const PRIVATE_KEY_FILE = 'private.jwk.json';
const PUBLIC_KEY_FILE = 'public.jwk.json';

/** The folder holding nx.json, walking up from `start`; undefined when there is none. */
function findRepoRoot(start = __dirname) {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** AUTH_DEV_KEYS_DIR, or `<repo root>/.vaikuta/dev-keys` (a git-ignored folder). */
function resolveDevKeysDir(keysDir = process.env.AUTH_DEV_KEYS_DIR) {
  if (keysDir) return path.resolve(keysDir);
  // Walk up from this file rather than the working directory, so that services started from
  // any folder (or from dist/) find the same keys as the dev-token script.
  const root = findRepoRoot(__dirname) ?? findRepoRoot(process.cwd());
  if (!root) {
    throw new Error(`Cannot find the repository root (no nx.json above ${__dirname}); set AUTH_DEV_KEYS_DIR`);
  }
  return path.join(root, '.vaikuta', 'dev-keys');
}

/**
 * The development key pair, generated on first use. Several services (and the dev-token
 * script) start at the same moment, so the private key file is created atomically with
 * link(), which fails if another process won the race; the loser then reads the winner's key.
 */
function loadOrCreateDevKeys(keysDir = resolveDevKeysDir()) {
  const privatePath = path.join(keysDir, PRIVATE_KEY_FILE);
  if (!fs.existsSync(privatePath)) {
    fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    const candidate = `${privatePath}.${process.pid}.${crypto.randomUUID()}.tmp`;
    fs.writeFileSync(candidate, JSON.stringify(generatePrivateJwk(), null, 2) + '\n', { mode: 0o600 });
    try {
      fs.linkSync(candidate, privatePath);
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(candidate, { force: true });
    }
  }

  let privateJwk;
  try {
    privateJwk = JSON.parse(fs.readFileSync(privatePath, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the development signing key ${privatePath} (${error.message}); delete ${keysDir} to make a new one`);
  }
  if (privateJwk.kty !== 'EC' || privateJwk.crv !== 'P-256' || !privateJwk.d) {
    throw new Error(`${privatePath} is not an EC P-256 private JWK; delete ${keysDir} to make a new one`);
  }

  const { d: _secret, ...publicJwk } = privateJwk;
  // The public half is derived from the private file, so it always matches; it is written for
  // people and tools that want to look at it, via rename so readers never see half a file.
  const publicPath = path.join(keysDir, PUBLIC_KEY_FILE);
  const publicText = JSON.stringify(publicJwk, null, 2) + '\n';
  if (!fs.existsSync(publicPath) || fs.readFileSync(publicPath, 'utf8') !== publicText) {
    const tmp = `${publicPath}.${process.pid}.${crypto.randomUUID()}.tmp`;
    fs.writeFileSync(tmp, publicText);
    fs.renameSync(tmp, publicPath);
  }
  return { keysDir, privateJwk, publicJwk };
}

function generatePrivateJwk() {
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  // kid = RFC 7638 thumbprint: stable for the key, so verifiers pick it from a JWKS by kid.
  const thumbprint = crypto
    .createHash('sha256')
    .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }))
    .digest('base64url');
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d, kid: thumbprint, alg: DEV_ALGORITHM, use: 'sig' };
}

/** Signs a development token; see DevTokenRequest in dev-issuer.d.cts. */
async function signDevToken(request, options = {}) {
  const { sub, roles, departments = [], associations = [], name, lang, birthdate, municipality, authMethods, hetu, actingFor, email, emailVerified, phone, phoneVerified, ttlSeconds = DEFAULT_TTL_SECONDS } =
    request ?? {};
  if (typeof sub !== 'string' || sub.trim() === '') throw new Error('A dev token needs a non-empty sub');
  if (!Array.isArray(roles) || roles.length === 0) throw new Error(`A dev token needs at least one role: ${ROLES.join(', ')}`);
  const unknown = roles.filter((role) => !ROLES.includes(role));
  if (unknown.length > 0) throw new Error(`Unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  for (const [claim, values] of [['departments', departments], ['associations', associations]]) {
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string' || v === '')) {
      throw new Error(`${claim} must be a list of non-empty strings`);
    }
  }
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new Error('ttlSeconds must be a positive whole number');
  // The same shapes the verifier insists on, so a dev token is never one a service refuses.
  if (birthdate !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(birthdate) && !Number.isNaN(Date.parse(birthdate)))) {
    throw new Error(`birthdate must be a date YYYY-MM-DD, not ${birthdate}`);
  }
  if (municipality !== undefined && !/^\d{1,3}$/.test(municipality)) throw new Error(`municipality must be a Statistics Finland code such as 091, not ${municipality}`);
  if (authMethods !== undefined && (!Array.isArray(authMethods) || authMethods.some((m) => typeof m !== 'string' || m === ''))) {
    throw new Error('authMethods must be a list of non-empty strings');
  }
  if (hetu !== undefined && !/^\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]$/i.test(hetu)) throw new Error('hetu must look like a Finnish identity code, e.g. 010110A9987');
  if (actingFor !== undefined && (!Array.isArray(actingFor) || actingFor.some((id) => typeof id !== 'string' || !/^\d{7}-\d$/.test(id)))) {
    throw new Error('actingFor must be a list of business IDs such as 1234567-1');
  }
  if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error(`email must be an email address, not ${email}`);
  if (phone !== undefined && !/^\+?[0-9]{6,15}$/.test(phone)) throw new Error(`phone must be digits, e.g. +358401234567, not ${phone}`);
  if ((emailVerified && email === undefined) || (phoneVerified && phone === undefined)) throw new Error('emailVerified and phoneVerified need the email or phone they vouch for');

  const { privateJwk } = loadOrCreateDevKeys(options.keysDir ?? resolveDevKeysDir());
  const key = await importJWK(privateJwk, DEV_ALGORITHM);
  const claims = { roles: [...new Set(roles)], departments, associations };
  if (name !== undefined) claims.name = name;
  if (lang !== undefined) claims.lang = lang;
  if (birthdate !== undefined) claims.birthdate = birthdate;
  if (municipality !== undefined) claims.municipality = municipality;
  if (authMethods !== undefined) claims.amr = [...authMethods];
  if (hetu !== undefined) claims.hetu = hetu.toUpperCase();
  if (actingFor !== undefined && actingFor.length > 0) claims.actingFor = [...new Set(actingFor)];
  if (email !== undefined) Object.assign(claims, { email, email_verified: Boolean(emailVerified) });
  if (phone !== undefined) Object.assign(claims, { phone_number: phone, phone_number_verified: Boolean(phoneVerified) });
  return new SignJWT(claims)
    .setProtectedHeader({ alg: DEV_ALGORITHM, kid: privateJwk.kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(options.issuer ?? (process.env.AUTH_ISSUER || DEFAULT_ISSUER))
    .setAudience(options.audience ?? (process.env.AUTH_AUDIENCE || DEFAULT_AUDIENCE))
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .setJti(crypto.randomUUID())
    .sign(key);
}

module.exports = {
  ROLES,
  DEFAULT_ISSUER,
  DEFAULT_AUDIENCE,
  DEV_ALGORITHM,
  DEFAULT_TTL_SECONDS,
  findRepoRoot,
  resolveDevKeysDir,
  loadOrCreateDevKeys,
  signDevToken,
};
