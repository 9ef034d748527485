import { BudgetingHttp } from '@vaikuta/contracts';
import { FakeClock } from '@vaikuta/domain';
import { RoundService } from '../rounds/round.service';
import { BudgetingTestApp, roundRequest, startBudgetingTestApp } from '../../test/budgeting-test-app';
import { DEMO_COORDINATOR } from './demo-round-writer';
import { DEMO_DISTRICTS, seedDemoBudgeting } from './demo-budgeting';

// A developer database from before: the older seed left this year's and last year's rounds
// empty, with this year's voting already open (plans can no longer be added to it).
let t: BudgetingTestApp;
const clock = new FakeClock();

beforeAll(async () => {
  t = await startBudgetingTestApp('seed_upgrade', {}, { clock });
}, 60_000);
afterAll(() => t?.close());

it('re-dates the empty rounds an older seed left, audited as demo data, and fills them', async () => {
  const year = clock.now().getUTCFullYear();
  const rounds = t.app.get(RoundService);
  const title = (y: number): BudgetingHttp.BudgetingText => ({ fi: `Kaupunkilaisten budjetti ${y}`, en: `Residents' budget ${y}` });
  const current = await rounds.create(roundRequest(clock.now(), { title: title(year), districts: DEMO_DISTRICTS }), DEMO_COORDINATOR);
  await rounds.create(roundRequest(new Date(Date.UTC(year - 1, 1, 1)), { title: title(year - 1), votingYear: year - 1, rule: 'mes', districts: DEMO_DISTRICTS }), DEMO_COORDINATOR);

  expect(await seedDemoBudgeting(t.app, clock)).toMatch(/this year's round: .*last year's round: /);

  const { items } = await rounds.list();
  // The two re-dated and filled, and the youth round the older seed did not have.
  expect(items).toHaveLength(3);
  expect(items.map((r) => [r.phase, r.resultsPublished])).toEqual([
    ['proposals', false],
    ['voting', false],
    ['implementation', true],
  ]);
  const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM plans WHERE round_id = $1 AND status = 'on_ballot'`, [current.id]);
  expect(n).toBeGreaterThan(0);
  const audit = await t.dataSource.query(`SELECT details->>'reason' AS reason FROM round_audit WHERE entity_id = $1 AND action = 'phases_moved'`, [current.id]);
  expect(audit).toEqual([{ reason: expect.stringMatching(/^demo data/) }]);
}, 60_000);
