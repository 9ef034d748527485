import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PAGE_PERMISSIONS_POLICY, registerSecurityHeaders } from '@vaikuta/http';
import { mapTileOrigin, PortalConfig } from '../portal-config';

/**
 * What the pages may load: their own scripts, styles and images, and the report map's tiles
 * from the configured tile server (MAP_TILE_URL). No inline script or style, no framing.
 */
export function pageContentSecurityPolicy(config: Pick<PortalConfig, 'map'>): Record<string, string[]> {
  const tiles = mapTileOrigin(config);
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'object-src': ["'none'"],
    'img-src': ["'self'", 'data:', ...(tiles ? [tiles] : [])],
    'style-src': ["'self'"],
    'script-src': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

/**
 * The portal's headers through libs/http's helmet set-up: nosniff, the pages' CSP, framing
 * and referrer policies, the pages' Permissions-Policy (the report form's "my location" may
 * ask for the position; camera and microphone are off), HSTS when TLS ends in front, and
 * no-store on everything but the content-hashed assets, which are the same for everyone.
 * libs/http keeps the same headers for the answers given before routing (portal-app.ts).
 */
export function registerPageHeaders(app: NestFastifyApplication, config: PortalConfig): Promise<void> {
  return registerSecurityHeaders(app, {
    tlsTerminatedInFront: config.tlsTerminatedInFront,
    contentSecurityPolicy: pageContentSecurityPolicy(config),
    permissionsPolicy: PAGE_PERMISSIONS_POLICY,
    sameForEveryone: (request) => request.url.startsWith('/assets/') || request.url === '/favicon.ico',
  });
}

