export { DEFAULT_REDIS_URL, createRedisConnection, redisOptionsFromUrl, awaitRedisReady, type RedisEndpoint } from './redis-connection';
export { boundedClose, closeRedis } from './bounded-close';
export { REDIS_CONNECTION, RedisModule } from './redis.module';
