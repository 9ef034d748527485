import { PreferenceLinkTokens } from './preference-link-token';

describe('preference link tokens', () => {
  const tokens = new PreferenceLinkTokens('a-secret-that-is-long-enough-for-tests-0001');
  const recipientId = '5b0c3c1e-2f3a-4a8e-9a51-6f0f3f7e2a10';

  it('names the recipient it was signed for, is URL-safe and short', () => {
    const token = tokens.sign(recipientId);
    expect(token).toMatch(/^p\.[A-Za-z0-9_-]+\.[0-9a-z]+\.[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThan(64);
    expect(tokens.verify(token)).toBe(recipientId);
  });

  it('works until it expires, then no more', () => {
    const token = tokens.sign(recipientId, { now: new Date('2026-01-01T00:00:00Z'), days: 60 });
    expect(tokens.verify(token, new Date('2026-03-01T00:00:00Z'))).toBe(recipientId);
    expect(tokens.verify(token, new Date('2026-03-03T00:00:00Z'))).toBeUndefined();
    expect(tokens.verify(tokens.sign(recipientId, { now: new Date(Date.now() - 61 * 86_400_000) }))).toBeUndefined();
  });

  it('refuses another secret, another recipient, a later expiry, an altered signature and garbage', () => {
    const good = tokens.sign(recipientId);
    expect(new PreferenceLinkTokens('another-secret-that-is-long-enough-000002').verify(good)).toBeUndefined();
    const [, id, expires, mac] = good.split('.');
    const other = Buffer.from('00000000000040008000000000000000', 'hex').toString('base64url');
    expect(tokens.verify(`p.${other}.${expires}.${mac}`)).toBeUndefined();
    expect(tokens.verify(`p.${id}.${(parseInt(expires, 36) + 86_400 * 365).toString(36)}.${mac}`)).toBeUndefined();
    expect(tokens.verify(`p.${id}.${expires}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(tokens.verify(`s.${id}.${expires}.${mac}`)).toBeUndefined();
    for (const bad of ['', 'x', 'p...', undefined, 42, `${good}.x`, 'a'.repeat(5000)]) expect(tokens.verify(bad)).toBeUndefined();
  });
});
