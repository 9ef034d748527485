import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** An Open311 client's key as listed to admins: never the key, never its hash. */
export interface Open311ApiKeySummary {
  id: string;
  label: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface CreatedOpen311ApiKey {
  id: string;
  label: string;
  createdBy: string;
  /** The key itself; only known when it was just made (or handed in by the caller). */
  apiKey?: string;
  createdAt: string;
  /** false when an existing key was found and returned (idempotent seeding). */
  created: boolean;
  revokedAt: string | null;
}

/** 32 random bytes, base64url: 256 bits, safe in forms and URLs without escaping. */
export function generateOpen311ApiKey(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Only this hash is stored. A fast hash is enough: the keys are random and long, so there is
 * nothing to guess from it, and a slow one would only slow every POST.
 */
export function hashOpen311ApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

interface KeyRow {
  id: string;
  label: string;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

const summaryOf = (row: KeyRow): Open311ApiKeySummary => ({
  id: row.id,
  label: row.label,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

async function insertKey(m: EntityManager | DataSource, label: string, createdBy: string, key: string): Promise<KeyRow> {
  const [row] = await m.query(
    `INSERT INTO open311_api_keys (id, label, key_hash, created_by) VALUES ($1, $2, $3, $4)
     RETURNING id, label, created_by, created_at, revoked_at`,
    [randomUUID(), label, hashOpen311ApiKey(key), createdBy],
  );
  return row;
}

/**
 * Registers an Open311 client key without an admin token: the demo seed calls this with
 * OPEN311_DEMO_API_KEY. Running it again changes nothing:
 * - with `key`, the key is found by its hash and returned as it is (a revoked one stays
 *   revoked: revocation is an admin's decision that a re-run seed must not undo);
 * - without `key`, a live key with the same label is returned (without key material, which
 *   is not stored); only if there is none is a new key made and returned once.
 */
export async function createOpen311ApiKey(
  dataSource: DataSource,
  { label, createdBy, key }: { label: string; createdBy: string; key?: string },
): Promise<CreatedOpen311ApiKey> {
  const name = label.trim();
  if (!name) throw new Error('An Open311 API key needs a label');
  if (key !== undefined && key.trim() === '') throw new Error('An Open311 API key cannot be empty');
  return dataSource.transaction(async (m) => {
    // Two seeds starting together must not both insert: serialise on the label.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`open311_api_keys:${name}`]);
    const existing: KeyRow[] = key
      ? await m.query(`SELECT id, label, created_by, created_at, revoked_at FROM open311_api_keys WHERE key_hash = $1`, [
          hashOpen311ApiKey(key),
        ])
      : await m.query(
          `SELECT id, label, created_by, created_at, revoked_at FROM open311_api_keys
           WHERE label = $1 AND revoked_at IS NULL ORDER BY created_at LIMIT 1`,
          [name],
        );
    if (existing[0]) {
      const row = existing[0];
      return { ...summaryOf(row), ...(key ? { apiKey: key } : {}), created: false };
    }
    const apiKey = key ?? generateOpen311ApiKey();
    const row = await insertKey(m, name, createdBy, apiKey);
    return { ...summaryOf(row), apiKey, created: true };
  });
}

/** Keys of Open311 clients (apps posting requests): issued by admins, checked on every POST. */
@Injectable()
export class Open311ApiKeysService {
  private readonly logger = new Logger('Open311Keys');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new key, returned once; admins may give several clients (or a rotation) the same label. */
  async create(label: string, createdBy: string): Promise<{ id: string; label: string; apiKey: string; createdAt: string }> {
    const apiKey = generateOpen311ApiKey();
    const row = await insertKey(this.dataSource, label, createdBy, apiKey);
    this.logger.log(`created Open311 key ${row.id} (${row.label})`);
    return { id: row.id, label: row.label, apiKey, createdAt: row.created_at.toISOString() };
  }

  async list(): Promise<Open311ApiKeySummary[]> {
    const rows: KeyRow[] = await this.dataSource.query(
      `SELECT id, label, created_by, created_at, revoked_at FROM open311_api_keys ORDER BY created_at DESC, id`,
    );
    return rows.map(summaryOf);
  }

  /** Revokes a key; true when the key exists (revoking twice is not an error). */
  async revoke(id: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [, affected]: [unknown[], number] = await this.dataSource.query(
      `UPDATE open311_api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1`,
      [id],
    );
    if (affected) this.logger.log(`revoked Open311 key ${id}`);
    return affected > 0;
  }

  /** The id of the live key the client sent, or undefined for a missing, unknown or revoked one. */
  async verify(key: string | undefined): Promise<string | undefined> {
    if (!key) return undefined;
    const [row] = await this.dataSource.query(`SELECT id FROM open311_api_keys WHERE key_hash = $1 AND revoked_at IS NULL`, [
      hashOpen311ApiKey(key),
    ]);
    return row?.id;
  }
}
