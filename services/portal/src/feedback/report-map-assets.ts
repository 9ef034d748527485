import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { mapScriptAsset } from '../maps/map-script-asset';

/**
 * The report form's map: Leaflet (from node_modules, served by the portal itself — no CDN, so
 * the CSP stays 'self'), its stylesheet with ours, and the form's script. Named by hash, kept
 * for a year like the other assets; only the form's page loads them.
 */
export interface MapAsset {
  name: string;
  body: Buffer;
  type: string;
}

let built: { leafletJs: MapAsset; css: MapAsset; js: MapAsset } | undefined;

function asset(base: string, ext: string, type: string, text: string): MapAsset {
  const body = Buffer.from(text, 'utf8');
  return { name: `${base}.${createHash('sha256').update(body).digest('hex').slice(0, 12)}.${ext}`, body, type };
}

const withoutSourceMap = (text: string) => text.replace(/\n?\/[/*]# sourceMappingURL=.*$/gm, '');

export function mapAssets(): { leafletJs: MapAsset; css: MapAsset; js: MapAsset } {
  if (built) return built;
  const leafletDir = path.dirname(require.resolve('leaflet/dist/leaflet.js'));
  const leafletJs = withoutSourceMap(fs.readFileSync(path.join(leafletDir, 'leaflet.js'), 'utf8'));
  const leafletCss = fs.readFileSync(path.join(leafletDir, 'leaflet.css'), 'utf8');
  const ownCss = fs.readFileSync(path.join(__dirname, 'report-map.css'), 'utf8');
  built = {
    leafletJs: asset('leaflet', 'js', 'text/javascript; charset=utf-8', leafletJs),
    css: asset('report-map', 'css', 'text/css; charset=utf-8', `${leafletCss}\n${ownCss}`),
    js: mapScriptAsset('report-map', path.join(__dirname, 'report-map.js')),
  };
  return built;
}

export function mapAssetUrls(): { leafletJs: string; css: string; js: string } {
  const a = mapAssets();
  return { leafletJs: `/assets/${a.leafletJs.name}`, css: `/assets/${a.css.name}`, js: `/assets/${a.js.name}` };
}
