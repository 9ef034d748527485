import type { PremisesHttp } from '@vaikuta/contracts';
import { SpaceBookingTerms, timeBreaches } from '../bookings/booking-rules';
import { minuteOf, seasonDates, slotRange } from './season-series';

/** One application's wished weekly slot, as allocation reads it. */
export interface SlotWish {
  id: string;
  spaceId: string;
  weekday: PremisesHttp.Weekday;
  begins: string;
  ends: string;
  createdAt: Date;
}

export type AllocationDecision =
  | { applicationId: string; outcome: 'allocated' }
  | { applicationId: string; outcome: 'rejected'; refusal: PremisesHttp.AllocationRefusal; clashesWith: string | null };

/**
 * Allocates a season's wished slots: each must fit the space's rules and its weekly opening
 * hours (checked on the slot's first ordinary week of the season, as `timeBreaches` checks a
 * booking), and may not overlap — buffers included, as the bookings' constraint will count them
 * (ADR 0014) — a slot already allocated on the same space and weekday. Applications are taken
 * in the order they came (then by id), so an earlier application keeps its slot: the rule is
 * the same for everyone and can be told in advance. Pure: the same input gives the same result.
 */
export function allocateSeason(
  season: { startsOn: string; endsOn: string; skipDates: readonly string[] },
  wishes: readonly SlotWish[],
  spaces: ReadonlyMap<string, SpaceBookingTerms>,
): AllocationDecision[] {
  const taken: (SlotWish & { from: number; to: number })[] = [];
  const ordered = [...wishes].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  return ordered.map((wish): AllocationDecision => {
    const terms = spaces.get(wish.spaceId);
    const sample = terms && firstOrdinaryDate(season, wish, terms.openingHours);
    if (!terms || !sample) return { applicationId: wish.id, outcome: 'rejected', refusal: 'not_in_season', clashesWith: null };
    const range = slotRange(sample, wish);
    const breach = range ? timeBreaches(terms, range)[0] : { rule: 'opening_hours' };
    if (breach) return { applicationId: wish.id, outcome: 'rejected', refusal: breach.rule as PremisesHttp.AllocationRefusal, clashesWith: null };
    // Held minutes of the day: the slot widened by the space's set-up and clean-up time.
    const from = minuteOf(wish.begins) - terms.rules.bufferBeforeMinutes;
    const to = minuteOf(wish.ends) + terms.rules.bufferAfterMinutes;
    const clash = taken.find((t) => t.spaceId === wish.spaceId && t.weekday === wish.weekday && t.from < to && from < t.to);
    if (clash) return { applicationId: wish.id, outcome: 'rejected', refusal: 'clash', clashesWith: clash.id };
    taken.push({ ...wish, from, to });
    return { applicationId: wish.id, outcome: 'allocated' };
  });
}

/** The slot's first date in the season that is not skipped and has no exception to its weekday's hours. */
function firstOrdinaryDate(season: { startsOn: string; endsOn: string; skipDates: readonly string[] }, wish: SlotWish, hours: PremisesHttp.OpeningHours): string | undefined {
  const exceptions = new Set(hours.exceptions.map((e) => e.date));
  return seasonDates(season, wish.weekday).dates.find((d) => !season.skipDates.includes(d) && !exceptions.has(d));
}
