import http from 'node:http';
import type { RawRequest } from './bad-requests';

export interface RawResponse {
  status: number;
  contentType: string;
  body: string;
  /** The Allow header (a 405's methods); '' when absent. */
  allow: string;
}

/** Thrown when an answer does not come within the time allowed: the server hangs. */
export class NoAnswerError extends Error {}

/**
 * Sends a request exactly as given (path bytes, headers, body) over a fresh connection, as
 * supertest would not: it re-encodes paths and refuses what clients should not send.
 */
export function sendRaw(baseUrl: string, request: RawRequest, timeoutMs: number): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: request.path, headers: { connection: 'close', ...request.headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
            allow: String(res.headers.allow ?? ''),
          });
        });
        res.on('error', (e: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          // The server answered and closed before reading all of a body it did not need.
          if (e.message === 'aborted' || e.code === 'ECONNRESET') resolve({ status: 0, contentType: '', body: 'aborted', allow: '' });
          else reject(e);
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new NoAnswerError(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // The server may answer (413, 400) and close before it has read a large body: the
      // answer then arrives, or the write fails with EPIPE/ECONNRESET. Reported as status 0.
      if (e.code === 'EPIPE' || e.code === 'ECONNRESET') resolve({ status: 0, contentType: '', body: e.code, allow: '' });
      else reject(e);
    });
    req.end(request.body);
  });
}
