import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LANG_NAMES, LANGS } from '../i18n/i18n';
import { PORTAL_CONFIG, PortalConfig } from '../portal-config';
import { assetUrls } from './assets';
import { isAdmin, isPreparer, isStaff, PortalContext } from './portal-request';
import { Views } from './views';

export interface PageOptions {
  /** The page's <title> and <h1>, already translated. */
  title: string;
  status?: number;
  /** Which navigation entry is this page (aria-current). */
  nav?: string;
  [key: string]: unknown;
}

interface NavItem {
  key: string;
  href: string;
  label: string;
}

/** Renders a page: its template inside the layout, with the person's language and navigation. */
@Injectable()
export class Pages {
  constructor(
    private readonly views: Views,
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
  ) {
    assetUrls(); // builds the stylesheet now, so a missing hds-core stops the start, not a page
  }

  render(reply: FastifyReply, ctx: PortalContext, view: string, data: PageOptions): void {
    const html = this.html(reply, ctx, view, data);
    reply
      .status(data.status ?? 200)
      .header('Content-Type', 'text/html; charset=utf-8')
      // Pages can hold personal data (a case, my feedback): never in a shared cache.
      .header('Cache-Control', 'private, no-store')
      // nosniff, the CSP (with the map's tile server) and the rest: layout/page-headers.ts.
      .header('Content-Language', ctx.lang)
      .send(html);
  }

  html(reply: FastifyReply, ctx: PortalContext, view: string, data: PageOptions): string {
    // An error Fastify raised before routing has no cookies read, hence no token: its page has no form.
    const csrfToken = reply.request.cookies ? (reply as unknown as { generateCsrf(): string }).generateCsrf() : undefined;
    const root = {
      ...data,
      lang: ctx.lang,
      t: ctx.t,
      user: ctx.user ? { name: ctx.user.name ?? ctx.user.sub, roles: ctx.user.roles, departments: ctx.user.departments } : undefined,
      staff: isStaff(ctx.user),
      preparer: isPreparer(ctx.user),
      admin: isAdmin(ctx.user),
      csrfToken,
      currentUrl: ctx.url,
      nextParam: encodeURIComponent(ctx.url),
      devLogin: this.config.devLogin,
      assets: assetUrls(),
    };
    const body = this.views.render(view, root);
    return this.views.render('layout/layout', {
      ...root,
      body,
      nav: this.nav(ctx, data.nav),
      languages: LANGS.map((lang) => ({
        lang,
        name: LANG_NAMES[lang],
        current: lang === ctx.lang,
        href: `/language/${lang}?next=${encodeURIComponent(ctx.url)}`,
      })),
    });
  }

  private nav(ctx: PortalContext, current?: string): (NavItem & { current: boolean })[] {
    const t = ctx.t;
    const items: NavItem[] = [
      { key: 'send', href: '/feedback/new', label: t('nav.send') },
      { key: 'browse', href: '/feedback', label: t('nav.browse') },
      { key: 'track', href: '/feedback/track', label: t('nav.track') },
      { key: 'initiatives', href: '/initiatives', label: t('nav.initiatives') },
      { key: 'budgeting', href: '/budgeting', label: t('nav.budgeting') },
      { key: 'grants', href: '/grants', label: t('ga.nav') },
      { key: 'premises', href: '/premises', label: t('prem.nav') },
    ];
    if (ctx.user) {
      items.push({ key: 'my', href: '/my', label: t('nav.my') });
      items.push({ key: 'inbox', href: '/notifications/inbox', label: t('nav.inbox') });
    }
    if (isStaff(ctx.user)) {
      items.push({ key: 'queue', href: '/staff/queue', label: t('nav.queue') });
      items.push({ key: 'summaries', href: '/staff/summaries', label: t('nav.summaries') });
    }
    if (isPreparer(ctx.user)) items.push({ key: 'initiativeQueue', href: '/staff/initiatives', label: t('nav.initiativeQueue') });
    // Coordinators, grants officers and premises managers have no other staff entry; admins reach
    // their pages from the admin page, which keeps the admin's menu short.
    if (ctx.user?.roles.includes('coordinator')) items.push({ key: 'budgetingStaff', href: '/staff/budgeting', label: t('bud.co.nav') });
    if (ctx.user?.roles.includes('grants_officer')) items.push({ key: 'grantsOfficer', href: '/staff/grants', label: t('gro.nav') });
    if (ctx.user?.roles.includes('premises_manager')) items.push({ key: 'premisesStaff', href: '/staff/premises', label: t('prem.staff.nav') });
    if (isAdmin(ctx.user)) items.push({ key: 'admin', href: '/admin', label: t('nav.admin') });
    return items.map((item) => ({ ...item, current: item.key === current }));
  }
}
