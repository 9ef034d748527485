import { DEFAULT_RATE_LIMIT_CLASSES, rateLimitSettingsFromEnv } from './rate-limit-settings';
import { forwardedFor, trustProxyFromEnv } from './trusted-proxies';

describe('rate limit settings', () => {
  it('defaults to the city-sized limits, on, under the service prefix', () => {
    const settings = rateLimitSettingsFromEnv({}, 'feedback:');
    expect(settings.enabled).toBe(true);
    expect(settings.keyPrefix).toBe('feedback:');
    expect(settings.classes).toEqual(DEFAULT_RATE_LIMIT_CLASSES);
  });

  it('reads a class limit per address and per caller, and off', () => {
    const settings = rateLimitSettingsFromEnv(
      { RATE_LIMIT_ANONYMOUS_INTAKE_PER_ADDRESS: '500/60', RATE_LIMIT_LOGIN_PER_ADDRESS: 'off', API_KEY_FAILURES_LOCK_OUT_AFTER: '5', RATE_LIMITS: 'off' },
      'feedback:',
    );
    expect(settings.classes['anonymous-intake'].perAddress).toEqual({ points: 500, seconds: 60 });
    expect(settings.classes.login.perAddress).toBeNull();
    expect(settings.credentialFailures.lockOutAfter).toBe(5);
    expect(settings.enabled).toBe(false);
  });

  it('names the variable of a bad value', () => {
    expect(() => rateLimitSettingsFromEnv({ RATE_LIMIT_STAFF_API_PER_CALLER: 'lots' }, 'x:')).toThrow(/RATE_LIMIT_STAFF_API_PER_CALLER/);
    expect(() => rateLimitSettingsFromEnv({ API_KEY_FAILURES_LOCK_OUT_AFTER: '0' }, 'x:')).toThrow(/API_KEY_FAILURES_LOCK_OUT_AFTER/);
  });

  it('trusts X-Forwarded-For from loopback only, unless told otherwise', () => {
    expect(trustProxyFromEnv({})).toBe('loopback');
    expect(trustProxyFromEnv({ TRUST_PROXY: '10.0.0.0/8, loopback' })).toBe('10.0.0.0/8, loopback');
    expect(trustProxyFromEnv({ TRUST_PROXY: 'false' })).toBe(false);
    expect(() => trustProxyFromEnv({ TRUST_PROXY: '$(rm)' })).toThrow(/TRUST_PROXY/);
  });

  it('forwards the chain received plus the peer it came from, so a client cannot pass off a made-up address', () => {
    const peer = (remoteAddress?: string) => ({ socket: { remoteAddress } });
    expect(forwardedFor({ headers: {}, raw: peer('203.0.113.9') })).toBe('203.0.113.9');
    expect(forwardedFor({ headers: { 'x-forwarded-for': '10.9.9.9' }, raw: peer('203.0.113.9') })).toBe('10.9.9.9, 203.0.113.9');
    expect(forwardedFor({ headers: { 'x-forwarded-for': ['a', 'b'] }, raw: peer(undefined) })).toBe('a, b');
  });
});
