import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createFastifyAdapter } from '@vaikuta/http';
import { FeedbackTestApp, startFeedbackTestApp } from '../../feedback/test/feedback-test-app';
import { PortalAppModule } from '../src/app.module';
import { configurePortalApp } from '../src/portal-app';
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
  feedback: FeedbackTestApp;
  portal: NestFastifyApplication;
  /** http://127.0.0.1:<port> of the portal. */
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

const urlOf = (app: NestFastifyApplication) => `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

/**
 * The feedback service (real PostgreSQL and NATS, a database of its own) and the portal in
 * front of it, both on ephemeral ports in this process, and one Chromium for the file.
 */
export async function startPortalTestEnv(label: string): Promise<PortalTestEnv> {
  const feedback = await startFeedbackTestApp(label);
  await feedback.app.listen(0, '127.0.0.1');
  const config = loadPortalConfig({ ...process.env, AUTH_DEV_ISSUER: 'true', NODE_ENV: 'test' }, {
    port: 0,
    feedbackUrl: urlOf(feedback.app),
    // Nothing listens there: the notification pages show "not available".
    notificationsUrl: 'http://127.0.0.1:9',
  });
  const moduleRef = await Test.createTestingModule({ imports: [PortalAppModule.forRoot(config)] }).compile();
  const portal = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(), { logger: ['error'] });
  await configurePortalApp(portal);
  await portal.listen(0, '127.0.0.1');
  const browser = await launchBrowser();
  return {
    feedback,
    portal,
    url: urlOf(portal),
    browser,
    async close() {
      await browser.close();
      await portal.close();
      await feedback.close();
    },
  };
}

/** Signs in through the demo login page. */
export async function signIn(page: Page, base: string, role: 'resident' | 'case_worker' | 'admin', name: string, department?: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.check(`#role-${role.replace('_', '-')}`);
  if (department) await page.selectOption('#login-department', department);
  await page.fill('#login-name', name);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
}

export const PIXEL_PNG = require('node:path').join(__dirname, '../../feedback/test/fixtures/pixel.png') as string;
