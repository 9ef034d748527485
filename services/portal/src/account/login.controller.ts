import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { FinnishBusinessIds } from 'finnish-business-ids';
import { FinnishSSN } from 'finnish-ssn';
import { issueDevToken, Role } from '@vaikuta/auth';
import { RateLimitClass } from '@vaikuta/http';
import { Catalog, FeedbackClient } from '../clients/feedback-client';
import { ServiceProblem } from '../clients/service-problem';
import { safeNext } from '../layout/home.controller';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext } from '../layout/portal-request';
import { PORTAL_CONFIG, PortalConfig } from '../portal-config';
import { clearSessionCookie, SESSION_SECONDS, setSessionCookie } from './session';

interface LoginForm {
  role?: string;
  department?: string;
  name?: string;
  next?: string;
  birthdate?: string;
  municipality?: string;
  authMethod?: string;
  hetu?: string;
  actingFor?: string;
}

/**
 * The demo resident's optional identity code, so one newcomer can vote online and then be
 * entered on paper with the same code and watch reconciliation catch it. Only synthetic codes
 * (individual numbers 900–999, never given to anyone) are taken: a real code does not belong in
 * a demo. `undefined` when left empty, `null` when it is no valid synthetic code.
 */
export function demoIdentityCode(raw: string | undefined): { code: string; birthdate: string } | undefined | null {
  const code = String(raw ?? '').trim().toUpperCase();
  if (!code) return undefined;
  const m = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(9\d{2})[0-9A-Y]$/.exec(code);
  if (!m || !FinnishSSN.validate(code)) return null;
  const century = m[4] === '+' ? 18 : 'ABCDEF'.includes(m[4]) ? 20 : 19;
  // Read from the code itself: finnish-ssn's parse builds a local-time Date, which shifts the day in some zones.
  return { code, birthdate: `${century}${m[3]}-${m[2]}-${m[1]}` };
}

/**
 * The demo resident's "business ID I act for", as a Suomi.fi mandate would name it in the
 * `actingFor` claim: `undefined` when left empty, `null` when it is no valid business ID.
 */
export function demoActingFor(raw: string | undefined): string[] | undefined | null {
  const id = String(raw ?? '').trim();
  if (!id) return undefined;
  return /^\d{7}-\d$/.test(id) && FinnishBusinessIds.isValidBusinessId(id) ? [id] : null;
}

/**
 * The claims budgeting's eligibility reads (birthdate, municipality, amr), as a real sign-in
 * would carry them; a resident who leaves the fields alone is an adult of Helsinki (091)
 * signed in strongly. A value of the wrong shape falls back to the default.
 */
export function demoResidentClaims(body: Pick<LoginForm, 'birthdate' | 'municipality' | 'authMethod'>) {
  const birthdate = String(body.birthdate ?? '').trim();
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(birthdate) && !Number.isNaN(Date.parse(`${birthdate}T00:00:00Z`)) && new Date(`${birthdate}T00:00:00Z`).toISOString().startsWith(birthdate);
  const municipality = String(body.municipality ?? '').trim();
  const method = ['strong', 'school', 'sms'].includes(String(body.authMethod)) ? String(body.authMethod) : 'strong';
  return { birthdate: validDate ? birthdate : '2000-01-01', municipality: /^\d{3}$/.test(municipality) ? municipality : '091', authMethods: [method] };
}

/**
 * A stable demo identity from the chosen name, so signing in again finds the same feedback.
 * Staff type it to assign a case to a colleague, so letters keep their base (ä → a, å → a).
 * Without a name (or one with no letters or digits) each sign-in is a new person: people who
 * leave the field empty must not share one identity and see each other's feedback.
 */
