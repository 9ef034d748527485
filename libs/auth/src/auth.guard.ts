import {
  ForbiddenException,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { attachAuthUser, bearerTokenOf, challengeBearer } from './auth-request';
import { InvalidTokenError, JwtVerifier, KeySetUnavailableError } from './jwt-verifier';
import { AUTHENTICATED_KEY } from './authenticated.decorator';
import { IS_PUBLIC_KEY } from './public.decorator';
import { ROLES_KEY } from './roles.decorator';
import { hasAnyRole, type AuthUser, type Role } from './roles';

/**
 * Registered globally by AuthModule. Every route declares who may call it: @Public(),
 * @Roles(...) or @Authenticated(). One that declares nothing is refused (fail closed), so
 * a forgotten decorator never reads as "anyone with a token".
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Message handlers (NATS in a hybrid app) have no bearer token; the bus is trusted.
    if (context.getType() !== 'http') return true;

    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    const authenticated = this.reflector.getAllAndOverride<boolean | undefined>(AUTHENTICATED_KEY, targets) === true;
    if (!isPublic && !authenticated && roles.length === 0) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access policy; refused`);
      throw new ForbiddenException('This route declares no access policy');
    }
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();

    const user = await this.authenticate(request, reply);
    if (!user) {
      // @Roles asks for a user even on a @Public route.
      if (isPublic && roles.length === 0) return true;
      challengeBearer(reply);
      throw new UnauthorizedException('This action needs a bearer token');
    }
    attachAuthUser(request, user);

    if (roles.length > 0 && !hasAnyRole(user, roles)) {
      throw new ForbiddenException(`This action needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  /** The verified user; undefined when no Authorization header was sent; throws on a bad one. */
  private async authenticate(request: FastifyRequest, reply: FastifyReply): Promise<AuthUser | undefined> {
    const header = request.headers.authorization;
    if (header === undefined || header.trim() === '') return undefined;

    const token = bearerTokenOf(header);
    if (!token) {
      const description = 'The Authorization header must be "Bearer <token>"';
      challengeBearer(reply, { code: 'invalid_request', description });
      throw new UnauthorizedException(description);
    }
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        challengeBearer(reply, { code: 'invalid_token', description: error.message });
        throw new UnauthorizedException(error.message);
      }
      if (error instanceof KeySetUnavailableError) {
        // The message names the JWKS problem, never the token.
        this.logger.warn(error.message);
        throw new ServiceUnavailableException('Sign-in cannot be checked right now; try again shortly');
      }
      throw error;
    }
  }
}
