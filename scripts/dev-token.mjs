#!/usr/bin/env node
// Prints a development bearer token, and nothing else, on stdout:
//   TOKEN=$(npm run -s dev-token -- --role case_worker --department KYMP)
// Plain Node ESM so it works right after `npm ci`; the key files and signing are shared with
// @vaikuta/auth through libs/auth/dev-issuer.cjs. Services accept these tokens only when
// started with AUTH_DEV_ISSUER=true.
import { parseArgs } from 'node:util';
import devIssuer from '../libs/auth/dev-issuer.cjs';

const { ROLES, DEFAULT_TTL_SECONDS, signDevToken } = devIssuer;

const USAGE = `Usage: npm run -s dev-token -- --role <role> [--role <role>...] [options]

  --role <role>          ${ROLES.join(', ')} (repeatable, at least one)
  --department <code>    department code a case worker acts for, e.g. KYMP (repeatable)
  --association <id>     association the user represents (repeatable)
  --sub <id>             subject; default dev-<first role>
  --name <name>          display name
  --lang <code>          language, e.g. fi, sv, en
  --birthdate <date>     birth date YYYY-MM-DD (budgeting's age limit)
  --municipality <code>  municipality of residence, Statistics Finland code, e.g. 091 (Helsinki)
  --auth-method <m>      how the person signed in: strong, school, sms (repeatable; the amr claim)
  --hetu <code>          identity code; synthetic test codes only, e.g. 010110A9987 (sets --birthdate
                         from the code unless given)
  --acting-for <id>      business ID (Y-tunnus) the person acts for, e.g. 1234567-1 (repeatable;
                         the actingFor claim, as a Suomi.fi e-Authorizations mandate)
  --email <address>      the email claim; unverified unless --email-verified (email_verified: true)
  --email-verified       the identity provider vouches for --email (self-service erasure reaches
                         everything under it)
  --phone <number>       the phone_number claim, e.g. +358401234567; --phone-verified vouches for it
  --phone-verified
  --ttl <seconds>        lifetime; default ${DEFAULT_TTL_SECONDS}

Keys: AUTH_DEV_KEYS_DIR or <repo>/.vaikuta/dev-keys (created on first use).
Issuer and audience: AUTH_ISSUER (vaikuta-dev), AUTH_AUDIENCE (vaikuta).`;

function fail(message) {
  process.stderr.write(`dev-token: ${message}\n\n${USAGE}\n`);
  process.exit(1);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      department: { type: 'string', multiple: true },
      association: { type: 'string', multiple: true },
      sub: { type: 'string' },
      name: { type: 'string' },
      lang: { type: 'string' },
      birthdate: { type: 'string' },
      municipality: { type: 'string' },
      'auth-method': { type: 'string', multiple: true },
      hetu: { type: 'string' },
      'acting-for': { type: 'string', multiple: true },
      email: { type: 'string' },
      'email-verified': { type: 'boolean' },
      phone: { type: 'string' },
      'phone-verified': { type: 'boolean' },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail(error.message);
}

if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const roles = values.role ?? [];
if (roles.length === 0) fail('give at least one --role');
const unknown = roles.filter((role) => !ROLES.includes(role));
if (unknown.length > 0) fail(`unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);

let ttlSeconds = DEFAULT_TTL_SECONDS;
if (values.ttl !== undefined) {
  ttlSeconds = Number(values.ttl);
  if (!/^\d+$/.test(values.ttl) || ttlSeconds <= 0) fail(`--ttl must be a positive number of seconds, not ${values.ttl}`);
}

/** The birth date a Finnish identity code spells (DDMMYY + century sign), or a usage error. */
function birthdateOfHetu(code) {
  const match = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])/i.exec(code);
  if (!match) fail(`--hetu must look like a Finnish identity code, e.g. 010110A9987, not ${code}`);
  const century = { '+': 18, '-': 19, U: 19, V: 19, W: 19, X: 19, Y: 19, A: 20, B: 20, C: 20, D: 20, E: 20, F: 20 }[match[4].toUpperCase()];
  return `${century}${match[3]}-${match[2]}-${match[1]}`;
}

try {
  const token = await signDevToken({
    sub: values.sub ?? `dev-${roles[0]}`,
    roles,
    departments: values.department ?? [],
    associations: values.association ?? [],
    name: values.name,
    lang: values.lang,
    birthdate: values.birthdate ?? (values.hetu ? birthdateOfHetu(values.hetu) : undefined),
    municipality: values.municipality,
    authMethods: values['auth-method'],
    hetu: values.hetu,
    actingFor: values['acting-for'],
    email: values.email,
    emailVerified: values['email-verified'],
    phone: values.phone,
    phoneVerified: values['phone-verified'],
    ttlSeconds,
  });
  process.stdout.write(`${token}\n`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
