import { z } from 'zod';
import type { LevelWithSilent } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The logging variables, for a service's zod config (the service kit's base schema, the
 * portal's): the library itself reads no environment, createLogger takes the parsed values.
 */
export const loggingEnvShape = {
  NODE_ENV: z.string().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  LOG_PRETTY: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
};

export interface LoggingSettings {
  level: LevelWithSilent;
  pretty: boolean;
}

/** LOG_LEVEL, else `silent` under NODE_ENV=test, else `info`; LOG_PRETTY=true for pino-pretty. */
export function loggingSettings(env: { NODE_ENV?: string; LOG_LEVEL?: LevelWithSilent; LOG_PRETTY?: 'true' | 'false' }): LoggingSettings {
  return {
    // Tests boot many apps; their logs would bury Jest's output. LOG_LEVEL=debug brings them back.
    level: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    pretty: env.LOG_PRETTY === 'true',
  };
}
