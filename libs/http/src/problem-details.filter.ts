import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CorrelationContext } from '@vaikuta/observability';
import { frameworkClientError } from './framework-errors';
import { FieldProblem, ProblemDetails } from './problem';

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Sign-in required',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  411: 'Length required',
  413: 'Payload too large',
  414: 'Address too long',
  415: 'Unsupported media type',
  422: 'Cannot be processed',
  429: 'Too many requests',
  431: 'Headers too large',
  500: 'Internal error',
  503: 'Service unavailable',
};

/**
 * Renders every error as application/problem+json. Client errors say what was wrong;
 * server errors say nothing of the internals (the log has them, under the same
 * correlation id the response carries).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(exception, request);
    if (problem.status >= 500) {
      this.logger.error(`${request.method} ${request.routeOptions?.url ?? 'unmatched'} failed: ${(exception as Error)?.stack ?? exception}`);
    }
    if (problem.status === 401) reply.header('WWW-Authenticate', 'Bearer');
    reply.status(problem.status).header('Content-Type', 'application/problem+json; charset=utf-8').send(problem);
  }

  toProblem(exception: unknown, request: FastifyRequest): ProblemDetails {
    const correlationId = CorrelationContext.current();
    const instance = request.url?.split('?')[0];
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
      const detail =
        typeof body === 'string'
          ? body
          : typeof fields.detail === 'string'
            ? fields.detail
            : Array.isArray(fields.message)
              ? fields.message.join('; ')
              : typeof fields.message === 'string'
                ? fields.message
                : undefined;
      const extra = Object.fromEntries(
        Object.entries(fields).filter(([k]) => !['statusCode', 'message', 'error', 'title', 'detail', 'errors'].includes(k)),
      );
      return {
        type: 'about:blank',
        title: (typeof fields.title === 'string' && fields.title) || TITLES[status] || 'Error',
        status,
        detail,
        instance,
        ...(Array.isArray(fields.errors) ? { errors: fields.errors as FieldProblem[] } : {}),
        ...extra,
        correlationId,
      };
    }
    const framework = frameworkClientError(exception);
    if (framework) {
      return {
        type: 'about:blank',
        title: TITLES[framework.status] ?? 'Invalid request',
        status: framework.status,
        detail: framework.detail,
        instance,
        errors: framework.errors,
        correlationId,
      };
    }
    return {
      type: 'about:blank',
      title: TITLES[500],
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'Something went wrong on our side. Quote the correlation id if you contact support.',
      instance,
      correlationId,
    };
  }
}
