import fastifyHelmet from '@fastify/helmet';
import { validateHeaderName, validateHeaderValue, type IncomingMessage, type ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

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
 * The same headers are kept for the answers given before routing (preRoutingSecurityHeaders).
 */
export async function registerSecurityHeaders(app: NestFastifyApplication, options: SecurityHeaderOptions): Promise<void> {
  const helmetOptions = helmetOptionsOf(options);
  await app.register(fastifyHelmet as never, helmetOptions as never);
  const fastify = app.getHttpAdapter().getInstance();
  preRoutingHeadersOf.set(fastify, {
    ...headersHelmetSets(helmetOptions),
    ...(options.permissionsPolicy ? { 'Permissions-Policy': options.permissionsPolicy } : {}),
  });
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

function helmetOptionsOf(options: SecurityHeaderOptions): HelmetOptions {
  const csp = { ...(options.contentSecurityPolicy ?? API_CSP) };
  // Only over TLS: on a plain-http host it would send the browser to an https that is not there.
  csp['upgrade-insecure-requests'] = options.tlsTerminatedInFront ? [] : null;
  return {
    contentSecurityPolicy: { useDefaults: false, directives: csp },
    // Open311 clients show media_url photos on their own sites; nothing here relies on
    // cookies being kept off cross-origin reads (the API takes bearer tokens), so CORP stays open.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    strictTransportSecurity: options.tlsTerminatedInFront ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
  };
}

// Per Fastify instance: the headers registerSecurityHeaders gave it, for answers no hook sees.
const preRoutingHeadersOf = new WeakMap<object, Record<string, string>>();

/**
 * The headers helmet sets with these options, recorded once: every one is a fixed string
 * (no directive here is a per-request function), so the answers given before routing can
 * carry exactly what @fastify/helmet gives every other answer. Checked as header text here,
 * since client-error-handler.ts writes them straight to the socket.
 */
function headersHelmetSets(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string) {
      validateHeaderName(name);
      validateHeaderValue(name, value);
      headers[name] = value;
    },
    removeHeader: () => undefined,
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * The security headers of the Fastify instance (its registerSecurityHeaders options, with
 * Permissions-Policy if it has one) for the answers given before routing: the router's 414 and
 * 400 (Fastify's frameworkErrors) and node's parser's 431/408/400 (clientErrorHandler). Those
 * run none of the instance's hooks, so @fastify/helmet never sees them. Empty for an instance
 * without security headers.
 */
export function preRoutingSecurityHeaders(fastify: object): Readonly<Record<string, string>> {
  return preRoutingHeadersOf.get(fastify) ?? {};
}

/** Sets preRoutingSecurityHeaders on a reply a frameworkErrors handler is about to send. */
export function applyPreRoutingSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  void reply.headers(preRoutingSecurityHeaders(request.server));
}
