import { Test } from '@nestjs/testing';
import type IORedis from 'ioredis';
import { REDIS_CONNECTION, RedisModule } from './redis.module';
import { redisOptionsFromUrl } from './redis-connection';

describe('RedisModule', () => {
  it('connects to the local Redis and closes on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [RedisModule.forRoot()] }).compile();
    await moduleRef.init();
    const redis = moduleRef.get<IORedis>(REDIS_CONNECTION);
    expect(await redis.ping()).toBe('PONG');
    await moduleRef.close();
    expect(redis.status).toBe('end');
  });

  it('starts and shuts down within bounds when Redis is not there, failing commands at once', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [RedisModule.forRoot('redis://127.0.0.1:1')] }).compile();
    await moduleRef.init();
    const redis = moduleRef.get<IORedis>(REDIS_CONNECTION);
    await expect(redis.get('anything')).rejects.toThrow();
    // Resolves (bounded) although quit() cannot reach anyone; Jest's timeout would catch a hang.
    await moduleRef.close();
    expect(redis.status).not.toBe('ready');
  });

  it('reads credentials, database and TLS from the URL', () => {
    expect(redisOptionsFromUrl('rediss://user:p%40ss@cache.example:6380/2')).toEqual({
      host: 'cache.example',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 2,
      tls: {},
    });
  });
});
