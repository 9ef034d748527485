import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DevTokenRequest, issueDevToken } from '@vaikuta/auth';
import { PremisesHttp } from '@vaikuta/contracts';
import { ServiceProcess, startServiceProcess } from '@vaikuta/testing';
import type { LockStub } from '../../../scripts/lock-stub.mjs';
import { PortalAppModule } from '../src/app.module';
import { configurePortalApp, createPortalAdapter } from '../src/portal-app';
import { loadPortalConfig } from '../src/portal-config';
import { budgetingApi, budgetingVisitor, DevClaims } from './budgeting-portal';
import { launchBrowser } from './portal-test-env';

// What the premises pages' browser tests start with: the grants service (which serves
// /premises/…) in its own process, database and NATS namespace, started through libs/testing,
// with the door-code lock stand-in (scripts/lock-stub.mjs) as its provider; the portal in this
// process in front of it; one Chromium; dev tokens both accept.

const OTHERS = ['feedback', 'notifications', 'initiatives', 'budgeting'];

export interface PremisesPagesEnv {
  grants: ServiceProcess;
  /** The lock provider's stand-in: the codes it gave and revoked. */
  lock: LockStub;
  portal: NestFastifyApplication;
  base: string;
  /** The grants service's API with a bearer token; a non-2xx answer throws with its body. */
  api: ReturnType<typeof budgetingApi>;
  token(claims: DevClaims): Promise<string>;
  /** A browser of its own: 375 px wide, Finnish unless told; `js: false` for a browser without JavaScript. */
  visitor(bearer?: string, options?: { width?: number; locale?: string; js?: boolean }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startPremisesPagesEnv(label: string): Promise<PremisesPagesEnv> {
  const keysDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-'));
  process.env.AUTH_DEV_KEYS_DIR = keysDir;
  process.env.AUTH_DEV_ISSUER = 'true';
  const { startLockStub } = await import('../../../scripts/lock-stub.mjs');
  const lock = await startLockStub({ port: 0 });
  const grants = await startServiceProcess('grants', { label, keysDir, env: { LOCK_API_URL: lock.url } }).catch(async (error: unknown) => {
    await lock.close();
    throw error;
  });
  let portal: NestFastifyApplication | undefined;
  let browser: Browser;
  try {
    const config = loadPortalConfig(
      { RATE_LIMITS: 'off', ...process.env, AUTH_DEV_ISSUER: 'true', NODE_ENV: 'test', MAP_TILE_URL: '' },
      // The other services' clients point at a closed port: only grants answers.
      { port: 0, services: [...OTHERS.map((name) => ({ name, url: 'http://127.0.0.1:9', proxy: [] })), { name: 'grants', url: grants.url, proxy: [] }] },
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
    await lock.close();
    await rm(keysDir, { recursive: true, force: true });
    throw error;
  }
  const base = `http://127.0.0.1:${(portal.getHttpServer().address() as { port: number }).port}`;
  return {
    grants,
    lock,
    portal,
    base,
    api: budgetingApi(grants.url),
    token: (claims) => issueDevToken({ departments: [], name: 'Testi', lang: 'fi', ...claims } as DevTokenRequest, { keysDir }),
    visitor: (bearer, options = {}) => budgetingVisitor(browser, base, bearer, options),
    async close() {
      await browser.close();
      await portal.close();
      await grants.close();
      await lock.close();
      await rm(keysDir, { recursive: true, force: true });
    },
  };
}

/** A hall open every day 08:00–22:00, 60–180 min on a 30-minute grid, bookable from today up to 60 days ahead. */
export function hallRequest(overrides: Partial<PremisesHttp.SpaceRequest> = {}): PremisesHttp.SpaceRequest {
  const day = [{ opens: '08:00', closes: '22:00' }];
  return {
    name: { fi: 'Testisali', sv: 'Testsal', en: 'Test hall' },
    unit: 'Liikuntapalvelut',
    address: 'Testikatu 1, 00100 Helsinki',
    location: null,
    capacity: 40,
    accessibility: { features: ['step_free', 'accessible_toilet'], description: { fi: 'Luiska pääovella.' } },
    openingHours: { weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }, exceptions: [] },
    rules: {
      minDurationMinutes: 60,
      maxDurationMinutes: 180,
      startIntervalMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minDaysAhead: 0,
      maxDaysAhead: 60,
      maxActiveBookingsPerPerson: 10,
      whoMayBook: 'anyone',
      price: { kind: 'free' },
      cancellationDeadlineHours: 24,
    },
    requiresApproval: false,
    accessType: 'door_code',
    ...overrides,
  };
}
