import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an unsubscribe link stops: one item, a whole topic, text messages, or everything. */
export type UnsubscribeScope = { kind: 'item'; itemKey: string } | { kind: 'topic'; topic: string } | { kind: 'sms' } | { kind: 'all' };

export interface UnsubscribeClaim {
  recipientId: string;
  scope: UnsubscribeScope;
}

/**
 * Unsubscribe tokens are an HMAC-SHA256 over a small JSON body, keyed by NOTIFICATIONS_SECRET.
 * Why not a JWT (jose): only this service mints and checks them, so a shared secret is all
 * that is needed; they never expire (an unsubscribe link in a years-old email must still work,
 * RFC 8058), so a JWT's claims buy nothing; and the URL stays short for mail clients that
 * wrap long lines. Rotating the secret invalidates old links — keep the old one until then.
 */
export class UnsubscribeTokens {
  constructor(private readonly secret: string) {}

  sign(claim: UnsubscribeClaim): string {
    if (claim.scope.kind === 'sms') return this.signSms(claim.recipientId);
    const scope = claim.scope.kind === 'item' ? `i:${claim.scope.itemKey}` : claim.scope.kind === 'topic' ? `t:${claim.scope.topic}` : 'a';
    const body = Buffer.from(JSON.stringify({ v: 1, r: claim.recipientId, s: scope })).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /**
   * "Stop text messages", short enough for an SMS (every character of a text costs): `s.`,
   * the recipient's uuid as 16 bytes and a 128-bit MAC, about 47 characters in all.
   */
  private signSms(recipientId: string): string {
    const id = Buffer.from(recipientId.replace(/-/g, ''), 'hex').toString('base64url');
    return `s.${id}.${this.mac(`s.${id}`).slice(0, 22)}`;
  }

  private verifySms(id: string, mac: string): UnsubscribeClaim | undefined {
    const expected = Buffer.from(this.mac(`s.${id}`).slice(0, 22));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const hex = Buffer.from(id, 'base64url').toString('hex');
    if (hex.length !== 32) return undefined;
    return { recipientId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`, scope: { kind: 'sms' } };
  }

  /** The claim, or undefined for anything forged, altered or malformed. */
  verify(token: string): UnsubscribeClaim | undefined {
    const parts = String(token ?? '').split('.');
    if (parts.length === 3 && parts[0] === 's') return parts[1] && parts[2] ? this.verifySms(parts[1], parts[2]) : undefined;
    const [body, mac, extra] = parts;
    if (!body || !mac || extra !== undefined) return undefined;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { v: number; r: string; s: string };
      if (parsed.v !== 1 || typeof parsed.r !== 'string' || typeof parsed.s !== 'string') return undefined;
      const scope: UnsubscribeScope | undefined = parsed.s === 'a'
        ? { kind: 'all' }
        : parsed.s.startsWith('i:')
          ? { kind: 'item', itemKey: parsed.s.slice(2) }
          : parsed.s.startsWith('t:')
            ? { kind: 'topic', topic: parsed.s.slice(2) }
            : undefined;
      return scope ? { recipientId: parsed.r, scope } : undefined;
    } catch {
      return undefined;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(`unsubscribe.v1.${body}`).digest('base64url');
  }
}
