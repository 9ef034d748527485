import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PHOTO_STORAGE, PhotoStorage } from './photo-storage';
import { PhotoSize } from './photo-variants';
import { photoSizeOf } from './stored-photo';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which photos a caller may read: any of one request (its staff), or those of published requests. */
export type PhotoScope = { requestId: string } | { published: true };

/**
 * Reads one size of a stored photo. Every size is already re-encoded without metadata at
 * intake; a photo that was not (stored before that) is not found, whoever asks.
 */
@Injectable()
export class PhotoFiles {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PHOTO_STORAGE) private readonly storage: PhotoStorage,
  ) {}

  async read(photoId: string, size: PhotoSize, scope: PhotoScope): Promise<{ bytes: Buffer; contentType: string } | undefined> {
    if (!UUID.test(photoId)) return undefined;
    const byRequest = 'requestId' in scope;
    const [row] = await this.dataSource.query(
      `SELECT p.storage_key, p.display_key, p.thumb_key, p.content_type
         FROM feedback_photos p JOIN feedback_requests r ON r.id = p.request_id
        WHERE p.id = $1 AND ${byRequest ? 'r.id = $2' : 'r.published_at IS NOT NULL'}`,
      byRequest ? [photoId, scope.requestId] : [photoId],
    );
    const found = row && photoSizeOf(row, size);
    const bytes = found && (await this.storage.get(found.key));
    return bytes ? { bytes, contentType: found.contentType } : undefined;
  }
}
