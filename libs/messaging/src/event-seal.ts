import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** The development key both sides fall back to; a production service refuses to start on it (each service's config). */
export const DEV_EVENT_SEAL_KEY = 'dev-only-event-seal-key-change-me-in-production';

/**
 * A secret that one event must carry to one consumer — a door code for the booker's email —
 * sealed with AES-256-GCM under a key the producer and that consumer share
 * (`EVENT_SEAL_KEY`). Events stay on the stream for days and any consumer, backup or operator
 * can read them; a sealed field is readable only where the key is. The purpose (e.g.
 * `door-code:<bookingId>`) is bound as associated data, so a sealed value copied into another
 * event or booking does not open. Synchronous (node:crypto), because notification views are.
 */
export class EventSeal {
  private readonly key: Buffer;

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('EVENT_SEAL_KEY must be at least 32 characters');
    this.key = createHash('sha256').update(`vaikuta-event-seal\0${secret}`).digest();
  }

  /** `v1.<iv>.<ciphertext>.<tag>`, base64url. */
  seal(text: string, purpose: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return ['v1', iv, sealed, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** The text, or undefined when the value was sealed under another key or purpose, or is malformed. */
  open(sealed: string, purpose: string): string | undefined {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || body === undefined || !tag) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(purpose, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
