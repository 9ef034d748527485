import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MapAsset, mapAssetUrls } from '../feedback/report-map-assets';

let built: { js: MapAsset } | undefined;

/**
 * The plans page's map script (plan-map.js), named by its hash and served by layout/assets.ts
 * like the feedback list's map. Leaflet and the map styles are the report form's: one copy each.
 */
export function planMapAssets(): { js: MapAsset } {
  if (built) return built;
  const text = fs.readFileSync(path.join(__dirname, 'plan-map.js'), 'utf8').replace(/\n?\/[/*]# sourceMappingURL=.*$/gm, '');
  const body = Buffer.from(text, 'utf8');
  built = { js: { name: `plan-map.${createHash('sha256').update(body).digest('hex').slice(0, 12)}.js`, body, type: 'text/javascript; charset=utf-8' } };
  return built;
}

export function planMapAssetUrls(): { leafletJs: string; css: string; js: string } {
  const { leafletJs, css } = mapAssetUrls();
  return { leafletJs, css, js: `/assets/${planMapAssets().js.name}` };
}
