import { z } from 'zod';
import { httpEnvShape, httpSettings } from './http-env';

const schema = z.object(httpEnvShape);
const problems = (env: Record<string, string>) => {
  const parsed = schema.safeParse(env);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('httpEnvShape', () => {
  it('has the defaults libs/http had when it read the environment itself', () => {
    expect(httpSettings(schema.parse({}))).toEqual({ host: '0.0.0.0', trustProxy: 'loopback', tlsTerminatedInFront: false });
  });

  it('reads HOST, TRUST_PROXY and TLS_TERMINATED_IN_FRONT', () => {
    const env = { HOST: '127.0.0.1', TRUST_PROXY: '10.0.0.0/8, loopback', TLS_TERMINATED_IN_FRONT: 'true' };
    expect(httpSettings(schema.parse(env))).toEqual({ host: '127.0.0.1', trustProxy: '10.0.0.0/8, loopback', tlsTerminatedInFront: true });
    expect(schema.parse({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
  });

  it('names each bad variable once, in the words of its parser', () => {
    expect(problems({ TRUST_PROXY: '$(rm)', TLS_TERMINATED_IN_FRONT: 'yes', HOST: '' })).toEqual([
      'HOST: must be a host name or address',
      'TRUST_PROXY: expected loopback, true, false or comma-separated addresses or CIDRs, got $(rm)',
      'TLS_TERMINATED_IN_FRONT: expected true or false, got yes',
    ]);
  });
});
