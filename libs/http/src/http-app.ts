import { parse as parseQueryString } from 'node:querystring';
import type { Socket } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import multipart from '@fastify/multipart';
import { NestPinoLogger } from '@vaikuta/observability';
import { ProblemDetailsFilter } from './problem-details.filter';
import { answerRouterError, problemJsonClientErrorHandler } from './client-error-handler';
import { MAX_JSON_DEPTH, jsonDepthExceeds, rejectUncleanInput } from './input-screen';
import { ValidationProblem } from './problem';
import { registerMethodNotAllowed } from './method-not-allowed';
import { MAX_PATH_PARAM_LENGTH } from './path-param-limit';
import { schemaValidationPipe } from './schema-validation.pipe';
import { DEFAULT_HOST, type HttpSettings } from './http-env';
import { DEFAULT_TRUST_PROXY } from './rate-limit/trusted-proxies';
import { registerSecurityHeaders } from './security-headers/security-headers';

export interface HttpAppOptions {
  service: string;
  title: string;
  description?: string;
  /** Largest upload in one request part; bigger files answer 413. */
  maxFileBytes?: number;
  maxFiles?: number;
  /** HSTS and https upgrades (TLS_TERMINATED_IN_FRONT in the service's config); default off. */
  tlsTerminatedInFront?: boolean;
}

export interface FastifyAdapterOptions {
  /** Which proxies may name the client (TRUST_PROXY in the service's config); default loopback. */
  trustProxy?: boolean | string;
}

/** The Fastify adapter every service uses; JSON bodies are small, files go multipart. */
export function createFastifyAdapter(options: FastifyAdapterOptions = {}): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    // Which proxies may name the client (X-Forwarded-For): per-address limits count that address.
    trustProxy: options.trustProxy ?? DEFAULT_TRUST_PROXY,
    // A path parameter longer than this is a 414 before routing; every length validation accepts gets through.
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    // Requests node's parser refuses (431 headers too large, malformed HTTP) answer in problem+json too.
    clientErrorHandler: problemJsonClientErrorHandler as (error: Error, socket: Socket) => void,
    // A malformed URL (bad percent-encoding) or an over-long parameter, refused by the router.
    frameworkErrors: answerRouterError,
  });
}

const BODY_LIMIT = 1024 * 1024;
/** Text bodies are whole data files: larger than JSON requests, still bounded. */
export const TEXT_BODY_LIMIT = 20 * 1024 * 1024;

/**
 * Everything a service's HTTP side shares: pino as Nest's logger, problem+json errors,
 * schema validation, multipart uploads and OpenAPI at /docs. Tests call this on the app
 * they build, so they exercise the same stack as production.
 */
export async function configureHttpApp(app: NestFastifyApplication, options: HttpAppOptions): Promise<void> {
  app.useLogger(app.get(NestPinoLogger));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(schemaValidationPipe());
  const fastify = app.getHttpAdapter().getInstance();
  // JSON is parsed by Fastify's own (prototype-poisoning-safe) parser after a linear depth
  // check: a body nested thousands deep would otherwise overflow the stack of whatever walks it.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT }, (request, body, done) => {
    const json = body.toString('utf8');
    if (jsonDepthExceeds(json, MAX_JSON_DEPTH)) {
      done(ValidationProblem.field('(body)', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      return;
    }
    // Syntax errors and empty bodies are the client's: a 400 about the body, naming it.
    parseJson(request as never, json, (error: Error | null, value?: unknown) =>
      done(error ? ValidationProblem.field('(body)', error.message) : null, value),
    );
  });
  // Forms as Nest parses them (repeated fields as arrays), but a `__proto__` field is a 400 naming the body.
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit: BODY_LIMIT }, (_request, body, done) => {
    const fields = parseQueryString(body.toString('utf8'));
    if (Object.hasOwn(fields, '__proto__')) done(ValidationProblem.field('(body)', 'A form field may not be called __proto__'), undefined);
    else done(null, { ...fields });
  });
  // Plain text (a data file such as a Pabulib election to analyse) reaches the handler as a
  // string, up to TEXT_BODY_LIMIT; a route that expects JSON refuses a string in its schema (400).
  app.useBodyParser('text/plain', { bodyLimit: TEXT_BODY_LIMIT }, (_request, body, done) => done(null, body.toString('utf8')));
  // NUL bytes and lone surrogates in params, query or body never reach a handler (see input-screen.ts).
  fastify.addHook('preValidation', rejectUncleanInput);
  // A method the path does not have is a 405 with Allow, not a 404 (method-not-allowed.ts).
  registerMethodNotAllowed(fastify);
  // nosniff, CSP, no-store unless a public route opts in, HSTS behind TLS (security-headers.ts).
  await registerSecurityHeaders(app, { tlsTerminatedInFront: options.tlsTerminatedInFront ?? false });
  await app.register(multipart as never, {
    limits: { fileSize: options.maxFileBytes ?? 10 * 1024 * 1024, files: options.maxFiles ?? 5, fields: 50, fieldSize: 64 * 1024 },
    throwFileSizeLimit: true,
  });
  const document = SwaggerModule.createDocument(
    app as unknown as INestApplication,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description ?? '')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app as unknown as INestApplication, document);
  app.enableShutdownHooks();
}

/**
 * Boots a service's HTTP app on the port and host of its config and returns it. The config
 * read PORT, HOST, TRUST_PROXY and TLS_TERMINATED_IN_FRONT; this library reads no environment.
 */
export async function startHttpApp(
  module: Parameters<typeof NestFactory.create>[0],
  options: HttpAppOptions & Partial<HttpSettings> & { port: number },
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, createFastifyAdapter({ trustProxy: options.trustProxy }), { bufferLogs: true });
  await configureHttpApp(app, options);
  await app.listen({ port: options.port, host: options.host ?? DEFAULT_HOST });
  return app;
}
