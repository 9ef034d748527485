import { randomBytes, randomUUID } from 'node:crypto';
import type { EventDefinition } from '@vaikuta/contracts';
import { ServiceTestApp, startServiceTestApp } from '@vaikuta/service-kit/testing';
import { ReceivedMail, TestSmtpServer, waitFor } from '@vaikuta/testing';
import { NotificationsAppModule } from '../src/app.module';
import { loadNotificationsConfig, NotificationsConfig } from '../src/notifications-config';
import { NotificationsWorkerOptions } from '../src/notifications-workers';
import { TemplateRenderer } from '../src/templates/template-renderer';

export interface NotificationsTestApp extends Omit<ServiceTestApp<NotificationsConfig>, 'token'> {
  token(role: string, sub?: string): Promise<string>;
}

export interface NotificationsTestOptions {
  namespace?: string;
  keysDir?: string;
  config?: Partial<NotificationsConfig>;
  workers?: NotificationsWorkerOptions;
  templateDir?: string;
}

/** Test settings: short timers so retries, leases and the reconciler act within a test. */
export const FAST_DELIVERY: Partial<NotificationsConfig> = {
  deliveryBackoffMs: 100,
  deliveryAttempts: 4,
  reconcileAfterSeconds: 1,
  reconcileIntervalMs: 300,
  leaseSeconds: 2,
  consumerConcurrency: 8,
  consumerBatchSize: 100,
};

/**
 * Boots the notification service against real PostgreSQL, NATS and Redis: its own
 * database, NATS namespace and BullMQ prefix, so test files run in parallel.
 */
export async function startNotificationsTestApp(label: string, options: NotificationsTestOptions = {}): Promise<NotificationsTestApp> {
  const t = await startServiceTestApp({
    service: 'notifications',
    label,
    namespace: options.namespace,
    keysDir: options.keysDir,
    config: (env) =>
      loadNotificationsConfig(env, {
        queuePrefix: `test-${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}-${randomBytes(3).toString('hex')}`,
        publicUrl: 'http://notifications.test',
        portalUrl: 'http://portal.test',
        ...FAST_DELIVERY,
        ...options.config,
      }),
    app: (config) => NotificationsAppModule.forRoot(config, options.workers ?? {}),
    override: options.templateDir ? (b) => b.overrideProvider(TemplateRenderer).useValue(new TemplateRenderer(options.templateDir)) : undefined,
  });
  return { ...t, token: (role, sub = `test-${role}`) => t.token({ sub, roles: [role as never] }) };
}

/** A feedback event's common part, with a consented contact when given. */
export function feedbackRef(contact?: { email?: string; phone?: string; language: 'fi' | 'sv' | 'en' }, requestId = randomUUID()) {
  return {
    requestId,
    trackingCode: `VKT-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
    departmentCode: 'KYMP',
    categoryCode: '171',
    language: contact?.language ?? 'fi',
    ...(contact ? { contact } : {}),
  };
}

export const worker = { id: 'worker-1', role: 'case_worker' };
export const now = () => new Date().toISOString();

/** Publishes an event (under `id` when given) and waits until the service has applied it (its inbox row is written). */
export async function publishApplied(n: NotificationsTestApp, definition: EventDefinition, data: object, id?: string): Promise<string> {
  const eventId = await n.publish(definition, data, id);
  await waitFor(async () => (await n.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [eventId])).length === 1, { what: `event ${eventId} applied` });
  return eventId;
}

/** The emails an address has received, once there are at least `count`. */
export function mailsTo(smtp: TestSmtpServer, address: string, count: number) {
  return waitFor(() => (smtp.to(address).length >= count ? smtp.to(address) : undefined), { what: `${count} emails to ${address}`, timeoutMs: 20_000 });
}

/** The service with a real SMTP server to send to, and what an email spec does with the two. */
export interface NotificationsWithSmtp {
  app: NotificationsTestApp;
  smtp: TestSmtpServer;
  /** Publishes an event (under `id` when given) and waits until the service has applied it. */
  publish(definition: EventDefinition, data: object, id?: string): Promise<string>;
  /** The emails an address has received, once there are at least `count`. */
  mailsTo(address: string, count: number): Promise<ReceivedMail[]>;
  /** Stops the service, then the SMTP server (which it may still be sending to until then). */
  close(): Promise<void>;
}

/** Starts a test SMTP server and the service sending its email there (`options.config` adds to that). */
export async function startNotificationsWithSmtp(label: string, options: NotificationsTestOptions = {}): Promise<NotificationsWithSmtp> {
  const smtp = await TestSmtpServer.start();
  let app: NotificationsTestApp;
  try {
    app = await startNotificationsTestApp(label, { ...options, config: { ...options.config, smtpUrl: smtp.url } });
  } catch (error) {
    await smtp.close();
    throw error;
  }
  return {
    app,
    smtp,
    publish: (definition, data, id) => publishApplied(app, definition, data, id),
    mailsTo: (address, count) => mailsTo(smtp, address, count),
    close: async () => {
      try {
        await app.close();
      } finally {
        await smtp.close();
      }
    },
  };
}

/** A signed-in person's notification settings, as they would save them. */
export async function prefer(n: NotificationsTestApp, sub: string, body: object): Promise<void> {
  await n.http().put('/notifications/preferences').auth(await n.token('resident', sub), { type: 'bearer' }).send(body).expect(200);
}
