import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeJwt, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

export interface AttackerTokens {
  expired: string;
  wrongKey: string;
  algNone: string;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Tokens a service must refuse, built from a valid one: the same claims expired an hour
 * ago, signed by a key the service does not trust (under the trusted key's kid), and
 * unsigned with `alg: none`.
 */
export async function attackerTokens(validToken: string, keysDir: string): Promise<AttackerTokens> {
  const claims = decodeJwt(validToken);
  const trusted = JSON.parse(readFileSync(path.join(keysDir, 'private.jwk.json'), 'utf8')) as JWK;
  const now = Math.floor(Date.now() / 1000);
  const sign = (key: Parameters<SignJWT['sign']>[0], exp: number) =>
    new SignJWT({ ...claims, iat: exp - 3600, exp }).setProtectedHeader({ alg: 'ES256', kid: trusted.kid }).sign(key);
  const { privateKey: foreign } = await generateKeyPair('ES256', { extractable: true });
  return {
    expired: await sign(await importJWK(trusted, 'ES256'), now - 3600),
    wrongKey: await sign(foreign, now + 3600),
    algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: now + 3600 })}.`,
  };
}
