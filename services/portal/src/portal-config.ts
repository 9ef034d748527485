import { z } from 'zod';

const env = z.object({
  PORT: z.coerce.number().int().positive().default(8080),
  FEEDBACK_URL: z.url().default('http://127.0.0.1:3001'),
  NOTIFICATIONS_URL: z.url().default('http://127.0.0.1:3005'),
  /** Sets the Secure flag on cookies; on by default in production (behind TLS). */
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  AUTH_DEV_ISSUER: z.enum(['true', 'false']).default('false'),
});

export interface PortalConfig {
  port: number;
  feedbackUrl: string;
  notificationsUrl: string;
  cookieSecure: boolean;
  /** The demo login (/login) signs people in with development tokens. */
  devLogin: boolean;
}

export const PORTAL_CONFIG = Symbol('PORTAL_CONFIG');

export function loadPortalConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<PortalConfig> = {}): PortalConfig {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid portal configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    feedbackUrl: e.FEEDBACK_URL.replace(/\/$/, ''),
    notificationsUrl: e.NOTIFICATIONS_URL.replace(/\/$/, ''),
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : source.NODE_ENV === 'production',
    devLogin: e.AUTH_DEV_ISSUER === 'true' && source.NODE_ENV !== 'production',
    ...overrides,
  };
}
