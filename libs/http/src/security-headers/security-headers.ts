import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface SecurityHeaderOptions {
  /**
   * TLS ends at a proxy in front of the service (TLS_TERMINATED_IN_FRONT=true): only then is
   * Strict-Transport-Security sent and are subresources upgraded to https. Over plain http
   * (npm start) HSTS would be ignored at best and lock a browser out of a local http host at worst.
   */
  tlsTerminatedInFront: boolean;
  /**
   * CSP directives of the HTML pages (the portal's own). Default: the API's, which allow
   * only this origin's scripts and styles (the OpenAPI page at /docs needs those) and no framing.
   */
  contentSecurityPolicy?: Record<string, string[] | null>;
  /** Permissions-Policy of the pages, e.g. PAGE_PERMISSIONS_POLICY; helmet has none to set. */
  permissionsPolicy?: string;
  /**
   * Requests whose answer is the same whoever asks (the portal's content-hashed stylesheet
   * and script): the route's own Cache-Control stands even when cookies came along, which a
   * browser sends with every request to the portal.
   */
  sameForEveryone?: (request: FastifyRequest) => boolean;
}

/** For server-rendered pages that may ask for the location (the report map) and nothing else. */
export const PAGE_PERMISSIONS_POLICY =
  'accelerometer=(), camera=(), display-capture=(), geolocation=(self), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()';

const API_CSP: Record<string, string[]> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/** TLS_TERMINATED_IN_FRONT=true|false (default false), parsed by a service's config (httpEnvShape). */
export function tlsTerminatedInFrontFromEnv(source: { TLS_TERMINATED_IN_FRONT?: string }): boolean {
  const value = (source.TLS_TERMINATED_IN_FRONT ?? 'false').trim().toLowerCase();
  if (value !== 'true' && value !== 'false') throw new Error(`Invalid TLS_TERMINATED_IN_FRONT: expected true or false, got ${value}`);
  return value === 'true';
}

/**
 * onSend: nothing is cached unless a route says it may be. A response without a
 * Cache-Control of its own is `no-store`; so is every answer to a request that carried
 * credentials (a token or a session cookie), whatever the route said, because what a
 * signed-in person sees may be theirs alone. A public route opts in with, e.g.,
 * `@Header('Cache-Control', 'public, max-age=60')`.
 */
export async function noStoreUnlessPublic(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const credentials = request.headers.authorization !== undefined || request.headers.cookie !== undefined;
  if (credentials || !reply.hasHeader('cache-control')) reply.header('Cache-Control', 'no-store');
  return payload;
}

/**
 * The security headers every service and the portal send, through @fastify/helmet:
 * X-Content-Type-Options: nosniff, a CSP, frame and referrer policies, HSTS when TLS ends in
 * front; plus the no-store default (noStoreUnlessPublic) and, for pages, Permissions-Policy.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication, options: SecurityHeaderOptions): Promise<void> {
  const csp = { ...(options.contentSecurityPolicy ?? API_CSP) };
  // Only over TLS: on a plain-http host it would send the browser to an https that is not there.
  csp['upgrade-insecure-requests'] = options.tlsTerminatedInFront ? [] : null;
  await app.register(helmet as never, {
    contentSecurityPolicy: { useDefaults: false, directives: csp },
    // Open311 clients show media_url photos on their own sites; nothing here relies on
    // cookies being kept off cross-origin reads (the API takes bearer tokens), so CORP stays open.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    strictTransportSecurity: options.tlsTerminatedInFront ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  const sameForEveryone = options.sameForEveryone;
  fastify.addHook(
    'onSend',
    sameForEveryone
      ? async (request, reply, payload) => (sameForEveryone(request) && reply.hasHeader('cache-control') ? payload : noStoreUnlessPublic(request, reply, payload))
      : noStoreUnlessPublic,
  );
  if (options.permissionsPolicy) {
    const policy = options.permissionsPolicy;
    fastify.addHook('onSend', async (_request, reply, payload) => {
      reply.header('Permissions-Policy', policy);
      return payload;
    });
  }
}
