import { ServiceTestApp, startServiceTestApp } from '@vaikuta/service-kit/testing';
import { votingRoundRequest } from '@vaikuta/testing';
import type { DevTokenRequest } from '@vaikuta/auth';
import { BudgetingHttp } from '@vaikuta/contracts';
import { Clock, SystemClock } from '@vaikuta/domain';
import { BudgetingAppModule } from '../src/app.module';
import { BudgetingConfig, loadBudgetingConfig } from '../src/budgeting-config';

export interface BudgetingTestApp extends Omit<ServiceTestApp<BudgetingConfig>, 'token'> {
  /** The service's own stream, `<NS>_BUDGETING`. */
  stream: string;
  /** A token for a role; residents of the demo city (born 2000, Helsinki, strong sign-in) unless `claims` say otherwise. */
  token(role: string, claims?: Partial<DevTokenRequest>): Promise<string>;
}

/**
 * Boots the whole budgeting service in the test process on real PostgreSQL, NATS and Redis
 * (libs/service-kit's harness), in a database and NATS namespace of its own.
 */
export async function startBudgetingTestApp(
  label: string,
  overrides: Partial<BudgetingConfig> = {},
  { clock = new SystemClock() as Clock, env = {} as Record<string, string> } = {},
): Promise<BudgetingTestApp> {
  const t = await startServiceTestApp({
    service: 'budgeting',
    label: `bud_${label}`,
    config: (testEnv) => loadBudgetingConfig({ ...testEnv, ...env }, { portalUrl: 'http://portal.test', ...overrides }),
    app: (config) => BudgetingAppModule.forRoot(config, { clock }),
  });
  return {
    ...t,
    stream: `${t.namespace.toUpperCase()}_BUDGETING`,
    token: (role, claims = {}) =>
      t.token({
        sub: `test-${role}`,
        roles: [role as never],
        ...(role === 'resident' ? { birthdate: '2000-05-17', municipality: '091', authMethods: ['strong'] } : {}),
        ...claims,
      }),
  };
}

const DAY = 24 * 60 * 60 * 1000;

/** A round request whose voting phase is open at `now` (libs/testing's fixture). */
export const roundRequest = votingRoundRequest;

/** A round whose proposals phase runs from a day before `now` to ten days after; voting opens 30 days after. */
export function roundInProposals(now = new Date(), changes: Partial<BudgetingHttp.CreateRoundRequest> = {}): BudgetingHttp.CreateRoundRequest {
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  return roundRequest(now, {
    phases: [
      { phase: 'proposals', opensAt: at(-1), closesAt: at(10) },
      { phase: 'screening', opensAt: at(10), closesAt: at(20) },
      { phase: 'costing', opensAt: at(20), closesAt: at(30) },
      { phase: 'voting', opensAt: at(30), closesAt: at(40) },
      { phase: 'results', opensAt: at(40), closesAt: at(50) },
      { phase: 'implementation', opensAt: at(50), closesAt: null },
    ],
    ...changes,
  });
}
