import path from 'node:path';
import { mapScriptAsset } from '../maps/map-script-asset';
import { MapAsset, mapAssetUrls } from './report-map-assets';

let built: { js: MapAsset } | undefined;

/**
 * The public list's map script (public-map.js), named by its hash like the other assets.
 * Leaflet and the map styles are the report form's (report-map-assets.ts): one copy each.
 */
export function publicMapAssets(): { js: MapAsset } {
  if (built) return built;
  built = { js: mapScriptAsset('public-map', path.join(__dirname, 'public-map.js')) };
  return built;
}

export function publicMapAssetUrls(): { leafletJs: string; css: string; js: string } {
  const { leafletJs, css } = mapAssetUrls();
  return { leafletJs, css, js: `/assets/${publicMapAssets().js.name}` };
}
