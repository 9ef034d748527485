import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

const AUDIENCE = 'vaikuta-notifications/preferences';
/** Long enough for a message read weeks later; short enough that an old forwarded one stops working. */
export const PREFERENCE_LINK_DAYS = 60;

/**
 * The credential in a message's "change settings" link: it opens that recipient's preferences
 * without signing in (most recipients are contacts who never sign in). A JWS (HS256, jose)
 * with the recipient as subject and an expiry: unlike an unsubscribe link, which only ever
 * stops messages and so works forever, this one reveals and changes settings, so it expires.
 * The key is derived from NOTIFICATIONS_SECRET for this one purpose, so no other token the
 * service signs can pass for it.
 */
export class PreferenceLinkTokens {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new Uint8Array(createHmac('sha256', secret).update('preference-link.v1').digest());
  }

  sign(recipientId: string, { now = new Date(), days = PREFERENCE_LINK_DAYS }: { now?: Date; days?: number } = {}): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(recipientId)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + days * 86_400)
      .sign(this.key);
  }

  /** The recipient id, or undefined for anything forged, altered, expired or malformed. */
  async verify(token: unknown): Promise<string | undefined> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 2048) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], audience: AUDIENCE, requiredClaims: ['sub', 'exp'] });
      return /^[0-9a-f-]{36}$/i.test(payload.sub ?? '') ? payload.sub : undefined;
    } catch {
      return undefined;
    }
  }
}
