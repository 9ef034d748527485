import { ForbiddenException } from '@nestjs/common';
import { Lang } from '../i18n/i18n';
import { PortalContext, requireUser } from '../layout/portal-request';
import { ServiceProblem } from '../clients/service-problem';

/** Grants officers and admins, as the grants service's officer routes accept them. */
export const isGrantsOfficer = (ctx: PortalContext) => Boolean(ctx.user?.roles.some((r) => r === 'grants_officer' || r === 'admin'));

/** Grants officers and admins only; anyone else signed in gets 403, someone signed out the sign-in page. */
export function requireGrantsOfficer(ctx: PortalContext) {
  const session = requireUser(ctx);
  if (!isGrantsOfficer(ctx)) throw new ForbiddenException();
  return session;
}

const MONEY: Record<Lang, Intl.NumberFormat> = {
  fi: new Intl.NumberFormat('fi-FI', { style: 'currency', currency: 'EUR' }),
  sv: new Intl.NumberFormat('sv-FI', { style: 'currency', currency: 'EUR' }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }),
};

/** Cents as euros with cents, in the reader's language ("1 500,00 €"). */
export const money = (cents: number | null | undefined, lang: Lang) => (cents === null || cents === undefined ? '' : MONEY[lang].format(cents / 100));

/** Cents as officers type euros back into a form ("1500,50"); empty for nothing. */
export const typedEuros = (cents: number | null | undefined) => (cents === null || cents === undefined ? '' : (cents / 100).toFixed(2).replace('.', ',').replace(/,00$/, ''));

/** Euros as people type them ("1 500", "1500,50", "1500.5") → cents; NaN for anything else, undefined for nothing. */
export function centsOf(typed: unknown): number | undefined {
  const compact = String(typed ?? '').replace(/[\s\u00a0€]/g, '').replace(',', '.');
  if (!compact) return undefined;
  return /^\d{1,10}(\.\d{1,2})?$/.test(compact) ? Math.round(Number(compact) * 100) : Number.NaN;
}

/** Round texts (fi, sv?, en?) are read like budgeting's: the reader's language, else the first there is. */
export { localText as roundText } from '../budgeting/budgeting-view';

/** The service refused the change because someone changed the record first (a stale version or a step no longer possible). */
export const isStale = (error: unknown) => error instanceof ServiceProblem && error.status === 409;

/** A refusal a form can show: a 4xx of the service with field problems or a detail; anything else is rethrown. */
export function formRefusal(error: unknown): ServiceProblem {
  if (error instanceof ServiceProblem && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 403 && error.status !== 404) return error;
  throw error;
}
