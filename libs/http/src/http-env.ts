import { z } from 'zod';
import { trustProxyFromEnv } from './rate-limit/trusted-proxies';
import { tlsTerminatedInFrontFromEnv } from './security-headers/security-headers';

/** Listen on every interface unless HOST says otherwise (a container's port mapping needs it). */
export const DEFAULT_HOST = '0.0.0.0';

/** Runs one of this library's parsers inside zod, so a bad value is one line naming its variable. */
const parsedBy =
  <T>(variable: string, parse: (value: string | undefined) => T) =>
  (value: string | undefined, ctx: z.RefinementCtx): T => {
    try {
      return parse(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(`Invalid ${variable}: `, '') });
      return z.NEVER;
    }
  };

/**
 * The HTTP variables, for a service's zod config (the service kit's base schema, the
 * portal's). libs/http reads no environment: startHttpApp, createFastifyAdapter and
 * configureHttpApp take the parsed values ({@link httpSettings}) as options.
 */
export const httpEnvShape = {
  HOST: z.string().trim().min(1, 'must be a host name or address').default(DEFAULT_HOST),
  /** Which proxies may name the client (X-Forwarded-For); see trusted-proxies.ts. */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform(parsedBy('TRUST_PROXY', (value) => trustProxyFromEnv({ TRUST_PROXY: value }))),
  /** TLS ends at a proxy in front: only then HSTS and https upgrades (security-headers.ts). */
  TLS_TERMINATED_IN_FRONT: z
    .string()
    .optional()
    .transform(parsedBy('TLS_TERMINATED_IN_FRONT', (value) => tlsTerminatedInFrontFromEnv({ TLS_TERMINATED_IN_FRONT: value }))),
};

export interface HttpSettings {
  host: string;
  trustProxy: boolean | string;
  tlsTerminatedInFront: boolean;
}

type ParsedHttpEnv = z.output<z.ZodObject<typeof httpEnvShape>>;

export function httpSettings(env: ParsedHttpEnv): HttpSettings {
  return { host: env.HOST, trustProxy: env.TRUST_PROXY, tlsTerminatedInFront: env.TLS_TERMINATED_IN_FRONT };
}
