import type { Socket } from 'node:net';

/**
 * Node's HTTP parser refuses some requests before Fastify sees them: headers over the size
 * limit (431, which includes an over-long request line), malformed HTTP (400), a client too
 * slow to send its request (408). Fastify's default answers those in its own JSON; this
 * writes the same problem+json every other error gets. There is no request to route yet,
 * so no Open311 variant: the client could not even say which resource it wanted.
 */
export function problemJsonClientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, title, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The address or the headers of the request are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request was not received in time.']
        : [400, 'Bad Request', 'The request is not valid HTTP.'];
  const field = status === 408 ? '(request)' : status === 431 ? '(headers)' : '(request)';
  const body = JSON.stringify({ type: 'about:blank', title, status, detail, errors: [{ field, message: detail }] });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
