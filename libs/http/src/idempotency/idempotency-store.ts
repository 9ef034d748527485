import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type IORedis from 'ioredis';
import { REDIS_CONNECTION } from '@vaikuta/redis';

export interface IdempotencySettings {
  /** Prefix of every record (a test file's own, so files do not share records). */
  keyPrefix: string;
  /** How long a finished answer is replayed: the draft's 24 h. */
  answerSeconds?: number;
  /**
   * How long an unfinished request holds its key. Longer than any request may take (uploads
   * over a slow phone line), short enough that a replica killed mid-request frees the key.
   */
  pendingSeconds?: number;
}

export const IDEMPOTENCY_SETTINGS = Symbol('IDEMPOTENCY_SETTINGS');

/** The first answer, as it is replayed. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface PendingRecord {
  state: 'pending';
  fingerprint: string;
  owner: string;
}

interface DoneRecord {
  state: 'done';
  fingerprint: string;
  answer: StoredAnswer;
}

type IdempotencyRecord = PendingRecord | DoneRecord;

export type Reservation =
  | { outcome: 'started'; owner: string }
  | { outcome: 'in-flight' }
  | { outcome: 'mismatch' }
  | { outcome: 'replay'; answer: StoredAnswer };

// Deletes the pending record only if it is still this request's: a record that expired and
// was taken by a later request must not be removed by the first one finishing late.
const RELEASE = `local v = redis.call('GET', KEYS[1])
if v and cjson.decode(v).owner == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

// Stores the answer over this request's own pending record only, for the same reason.
const COMPLETE = `local v = redis.call('GET', KEYS[1])
if v and cjson.decode(v).owner == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end
return 0`;

/**
 * Idempotency records in Redis (docs/adr/0007): `SET NX` with an expiry reserves a key for
 * one request at a time; the finished answer replaces the reservation for 24 h.
 */
@Injectable()
export class IdempotencyStore {
  readonly answerSeconds: number;
  readonly pendingSeconds: number;

  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: IORedis,
    @Inject(IDEMPOTENCY_SETTINGS) private readonly settings: IdempotencySettings,
  ) {
    this.answerSeconds = settings.answerSeconds ?? 24 * 3600;
    this.pendingSeconds = settings.pendingSeconds ?? 120;
  }

  /** The Redis key of one caller's key on one route. */
  recordKey(route: string, scope: string, key: string): string {
    return `${this.settings.keyPrefix}idem:${route}:${scope}:${key}`;
  }

  async reserve(recordKey: string, fingerprint: string): Promise<Reservation> {
    // Two rounds at most: a record that expires between SET NX and GET is simply taken again.
    for (let round = 0; round < 2; round++) {
      const owner = randomUUID();
      const pending: PendingRecord = { state: 'pending', fingerprint, owner };
      if ((await this.redis.set(recordKey, JSON.stringify(pending), 'EX', this.pendingSeconds, 'NX')) === 'OK') {
        return { outcome: 'started', owner };
      }
      const raw = await this.redis.get(recordKey);
      if (raw === null) continue;
      const record = JSON.parse(raw) as IdempotencyRecord;
      if (record.fingerprint !== fingerprint) return { outcome: 'mismatch' };
      return record.state === 'done' ? { outcome: 'replay', answer: record.answer } : { outcome: 'in-flight' };
    }
    return { outcome: 'in-flight' };
  }

  async complete(recordKey: string, owner: string, fingerprint: string, answer: StoredAnswer): Promise<void> {
    const done: DoneRecord = { state: 'done', fingerprint, answer };
    await this.redis.eval(COMPLETE, 1, recordKey, owner, JSON.stringify(done), String(this.answerSeconds));
  }

  async release(recordKey: string, owner: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, recordKey, owner);
  }
}
