import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { frameworkClientError } from './framework-errors';
import { renderPreRoutingError } from './path-error-formats';
import { applyPreRoutingSecurityHeaders, preRoutingSecurityHeaders } from './security-headers/security-headers';

/**
 * The router refuses a URL that does not percent-decode (400) or a parameter longer than
 * maxParamLength (414) before any route, hook or Nest filter runs. Answered here in the format
 * registered for the path (problem+json by default). No hook runs for this reply either, so the
 * security headers and no-store that hooks give every other answer are set here.
 */
export function answerRouterError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  const known = frameworkClientError(error) ?? { status: 400, detail: 'The address is not valid.', errors: [{ field: '(url)', message: 'The address is not valid.' }] };
  const title = known.status === 414 ? 'Address too long' : 'Invalid request';
  const rendered = renderPreRoutingError(request.server, { status: known.status, title, detail: known.detail, errors: known.errors }, request.url, request.headers.accept);
  applyPreRoutingSecurityHeaders(request, reply);
  void reply.code(rendered.status).header('content-type', rendered.contentType).header('cache-control', 'no-store').send(rendered.body);
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them: headers over the size
 * limit (431, which includes an over-long request line), malformed HTTP (400), a client too
 * slow to send its request (408). Fastify's default answers those in its own JSON; this
 * writes them in the format registered for the path the request line names (Open311's on
 * /open311/, the portal's pages), problem+json by default.
 */
export function problemJsonClientErrorHandler(this: object, error: Error & { code?: string; rawPacket?: Buffer }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, title, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The address or the headers of the request are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request was not received in time.']
        : [400, 'Bad Request', 'The request is not valid HTTP.'];
  const field = status === 431 ? '(headers)' : '(request)';
  const url = requestTargetOf(error.rawPacket);
  const rendered = renderPreRoutingError(this, { status, title, detail, errors: [{ field, message: detail }] }, url);
  if (socket.writable) {
    // The format may answer with another status (Open311: 400 with the real one as its code).
    const reason = STATUS_CODES[rendered.status] ?? title;
    // The instance's security headers as every other answer has them (checked as header text when registered).
    const security = Object.entries(preRoutingSecurityHeaders(this)).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.write(
      `HTTP/1.1 ${rendered.status} ${reason}\r\nContent-Type: ${rendered.contentType}\r\nContent-Length: ${Buffer.byteLength(rendered.body)}\r\nCache-Control: no-store\r\n${security}Connection: close\r\n\r\n${rendered.body}`,
    );
  }
  socket.destroy(error);
}

/**
 * The request target (path) the refused request names, which says whose error format to
 * answer in: its start is enough, so a request line cut off by the size limit (no " HTTP/1.1"
 * yet) still counts. `rawPacket` is the chunk the parser failed in; a request whose headers
 * arrived in several chunks may have its request line in an earlier one, and then there is
 * no path to go by ('').
 */
function requestTargetOf(rawPacket: Buffer | undefined): string {
  return /^[A-Z]+ (\S+)/.exec(rawPacket?.subarray(0, 2048).toString('latin1') ?? '')?.[1] ?? '';
}
