import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort, ReceivedMail, registeredServices, ServiceProcess, startServiceProcess, TestSmtpServer, waitFor } from '@vaikuta/testing';
import { PortalAppModule } from '../src/app.module';
import { configurePortalApp, createPortalAdapter } from '../src/portal-app';
import { loadPortalConfig } from '../src/portal-config';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium on the closed network (no background connections, which would be refused). */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: the browser tests need Debian's chromium (sudo apt-get install chromium), or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface PortalTestEnv {
  /** The feedback service, in a process of its own (libs/testing's service harness). */
  feedback: ServiceProcess;
  /** With `{ notifications: true }`: the notification service, on the feedback service's NATS namespace. */
  notifications?: ServiceProcess;
  /** With `{ notifications: true }`: the SMTP server the notification service sends to. */
  smtp?: TestSmtpServer;
  portal: NestFastifyApplication;
  /** http://127.0.0.1:<port> of the portal. */
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

// Where the portal's client of a service that is not started points: nothing listens there,
// so its pages show "not available".
const NOWHERE = 'http://127.0.0.1:9';

/**
 * The feedback service (real PostgreSQL and NATS, a database of its own) in a process of its
 * own, and the portal in front of it in this process, and one Chromium for the file.
 * With `notifications: true`, also an SMTP server and the notification service (real
 * PostgreSQL, NATS and Redis) reading the feedback service's events, as deployed: its links
 * (tracking pages, unsubscribe) point at the portal, and the portal's pages call it.
 */
/**
 * The portal alone, in this process, in front of services a test already runs: feedback at a
 * closed port, notifications too unless given. Used by the initiatives pages' tests.
 */
export async function startPortalInFront(urls: { initiatives: string; notifications?: string }): Promise<{ portal: NestFastifyApplication; base: string }> {
  const config = loadPortalConfig(
    { RATE_LIMITS: 'off', ...process.env, AUTH_DEV_ISSUER: 'true', NODE_ENV: 'test', MAP_TILE_URL: '' },
    {
      port: 0,
      services: [
        { name: 'feedback', url: 'http://127.0.0.1:9', proxy: [] },
        { name: 'notifications', url: urls.notifications ?? 'http://127.0.0.1:9', proxy: [] },
        { name: 'initiatives', url: urls.initiatives, proxy: [] },
      ],
    },
  );
  const moduleRef = await Test.createTestingModule({ imports: [PortalAppModule.forRoot(config)] }).compile();
  const portal = moduleRef.createNestApplication<NestFastifyApplication>(createPortalAdapter(), { logger: ['error'] });
  await configurePortalApp(portal);
  await portal.listen(0, '127.0.0.1');
  return { portal, base: `http://127.0.0.1:${(portal.getHttpServer().address() as { port: number }).port}` };
}

export async function startPortalTestEnv(
  label: string,
  options: { notifications?: boolean; geocoderUrl?: string; /** More registered services to run behind the portal. */ services?: string[] } = {},
): Promise<PortalTestEnv> {
  // One signing key for the services and the portal, whose demo login signs with it.
  const keysDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-'));
  process.env.AUTH_DEV_ISSUER = 'true';
  process.env.AUTH_DEV_KEYS_DIR = keysDir;
  const smtp = options.notifications ? await TestSmtpServer.start() : undefined;
  // The notification service's links point at the portal, so its address is chosen first.
  const portalPort = await freePort();
  const url = `http://127.0.0.1:${portalPort}`;
  const feedback = await startServiceProcess('feedback', {
    label,
    keysDir,
    env: (scratchDir) => ({
      PHOTO_STORAGE_DIR: scratchDir,
      PUBLIC_URL: 'http://feedback.test',
      ...(options.geocoderUrl ? { GEOCODER_PROVIDER: 'nominatim', GEOCODER_URL: options.geocoderUrl, GEOCODER_TIMEOUT_MS: '3000' } : {}),
    }),
  });
  const notifications = smtp
    ? await startServiceProcess('notifications', {
        label,
        namespace: feedback.namespace,
        keysDir,
        env: {
          SMTP_URL: smtp.url,
          PORTAL_URL: url,
          PUBLIC_URL: url,
          QUEUE_PREFIX: `test-${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}-${randomBytes(3).toString('hex')}`,
          // Production's lease and reconciler timings: a slow send on a busy machine is never
          // taken over and sent twice, so "exactly one message" does not depend on timing.
          DELIVERY_LEASE_SECONDS: '120',
          RECONCILE_AFTER_SECONDS: '60',
          RECONCILE_INTERVAL_MS: '10000',
          DELIVERY_BACKOFF_MS: '100',
          DELIVERY_ATTEMPTS: '4',
        },
      }).catch(async (error) => {
        await feedback.close();
        throw error;
      })
    : undefined;
  const others: ServiceProcess[] = [];
  const stopServices = async () => {
    for (const other of others) await other.close();
    await notifications?.close();
    await feedback.close();
    await smtp?.close();
    await rm(keysDir, { recursive: true, force: true });
  };
  try {
    for (const name of options.services ?? []) others.push(await startServiceProcess(name, { label, namespace: feedback.namespace, keysDir }));
  } catch (error) {
    await stopServices();
    throw error;
  }
  const started: Record<string, string> = {
    feedback: feedback.url,
    ...(notifications ? { notifications: notifications.url } : {}),
    ...Object.fromEntries(others.map((o) => [o.name, o.url])),
  };
  const serviceUrls = Object.fromEntries(
    registeredServices()
      .filter((s) => s.name !== 'portal')
      .map((s) => [`${s.name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())}Url`, started[s.name] ?? NOWHERE]),
  );
  // Sign-in limits are off unless a test turns them on: every test signs in from one address.
  const config = loadPortalConfig({ RATE_LIMITS: 'off', ...process.env, AUTH_DEV_ISSUER: 'true', NODE_ENV: 'test' }, { port: portalPort, ...serviceUrls });
  let portal: NestFastifyApplication | undefined;
  let browser: Browser;
  try {
    const moduleRef = await Test.createTestingModule({ imports: [PortalAppModule.forRoot(config)] }).compile();
    portal = moduleRef.createNestApplication<NestFastifyApplication>(createPortalAdapter(), { logger: ['error'] });
    await configurePortalApp(portal);
    await portal.listen(portalPort, '127.0.0.1');
    browser = await launchBrowser();
  } catch (error) {
    // The services are processes of their own: left running, they would outlive the test file.
    await portal?.close();
    await stopServices();
    throw error;
  }
  return {
    feedback,
    notifications,
    smtp,
    portal: portal!,
    url,
    browser,
    async close() {
      await browser.close();
      await portal!.close();
      await stopServices();
    },
  };
}

