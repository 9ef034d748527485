import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isLang, LANG_COOKIE } from '../i18n/i18n';
import { assetUrls } from './assets';
import { Pages } from './pages';
import { Ctx, PortalContext } from './portal-request';

/**
 * A local path to return to; anything else (other sites, protocol-relative) goes home.
 * Browsers drop tabs and newlines from a URL and read `\` as `/`, so `/\t/x.example` would
 * leave the site: a path with either is refused.
 */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !/[\\\u0000-\u001f]/.test(next) ? next : '/';
}

@Controller()
export class HomeController {
  constructor(private readonly pages: Pages) {}

  @Get()
  home(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply, @Query('signedOut') signedOut?: string) {
    this.pages.render(reply, ctx, 'layout/home', {
      title: ctx.t('home.title'),
      nav: 'home',
      flash: signedOut ? { kind: 'success', text: ctx.t('login.signedOut') } : undefined,
    });
  }

  /** Browsers ask for /favicon.ico on their own; the icon is the hashed SVG the pages link. */
  @Get('favicon.ico')
  favicon(@Res() reply: FastifyReply) {
    reply.header('Cache-Control', 'public, max-age=86400').redirect(assetUrls().icon, 301);
  }

  /** The language switcher: a plain link, remembered for a year. */
  @Get('language/:lang')
  language(@Param('lang') lang: string, @Query('next') next: string | undefined, @Res() reply: FastifyReply) {
    if (isLang(lang)) reply.setCookie(LANG_COOKIE, lang, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
    reply.redirect(safeNext(next), 303);
  }
}
