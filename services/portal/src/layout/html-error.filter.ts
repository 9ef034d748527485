import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CorrelationContext } from '@vaikuta/observability';
import { clearSessionCookie } from '../account/session';
import { ServiceProblem } from '../clients/service-problem';
import { negotiateLang, translator } from '../i18n/i18n';
import { Pages } from './pages';
import { PortalContext, setPortalContext } from './portal-request';

const KNOWN = new Set([400, 401, 403, 404, 409, 413, 500, 503]);

/** The HTTP status a person should see for an error, whoever raised it. */
export function statusOf(exception: unknown): number {
  if (exception instanceof ServiceProblem) return exception.status === 502 || exception.status === 504 ? 503 : exception.status;
  if (exception instanceof HttpException) return exception.getStatus();
  const e = exception as { statusCode?: unknown; code?: unknown };
  if (typeof e?.code === 'string' && /TOO_LARGE|FILES_LIMIT|PARTS_LIMIT/.test(e.code)) return 413;
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return e.statusCode;
  return 500;
}

/**
 * Every error on a page becomes a page in the person's language: what happened and what to
 * do, with the correlation id to quote. Never a stack trace; those go to the log.
 */
@Catch()
export class HtmlErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Portal');

  constructor(private readonly pages: Pages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    let status = statusOf(exception);
    const ctx = this.contextOf(request);

    // The session ran out (or the service does not accept it): sign in again and come back.
    if (status === 401) {
      clearSessionCookie(reply);
      const next = request.method === 'GET' ? request.url : '/';
      reply.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
      return;
    }
    if (status >= 500 || !KNOWN.has(status)) {
      this.logger.error(`${request.method} ${request.routeOptions?.url ?? 'unmatched'} failed: ${(exception as Error)?.stack ?? exception}`);
    }
    const isCsrf = typeof (exception as { code?: unknown })?.code === 'string' && (exception as { code: string }).code.startsWith('FST_CSRF');
    if (!KNOWN.has(status)) status = status >= 500 ? 500 : 400;
    try {
      this.pages.render(reply, ctx, 'layout/error', {
        title: ctx.t(`error.title.${status}`),
        text: isCsrf ? ctx.t('error.csrf') : ctx.t(`error.text.${status}`),
        correlationId: CorrelationContext.current(),
        status,
      });
    } catch (renderError) {
      this.logger.error(`error page failed: ${(renderError as Error)?.stack ?? renderError}`);
      reply.status(status).header('Content-Type', 'text/plain; charset=utf-8').send(`${status}`);
    }
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
