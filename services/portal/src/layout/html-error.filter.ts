import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemDetailsFilter } from '@vaikuta/http';
import { CorrelationContext } from '@vaikuta/observability';
import { clearSessionCookie } from '../account/session';
import { ServiceProblem } from '../clients/service-problem';
import { negotiateLang, translator } from '../i18n/i18n';
import { errorAudienceOf, open311ErrorBody } from './error-audience';
import { Pages } from './pages';
import { PortalContext, setPortalContext } from './portal-request';

const KNOWN = new Set([400, 401, 403, 404, 409, 413, 429, 500, 503]);

/** The HTTP status a person should see for an error, whoever raised it. */
export function statusOf(exception: unknown): number {
  if (exception instanceof ServiceProblem) return exception.status === 502 || exception.status === 504 ? 503 : exception.status;
  if (exception instanceof HttpException) return exception.getStatus();
  const e = exception as { statusCode?: unknown; code?: unknown };
  if (typeof e?.code === 'string' && /TOO_LARGE|FILES_LIMIT|PARTS_LIMIT|FIELDS_LIMIT/.test(e.code)) return 413;
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return e.statusCode;
  return 500;
}

/** The API proxy's own failures: a service that is down (503), slow (504) or broke off its answer (502). */
function gatewayStatusOf(exception: unknown): number | undefined {
  const status = (exception as { statusCode?: unknown })?.statusCode;
  return status === 502 || status === 503 || status === 504 ? status : undefined;
}

const GATEWAY_TITLES: Record<number, string> = { 502: 'Bad gateway', 503: 'Service unavailable', 504: 'Gateway timeout' };

/**
 * Every error on a page becomes a page in the person's language: what happened and what to
 * do, with the correlation id to quote. Never a stack trace; those go to the log. Errors the
 * portal answers on the API paths (a bad URL, too large a body, a service that broke off)
 * are written as the services write theirs: problem+json, or Open311's format on /open311/.
 */
@Catch()
export class HtmlErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Portal');
  private readonly problems = new ProblemDetailsFilter();

  constructor(private readonly pages: Pages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  /** Also for errors that never reach Nest: Fastify's own before routing, the API proxy's. */
  respond(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const audience = errorAudienceOf(request.url);
    if (audience !== 'page') return this.apiError(exception, request, reply, audience);
    let status = statusOf(exception);
    const ctx = this.contextOf(request);

    // The session ran out (or the service does not accept it): sign in again and come back.
    if (status === 401) {
      clearSessionCookie(reply);
      const next = request.method === 'GET' ? request.url : '/';
      reply.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
      return;
    }
    if (status >= 500) {
      this.logger.error(`${request.method} ${request.routeOptions?.url ?? 'unmatched'} failed: ${(exception as Error)?.stack ?? exception}`);
    }
    const isCsrf = typeof (exception as { code?: unknown })?.code === 'string' && (exception as { code: string }).code.startsWith('FST_CSRF');
    // A client error without words of its own (414, 415, 431) reads as a 400 but keeps its status.
    const shown = KNOWN.has(status) ? status : status >= 500 ? 500 : 400;
    if (status >= 500) status = shown;
    try {
      this.pages.render(reply, ctx, 'layout/error', {
        title: ctx.t(`error.title.${shown}`),
        text: isCsrf ? ctx.t('error.csrf') : ctx.t(`error.text.${shown}`),
        correlationId: CorrelationContext.current(),
        status,
      });
    } catch (renderError) {
      this.logger.error(`error page failed: ${(renderError as Error)?.stack ?? renderError}`);
      reply.status(status).header('Content-Type', 'text/plain; charset=utf-8').send(`${status}`);
    }
  }

  private apiError(exception: unknown, request: FastifyRequest, reply: FastifyReply, audience: 'api' | 'open311'): void {
    const problem = this.problems.toProblem(exception, request);
    const gateway = gatewayStatusOf(exception);
    if (gateway) Object.assign(problem, { status: gateway, title: GATEWAY_TITLES[gateway], detail: 'The service did not answer. Try again in a moment.' });
    if (problem.status >= 500) {
      this.logger.error(`${request.method} ${request.routeOptions?.url ?? 'unmatched'} failed: ${(exception as Error)?.stack ?? exception}`);
    }
    reply.header('Cache-Control', 'no-store');
    if (audience === 'api') {
      reply.status(problem.status).header('Content-Type', 'application/problem+json; charset=utf-8').send(problem);
      return;
    }
    // Open311's statuses: a body over the limit is a 400 with code 413, as the service answers it.
    const answer = open311ErrorBody(request.url, request.headers.accept, problem.status, problem.detail ?? problem.title);
    reply.status(answer.status).header('Content-Type', answer.contentType).send(answer.body);
  }

  /** Errors can happen before the context hook ran (unknown route, a bad body). */
  private contextOf(request: FastifyRequest): PortalContext {
    const existing = (request as { portal?: PortalContext }).portal;
    if (existing) return existing;
    const lang = negotiateLang(request.cookies?.vaikuta_lang, request.headers['accept-language']);
    const ctx: PortalContext = { lang, t: translator(lang), url: '/' };
    setPortalContext(request, ctx);
    return ctx;
  }
}
