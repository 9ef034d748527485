import { PreferenceLinkTokens } from './preference-link-token';

describe('preference link tokens', () => {
  const tokens = new PreferenceLinkTokens('a-secret-that-is-long-enough-for-tests-0001');
  const recipientId = '5b0c3c1e-2f3a-4a8e-9a51-6f0f3f7e2a10';

  it('names the recipient it was signed for and is URL-safe', async () => {
    const token = await tokens.sign(recipientId);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    await expect(tokens.verify(token)).resolves.toBe(recipientId);
  });

  it('refuses an expired link', async () => {
    const old = await tokens.sign(recipientId, { now: new Date(Date.now() - 61 * 86_400_000) });
    await expect(tokens.verify(old)).resolves.toBeUndefined();
  });

  it('refuses another secret, an altered body or signature, alg=none and garbage', async () => {
    const good = await tokens.sign(recipientId);
    await expect(new PreferenceLinkTokens('another-secret-that-is-long-enough-000002').verify(good)).resolves.toBeUndefined();
    const [header, body, mac] = good.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url');
    await expect(tokens.verify(`${header}.${forged}.${mac}`)).resolves.toBeUndefined();
    await expect(tokens.verify(`${header}.${body}.${mac.slice(0, -2)}`)).resolves.toBeUndefined();
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    await expect(tokens.verify(`${none}.${body}.`)).resolves.toBeUndefined();
    for (const bad of ['', 'x', undefined, 42, 'a'.repeat(5000)]) await expect(tokens.verify(bad)).resolves.toBeUndefined();
  });
});
