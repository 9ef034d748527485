import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { registerPathErrorFormat } from '@vaikuta/http';
import { Open311ApiKeysController } from './open311-api-keys.controller';
import { Open311ApiKeysService } from './open311-api-keys.service';
import { Open311CatalogService } from './open311-catalog.service';
import { Open311Controller } from './open311.controller';
import { open311FrameworkErrors, open311PreRoutingErrors } from './open311-framework-errors';
import { Open311RequestService } from './open311-request.service';

/**
 * Open311 GeoReport v2 with Helsinki's extensions, at /open311/v2, and the admin routes that
 * issue its API keys. Config, catalogue and intake come from the feedback app's global scope.
 * Urlencoded POST bodies need no plugin: Nest 12's Fastify adapter parses
 * application/x-www-form-urlencoded by default; multipart comes from configureHttpApp.
 */
@Module({
  controllers: [Open311Controller, Open311ApiKeysController],
  providers: [Open311ApiKeysService, Open311CatalogService, Open311RequestService],
  exports: [Open311ApiKeysService],
})
export class Open311Module implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Errors Fastify raises before a route runs get Open311's format too (see open311-framework-errors.ts). */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    fastify?.addHook('onSend', open311FrameworkErrors);
    if (fastify) registerPathErrorFormat(fastify, open311PreRoutingErrors);
  }
}
