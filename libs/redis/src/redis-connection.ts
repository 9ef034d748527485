import IORedis from 'ioredis';

/** The local Redis `npm start` and the tests use when REDIS_URL is not set. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface RedisEndpoint {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: object;
}

/** Connection options from a redis:// (or rediss://) URL. */
export function redisOptionsFromUrl(url: string): RedisEndpoint {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * A command connection that fails fast while Redis is away instead of queueing commands:
 * what a request asks of Redis (a rate-limit counter, an idempotency record) must answer
 * within the request or not at all, so callers decide what an unreachable Redis means.
 */
export function createRedisConnection(url: string = DEFAULT_REDIS_URL): IORedis {
  return new IORedis({
    ...redisOptionsFromUrl(url),
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  });
}

/**
 * Resolves once the connection is ready, or after `timeoutMs` whatever its state: a service
 * starts without Redis (its readiness says so) rather than not at all.
 */
export async function awaitRedisReady(redis: IORedis, timeoutMs = 2000): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise<boolean>((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    timer.unref();
    redis.on('ready', onReady);
  });
}
