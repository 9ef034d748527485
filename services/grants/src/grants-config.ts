import path from 'node:path';
import { z } from 'zod';
import { BaseServiceConfig, loadServiceConfig, portVariable, serviceEnvSchema } from '@vaikuta/service-kit';

const env = serviceEnvSchema({
  PORT: portVariable(3004),
  PORTAL_URL: z.url().default('http://localhost:8080'),
  /** Where uploaded files (application attachments) are kept on local disk. */
  FILE_STORAGE_DIR: z.string().optional(),
});

export interface GrantsConfig extends BaseServiceConfig {
  port: number;
  portalUrl: string;
  fileDir: string;
}

export const GRANTS_CONFIG = Symbol('GRANTS_CONFIG');

/** Reads and checks the environment once at start-up; a bad value stops the service, one line per variable. */
export function loadGrantsConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<GrantsConfig> = {}): GrantsConfig {
  const { env: e, ...base } = loadServiceConfig('grants', env, source);
  return {
    ...base,
    port: e.PORT,
    portalUrl: e.PORTAL_URL.replace(/\/$/, ''),
    fileDir: e.FILE_STORAGE_DIR ?? path.resolve(process.cwd(), '.vaikuta/grants-files'),
    ...overrides,
  };
}
