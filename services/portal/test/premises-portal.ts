import type { BrowserContext, Page } from 'playwright-core';
import { PremisesHttp } from '@vaikuta/contracts';
import type { LockStub } from '../../../scripts/lock-stub.mjs';
import { budgetingVisitor } from './budgeting-portal';
import { GrantsOfficerPagesEnv, startGrantsOfficerPagesEnv } from './grants-officer-portal';

// What the premises pages' browser tests start with: the grants service (which serves
// /premises/…) and the portal in front of it as the grants officers' pages start them
// (grants-officer-portal.ts), with the door-code lock stand-in (scripts/lock-stub.mjs) as the
// service's provider, and visitors with JavaScript unless told (axe runs as a script).

export interface PremisesPagesEnv extends Omit<GrantsOfficerPagesEnv, 'visitor'> {
  /** The lock provider's stand-in: the codes it gave and revoked. */
  lock: LockStub;
  /** A browser of its own: 375 px wide, Finnish unless told; `js: false` for a browser without JavaScript. */
  visitor(bearer?: string, options?: { width?: number; locale?: string; js?: boolean }): Promise<{ context: BrowserContext; page: Page }>;
}

export async function startPremisesPagesEnv(label: string): Promise<PremisesPagesEnv> {
  const { startLockStub } = await import('../../../scripts/lock-stub.mjs');
  const lock = await startLockStub({ port: 0 });
  let env: GrantsOfficerPagesEnv;
  try {
    env = await startGrantsOfficerPagesEnv(label, { LOCK_API_URL: lock.url });
  } catch (error) {
    await lock.close();
    throw error;
  }
  return {
    ...env,
    lock,
    visitor: (bearer, options) => budgetingVisitor(env.browser, env.base, bearer, options),
    async close() {
      await env.close();
      await lock.close();
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
