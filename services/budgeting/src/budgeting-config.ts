import { z } from 'zod';
import { BaseServiceConfig, loadServiceConfig, portVariable, ServiceConfigError, serviceEnvSchema } from '@vaikuta/service-kit';

const DEV_PERSON_KEY_SECRET = 'dev-only-person-key-secret-change-me-in-production';

const env = serviceEnvSchema({
  PORT: portVariable(3003),
  PORTAL_URL: z.url().default('http://localhost:8080'),
  /**
   * The city's secret for a person's key: HMAC-SHA256 of their identity code (or of their
   * sign-in subject when the token has no code). One person, one key, across channels, and
   * the code itself is never stored. Changing it mid-round splits every voter in two.
   */
  PERSON_KEY_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /**
   * How long a Pabulib analysis may take from its request, queueing behind another included (its
   * worker thread is stopped then, and the caller gets 422). Equal shares grows fast with
   * projects × voters, and one thread serves every coordinator.
   */
  PABULIB_ANALYSIS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
  /**
   * How many analyses may wait behind the running one; more are answered 503 with Retry-After.
   * Each waiting file is held in memory (up to 20 MB), and a waiting analysis's deadline runs
   * while it waits, so a long queue only holds files that will be cut at 422.
   */
  PABULIB_ANALYSIS_MAX_QUEUE: z.coerce.number().int().min(0).max(100).default(4),
});

export interface BudgetingConfig extends BaseServiceConfig {
  port: number;
  portalUrl: string;
  personKeySecret: string;
  pabulibAnalysisTimeoutMs: number;
  pabulibAnalysisMaxQueue: number;
}

export const BUDGETING_CONFIG = Symbol('BUDGETING_CONFIG');

/** Reads and checks the environment once at start-up; a bad value stops the service, one line per variable. */
export function loadBudgetingConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<BudgetingConfig> = {}): BudgetingConfig {
  const { env: e, ...base } = loadServiceConfig('budgeting', env, source);
  // The development default is in the source code: anyone could compute every voter's key with it.
  if (!e.PERSON_KEY_SECRET && e.NODE_ENV === 'production') {
    throw ServiceConfigError.variable('budgeting', 'PERSON_KEY_SECRET', 'is required in production');
  }
  return {
    ...base,
    port: e.PORT,
    portalUrl: e.PORTAL_URL.replace(/\/$/, ''),
    personKeySecret: e.PERSON_KEY_SECRET ?? DEV_PERSON_KEY_SECRET,
    pabulibAnalysisTimeoutMs: e.PABULIB_ANALYSIS_TIMEOUT_MS,
    pabulibAnalysisMaxQueue: e.PABULIB_ANALYSIS_MAX_QUEUE,
    ...overrides,
  };
}
