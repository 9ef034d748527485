import { ServiceTestApp, startServiceTestApp } from '@vaikuta/service-kit/testing';
import { InitiativesAppModule } from '../src/app.module';
import { Clock, SystemClock } from '@vaikuta/domain';
import { InitiativesConfig, loadInitiativesConfig } from '../src/initiatives-config';

export interface InitiativesTestApp extends Omit<ServiceTestApp<InitiativesConfig>, 'token'> {
  /** The service's own stream, `<NS>_INITIATIVES`. */
  stream: string;
  token(role: string, departments?: string[], sub?: string): Promise<string>;
}

export { FakeClock } from '@vaikuta/domain';

/**
 * Boots the whole initiatives service in the test process on real PostgreSQL, NATS and Redis
 * (libs/service-kit's harness), in a database and NATS namespace of its own; the import and
 * reminder schedules are off unless a test turns them on.
 */
export async function startInitiativesTestApp(
  label: string,
  overrides: Partial<InitiativesConfig> = {},
  { clock = new SystemClock() as Clock, env = {} as Record<string, string> } = {},
): Promise<InitiativesTestApp> {
  const t = await startServiceTestApp({
    service: 'initiatives',
    label: `ini_${label}`,
    config: (testEnv) =>
      loadInitiativesConfig(
        { KUNTALAISALOITE_IMPORT_INTERVAL_MINUTES: '0', REMINDER_INTERVAL_MINUTES: '0', ...testEnv, ...env },
        { portalUrl: 'http://portal.test', ...overrides },
      ),
    app: (config) => InitiativesAppModule.forRoot(config, { clock }),
  });
  return {
    ...t,
    stream: `${t.namespace.toUpperCase()}_INITIATIVES`,
    token: (role, departments = [], sub = `test-${role}`) => t.token({ sub, roles: [role as never], departments }),
  };
}
