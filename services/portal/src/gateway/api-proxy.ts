import proxy from '@fastify/http-proxy';
import { PayloadTooLargeException } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { forwardedFor } from '@vaikuta/http';
import { traceCarrier } from '@vaikuta/observability';
import type { PortalService } from '../portal-config';

/** The services' own limits (libs/http): JSON and form bodies, and uploads of up to 5 × 10 MB. */
export const SERVICE_BODY_LIMIT = 1024 * 1024;
export const SERVICE_UPLOAD_LIMIT = 5 * 10 * 1024 * 1024 + SERVICE_BODY_LIMIT;

export interface ApiRoute {
  upstream: string;
  prefix: string;
  rewritePrefix: string;
}

/**
 * Each registered service's API at /api/<name> (the service serves it at /<name>), and the
 * public paths its registry entry lists (`"proxy"`) as they are.
 */
export function apiRoutes(services: PortalService[]): ApiRoute[] {
  return services.flatMap((s) => [
    { upstream: s.url, prefix: `/api/${s.name}`, rewritePrefix: `/${s.name}` },
    ...s.proxy.map((path) => ({ upstream: s.url, prefix: path, rewritePrefix: path })),
  ]);
}

class BadGateway extends Error {
  readonly statusCode = 502;
  constructor(cause: unknown) {
    super('The service behind this address did not answer properly', { cause });
  }
}

/**
 * A body the service would refuse for its size is refused here, before a byte of it is sent
 * on: streaming it only for the service to answer 413 and close leaves the portal writing
 * into a closed socket (EPIPE) and the client waiting.
 */
async function refuseOversizedBody(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const declared = Number(request.headers['content-length'] ?? 0);
  const multipart = /^multipart\//i.test(request.headers['content-type'] ?? '');
  if (declared > (multipart ? SERVICE_UPLOAD_LIMIT : SERVICE_BODY_LIMIT)) {
    // The unread rest of the body is not worth keeping the connection for.
    reply.header('Connection', 'close');
    throw new PayloadTooLargeException('The request or one of its files is too large.');
  }
}

/**
 * Node has already answered the client's `Expect: 100-continue`; undici refuses to send the
 * header on (it does not implement the handshake), which failed every such upload.
 */
function withoutExpect(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { expect: _answered, ...rest } = headers;
  return rest;
}

/** The client's address travels on, so the service's per-address limits count residents, not the portal. */
function withClientAddress(request: FastifyRequest, headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const chain = forwardedFor(request);
  return chain ? { ...headers, 'x-forwarded-for': chain } : headers;
}

/**
 * The service's server span continues the portal's span for the request (docs/adr/0017), not
 * the client's: the client's `traceparent`, if it sent one, is already the portal span's parent.
 */
function withTraceContext(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const carrier = traceCarrier();
  if (!carrier.traceparent) return headers;
  const { traceparent: _client, tracestate: _clientState, ...rest } = headers;
  return { ...rest, ...carrier };
}

/**
 * The services' APIs under the portal's origin, in a scope of their own without the page
 * parsers, so bodies (JSON, Open311 forms, uploads) stream to the service untouched. The
 * portal answers only what never reaches a service: too large a body (413) or a service that
 * fails mid-answer (502); `onError` writes those in the client's format.
 */
export function registerApiProxy(routes: ApiRoute[], onError: (error: Error, request: FastifyRequest, reply: FastifyReply) => void) {
  return async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    // Handlers are fixed when a scope is made, before Nest installs the app's: this scope's own.
    scope.setErrorHandler(onError);
    for (const route of routes) {
      await scope.register(proxy, {
        ...route,
        preHandler: refuseOversizedBody,
        replyOptions: {
          rewriteRequestHeaders: (request, headers) => withTraceContext(withClientAddress(request as FastifyRequest, withoutExpect(headers))),
          onError: (reply, { error }) => {
            const status = (error as { statusCode?: number }).statusCode;
            reply.send(status === 503 || status === 504 ? error : new BadGateway(error));
          },
        },
      });
    }
  };
}
