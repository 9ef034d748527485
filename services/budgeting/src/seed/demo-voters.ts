import type { DemoPlan } from './demo-content';

/**
 * Synthetic voters for last year's round. Everything comes from a seeded generator, so every
 * fresh demo database gets the same ballots and the same winners.
 */

/** mulberry32: small, fast, good enough to shuffle demo voters (not for anything secret). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHECK_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/**
 * A henkilötunnus for a synthetic person: individual numbers 900–999 are the range Finland
 * keeps for test codes, so none of these belongs to a real person.
 */
export function testIdentityCode(birth: Date, serial: number): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const dd = pad(birth.getUTCDate());
  const mm = pad(birth.getUTCMonth() + 1);
  const year = birth.getUTCFullYear();
  const yy = pad(year % 100);
  const individual = pad(900 + (serial % 100), 3);
  const century = year >= 2000 ? 'A' : '-';
  return `${dd}${mm}${yy}${century}${individual}${CHECK_CHARS[Number(`${dd}${mm}${yy}${individual}`) % 31]}`;
}

/** Ages reached in the voting year, weighted roughly like the turnout of a real round. */
const AGE_BANDS: { from: number; to: number; weight: number }[] = [
  { from: 12, to: 17, weight: 0.1 },
  { from: 18, to: 29, weight: 0.17 },
  { from: 30, to: 44, weight: 0.3 },
  { from: 45, to: 64, weight: 0.28 },
  { from: 65, to: 88, weight: 0.15 },
];

/** Where voters live: the central district votes most. */
const DISTRICT_WEIGHTS: { code: string; weight: number }[] = [
  { code: 'keskinen', weight: 0.4 },
  { code: 'pohjoinen', weight: 0.28 },
  { code: 'itainen', weight: 0.32 },
];

function pick<T extends { weight: number }>(random: () => number, items: T[]): T {
  let r = random() * items.reduce((sum, i) => sum + i.weight, 0);
  for (const item of items) if ((r -= item.weight) < 0) return item;
  return items[items.length - 1];
}

/** A birth date such that the person is `from`–`to` years old in the voting year. */
export function birthDateIn(random: () => number, votingYear: number): Date {
  const band = pick(random, AGE_BANDS);
  const age = band.from + Math.floor(random() * (band.to - band.from + 1));
  const dayOfYear = Math.floor(random() * 365);
  return new Date(Date.UTC(votingYear - age, 0, 1 + dayOfYear));
}

/**
 * One voter's choice in one part: plans in random order, each taken with its appeal if it
 * still fits the budget, the way people fill a knapsack ballot.
 */
export function knapsackChoice(random: () => number, plans: DemoPlan[], budget: number): string[] {
  const order = plans.map((p) => ({ p, r: random() })).sort((a, b) => a.r - b.r);
  const chosen: string[] = [];
  let left = budget;
  for (const { p } of order) {
    if (random() < (p.appeal ?? 0.3) && p.cost <= left) {
      chosen.push(p.key);
      left -= p.cost;
    }
  }
  return chosen;
}

export interface DemoVoter {
  index: number;
  birth: Date;
  district: string;
  districtPlans: string[];
  cityPlans: string[];
  language: 'fi' | 'sv' | 'en';
}

/** `count` voters: where they live, when they were born, what they chose (plan keys). */
export function demoVoters(count: number, votingYear: number, plans: DemoPlan[], budgets: Map<string, number>, seed = 2025): DemoVoter[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const district = pick(random, DISTRICT_WEIGHTS).code;
    const birth = birthDateIn(random, votingYear);
    const roll = random();
    return {
      index,
      birth,
      district,
      districtPlans: knapsackChoice(
        random,
        plans.filter((p) => p.district === district),
        budgets.get(district)!,
      ),
      cityPlans: knapsackChoice(
        random,
        plans.filter((p) => p.district === 'city'),
        budgets.get('city')!,
      ),
      language: roll < 0.06 ? 'sv' : roll < 0.1 ? 'en' : 'fi',
    };
  });
}
