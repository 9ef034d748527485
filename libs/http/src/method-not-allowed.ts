import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest, RequestPayload } from 'fastify';

/** A request whose path has routes, none of them for its method (RFC 9110 §15.5.6). */
export class MethodNotAllowedProblem extends HttpException {
  constructor(
    readonly method: string,
    readonly allow: string[],
  ) {
    const detail = `This address does not answer ${method}; it answers ${allow.join(', ')}.`;
    super({ title: 'Method not allowed', detail, errors: [{ field: '(method)', message: detail }] }, HttpStatus.METHOD_NOT_ALLOWED);
  }
}

/**
 * The methods the router has a route for at `url` (a request target, query string and all),
 * matched as the router matches a request: parametric segments, HEAD for every GET route.
 * For a URL that does not percent-decode, or a parameter over maxParamLength, find-my-way
 * answers with its framework-error handle instead of null; that handle has no searchParams
 * (a route's match always has them), and is no route of the path. A wildcard route (`*`, a
 * catch-all such as Open311's "no such resource") matches every path and says nothing of it.
 */
export function allowedMethods(fastify: FastifyInstance, url: string): string[] {
  return fastify.supportedMethods
    .filter((method) => {
      const found = fastify.findRoute({ method: method as never, url });
      return found?.searchParams !== undefined && !('*' in (found.params ?? {}));
    })
    .sort();
}

/**
 * Answers a request the router found no route for 405 with `Allow` when its path has routes
 * for other methods; a path without any stays the app's 404. The root instance's hooks run
 * for the not-found route too (request.is404). preParsing: after every onRequest hook (security
 * headers, correlation id, request log and metrics, some added only when the app initialises),
 * before the body is read, so a wrong method is a 405 whatever its body. The problem is thrown,
 * so the app's error filter renders it in the path's format (problem+json, Open311's, the
 * portal's page); the Allow header, set on the reply first, survives the error handling
 * (Fastify drops only Content-Type and Content-Length).
 */
export function registerMethodNotAllowed(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', async (request: FastifyRequest, reply: FastifyReply, payload: RequestPayload) => {
    if (!request.is404) return payload;
    const allow = allowedMethods(fastify, request.url);
    if (allow.length === 0) return payload;
    reply.header('Allow', allow.join(', '));
    throw new MethodNotAllowedProblem(request.method, allow);
  });
}
