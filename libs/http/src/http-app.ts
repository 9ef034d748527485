import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import multipart from '@fastify/multipart';
import { NestPinoLogger } from '@vaikuta/observability';
import { ProblemDetailsFilter } from './problem-details.filter';
import { schemaValidationPipe } from './schema-validation.pipe';

export interface HttpAppOptions {
  service: string;
  title: string;
  description?: string;
  /** Largest upload in one request part; bigger files answer 413. */
  maxFileBytes?: number;
  maxFiles?: number;
}

/** The Fastify adapter every service uses; JSON bodies are small, files go multipart. */
export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: 1024 * 1024, trustProxy: true });
}

/**
 * Everything a service's HTTP side shares: pino as Nest's logger, problem+json errors,
 * schema validation, multipart uploads and OpenAPI at /docs. Tests call this on the app
 * they build, so they exercise the same stack as production.
 */
export async function configureHttpApp(app: NestFastifyApplication, options: HttpAppOptions): Promise<void> {
  app.useLogger(app.get(NestPinoLogger));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(schemaValidationPipe());
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

/** Boots a service's HTTP app on PORT (default given) and returns it. */
export async function startHttpApp(module: Parameters<typeof NestFactory.create>[0], options: HttpAppOptions & { port: number }): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, createFastifyAdapter(), { bufferLogs: true });
  await configureHttpApp(app, options);
  await app.listen({ port: Number(process.env.PORT ?? options.port), host: process.env.HOST ?? '0.0.0.0' });
  return app;
}
