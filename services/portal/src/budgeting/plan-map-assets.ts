import path from 'node:path';
import { MapAsset, mapAssetUrls } from '../feedback/report-map-assets';
import { mapScriptAsset } from '../maps/map-script-asset';

let built: { js: MapAsset } | undefined;

/**
 * The plans page's map script (plan-map.js), named by its hash and served by layout/assets.ts
 * like the feedback list's map. Leaflet and the map styles are the report form's: one copy each.
 */
export function planMapAssets(): { js: MapAsset } {
  if (built) return built;
  built = { js: mapScriptAsset('plan-map', path.join(__dirname, 'plan-map.js')) };
  return built;
}

export function planMapAssetUrls(): { leafletJs: string; css: string; js: string } {
  const { leafletJs, css } = mapAssetUrls();
  return { leafletJs, css, js: `/assets/${planMapAssets().js.name}` };
}
