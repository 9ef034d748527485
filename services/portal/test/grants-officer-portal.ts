import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DevTokenRequest, issueDevToken } from '@vaikuta/auth';
import { registeredService, ServiceProcess, startServiceProcess } from '@vaikuta/testing';
import { PortalAppModule } from '../src/app.module';
import { configurePortalApp, createPortalAdapter } from '../src/portal-app';
import { loadPortalConfig } from '../src/portal-config';
import { budgetingVisitor, DevClaims } from './budgeting-portal';
import { axeViolations, launchBrowser } from './portal-test-env';

export type { DevClaims };

// What the grants officers' browser tests start with: the grants service in its own process
// (its own database and NATS namespace, started through libs/testing as budgeting's pages are),
// the portal in this process in front of it, one Chromium, and dev tokens both accept.

const NOWHERE = 'http://127.0.0.1:9';
const SHOTS = process.env.PORTAL_SHOTS_DIR ?? '/tmp/shots';

export interface GrantsOfficerPagesEnv {
  grants: ServiceProcess;
  portal: NestFastifyApplication;
  base: string;
  browser: Browser;
  token(claims: DevClaims): Promise<string>;
  /** The grants service's API with a bearer token (JSON, or a FormData as multipart); a non-2xx answer throws with its body. */
  api<T>(method: string, url: string, bearer: string, body?: unknown): Promise<T>;
  /** A browser without JavaScript at 375 px, Finnish unless told: every page must work as plain HTML. */
  visitor(bearer?: string, locale?: string): Promise<{ context: BrowserContext; page: Page }>;
  /** axe-clean and no wider than 375 px, the page as it stands (an error state too); saved under /tmp/shots as `shot`. */
  accessible(page: Page, shot: string): Promise<void>;
  close(): Promise<void>;
}

/** `serviceEnv`: extra environment for the grants service (the premises pages give it the lock stand-in's LOCK_API_URL). */
export async function startGrantsOfficerPagesEnv(label: string, serviceEnv: Record<string, string> = {}): Promise<GrantsOfficerPagesEnv> {
  const keysDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-'));
  process.env.AUTH_DEV_KEYS_DIR = keysDir;
  process.env.AUTH_DEV_ISSUER = 'true';
  fs.mkdirSync(SHOTS, { recursive: true });
  const grants = await startServiceProcess('grants', { label, keysDir, env: serviceEnv });
  let portal: NestFastifyApplication | undefined;
  let browser: Browser;
  try {
    const config = loadPortalConfig(
      { RATE_LIMITS: 'off', ...process.env, AUTH_DEV_ISSUER: 'true', NODE_ENV: 'test', MAP_TILE_URL: '' },
      {
        port: 0,
        services: ['feedback', 'notifications', 'initiatives', 'budgeting'].map((name) => ({ name, url: NOWHERE, proxy: [] as string[] })).concat([{ name: 'grants', url: grants.url, proxy: registeredService('grants').proxy ?? [] }]),
      },
    );
    const moduleRef = await Test.createTestingModule({ imports: [PortalAppModule.forRoot(config)] }).compile();
    portal = moduleRef.createNestApplication<NestFastifyApplication>(createPortalAdapter(), { logger: ['error'] });
    await configurePortalApp(portal);
    await portal.listen(0, '127.0.0.1');
    browser = await launchBrowser();
  } catch (error) {
    // The service is a process of its own: left running, it would outlive the test file.
    await portal?.close();
    await grants.close();
    await rm(keysDir, { recursive: true, force: true });
    throw error;
  }
  const base = `http://127.0.0.1:${(portal.getHttpServer().address() as { port: number }).port}`;
  return {
    grants,
    portal,
    base,
    browser,
    token: (claims) => issueDevToken({ departments: [], name: 'Testi', lang: 'fi', ...claims } as DevTokenRequest, { keysDir }),
    async api<T>(method: string, url: string, bearer: string, body?: unknown): Promise<T> {
      const multipart = body instanceof FormData;
      const res = await fetch(`${grants.url}${url}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, 'idempotency-key': randomUUID(), ...(body === undefined || multipart ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
      return (text ? JSON.parse(text) : null) as T;
    },
    visitor: (bearer, locale = 'fi-FI') => budgetingVisitor(browser, base, bearer, { js: false, locale }),
    async accessible(page, shot) {
      // axe needs scripts, which these pages run without: the page as the browser has it is
      // copied into a scripted tab of the same origin (its stylesheet loads from there).
      const html = await page.content();
      const context = await browser.newContext({ viewport: { width: 375, height: 900 }, locale: 'fi-FI' });
      const checker = await context.newPage();
      await checker.goto(`${base}/robots.txt`);
      await checker.setContent(html, { waitUntil: 'load' });
      expect(await axeViolations(checker)).toEqual([]);
      // The elements wider than the screen are named, so a failure says what to fix.
      const wide = await checker.evaluate(() =>
        document.documentElement.scrollWidth > 375
          ? Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > 376 && !e.closest('.table-scroll')).map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`).slice(0, 8)
          : [],
      );
      expect(wide).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
      await context.close();
    },
    async close() {
      await browser.close();
      await portal!.close();
      await grants.close();
      await rm(keysDir, { recursive: true, force: true });
    },
  };
}
