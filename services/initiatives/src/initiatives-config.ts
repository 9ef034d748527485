import { z } from 'zod';
import { BaseServiceConfig, loadServiceConfig, portVariable, ServiceConfigError, serviceEnvSchema } from '@vaikuta/service-kit';

const env = serviceEnvSchema({
  PORT: portVariable(3002),
  PORTAL_URL: z.url().default('http://localhost:8080'),
  /** The city's name as the yearly report prints it. */
  CITY_NAME: z.string().trim().min(1).max(80).default('Helsinki'),
  /** Residents entitled to vote in the city: 2 % of them makes the council's six-month duty (kuntalaki § 23). */
  CITY_ELIGIBLE_VOTERS: z.coerce.number().int().positive().default(520_000),
  /** Statistics Finland municipality code, as kuntalaisaloite.fi numbers municipalities (91 Helsinki). */
  CITY_MUNICIPALITY_CODE: z.string().regex(/^\d{1,3}$/, 'a municipality number such as 91').default('91'),
  /** Prefix of case ids the registry gives (`HEL-2026-001234`). */
  CASE_ID_PREFIX: z.string().regex(/^[A-Z]{2,5}$/, 'two to five capital letters').default('HEL'),
  /** kuntalaisaloite.fi API base (…/api/v1); `npm start` runs scripts/kuntalaisaloite-stub.mjs. */
  KUNTALAISALOITE_API_URL: z.url().default('http://127.0.0.1:1084/api/v1'),
  /** Minutes between imports; 0 turns the schedule off (the admin route still imports). */
  KUNTALAISALOITE_IMPORT_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  /** Ahjo REST base (…/ahjorest/v1); `npm start` runs scripts/ahjo-stub.mjs. */
  AHJO_API_URL: z.url().default('http://127.0.0.1:1085/ahjorest/v1'),
  /** Shared secret Ahjo sends in X-Ahjo-Secret with its change callbacks. Required in production. */
  AHJO_CALLBACK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  /** Days before the council deadline, and before a statement's due date, when the preparer is reminded. */
  COUNCIL_REMINDER_DAYS: z.coerce.number().int().min(0).max(180).default(30),
  STATEMENT_REMINDER_DAYS: z.coerce.number().int().min(0).max(60).default(3),
  /** Minutes between reminder sweeps; 0 turns them off. */
  REMINDER_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1440).default(60),
  HTTP_CLIENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
});

export interface InitiativesConfig extends BaseServiceConfig {
  port: number;
  portalUrl: string;
  city: { name: string; eligibleVoters: number; municipalityCode: string; caseIdPrefix: string };
  kuntalaisaloite: { apiUrl: string; intervalMinutes: number };
  ahjo: { apiUrl: string; callbackSecret: string };
  reminders: { councilLeadDays: number; statementLeadDays: number; intervalMinutes: number };
  httpTimeoutMs: number;
}

export const INITIATIVES_CONFIG = Symbol('INITIATIVES_CONFIG');

const trim = (url: string) => url.replace(/\/$/, '');

/** Reads and checks the environment once at start-up; a bad value stops the service, one line per variable. */
export function loadInitiativesConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<InitiativesConfig> = {}): InitiativesConfig {
  const { env: e, ...base } = loadServiceConfig('initiatives', env, source);
  // The development default is in the source code, so anyone could send callbacks with it.
  if (!e.AHJO_CALLBACK_SECRET && e.NODE_ENV === 'production') {
    throw ServiceConfigError.variable('initiatives', 'AHJO_CALLBACK_SECRET', 'is required in production');
  }
  return {
    ...base,
    port: e.PORT,
    portalUrl: trim(e.PORTAL_URL),
    city: { name: e.CITY_NAME, eligibleVoters: e.CITY_ELIGIBLE_VOTERS, municipalityCode: e.CITY_MUNICIPALITY_CODE, caseIdPrefix: e.CASE_ID_PREFIX },
    kuntalaisaloite: { apiUrl: trim(e.KUNTALAISALOITE_API_URL), intervalMinutes: e.KUNTALAISALOITE_IMPORT_INTERVAL_MINUTES },
    ahjo: { apiUrl: trim(e.AHJO_API_URL), callbackSecret: e.AHJO_CALLBACK_SECRET ?? 'dev-ahjo-callback-secret' },
    reminders: {
      councilLeadDays: e.COUNCIL_REMINDER_DAYS,
      statementLeadDays: e.STATEMENT_REMINDER_DAYS,
      intervalMinutes: e.REMINDER_INTERVAL_MINUTES,
    },
    httpTimeoutMs: e.HTTP_CLIENT_TIMEOUT_MS,
    ...overrides,
  };
}
