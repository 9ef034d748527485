import { startHttpApp } from '@vaikuta/http';
import type { BaseServiceConfig } from './service-config';
import { ServiceConfigError } from './service-config';
import type { ServiceAppModule } from './service-cli';

export interface ServiceMainOptions<C extends BaseServiceConfig & { port: number }> {
  service: string;
  config: () => C;
  app: ServiceAppModule<C>;
  /** OpenAPI title and description (served at /docs). */
  title: string;
  description?: string;
}

/**
 * A service's main.ts: loads the configuration, boots the HTTP app on its port. Invalid
 * configuration stops the start with one line per bad variable; any other failure with its stack.
 */
export function startService<C extends BaseServiceConfig & { port: number }>(options: ServiceMainOptions<C>): void {
  const start = async () => {
    const config = options.config();
    await startHttpApp(options.app.forRoot(config), {
      service: options.service,
      title: options.title,
      description: options.description,
      port: config.port,
      // HOST, TRUST_PROXY and TLS_TERMINATED_IN_FRONT, read by the service's config.
      ...config.http,
    });
  };
  start().catch((error: unknown) => {
    // The logger may not exist yet when configuration fails; stderr always does.
    if (error instanceof ServiceConfigError) console.error(error.message);
    else console.error(`${options.service} service failed to start: ${(error as Error)?.stack ?? error}`);
    process.exit(1);
  });
}
