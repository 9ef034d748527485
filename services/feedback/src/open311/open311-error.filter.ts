import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { open311Status } from '@vaikuta/http';
import { CorrelationContext } from '@vaikuta/observability';
import type { Open311ErrorEntry } from './open311-documents';
import { Open311Error } from './open311-error';
import { errorFormatOf, renderErrors } from './open311-format';

export interface Open311Answer {
  status: number;
  errors: Open311ErrorEntry[];
}

// Errors raised while streaming a multipart body (@fastify/multipart) carry a code, not a status.
const TOO_LARGE = /TOO_LARGE|FILES_LIMIT|PARTS_LIMIT|FIELDS_LIMIT/;

/**
 * Open311 clients parse `[{code, description}]` (or `<errors>`), not problem+json, and know
 * three statuses: 404 not found, 403 api_key, 400 anything else. Other client errors keep
 * their own number in `code` (413 for an oversize photo) under HTTP 400. A server error
 * says nothing of the internals; the log has them under the correlation id quoted.
 */
@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Open311');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const answer = open311Answer(exception);
    if (answer.status >= 500) {
      this.logger.error(`${request.method} ${request.routeOptions?.url ?? 'unmatched'} failed: ${(exception as Error)?.stack ?? exception}`);
    }
    const rendered = renderErrors(errorFormatOf(request.url, request.headers.accept), answer.errors);
    reply.status(answer.status).header('Content-Type', rendered.contentType).send(rendered.body);
  }
}

/** The status and error list an exception is answered with on an Open311 route. */
export function open311Answer(exception: unknown): Open311Answer {
  if (exception instanceof Open311Error) return { status: exception.getStatus(), errors: exception.errors };
  if (exception instanceof HttpException) return fromHttpException(exception);
  const e = exception as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && TOO_LARGE.test(e.code)) {
    return { status: 400, errors: [{ code: 413, description: 'The request or one of its files is too large.' }] };
  }
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return clientError(e.statusCode, typeof e.message === 'string' ? e.message : 'Invalid request');
  }
  return serverError(500);
}

function fromHttpException(exception: HttpException): Open311Answer {
  const status = exception.getStatus();
  if (status >= 500) return serverError(status);
  const body = exception.getResponse();
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  // ValidationProblem (from intake or photo checks) names its fields: one entry each.
  if (Array.isArray(fields.errors)) {
    const errors = (fields.errors as { field?: unknown; message?: unknown }[]).map((p) => ({
      code: status,
      description: p.field ? `${String(p.field)}: ${String(p.message)}` : String(p.message),
    }));
    return { status: open311Status(status), errors };
  }
  const description =
    typeof body === 'string'
      ? body
      : typeof fields.detail === 'string'
        ? fields.detail
        : typeof fields.message === 'string'
          ? fields.message
          : exception.message;
  return clientError(status, description);
}

function clientError(status: number, description: string): Open311Answer {
  return { status: open311Status(status), errors: [{ code: status, description }] };
}

function serverError(status: number): Open311Answer {
  const reference = CorrelationContext.current();
  const unavailable = status === 503;
  const description = unavailable
    ? 'The service is unavailable right now; try again shortly.'
    : `Something went wrong on our side.${reference ? ` Quote reference ${reference} if you contact support.` : ''}`;
  return { status: unavailable ? 503 : 500, errors: [{ code: unavailable ? 503 : 500, description }] };
}
