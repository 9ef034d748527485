import { z } from 'zod';
import { loadServiceConfig, portVariable, ServiceConfigError, serviceEnvSchema } from './service-config';

const schema = serviceEnvSchema({ PORT: portVariable(3009), GREETING: z.string().min(2, 'must have at least 2 characters').default('hei') });

/** The error loading `env` as the feedback service throws (failing the test if none). */
function configError(env: NodeJS.ProcessEnv): Error {
  try {
    loadServiceConfig('feedback', schema, env);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a configuration error');
}

describe('loadServiceConfig', () => {
  it('gives the shared settings defaults and scopes Redis keys by service and namespace', () => {
    const config = loadServiceConfig('demo', schema, { NATS_NAMESPACE: 't1' });
    expect(config).toMatchObject({
      service: 'demo',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/vaikuta_demo',
      databasePoolSize: 20,
      migrateOnStart: true,
      natsUrl: 'nats://127.0.0.1:4222',
      natsNamespace: 't1',
      natsStreamReplicas: 1,
      outboxRetentionHours: 72,
      redisUrl: 'redis://127.0.0.1:6379',
      idempotencyKeyPrefix: 'demo:t1:',
      logging: { level: 'info', pretty: false },
      // The defaults libs/http had when it read the environment itself.
      http: { host: '0.0.0.0', trustProxy: 'loopback', tlsTerminatedInFront: false },
      env: { PORT: 3009, GREETING: 'hei' },
    });
    expect(config.rateLimits.keyPrefix).toBe('demo:t1:');
  });

  it('reads what the environment sets', () => {
    const config = loadServiceConfig('demo', schema, {
      DATABASE_URL: 'postgres://u@db:5432/x',
      DATABASE_POOL_SIZE: '7',
      DB_MIGRATE_ON_START: 'false',
      NATS_STREAM_REPLICAS: '3',
      OUTBOX_RETENTION_HOURS: '12',
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'debug',
      PORT: '4000',
      HOST: '127.0.0.1',
      TRUST_PROXY: '10.0.0.0/8, loopback',
      TLS_TERMINATED_IN_FRONT: 'true',
      AUTH_JWKS_URL: 'https://login.example.fi/jwks',
      NODE_ENV: 'production',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u@db:5432/x',
      databasePoolSize: 7,
      migrateOnStart: false,
      natsStreamReplicas: 3,
      outboxRetentionHours: 12,
      logging: { level: 'debug' },
      http: { host: '127.0.0.1', trustProxy: '10.0.0.0/8, loopback', tlsTerminatedInFront: true },
      auth: { AUTH_JWKS_URL: 'https://login.example.fi/jwks', NODE_ENV: 'production' },
      env: { PORT: 4000 },
    });
    expect(config.rateLimits.enabled).toBe(false);
  });

  it('names every bad variable on a line of its own, the service first', () => {
    const error = configError({
      DATABASE_URL: 'mysql://db/x',
      NATS_NAMESPACE: 'Has Spaces',
      GREETING: 'x',
      RATE_LIMIT_LOGIN_PER_ADDRESS: 'lots',
      NATS_STREAM_REPLICAS: 'nine',
    });
    expect(error).toBeInstanceOf(ServiceConfigError);
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines).toContain('feedback: config error: NATS_STREAM_REPLICAS: must be a whole number');
    expect(lines).toContain('feedback: config error: DATABASE_URL: must be a postgres:// URL');
    expect(lines).toContain('feedback: config error: NATS_NAMESPACE: must be lower-case letters, digits or underscores');
    expect(lines).toContain('feedback: config error: GREETING: must have at least 2 characters');
    expect(lines.find((l) => l.includes('RATE_LIMIT_LOGIN_PER_ADDRESS'))).toMatch(/^feedback: config error: RATE_LIMIT_LOGIN_PER_ADDRESS: /);
  });

  it('names a bad HTTP or sign-in variable in the words of its library, one line each', () => {
    const error = configError({ TRUST_PROXY: '$(rm -rf)', TLS_TERMINATED_IN_FRONT: 'yes', HOST: ' ', AUTH_DEV_ISSUER: 'maybe', LOG_PRETTY: 'on' });
    expect(error.message.split('\n').sort()).toEqual([
      'feedback: config error: AUTH_DEV_ISSUER: must be true or false, not maybe',
      'feedback: config error: HOST: must be a host name or address',
      'feedback: config error: LOG_PRETTY: must be true or false',
      'feedback: config error: TLS_TERMINATED_IN_FRONT: expected true or false, got yes',
      'feedback: config error: TRUST_PROXY: expected loopback, true, false or comma-separated addresses or CIDRs, got $(rm -rf)',
    ]);
  });

  it("takes NATS_URL as one server or a cluster's comma-separated nodes, and names it when one is not a NATS URL", () => {
    const urls = 'nats://nats-0:4222,nats://nats-1:4222, nats://nats-2:4222';
    expect(loadServiceConfig('demo', schema, { NATS_URL: urls }).natsUrl).toBe(urls);
    expect(configError({ NATS_URL: 'nats://nats-0:4222,http://nats-1:4222' }).message).toContain(
      'feedback: config error: NATS_URL: must be nats:// URLs (comma-separated)',
    );
  });
});
