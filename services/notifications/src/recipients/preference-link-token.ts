import { createHmac, timingSafeEqual } from 'node:crypto';

/** Long enough for a message read weeks later; short enough that an old forwarded one stops working. */
export const PREFERENCE_LINK_DAYS = 60;

/**
 * The credential in a message's "change settings" link: it opens that recipient's preferences
 * without signing in (most recipients are contacts who never sign in). Unlike an unsubscribe
 * link, which only ever stops messages and so works forever, this one reveals and changes
 * settings, so it expires.
 *
 * `p.<recipient uuid, 16 bytes>.<expiry, unix seconds in base 36>.<HMAC-SHA256, 128 bits>`,
 * keyed by NOTIFICATIONS_SECRET with its own purpose prefix, so no other token this service
 * signs can pass for it. Why not a JWS (jose): every message carries one, and signing one
 * with jose measured 105–260 µs against 5 µs for this (bench/README.md counts the service's
 * CPU per message); only this service mints and checks them; and the link stays ~70
 * characters instead of ~250.
 */
export class PreferenceLinkTokens {
  constructor(private readonly secret: string) {}

  sign(recipientId: string, { now = new Date(), days = PREFERENCE_LINK_DAYS }: { now?: Date; days?: number } = {}): string {
    const id = Buffer.from(recipientId.replace(/-/g, ''), 'hex').toString('base64url');
    const expires = Math.floor(now.getTime() / 1000 + days * 86_400).toString(36);
    const body = `p.${id}.${expires}`;
    return `${body}.${this.mac(body)}`;
  }

  /** The recipient id, or undefined for anything forged, altered, expired or malformed. */
  verify(token: unknown, now = new Date()): string | undefined {
    if (typeof token !== 'string' || token.length > 200) return undefined;
    const parts = token.split('.');
    if (parts.length !== 4 || parts[0] !== 'p') return undefined;
    const [, id, expires, mac] = parts;
    const expected = Buffer.from(this.mac(`p.${id}.${expires}`));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const expiresAt = parseInt(expires, 36);
    if (!/^[0-9a-z]{1,10}$/.test(expires) || !(expiresAt * 1000 > now.getTime())) return undefined;
    const hex = Buffer.from(id, 'base64url').toString('hex');
    if (hex.length !== 32) return undefined;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(`preference-link.v1.${body}`).digest().subarray(0, 16).toString('base64url');
  }
}
