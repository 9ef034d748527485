import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { AuthUser } from '@vaikuta/auth';
import type { PremisesHttp } from '@vaikuta/contracts';
import { Clock } from '@vaikuta/domain';
import { ValidationProblem } from '@vaikuta/http';
import { FileStorage } from '@vaikuta/persistence';
import { premisesStaffActor } from './space.service';
import { SpaceRepository } from './space.repository';
import { encodeSpacePhoto } from './space-photo-encoder';
import { SpacePhotoRepository } from './space-photo.repository';
import { spacePhotoView } from './space-views';

export const SPACE_PHOTO_FILES = Symbol('SPACE_PHOTO_FILES');
/** Keys this part makes in the file storage. */
export const SPACE_PHOTO_KEY = /^[a-f0-9-]+\.(jpg|png|webp)$/;
/** A space page shows a handful; this bounds what one manager can put on public disk. */
export const MAX_PHOTOS_PER_SPACE = 20;

/**
 * Photos of a space: premises managers and admins add, order and delete them; anyone sees them.
 * The re-encoded bytes go to the file storage first, the row and its audit entry then commit
 * under the space's lock, and a failed commit takes the stored file away again.
 */
@Injectable()
export class SpacePhotosService {
  constructor(
    private readonly photos: SpacePhotoRepository,
    private readonly spaces: SpaceRepository,
    private readonly clock: Clock,
    @Inject(SPACE_PHOTO_FILES) private readonly storage: FileStorage,
  ) {}

  async list(spaceId: string): Promise<PremisesHttp.SpacePhoto[]> {
    return (await this.photos.ofSpace(spaceId)).map(spacePhotoView);
  }

  async add(spaceId: string, upload: Buffer | undefined, alt: PremisesHttp.PhotoAlt, user: AuthUser): Promise<PremisesHttp.SpacePhoto> {
    if (!(await this.spaces.find(spaceId))) throw new NotFoundException(`No space ${spaceId}`);
    if (!upload) throw ValidationProblem.field('file', 'Attach one photo');
    const photo = await encodeSpacePhoto(upload);
    const id = randomUUID();
    const storageKey = `${randomUUID()}.${photo.extension}`;
    await this.storage.put(storageKey, photo.bytes, photo.contentType);
    try {
      await this.photos.dataSource.transaction(async (tx) => {
        if (!(await this.photos.lockSpace(tx, spaceId))) throw new NotFoundException(`No space ${spaceId}`);
        if ((await this.photos.count(tx, spaceId)) >= MAX_PHOTOS_PER_SPACE) {
          throw ValidationProblem.field('file', `A space may have at most ${MAX_PHOTOS_PER_SPACE} photos; delete one first`, 409);
        }
        await this.photos.insert(tx, {
          id,
          spaceId,
          alt,
          contentType: photo.contentType,
          bytes: photo.bytes.length,
          width: photo.width,
          height: photo.height,
          storageKey,
          createdBy: user.sub,
          createdAt: this.clock.now(),
        });
        await this.spaces.auditLog.write(tx, { entityId: spaceId, action: 'photo_added', actor: premisesStaffActor(user), details: { photoId: id, contentType: photo.contentType, bytes: photo.bytes.length } });
      });
    } catch (error) {
      await this.storage.delete(storageKey).catch(() => undefined);
      throw error;
    }
    return spacePhotoView((await this.photos.find(spaceId, id))!);
  }

  async remove(spaceId: string, photoId: string, user: AuthUser): Promise<void> {
    const row = await this.photos.find(spaceId, photoId);
    if (!row) throw new NotFoundException(`No photo ${photoId}`);
    await this.photos.dataSource.transaction(async (tx) => {
      await this.photos.lockSpace(tx, spaceId);
      await this.photos.delete(tx, photoId);
      await this.spaces.auditLog.write(tx, { entityId: spaceId, action: 'photo_deleted', actor: premisesStaffActor(user), details: { photoId } });
    });
    // After the commit: a failed delete leaves an orphan file, never a row without its file.
    await this.storage.delete(row.storageKey).catch(() => undefined);
  }

  /** Puts the space's photos in the given order; the list must name each of them once. */
  async reorder(spaceId: string, body: PremisesHttp.PhotoOrderRequest, user: AuthUser): Promise<PremisesHttp.SpacePhoto[]> {
    await this.photos.dataSource.transaction(async (tx) => {
      if (!(await this.photos.lockSpace(tx, spaceId))) throw new NotFoundException(`No space ${spaceId}`);
      const current = (await this.photos.ofSpace(spaceId, tx)).map((p) => p.id);
      const wanted = new Set(body.photoIds);
      if (wanted.size !== body.photoIds.length || wanted.size !== current.length || current.some((id) => !wanted.has(id))) {
        throw ValidationProblem.field('photoIds', "Every photo of the space, each once");
      }
      await this.photos.reorder(tx, spaceId, body.photoIds);
      await this.spaces.auditLog.write(tx, { entityId: spaceId, action: 'photos_reordered', actor: premisesStaffActor(user), details: { photoIds: body.photoIds } });
    });
    return this.list(spaceId);
  }

  /** The stored bytes of a photo of that space, for anyone. */
  async file(spaceId: string, photoId: string): Promise<{ bytes: Buffer; contentType: string }> {
    const row = await this.photos.find(spaceId, photoId);
    const bytes = row && (await this.storage.get(row.storageKey));
    if (!row || !bytes) throw new NotFoundException(`No photo ${photoId}`);
    return { bytes, contentType: row.contentType };
  }
}
