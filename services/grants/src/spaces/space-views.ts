import type { PremisesHttp } from '@vaikuta/contracts';
import { Space } from './space.entity';
import type { SpacePhotoRow } from './space-photo.repository';

/** The list's line: what outside booking clients rely on (`id`, `name`, `requiresApproval`, `accessType`) and the filters' fields. */
export function spaceSummaryOf(space: Space): PremisesHttp.SpaceSummary {
  return {
    id: space.id,
    name: space.name,
    unit: space.unit,
    address: space.address,
    capacity: space.capacity,
    accessibilityFeatures: space.accessibilityFeatures,
    requiresApproval: space.requiresApproval,
    accessType: space.accessType,
    whoMayBook: space.rules.whoMayBook,
    price: space.rules.price,
    location: space.latitude === null || space.longitude === null ? null : { lat: space.latitude, lon: space.longitude },
  };
}

/** The space's page; `photos` in their order (none when the caller has not read them, as on create). */
export function spaceDetailOf(space: Space, photos: PremisesHttp.SpacePhoto[] = []): PremisesHttp.SpaceDetail {
  return {
    ...spaceSummaryOf(space),
    accessibility: {
      features: space.accessibilityFeatures,
      ...(space.accessibilityDescription ? { description: space.accessibilityDescription } : {}),
    },
    openingHours: space.openingHours,
    rules: space.rules,
    keyPickup: space.keyPickup,
    photos,
    version: space.version,
  };
}

/** The columns a create or a full update writes, from a checked request. */
export function spaceColumnsOf(body: PremisesHttp.SpaceRequest): Omit<Space, 'id' | 'version' | 'createdBy' | 'createdAt' | 'updatedAt'> {
  return {
    name: body.name,
    unit: body.unit,
    address: body.address,
    latitude: body.location?.lat ?? null,
    longitude: body.location?.lon ?? null,
    capacity: body.capacity,
    accessibilityFeatures: [...new Set(body.accessibility.features)],
    accessibilityDescription: body.accessibility.description ?? null,
    openingHours: body.openingHours,
    rules: body.rules,
    requiresApproval: body.requiresApproval,
    accessType: body.accessType,
    keyPickup: body.accessType === 'key_pickup' ? (body.keyPickup ?? null) : null,
  };
}

/** The public address of a photo's bytes, as the space's `photos` list gives it. */
export function spacePhotoUrl(spaceId: string, photoId: string): string {
  return `/premises/spaces/${spaceId}/photos/${photoId}`;
}

export function spacePhotoView(row: SpacePhotoRow): PremisesHttp.SpacePhoto {
  return { id: row.id, url: spacePhotoUrl(row.spaceId, row.id), alt: row.alt };
}