/**
 * The email messages one address got about one feedback request, once nothing more can come:
 * the notification service has applied every event the feedback service wrote about the
 * request, and none of its messages about it is still waiting to be sent. Polls; no sleeps.
 */
export async function settledMail(env: PortalTestEnv, requestId: string, address: string): Promise<ReceivedMail[]> {
  const { feedback, notifications, smtp } = env;
  if (!notifications || !smtp) throw new Error('settledMail needs startPortalTestEnv(…, { notifications: true })');
  // Every change the pages made has committed (its redirect came back), so its outbox row exists.
  const events: string[] = (
    await feedback.dataSource.query(`SELECT envelope->>'id' AS id FROM outbox WHERE envelope->'data'->>'requestId' = $1`, [requestId])
  ).map((r: { id: string }) => r.id);
  await waitFor(
    async () => {
      const [{ applied }] = await notifications.dataSource.query(`SELECT count(DISTINCT event_id)::int AS applied FROM inbox WHERE event_id = ANY($1)`, [events]);
      if (applied < events.length) return false;
      const [{ waiting }] = await notifications.dataSource.query(
        `SELECT count(*)::int AS waiting FROM notifications WHERE item_key = $1 AND status IN ('pending', 'sending', 'held')`,
        [`feedback:${requestId}`],
      );
      return waiting === 0;
    },
    { what: `the notification service to finish with feedback ${requestId}`, timeoutMs: 60_000 },
  );
  const [{ sent }] = await notifications.dataSource.query(
    `SELECT count(*)::int AS sent FROM notifications n JOIN recipients r ON r.id = n.recipient_id
      WHERE n.item_key = $1 AND n.channel = 'email' AND n.status = 'sent' AND r.email = $2`,
    [`feedback:${requestId}`, address],
  );
  const mail = smtp.to(address);
  // A row is marked sent only after the SMTP server accepted (and parsed) its message.
  expect(mail).toHaveLength(sent);
  return mail;
}

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe's WCAG 2.1 AA violations on the page as it is now, one line each. `exclude` leaves out
 * an element, e.g. a frame sandboxed without scripts (the template preview): axe's run inside
 * such a frame never answers.
 */
export async function axeViolations(page: Page, { exclude }: { exclude?: string } = {}): Promise<string[]> {
  // axe judges the page as a person sees it once it is still: a colour read on a frame of a fade
  // (Leaflet fades its popups in) is a contrast the reader never meets, and failed a spec now and then.
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  const builder = new AxeBuilder({ page: page as never }).withTags(WCAG_21_AA);
  const result = await (exclude ? builder.exclude(exclude) : builder).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/** Signs in through the demo login page. */
export async function signIn(page: Page, base: string, role: 'resident' | 'case_worker' | 'admin', name: string, department?: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.check(`#role-${role.replace('_', '-')}`);
  if (department) await page.selectOption('#login-department', department);
  await page.fill('#login-name', name);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
}

export const PIXEL_PNG = path.join(__dirname, 'fixtures/pixel.png');
