import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Source-map comments point at files the portal does not serve. */
const withoutSourceMap = (text: string) => text.replace(/\n?\/[/*]# sourceMappingURL=.*$/gm, '');

/**
 * A page's map script as served: cityMap (city-map.js, the parts every map shares) and then the
 * page's own script, in one function so cityMap is no global and each page loads one file. Named
 * by the hash of the whole, like the other assets.
 */
export function mapScriptAsset(base: string, pageScript: string): { name: string; body: Buffer; type: string } {
  const shared = withoutSourceMap(fs.readFileSync(path.join(__dirname, 'city-map.js'), 'utf8'));
  const own = withoutSourceMap(fs.readFileSync(pageScript, 'utf8'));
  const body = Buffer.from(`(function () {\n${shared}\n${own}\n})();\n`, 'utf8');
  return { name: `${base}.${createHash('sha256').update(body).digest('hex').slice(0, 12)}.js`, body, type: 'text/javascript; charset=utf-8' };
}
