import { createHash } from 'node:crypto';
import IORedis from 'ioredis';

/** Where a service keeps its Idempotency-Key records: its config's Redis and prefix. */
export interface IdempotencyRecordsAt {
  redisUrl: string;
  idempotencyKeyPrefix: string;
}

export interface LostAnswerRetry<T> {
  /** The key both requests carried. */
  key: string;
  first: T;
  /** The retry, sent after the first answer's record was removed. */
  retry: T;
}

// The record key is `<prefix>idem:<method path>:<caller scope>:<SHA-256 of the key, base64url>`
// (IdempotencyStore.recordKey); the test knows the key, not the scope the interceptor chose.
const hashOf = (key: string) => createHash('sha256').update(key, 'utf8').digest('base64url');
const globEscaped = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');

/**
 * Removes the stored answer of the request sent with `key`, so the next request with that key
 * finds nothing in Redis: what a retry meets when the first request committed and its process
 * died before the answer reached Redis (docs/adr/0007). Throws unless there was exactly one
 * finished answer, so a test cannot pass because nothing was stored in the first place.
 */
export async function forgetStoredAnswer(at: IdempotencyRecordsAt, key: string): Promise<void> {
  const redis = new IORedis(at.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const found: string[] = [];
    const pattern = `${globEscaped(at.idempotencyKeyPrefix)}idem:*:${hashOf(key)}`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      found.push(...keys);
      cursor = next;
    } while (cursor !== '0');
    if (found.length !== 1) throw new Error(`Expected one Idempotency-Key record for ${key}, found ${found.length}`);
    const record = JSON.parse((await redis.get(found[0])) ?? '{}') as { state?: string };
    if (record.state !== 'done') throw new Error(`The record for ${key} holds no finished answer (${record.state ?? 'gone'})`);
    await redis.del(found[0]);
  } finally {
    redis.disconnect();
  }
}

/**
 * Sends a keyed request, loses its stored answer (forgetStoredAnswer) and sends it again with
 * the same key and body: the crash between commit and stored answer, without killing a process.
 * The caller asserts what a user relies on: the same id, one row, each event once.
 */
export async function retryAfterLostAnswer<T>(at: IdempotencyRecordsAt, send: (key: string) => Promise<T>, key = `lost-answer-${Date.now()}-${Math.random().toString(36).slice(2)}`): Promise<LostAnswerRetry<T>> {
  const first = await send(key);
  await forgetStoredAnswer(at, key);
  const retry = await send(key);
  return { key, first, retry };
}
