import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { mapAssets } from '../feedback/report-map-assets';
import { publicMapAssets } from '../feedback/public-map-assets';
import { planMapAssets } from '../budgeting/plan-map-assets';

/**
 * Only the HDS parts the pages use (all of hds-core is ~75 KB of CSS before fonts and
 * icons), plus the portal's own rules, in one file named by its hash so browsers keep it.
 */
const HDS_PARTS = [
  'base.min.css',
  'components/button/button.min.css',
  'components/text-input/text-input.min.css',
  'components/checkbox/checkbox.min.css',
  'components/radio-button/radio-button.min.css',
  'components/selection-group/selection-group.min.css',
  'components/notification/notification.min.css',
  'components/error-summary/error-summary.min.css',
  'components/fieldset/fieldset.min.css',
  'components/table/table.min.css',
  'components/status-label/status-label.min.css',
  'components/link/link.min.css',
  'components/card/card.min.css',
  'components/tag/tag.min.css',
];

interface Asset {
  name: string;
  body: Buffer;
  type: string;
}

let built: { css: Asset; js: Asset; icon: Asset } | undefined;

/** hds-core's `exports` hide its package.json, so find its folder by walking up to node_modules. */
function hdsRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', 'hds-core', 'lib');
      if (fs.existsSync(candidate)) return candidate;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error('hds-core is not installed (npm ci)');
}

function asset(base: string, ext: string, type: string, text: string): Asset {
  const body = Buffer.from(text, 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { name: `${base}.${hash}.${ext}`, body, type };
}

function build() {
  if (built) return built;
  const hds = HDS_PARTS.map((part) => fs.readFileSync(path.join(hdsRoot(), part), 'utf8'))
    // Source-map comments point at files we do not serve.
    .map((css) => css.replace(/\/\*# sourceMappingURL=.*?\*\//g, ''));
  const own = fs.readFileSync(path.join(__dirname, 'portal.css'), 'utf8');
  const js = fs.readFileSync(path.join(__dirname, 'enhance.js'), 'utf8').replace(/\n?\/\/# sourceMappingURL=.*$/m, '');
  // The site's icon (a speech bubble with a V, in the header's blue): ours, as SVG.
  const icon = fs.readFileSync(path.join(__dirname, 'favicon.svg'), 'utf8');
  built = {
    css: asset('portal', 'css', 'text/css; charset=utf-8', [...hds, own].join('\n')),
    js: asset('enhance', 'js', 'text/javascript; charset=utf-8', js),
    icon: asset('favicon', 'svg', 'image/svg+xml', icon),
  };
  return built;
}

export function assetUrls(): { css: string; js: string; icon: string } {
  const { css, js, icon } = build();
  return { css: `/assets/${css.name}`, js: `/assets/${js.name}`, icon: `/assets/${icon.name}` };
}

export function assetSizes(): { css: number; js: number } {
  const { css, js } = build();
  return { css: css.body.length, js: js.body.length };
}

@Controller('assets')
export class AssetsController {
  @Get(':name')
  serve(@Param('name') name: string, @Res() reply: FastifyReply) {
    const found = [...Object.values(build()), ...Object.values(mapAssets()), ...Object.values(publicMapAssets()), ...Object.values(planMapAssets())].find((a) => a.name === name);
    if (!found) throw new NotFoundException();
    reply.header('Content-Type', found.type).header('Cache-Control', 'public, max-age=31536000, immutable').send(found.body);
  }
}
