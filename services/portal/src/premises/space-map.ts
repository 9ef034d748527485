import type { PremisesHttp } from '@vaikuta/contracts';
import { planMapView } from '../budgeting/plans-on-map';
import type { Translate } from '../i18n/i18n';
import type { PortalConfig } from '../portal-config';

/**
 * The spaces list's map. The plans page's map script (budgeting/plan-map.js) pins any list
 * whose entries carry `data-plan-lat`/`-lon`/`-meta` and a `data-plan-title`, so the same
 * script, Leaflet and styles serve here; only the words it says are the premises pages' own.
 */
export function spaceMapView(config: PortalConfig, t: Translate) {
  return planMapView(config, (key, params) => t(key.replace(/^budr\.map\./, 'prem.map.'), params));
}

/** Where each listed space is, from the list itself; a space without a location is only in the list. */
export function spaceLocations(details: readonly (Pick<PremisesHttp.SpaceSummary, 'id' | 'location'> | undefined)[]): Map<string, { lat: number; lon: number }> {
  const places = new Map<string, { lat: number; lon: number }>();
  for (const space of details) if (space?.location) places.set(space.id, space.location);
  return places;
}
