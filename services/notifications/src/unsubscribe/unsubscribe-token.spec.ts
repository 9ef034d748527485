import { UnsubscribeTokens } from './unsubscribe-token';

describe('unsubscribe tokens', () => {
  const tokens = new UnsubscribeTokens('a-secret-that-is-long-enough-for-tests-0001');
  const recipientId = '5b0c3c1e-2f3a-4a8e-9a51-6f0f3f7e2a10';

  it('round-trips item, topic and all scopes', () => {
    for (const scope of [
      { kind: 'item', itemKey: 'feedback:0f7e2a10-2f3a-4a8e-9a51-5b0c3c1e6f0f' },
      { kind: 'topic', topic: 'feedback' },
      { kind: 'all' },
    ] as const) {
      expect(tokens.verify(tokens.sign({ recipientId, scope }))).toEqual({ recipientId, scope });
    }
  });

  it('signs "stop texts" short enough for an SMS, and refuses it altered', () => {
    const token = tokens.sign({ recipientId, scope: { kind: 'sms' } });
    expect(token.length).toBeLessThanOrEqual(48);
    expect(token).toMatch(/^s\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(tokens.verify(token)).toEqual({ recipientId, scope: { kind: 'sms' } });
    const [, id, mac] = token.split('.');
    const other = Buffer.from('00000000000040008000000000000000', 'hex').toString('base64url');
    expect(tokens.verify(`s.${other}.${mac}`)).toBeUndefined();
    expect(tokens.verify(`s.${id}.${mac.slice(0, -1)}A`)).toBeUndefined();
    expect(tokens.verify(`s.${id}.`)).toBeUndefined();
    expect(new UnsubscribeTokens('another-secret-that-is-long-enough-000002').verify(token)).toBeUndefined();
  });

  it('is URL-safe', () => {
    expect(tokens.sign({ recipientId, scope: { kind: 'all' } })).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('refuses a token signed with another secret, altered, truncated or garbage', () => {
    const good = tokens.sign({ recipientId, scope: { kind: 'all' } });
    expect(new UnsubscribeTokens('another-secret-that-is-long-enough-000002').verify(good)).toBeUndefined();
    const [body, mac] = good.split('.');
    const forged = Buffer.from(JSON.stringify({ v: 1, r: 'someone-else', s: 'a' })).toString('base64url');
    expect(tokens.verify(`${forged}.${mac}`)).toBeUndefined();
    expect(tokens.verify(`${body}.${mac.slice(0, -2)}`)).toBeUndefined();
    expect(tokens.verify(body)).toBeUndefined();
    expect(tokens.verify(`${good}.extra`)).toBeUndefined();
    expect(tokens.verify('')).toBeUndefined();
    expect(tokens.verify(undefined as never)).toBeUndefined();
  });
});
