import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PremisesHttp } from '@vaikuta/contracts';

export interface SpacePhotoRow {
  id: string;
  spaceId: string;
  position: number;
  alt: PremisesHttp.PhotoAlt;
  contentType: string;
  bytes: number;
  storageKey: string;
}

export interface NewSpacePhoto extends Omit<SpacePhotoRow, 'position'> {
  width: number;
  height: number;
  createdBy: string;
  createdAt: Date;
}

const COLUMNS = `id, space_id AS "spaceId", position, alt, content_type AS "contentType", bytes, storage_key AS "storageKey"`;

/** Every query of `space_photos`. */
@Injectable()
export class SpacePhotoRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /** Locks the space's row so concurrent uploads and reorders of one space take turns; false when there is no such space. */
  async lockSpace(tx: EntityManager, spaceId: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM spaces WHERE id = $1 FOR UPDATE`, [spaceId]);
    return rows.length > 0;
  }

  /** Appends the photo after the space's last one. */
  async insert(tx: EntityManager, photo: NewSpacePhoto): Promise<void> {
    await tx.query(
      `INSERT INTO space_photos (id, space_id, position, alt, content_type, bytes, width, height, storage_key, created_by, created_at)
       VALUES ($1, $2, (SELECT coalesce(max(position) + 1, 0) FROM space_photos WHERE space_id = $2), $3, $4, $5, $6, $7, $8, $9, $10)`,
      [photo.id, photo.spaceId, JSON.stringify(photo.alt), photo.contentType, photo.bytes, photo.width, photo.height, photo.storageKey, photo.createdBy, photo.createdAt],
    );
  }

  count(tx: EntityManager, spaceId: string): Promise<number> {
    return tx.query(`SELECT count(*)::int AS n FROM space_photos WHERE space_id = $1`, [spaceId]).then((rows: { n: number }[]) => rows[0].n);
  }

  ofSpace(spaceId: string, m: EntityManager = this.dataSource.manager): Promise<SpacePhotoRow[]> {
    return m.query(`SELECT ${COLUMNS} FROM space_photos WHERE space_id = $1 ORDER BY position`, [spaceId]);
  }

  async find(spaceId: string, photoId: string, m: EntityManager = this.dataSource.manager): Promise<SpacePhotoRow | undefined> {
    const rows: SpacePhotoRow[] = await m.query(`SELECT ${COLUMNS} FROM space_photos WHERE space_id = $1 AND id = $2`, [spaceId, photoId]);
    return rows[0];
  }

  async delete(tx: EntityManager, photoId: string): Promise<void> {
    await tx.query(`DELETE FROM space_photos WHERE id = $1`, [photoId]);
  }

  /** Sets each photo's position to its index in `photoIds` (the order constraint is checked at commit). */
  async reorder(tx: EntityManager, spaceId: string, photoIds: string[]): Promise<void> {
    await tx.query(
      `UPDATE space_photos p SET position = o.ord - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ord) WHERE p.id = o.id AND p.space_id = $1`,
      [spaceId, photoIds],
    );
  }
}
