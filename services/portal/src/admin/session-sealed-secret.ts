import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const INFO = 'vaikuta/portal/one-time-secret';

function keyFor(sessionToken: string, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', sessionToken, salt, INFO, 32));
}

/**
 * Seals a secret (a new Open311 key) so it can wait for the page after a redirect in a
 * short-lived cookie without being readable there: AES-256-GCM under a key derived from the
 * admin's own session token. Any portal replica can open it for that session and no other;
 * the portal needs no secret of its own, and nothing readable travels in a URL or a cookie.
 */
export function sealForSession(sessionToken: string, plaintext: string): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(sessionToken, salt), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([salt, iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The secret, or undefined when the seal is not this session's, altered or malformed. */
export function openForSession(sessionToken: string, sealed: string): string | undefined {
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length < 45) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', keyFor(sessionToken, bytes.subarray(0, 16)), bytes.subarray(16, 28));
    decipher.setAuthTag(bytes.subarray(28, 44));
    return Buffer.concat([decipher.update(bytes.subarray(44)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
