import type { PremisesHttp } from '@vaikuta/contracts';
import { Space } from './space.entity';

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
  };
}

export function spaceDetailOf(space: Space): PremisesHttp.SpaceDetail {
  return {
    ...spaceSummaryOf(space),
    location: space.latitude === null || space.longitude === null ? null : { lat: space.latitude, lon: space.longitude },
    accessibility: {
      features: space.accessibilityFeatures,
      ...(space.accessibilityDescription ? { description: space.accessibilityDescription } : {}),
    },
    openingHours: space.openingHours,
    rules: space.rules,
    keyPickup: space.keyPickup,
    photos: [],
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
