import { BadRequestException, CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';

const REPEATABLE = 'portal:repeatable';

/** Names the form fields or query parameters a handler takes more than once (a group of checkboxes). */
export const Repeatable = (...fields: string[]) => SetMetadata(REPEATABLE, fields);

/**
 * A query parameter or form field given twice (`?code=a&code=b`) arrives as an array where
 * every handler expects a string. Rather than teach each handler, the portal refuses it with
 * a 400 page before any handler runs, except where a handler declares the field repeatable.
 */
@Injectable()
export class SingleValuesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const repeatable = this.reflector.getAllAndOverride<string[]>(REPEATABLE, [context.getHandler(), context.getClass()]) ?? [];
    const form = /^application\/x-www-form-urlencoded/i.test(request.headers['content-type'] ?? '') ? request.body : undefined;
    for (const values of [request.query, form]) {
      if (values === null || typeof values !== 'object') continue;
      for (const [name, value] of Object.entries(values)) {
        if (Array.isArray(value) && !repeatable.includes(name)) throw new BadRequestException(`${name} is given more than once`);
      }
    }
    return true;
  }
}
