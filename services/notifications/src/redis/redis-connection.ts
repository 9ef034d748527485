import IORedis from 'ioredis';

export interface RedisEndpoint {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: object;
}

export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');

/** Connection options from a redis:// URL, for BullMQ workers that open their own connections. */
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
 * The connection for enqueueing and health. It fails fast while Redis is away rather than
 * buffering commands: a row whose job could not be added stays pending in PostgreSQL and
 * the reconciler adds it later, so nothing waits on Redis in the event consumer.
 */
export function createCommandConnection(url: string): IORedis {
  return new IORedis({
    ...redisOptionsFromUrl(url),
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  });
}
