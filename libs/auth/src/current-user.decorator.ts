import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authUserOf, challengeBearer } from './auth-request';
import type { AuthUser } from './roles';

/**
 * The verified caller. Always present on routes that are not @Public (the guard saw to it); on
 * a @Public route without a token it answers 401, so use @OptionalUser() there instead.
 */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const http = context.switchToHttp();
  const user = authUserOf(http.getRequest<FastifyRequest>());
  if (!user) {
    challengeBearer(http.getResponse<FastifyReply>());
    throw new UnauthorizedException('This action needs a bearer token');
  }
  return user;
});

/** The verified caller on a @Public route, or undefined when no token was sent. */
export const OptionalUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser | undefined =>
    authUserOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
