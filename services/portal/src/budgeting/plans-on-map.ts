import { BudgetingHttp } from '@vaikuta/contracts';
import { BudgetingClient } from '../clients/budgeting-client';
import { Translate } from '../i18n/i18n';
import type { PortalConfig } from '../portal-config';
import { planMapAssetUrls } from './plan-map-assets';

/** What the map's script says, in the page's language. */
const PLAN_MAP_TEXT_KEYS = ['budr.map.none', 'budr.map.one', 'budr.map.many', 'budr.map.tilesFailed'] as const;

/** Enough for any round's plans (a round has tens of them); more pages are not read. */
const MAX_PROPOSAL_PAGES = 5;

/**
 * Where each plan is on the map: the place the coordinators gave the plan, else the place of
 * the first of its proposals that has one (most plans are combined from proposals, and the
 * proposer's pin is the only place the plan has). A plan with neither is only in the list.
 */
export async function planPlaces(budgeting: BudgetingClient, roundId: string, plans: readonly BudgetingHttp.Plan[]): Promise<Map<string, BudgetingHttp.FinnishLocation>> {
  const places = new Map<string, BudgetingHttp.FinnishLocation>();
  for (const plan of plans) if (plan.location) places.set(plan.id, plan.location);
  const unplaced = new Set(plans.filter((p) => !p.location).map((p) => p.id));
  let cursor: string | undefined;
  for (let page = 0; unplaced.size > 0 && page < MAX_PROPOSAL_PAGES; page++) {
    const { items, nextCursor } = await budgeting.proposals(roundId, { status: 'in_plan', limit: 100, cursor });
    for (const proposal of items) {
      if (proposal.planId && proposal.location && unplaced.delete(proposal.planId)) places.set(proposal.planId, proposal.location);
    }
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return places;
}

/** The map box's settings: the portal's tiles and start view (as the feedback list's map), the assets, the script's words. */
export function planMapView(config: PortalConfig, t: Translate) {
  return {
    tileUrl: config.map.tileUrl,
    attribution: config.map.attribution,
    start: `${config.map.start.lat},${config.map.start.lon},${config.map.start.zoom}`,
    assets: planMapAssetUrls(),
    text: JSON.stringify(Object.fromEntries(PLAN_MAP_TEXT_KEYS.map((k) => [k, t(k)]))).replace(/</g, '\\u003c'),
  };
}
