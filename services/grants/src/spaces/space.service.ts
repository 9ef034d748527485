import { isDeepStrictEqual } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import type { PremisesHttp } from '@vaikuta/contracts';
import { Clock, VersionedChange } from '@vaikuta/domain';
import { OutboxWriter } from '@vaikuta/messaging';
import { Space } from './space.entity';
import { SpaceRepository } from './space.repository';
import { SpacePhotoRepository } from './space-photo.repository';
import { spaceColumnsOf, spaceDetailOf, spacePhotoView, spaceSummaryOf } from './space-views';

/** Who did a manager's step, for the audit trail. */
export function premisesStaffActor(user: AuthUser): { id: string; role: string } {
  return { id: user.sub, role: user.roles.includes('admin') ? 'admin' : 'premises_manager' };
}

/** Spaces: premises managers and admins create and edit them; anyone reads them. */
@Injectable()
export class SpaceService {
  private readonly changes: VersionedChange<Space>;

  constructor(
    private readonly repository: SpaceRepository,
    private readonly photos: SpacePhotoRepository,
    outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {
    this.changes = new VersionedChange(repository.dataSource, outbox, {
      entity: Space,
      audit: repository.auditLog,
      notFound: (id) => new NotFoundException(`No space ${id}`),
      clock,
    });
  }

  async list(query: PremisesHttp.SpaceListQuery): Promise<PremisesHttp.SpaceList> {
    const page = await this.repository.list(query);
    return { items: page.items.map(spaceSummaryOf), nextCursor: page.nextCursor };
  }

  async detail(id: string): Promise<PremisesHttp.SpaceDetail> {
    const space = await this.space(id);
    return spaceDetailOf(space, await this.photosOf(id));
  }

  /** The space, or 404. Bookings read spaces through this. */
  async space(id: string): Promise<Space> {
    const space = await this.repository.find(id);
    if (!space) throw new NotFoundException(`No space ${id}`);
    return space;
  }

  async create(body: PremisesHttp.SpaceRequest, user: AuthUser): Promise<PremisesHttp.SpaceDetail> {
    const now = this.clock.now();
    const space = Object.assign(new Space(), {
      id: randomUUID(),
      ...spaceColumnsOf(body),
      version: 1,
      createdBy: user.sub,
      createdAt: now,
      updatedAt: now,
    });
    await this.repository.dataSource.transaction(async (m) => {
      await this.repository.insert(m, space);
      await this.repository.auditLog.write(m, { entityId: space.id, version: 1, action: 'created', actor: premisesStaffActor(user) });
    });
    return spaceDetailOf(space);
  }

  /**
   * Replaces the space's details. Bookings already made keep the buffered time they were made
   * with (ADR 0014); new rules apply to new bookings.
   */
  async update(id: string, body: PremisesHttp.UpdateSpaceRequest, user: AuthUser): Promise<PremisesHttp.SpaceDetail> {
    const saved = await this.changes.apply({ id, expectedVersion: body.version, actor: premisesStaffActor(user) }, async (space) => {
      const before = spaceDetailOf(space);
      Object.assign(space, spaceColumnsOf(body));
      return { action: 'updated', details: { changed: changedFields(before, spaceDetailOf(space)) } };
    });
    return spaceDetailOf(saved, await this.photosOf(id));
  }

  private async photosOf(spaceId: string): Promise<PremisesHttp.SpacePhoto[]> {
    return (await this.photos.ofSpace(spaceId)).map(spacePhotoView);
  }
}

/** The top-level fields an update changed, for the audit entry (deep comparison: jsonb reorders keys). */
function changedFields(before: PremisesHttp.SpaceDetail, after: PremisesHttp.SpaceDetail): string[] {
  return (Object.keys(after) as (keyof PremisesHttp.SpaceDetail)[]).filter((k) => !isDeepStrictEqual(before[k], after[k]));
}
