import { createParamDecorator, ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '@vaikuta/auth';
import { Lang, Translate } from '../i18n/i18n';

/** What the portal knows about the person making a page request. */
export interface PortalContext {
  lang: Lang;
  t: Translate;
  /** The signed-in person, from the session cookie; undefined when signed out. */
  user?: AuthUser;
  /** Their bearer token, sent to the services on their behalf. Never rendered. */
  token?: string;
  /** The path and query of this page, for the language switcher and sign-in returns. */
  url: string;
}

type WithPortal = FastifyRequest & { portal?: PortalContext };

export function portalContextOf(request: FastifyRequest): PortalContext {
  const ctx = (request as WithPortal).portal;
  if (!ctx) throw new Error('The portal context hook did not run for this route');
  return ctx;
}

export function setPortalContext(request: FastifyRequest, ctx: PortalContext): void {
  (request as WithPortal).portal = ctx;
}

/** `@Ctx() ctx: PortalContext` in a page controller. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext) => portalContextOf(context.switchToHttp().getRequest()));

export const isStaff = (user?: AuthUser) => Boolean(user?.roles.some((r) => r === 'case_worker' || r === 'admin'));
export const isAdmin = (user?: AuthUser) => Boolean(user?.roles.includes('admin'));
/** Prepares council and residents' initiatives (the initiatives service's preparer|admin routes). */
export const isPreparer = (user?: AuthUser) => Boolean(user?.roles.some((r) => r === 'preparer' || r === 'admin'));

/** The signed-in person's token, or a 401 (which sends them to sign in and back). */
export function requireUser(ctx: PortalContext): { user: AuthUser; token: string } {
  if (!ctx.user || !ctx.token) throw new UnauthorizedException();
  return { user: ctx.user, token: ctx.token };
}

export function requireStaff(ctx: PortalContext): { user: AuthUser; token: string } {
  const session = requireUser(ctx);
  if (!isStaff(session.user)) throw new ForbiddenException();
  return session;
}

export function requirePreparer(ctx: PortalContext): { user: AuthUser; token: string } {
  const session = requireUser(ctx);
  if (!isPreparer(session.user)) throw new ForbiddenException();
  return session;
}

export function requireAdmin(ctx: PortalContext): { user: AuthUser; token: string } {
  const session = requireUser(ctx);
  if (!isAdmin(session.user)) throw new ForbiddenException();
  return session;
}
