import { ServiceTestApp, startServiceTestApp } from '@vaikuta/service-kit/testing';
import type { DevTokenRequest } from '@vaikuta/auth';
import { Clock, SystemClock } from '@vaikuta/domain';
import { GrantsAppModule } from '../src/app.module';
import { GrantsConfig, loadGrantsConfig } from '../src/grants-config';

export interface GrantsTestApp extends Omit<ServiceTestApp<GrantsConfig>, 'token'> {
  /** The service's own stream, `<NS>_GRANTS`. */
  stream: string;
  /** A token for a role (`sub` test-<role>), with any other claims, e.g. `actingFor`. */
  token(role: string, claims?: Partial<DevTokenRequest>): Promise<string>;
}

/**
 * Boots the whole grants service in the test process on real PostgreSQL, NATS and Redis
 * (libs/service-kit's harness), in a database and NATS namespace of its own.
 */
export async function startGrantsTestApp(
  label: string,
  overrides: Partial<GrantsConfig> = {},
  { clock = new SystemClock() as Clock, env = {} as Record<string, string> } = {},
): Promise<GrantsTestApp> {
  const t = await startServiceTestApp({
    service: 'grants',
    label: `gr_${label}`,
    config: (testEnv) => loadGrantsConfig({ ...testEnv, ...env }, { portalUrl: 'http://portal.test', ...overrides }),
    app: (config) => GrantsAppModule.forRoot(config, { clock }),
  });
  return {
    ...t,
    stream: `${t.namespace.toUpperCase()}_GRANTS`,
    token: (role, claims = {}) => t.token({ sub: `test-${role}`, roles: [role as never], ...claims }),
  };
}
