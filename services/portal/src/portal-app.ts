import zlib from 'node:zlib';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { JwtVerifier } from '@vaikuta/auth';
import {
  applyPreRoutingSecurityHeaders,
  ClientAddressContext,
  DEFAULT_TRUST_PROXY,
  MAX_PATH_PARAM_LENGTH,
  problemJsonClientErrorHandler,
  registerMethodNotAllowed,
  registerPathErrorFormat,
  rejectUncleanInput,
} from '@vaikuta/http';
import { NestPinoLogger } from '@vaikuta/observability';
import { readSession, clearSessionCookie } from './account/session';
import { isLang, LANG_COOKIE, negotiateLang, translator } from './i18n/i18n';
import { apiRoutes, registerApiProxy } from './gateway/api-proxy';
import { csrfTokenOf } from './layout/csrf.guard';
import { portalPreRoutingErrors } from './layout/error-audience';
import { HtmlErrorFilter } from './layout/html-error.filter';
import { registerPageHeaders } from './layout/page-headers';
import { Pages } from './layout/pages';
import { setPortalContext } from './layout/portal-request';
import { PORTAL_CONFIG, PortalConfig } from './portal-config';

/** Routes that are not pages: the API proxy, assets, probes. */
const NOT_PAGES = /^\/(api\/|open311\/|assets\/|health\/|metrics)/;

const ERROR_RESPONDER = 'portalErrors';
const errorResponder = (fastify: FastifyInstance) => (fastify as unknown as Record<typeof ERROR_RESPONDER, HtmlErrorFilter>)[ERROR_RESPONDER];

/**
 * The portal's Fastify: the services' body limit for pages' forms, and the errors Fastify
 * raises before routing (a malformed percent-encoding, a path segment over maxParamLength)
 * go through the app's error filter, which answers each path in its own format, instead of
 * Fastify's own JSON. Requests the HTTP parser refuses (431, malformed HTTP) come before any
 * of that: libs/http's handler answers them in the format of the path the request line names.
 */
export function createPortalAdapter(options: { trustProxy?: PortalConfig['trustProxy'] } = {}): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    // Only the proxies TRUST_PROXY names (config.trustProxy) may say who the client is (libs/http rate limits).
    trustProxy: options.trustProxy ?? DEFAULT_TRUST_PROXY,
    // As the services' (libs/http): every id and subject their validation accepts gets through.
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    // No hook runs for these replies: the security headers registerPageHeaders gave are set here.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      applyPreRoutingSecurityHeaders(request, reply);
      errorResponder(request.server).respond(error, request, reply);
    },
    clientErrorHandler: problemJsonClientErrorHandler,
  } as never);
  registerPathErrorFormat(adapter.getInstance() as unknown as FastifyInstance, portalPreRoutingErrors);
  return adapter;
}

/**
 * The portal's HTTP stack: cookies, form bodies, uploads, CSRF, the API proxy to the
 * services, the per-request page context (language, session) and HTML error pages.
 */
export async function configurePortalApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<PortalConfig>(PORTAL_CONFIG);
  const verifier = app.get(JwtVerifier);
  app.useLogger(app.get(NestPinoLogger));

  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const errors = new HtmlErrorFilter(app.get(Pages));
  fastify.decorate(ERROR_RESPONDER, errors);

  await registerPageHeaders(app, config);
  // Pages, styles and API answers compressed; images are not (not compressible types). Brotli
  // at quality 4: near gzip's cost per response, smaller output; 11 would cost the list page its speed.
  await app.register(compress as never, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
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
  // The pages' calls to the services say whose they are (X-Forwarded-For): limits count residents.
  ClientAddressContext.register(fastify);

  // The registered services' APIs under one origin; what the proxy itself refuses is answered as above.
  await app.register(registerApiProxy(apiRoutes(config.services), (error, request, reply) => errors.respond(error, request, reply)) as never);

  // NUL bytes and lone surrogates in a page's path, query or form never reach a handler (libs/http).
  fastify.addHook('preValidation', async (request, reply) => {
    if (!NOT_PAGES.test(request.url)) await rejectUncleanInput(request, reply);
  });
  // A page path asked with a method it does not have is a 405 (with Allow) on the error page,
  // as the services answer theirs; a path no page has keeps the 404 page. /api/ never gets here:
  // the proxy takes every method there and the service answers.
  registerMethodNotAllowed(fastify);
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

  app.useGlobalFilters(errors);
  app.enableShutdownHooks();
}
