import { HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PathErrorFormat } from '@vaikuta/http';
import { open311Answer } from './open311-error.filter';
import { errorFormatOf, renderErrors } from './open311-format';

export const OPEN311_PATH_PREFIX = '/open311/';

/**
 * Fastify turns some requests away before any route runs: a Content-Type it has no parser
 * for (415), a body over the limit (413), a body that does not parse (400). Such errors never
 * reach a controller's filter, only the app's global one, which writes problem+json. This
 * onSend hook rewrites those answers on Open311 URLs into Open311's error format, so a client
 * of this API only ever sees `[{code, description}]` / `<errors>`. Everything else passes
 * through untouched: the check is a prefix and a content type.
 */
export async function open311FrameworkErrors(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (!request.url.startsWith(OPEN311_PATH_PREFIX) || typeof payload !== 'string') return payload;
  if (!String(reply.getHeader('content-type') ?? '').startsWith('application/problem+json')) return payload;
  let problem: { status?: unknown; detail?: unknown; title?: unknown };
  try {
    problem = JSON.parse(payload);
  } catch {
    return payload;
  }
  const status = typeof problem.status === 'number' ? problem.status : reply.statusCode;
  const description = typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : 'Invalid request';
  const answer = open311Answer(new HttpException(description, status));
  const rendered = renderErrors(errorFormatOf(request.url, request.headers.accept), answer.errors);
  reply.code(answer.status);
  reply.header('content-type', rendered.contentType);
  return rendered.body;
}

/**
 * Errors refused before routing (a URL that does not percent-decode, 414, 431) in Open311's
 * format: registered with the shared layer, which has no route or hook to run them through.
 */
export const open311PreRoutingErrors: PathErrorFormat = {
  prefix: OPEN311_PATH_PREFIX,
  render(problem, url, accept) {
    const answer = open311Answer(new HttpException(problem.detail, problem.status));
    const rendered = renderErrors(errorFormatOf(url, accept), answer.errors);
    return { status: answer.status, contentType: rendered.contentType, body: rendered.body };
  },
};
