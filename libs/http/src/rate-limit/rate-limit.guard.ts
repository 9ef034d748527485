import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { RATE_LIMIT_CLASS } from './rate-limit-class.decorator';
import type { RateLimitClassName } from './rate-limit-settings';
import { RateLimits } from './rate-limits.service';

/**
 * Counts each call against its route's class: the declared one, or `staff-api` for a
 * signed-in call of an undeclared route. Runs after the auth guard (RateLimitModule is
 * imported after AuthModule), so the caller is the verified token's subject, never a name
 * a client made up.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: { sub?: string } }>();
    const declared = this.reflector.getAllAndOverride<RateLimitClassName | undefined>(RATE_LIMIT_CLASS, [
      context.getHandler(),
      context.getClass(),
    ]);
    const sub = request.user?.sub;
    const name = declared ?? (sub ? 'staff-api' : undefined);
    if (name) await this.limits.hit(name, request, sub ? `sub:${sub}` : undefined);
    return true;
  }
}
