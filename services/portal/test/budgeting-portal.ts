import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DevTokenRequest, issueDevToken } from '@vaikuta/auth';
import { BudgetingHttp } from '@vaikuta/contracts';
import { ServiceProcess, startServiceProcess } from '@vaikuta/testing';
import { SESSION_COOKIE } from '../src/account/session';
import { PortalAppModule } from '../src/app.module';
import { configurePortalApp, createPortalAdapter } from '../src/portal-app';
import { loadPortalConfig } from '../src/portal-config';
import { axeViolations, launchBrowser } from './portal-test-env';

// What the budgeting pages' browser tests share: the portal in front of a budgeting service the
// test runs, the service's API called as coordinators and residents do, and a round's phases.

const NOWHERE = 'http://127.0.0.1:9';
const HOUR = 60 * 60 * 1000;
const SHOTS = process.env.PORTAL_SHOTS_DIR ?? '/tmp/shots';

/**
 * The portal, in this process, in front of the budgeting service at `budgetingUrl`; the other
 * services' clients point at a closed port unless given. No map tiles (a closed network).
 */
export async function startPortalForBudgeting(budgetingUrl: string, others: { feedback?: string; notifications?: string; initiatives?: string } = {}): Promise<{ portal: NestFastifyApplication; base: string }> {
  const config = loadPortalConfig(
    { RATE_LIMITS: 'off', ...process.env, AUTH_DEV_ISSUER: 'true', NODE_ENV: 'test', MAP_TILE_URL: '' },
    {
      port: 0,
      services: [
        { name: 'feedback', url: others.feedback ?? NOWHERE, proxy: [] },
        { name: 'notifications', url: others.notifications ?? NOWHERE, proxy: [] },
        { name: 'initiatives', url: others.initiatives ?? NOWHERE, proxy: [] },
        { name: 'budgeting', url: budgetingUrl, proxy: [] },
      ],
    },
  );
  const moduleRef = await Test.createTestingModule({ imports: [PortalAppModule.forRoot(config)] }).compile();
  const portal = moduleRef.createNestApplication<NestFastifyApplication>(createPortalAdapter(), { logger: ['error'] });
  await configurePortalApp(portal);
  await portal.listen(0, '127.0.0.1');
  return { portal, base: `http://127.0.0.1:${(portal.getHttpServer().address() as { port: number }).port}` };
}

/** A call to the budgeting service's API with a bearer token (and a fresh Idempotency-Key); a non-2xx answer throws with its body. */
export function budgetingApi(serviceUrl: string) {
  return async <T>(method: string, url: string, bearer: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${serviceUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}

/** A round's six phases back to back: proposals for an hour from `proposalsOpenAt`, voting for three hours from `votingOpenAt`. */
export function budgetingPhases(proposalsOpenAt: number, votingOpenAt: number): BudgetingHttp.PhaseWindow[] {
  const at = (ms: number) => new Date(ms).toISOString();
  return [
    { phase: 'proposals', opensAt: at(proposalsOpenAt), closesAt: at(proposalsOpenAt + HOUR) },
    { phase: 'screening', opensAt: at(proposalsOpenAt + HOUR), closesAt: at(proposalsOpenAt + 2 * HOUR) },
    { phase: 'costing', opensAt: at(proposalsOpenAt + 2 * HOUR), closesAt: at(votingOpenAt) },
    { phase: 'voting', opensAt: at(votingOpenAt), closesAt: at(votingOpenAt + 3 * HOUR) },
    { phase: 'results', opensAt: at(votingOpenAt + 3 * HOUR), closesAt: at(votingOpenAt + 4 * HOUR) },
    { phase: 'implementation', opensAt: at(votingOpenAt + 4 * HOUR), closesAt: null },
  ];
}

/** A browser of its own for one visitor: a phone's width unless told, Finnish unless told, signed in with `bearer` if given. */
export async function budgetingVisitor(
  browser: Browser,
  base: string,
  bearer?: string,
  options: { width?: number; locale?: string; js?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled: options.js ?? true, viewport: { width: options.width ?? 375, height: 900 }, locale: options.locale ?? 'fi-FI' });
  if (bearer) await context.addCookies([{ name: SESSION_COOKIE, value: bearer, url: base }]);
  return { context, page: await context.newPage() };
}

/** axe-clean (WCAG 2.1 AA) and usable at 375 px (nothing wider than the screen); `shot` saves a full-page screenshot under /tmp/shots. */
export async function accessibleAt375(page: Page, shot?: string): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  if (shot) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
  }
}

export type DevClaims = Partial<DevTokenRequest> & { sub: string; roles: DevTokenRequest['roles'] };

export interface BudgetingPagesEnv {
  budgeting: ServiceProcess;
  portal: NestFastifyApplication;
  /** http://127.0.0.1:<port> of the portal. */
  base: string;
  browser: Browser;
  /** The service's API, called with a bearer token. */
  api: ReturnType<typeof budgetingApi>;
  /** A dev token the service and the portal both accept. */
  token(claims: DevClaims): Promise<string>;
  visitor(bearer?: string, options?: { width?: number; locale?: string; js?: boolean }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * The budgeting service (its own process, database and NATS namespace), the portal in front of
 * it and one Chromium, sharing a dev signing key: what a budgeting pages' spec starts with.
 */
export async function startBudgetingPagesEnv(label: string, serviceEnv: Record<string, string> = {}): Promise<BudgetingPagesEnv> {
  const keysDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-'));
  process.env.AUTH_DEV_KEYS_DIR = keysDir;
  process.env.AUTH_DEV_ISSUER = 'true';
  const budgeting = await startServiceProcess('budgeting', { label, keysDir, env: serviceEnv });
  let started: { portal: NestFastifyApplication; base: string } | undefined;
  let browser: Browser;
  try {
    started = await startPortalForBudgeting(budgeting.url);
    browser = await launchBrowser();
  } catch (error) {
    // The service is a process of its own: left running, it would outlive the test file.
    await started?.portal.close();
    await budgeting.close();
    await rm(keysDir, { recursive: true, force: true });
    throw error;
  }
  const { portal, base } = started;
  return {
    budgeting,
    portal,
    base,
    browser,
    api: budgetingApi(budgeting.url),
    token: (claims) => issueDevToken({ departments: [], name: 'Testi', lang: 'fi', ...claims } as DevTokenRequest, { keysDir }),
    visitor: (bearer, options) => budgetingVisitor(browser, base, bearer, options),
    async close() {
      await browser.close();
      await portal.close();
      await budgeting.close();
      await rm(keysDir, { recursive: true, force: true });
    },
  };
}
