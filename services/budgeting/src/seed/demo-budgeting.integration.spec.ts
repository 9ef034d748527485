import { BudgetingEvents } from '@vaikuta/contracts';
import { FakeClock } from '@vaikuta/domain';
import { BallotIntakeService } from '../ballots/ballot-intake.service';
import { ReconciliationService } from '../ballots/reconciliation.service';
import { PlanService } from '../plans/plan.service';
import { ProjectReader } from '../projects/project-reader.service';
import { ResultsService } from '../results/results.service';
import { BallotExportRepository } from '../results/ballot-export.repository';
import { RoundService } from '../rounds/round.service';
import { BudgetingTestApp, startBudgetingTestApp } from '../../test/budgeting-test-app';
import { DEMO_RESIDENT_AINO } from './demo-ballots';
import { seedDemoBudgeting } from './demo-budgeting';

// The seed on a real database (the test app), run twice on the seed's own clock as cli.ts runs it.
let t: BudgetingTestApp;
const clock = new FakeClock();
let firstRun: string;
let secondRun: string;
const counts = () =>
  t.dataSource.query(
    `SELECT (SELECT count(*) FROM rounds) AS rounds, (SELECT count(*) FROM proposals) AS proposals, (SELECT count(*) FROM plans) AS plans,
            (SELECT count(*) FROM ballot_log) AS ballots, (SELECT count(*) FROM projects) AS projects, (SELECT count(*) FROM outbox) AS events`,
  );

beforeAll(async () => {
  t = await startBudgetingTestApp('seed', {}, { clock });
  firstRun = await seedDemoBudgeting(t.app, clock);
  const [afterFirst] = await counts();
  secondRun = await seedDemoBudgeting(t.app, clock);
  expect(await counts()).toEqual([afterFirst]);
}, 120_000);
afterAll(() => t?.close());

const rounds = async () => {
  const { items } = await t.app.get(RoundService).list();
  return { current: items.find((r) => r.phase === 'voting')!, last: items.find((r) => r.phase === 'implementation')! };
};