export function demoSubject(role: string, name: string | undefined, department?: string): string {
  const slug = (name ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  const who = slug || `anonymous-${randomUUID().slice(0, 8)}`;
  return ['demo', role === 'case_worker' ? `case-worker-${department?.toLowerCase()}` : role, who].join('-');
}

/**
 * The demo sign-in: pick a role and get a development token in an httpOnly cookie. Only with
 * AUTH_DEV_ISSUER=true (and never in production); a real deployment signs in through OIDC.
 */
@Controller()
export class LoginController {
  constructor(
    private readonly pages: Pages,
    private readonly feedback: FeedbackClient,
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
  ) {}

  @Get('login')
  async form(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply, @Query('next') next?: string, refused?: { hetuError?: string; actingForError?: string; values: LoginForm }) {
    const departments = this.config.devLogin ? await this.activeDepartments(ctx.lang) : [];
    this.pages.render(reply, ctx, 'account/login', {
      title: ctx.t('login.title'),
      departments,
      next: safeNext(next),
      notice: next && next !== '/' && !refused ? ctx.t('login.required') : undefined,
      hetuError: refused?.hetuError,
      actingForError: refused?.actingForError,
      // The refused code is not shown back: the field is typed again.
      values: refused ? { birthdate: refused.values.birthdate, municipality: refused.values.municipality, authMethod: refused.values.authMethod, name: refused.values.name, actingFor: refused.values.actingFor } : {},
      status: refused ? 400 : undefined,
    });
  }

  @Post('login')
  @RateLimitClass('login')
  async login(@Ctx() ctx: PortalContext, @Body() body: LoginForm, @Res() reply: FastifyReply) {
    if (!this.config.devLogin) return this.form(ctx, reply);
    const role: Role = body.role === 'case_worker' || body.role === 'preparer' || body.role === 'admin' || body.role === 'coordinator' || body.role === 'grants_officer' || body.role === 'premises_manager' ? body.role : 'resident';
    const identity = role === 'resident' ? demoIdentityCode(body.hetu) : undefined;
    if (identity === null) return this.form(ctx, reply, body.next, { hetuError: ctx.t('login.hetuInvalid'), values: body });
    const actingFor = role === 'resident' ? demoActingFor(body.actingFor) : undefined;
    if (actingFor === null) return this.form(ctx, reply, body.next, { actingForError: ctx.t('ga.login.actingForInvalid'), values: body });
    // A preparer works in a department too (the initiatives queue opens on it), but may have none.
    const department = role === 'case_worker' || role === 'preparer' ? String(body.department ?? '').trim() || undefined : undefined;
    if (role === 'case_worker' && !department) return this.form(ctx, reply, body.next);
    const name = String(body.name ?? '').trim().slice(0, 60) || ctx.t(`role.${role}`);
    const token = await issueDevToken({
      sub: demoSubject(role, body.name, department),
      roles: [role],
      departments: department ? [department] : [],
      name,
      lang: ctx.lang,
      ttlSeconds: SESSION_SECONDS,
      ...(role === 'resident' ? demoResidentClaims(body) : {}),
      // The code's own birth date wins over the typed one: a service reading either sees one person.
      ...(identity ? { hetu: identity.code, birthdate: identity.birthdate } : {}),
      ...(actingFor ? { actingFor } : {}),
    });
    setSessionCookie(reply, token, this.config.cookieSecure);
    const fallback = role === 'resident' ? '/my' : role === 'admin' ? '/admin' : role === 'preparer' ? '/staff/initiatives' : role === 'coordinator' ? '/staff/budgeting' : role === 'grants_officer' ? '/staff/grants' : role === 'premises_manager' ? '/staff/premises' : '/staff/queue';
    const next = safeNext(body.next);
    reply.redirect(next === '/' ? fallback : next, 303);
  }

  @Post('logout')
  logout(@Res() reply: FastifyReply) {
    clearSessionCookie(reply);
    reply.redirect('/?signedOut=1', 303);
  }

  /**
   * The departments a case worker may sign in for, from the feedback catalogue. Signing in must
   * not depend on feedback being up (an admin signs in to see which service is down): without an
   * answer the page offers no department and every other role still signs in.
   */
  private async activeDepartments(lang: string): Promise<Catalog['departments']> {
    try {
      return (await this.feedback.catalog(lang)).departments.filter((d) => d.active !== false);
    } catch (error) {
      if (error instanceof ServiceProblem && error.status >= 500) return [];
      throw error;
    }
  }
}
