import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import proxy from '@fastify/http-proxy';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JwtVerifier } from '@vaikuta/auth';
import { NestPinoLogger } from '@vaikuta/observability';
import { readSession, clearSessionCookie } from './account/session';
import { isLang, LANG_COOKIE, negotiateLang, translator } from './i18n/i18n';
import { csrfTokenOf } from './layout/csrf.guard';
import { HtmlErrorFilter } from './layout/html-error.filter';
import { Pages } from './layout/pages';
import { setPortalContext } from './layout/portal-request';
import { PORTAL_CONFIG, PortalConfig } from './portal-config';

/** Routes that are not pages: the API proxy, assets, probes. */
const NOT_PAGES = /^\/(api\/|open311\/|assets\/|health\/|metrics)/;

/**
 * The portal's HTTP stack: cookies, form bodies, uploads, CSRF, the API proxy to the
 * services, the per-request page context (language, session) and HTML error pages.
 */
export async function configurePortalApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<PortalConfig>(PORTAL_CONFIG);
  const verifier = app.get(JwtVerifier);
  app.useLogger(app.get(NestPinoLogger));

  await app.register(cookie as never);
  await app.register(multipart as never, {
    limits: { fileSize: 10 * 1024 * 1024, files: 5, fields: 50, fieldSize: 64 * 1024 },
    throwFileSizeLimit: true,
  });
  await app.register(csrf as never, {
    cookieKey: 'vaikuta_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: config.cookieSecure },
    getToken: csrfTokenOf,
  });

  // The services' APIs under one origin. A scope of their own, without the page parsers,
  // so bodies (JSON, Open311 forms, uploads) stream to the service untouched.
  await app.register((async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    await scope.register(proxy, { upstream: config.feedbackUrl, prefix: '/api/feedback', rewritePrefix: '/feedback' });
    await scope.register(proxy, { upstream: config.feedbackUrl, prefix: '/open311/v2', rewritePrefix: '/open311/v2' });
    await scope.register(proxy, { upstream: config.notificationsUrl, prefix: '/api/notifications', rewritePrefix: '/notifications' });
  }) as never);

  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  fastify.addHook('preHandler', async (request, reply) => {
    if (NOT_PAGES.test(request.url)) return;
    // A link may name the language (`?lang=sv`, as the emails to a Swedish speaker do); it
    // counts as the person's choice and is remembered like one made with the switcher.
    const asked = (request.query as Record<string, unknown> | undefined)?.lang;
    if (isLang(asked) && asked !== request.cookies[LANG_COOKIE]) {
      reply.setCookie(LANG_COOKIE, asked, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
    }
    const lang = isLang(asked) ? asked : negotiateLang(request.cookies[LANG_COOKIE], request.headers['accept-language']);
    const session = await readSession(request, verifier).catch(() => undefined);
    if (!session && request.cookies.vaikuta_session) clearSessionCookie(reply);
    setPortalContext(request, { lang, t: translator(lang), user: session?.user, token: session?.token, url: request.url });
  });

  app.useGlobalFilters(new HtmlErrorFilter(app.get(Pages)));
  app.enableShutdownHooks();
}