describe('the demo city’s budgeting seed', () => {
  it('makes three rounds, then adds nothing on the second run', async () => {
    expect(firstRun).toMatch(/this year's round: .*last year's round: .*projects.*youth round open for proposals/);
    expect(secondRun).toBe('demo rounds already there');
    const { items } = await t.app.get(RoundService).list();
    expect(items).toHaveLength(3);
    expect(clock.now().getTime()).toBeGreaterThan(Date.now() - 60_000); // the clock is back at today
  });

  it('has next year’s youth round open for a 12-year-old’s proposal today', async () => {
    const { items } = await t.app.get(RoundService).list();
    const youth = items.find((r) => r.phase === 'proposals')!;
    expect(youth).toBeDefined();
    const year = new Date().getUTCFullYear();
    const kid = await t.token('resident', { sub: 'demo-kid', birthdate: `${year + 1 - 12}-12-31` });
    const { body } = await t
      .http()
      .post(`/budgeting/rounds/${youth.id}/proposals`)
      .set('Authorization', `Bearer ${kid}`)
      .send({ title: 'Skeittiparkki', description: 'Katettu skeittiparkki koulun viereen.', language: 'fi', districtCode: 'keskinen' })
      .expect(201);
    expect(body.status).toBe('submitted');
  });

  it('has this year’s round in voting with plans on the ballot in every district and city-wide', async () => {
    const { current } = await rounds();
    expect(current).toMatchObject({ rule: 'greedy', resultsPublished: false });
    const detail = await t.app.get(RoundService).detail(current.id);
    const { items: plans } = await t.app.get(PlanService).list(current.id, {}, undefined);
    expect(plans.every((p) => p.status === 'on_ballot' && p.cost! > 0)).toBe(true);
    expect(new Set(plans.map((p) => p.districtCode))).toEqual(new Set(detail.districts.map((d) => d.code)));
    expect(plans.filter((p) => p.incompatibleGroup).length).toBeGreaterThanOrEqual(2);

    const statuses = await t.dataSource.query(`SELECT status, count(*)::int AS n FROM proposals WHERE round_id = $1 GROUP BY status`, [current.id]);
    const byStatus = Object.fromEntries(statuses.map((s: { status: string; n: number }) => [s.status, s.n]));
    expect(byStatus).toMatchObject({ submitted: expect.any(Number), not_feasible: expect.any(Number), in_plan: expect.any(Number) });
    const [{ sourced }] = await t.dataSource.query(`SELECT count(*)::int AS sourced FROM proposals WHERE round_id = $1 AND source_kind IS NOT NULL`, [current.id]);
    expect(sourced).toBeGreaterThan(0);

    // A newcomer can vote right away: a ballot in a district and city-wide is taken today.
    const voter = { sub: 'newcomer', roles: ['resident' as const], departments: [], associations: [], birthdate: '1990-04-01', municipality: '091', authMethods: ['strong'] };
    const keskinen = plans.find((p) => p.districtCode === 'keskinen')!;
    const city = plans.find((p) => p.districtCode === 'city')!;
    const receipt = await t.app.get(BallotIntakeService).castOnline(current.id, { districtCode: 'keskinen', district: [keskinen.id], cityWide: [city.id], confirmed: true }, voter);
    expect(receipt.counts).toBe(true);
  });

  it('has last year’s round published, with a few hundred ballots from every channel and voters of every age', async () => {
    const { last } = await rounds();
    expect(last).toMatchObject({ rule: 'mes', resultsPublished: true, votingYear: new Date().getUTCFullYear() - 1 });
    const turnout = await t.app.get(BallotExportRepository).turnout(last.id, last.votingYear);
    expect(turnout.ballots).toBeGreaterThanOrEqual(300);
    expect(turnout.byChannel.map((c) => c.channel).sort()).toEqual(['assisted', 'online', 'paper']);
    expect(turnout.byAgeBand.filter((b) => b.band !== 'unknown' && b.ballots > 0)).toHaveLength(5);

    const results = await t.app.get(ResultsService).results(last.id, undefined);
    const plans = results.districts.flatMap((d) => d.plans);
    expect(plans.filter((p) => p.status === 'funded_by_override')).toHaveLength(1);
    expect(plans.some((p) => p.status === 'funded')).toBe(true);
    expect(plans.some((p) => p.status !== 'funded' && p.status !== 'funded_by_override')).toBe(true);
  });

  it('lists a person who voted online and on paper in the reconciliation report', async () => {
    const { last } = await rounds();
    const report = await t.app.get(ReconciliationService).report(last.id);
    expect(report.items.length).toBeGreaterThanOrEqual(1);
    expect(report.items.some((i) => i.channels.includes('online') && i.channels.includes('paper'))).toBe(true);
  });

  it('makes the winners projects with updates in three languages and milestones, some reached and some ahead', async () => {
    const { last } = await rounds();
    const results = await t.app.get(ResultsService).results(last.id, undefined);
    const winners = results.districts.flatMap((d) => d.winners);
    const reader = t.app.get(ProjectReader);
    const { items } = await reader.list(last.id);
    expect(items.map((p) => p.id).sort()).toEqual([...winners].sort());
    const details = await Promise.all(items.map((p) => reader.detail(p.id)));
    expect(details.every((d) => d.milestones.length === 3 && d.milestones[0].reachedAt !== null)).toBe(true);
    expect(details.some((d) => d.status === 'in_progress' && d.milestones.some((m) => m.reachedAt === null))).toBe(true);
    expect(details.some((d) => d.status === 'completed')).toBe(true);
    expect(details.flatMap((d) => d.updates).every((u) => u.text.fi && u.text.sv && u.text.en)).toBe(true);
    // Nothing is dated after today.
    const latest = Math.max(...details.flatMap((d) => [...d.updates.map((u) => Date.parse(u.publishedAt)), ...d.milestones.map((m) => (m.reachedAt ? Date.parse(m.reachedAt) : 0))]));
    expect(latest).toBeLessThanOrEqual(Date.now());
  });

  it('makes Aino an online voter of a winning project with a milestone still ahead, and tells her plans in events', async () => {
    const { last } = await rounds();
    const aino = { sub: DEMO_RESIDENT_AINO, roles: ['resident' as const], departments: [], associations: [] };
    const ballot = await t.app.get(BallotIntakeService).current(last.id, aino);
    expect(ballot).toMatchObject({ channel: 'online', counts: true });
    const reader = t.app.get(ProjectReader);
    const projects = await Promise.all([...ballot!.district, ...ballot!.cityWide].map((id) => reader.detail(id).catch(() => null)));
    expect(projects.some((p) => p && p.milestones.some((m) => m.reachedAt === null))).toBe(true);
    // The event notifications turns into her follows.
    const [event] = await t.dataSource.query(`SELECT envelope->'data' AS data FROM outbox WHERE type = $1 AND envelope->'data'->>'voterSub' = $2`, [
      BudgetingEvents.ballotConfirmed.type,
      DEMO_RESIDENT_AINO,
    ]);
    expect(event.data.planIds.sort()).toEqual([...ballot!.district, ...ballot!.cityWide].sort());
  });
});
