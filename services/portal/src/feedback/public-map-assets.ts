import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MapAsset, mapAssetUrls } from './report-map-assets';

let built: { js: MapAsset } | undefined;

/**
 * The public list's map script (public-map.js), named by its hash like the other assets.
 * Leaflet and the map styles are the report form's (report-map-assets.ts): one copy each.
 */
export function publicMapAssets(): { js: MapAsset } {
  if (built) return built;
  const text = fs.readFileSync(path.join(__dirname, 'public-map.js'), 'utf8').replace(/\n?\/[/*]# sourceMappingURL=.*$/gm, '');
  const body = Buffer.from(text, 'utf8');
  const name = `public-map.${createHash('sha256').update(body).digest('hex').slice(0, 12)}.js`;
  built = { js: { name, body, type: 'text/javascript; charset=utf-8' } };
  return built;
}

export function publicMapAssetUrls(): { leafletJs: string; css: string; js: string } {
  const { leafletJs, css } = mapAssetUrls();
  return { leafletJs, css, js: `/assets/${publicMapAssets().js.name}` };
}
