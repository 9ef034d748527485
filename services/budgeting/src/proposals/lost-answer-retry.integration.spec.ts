import { FakeClock } from '@vaikuta/domain';
import { retryAfterLostAnswer } from '@vaikuta/testing';
import { BudgetingTestApp, roundInProposals, startBudgetingTestApp } from '../../test/budgeting-test-app';

// docs/adr/0007: a proposal that committed and whose answer never reached Redis (the process
// died in between) is sent again by the resident's retry. The retry must find the proposal, not
// make a second one for the coordinators to screen, with a second proposal_submitted event.
const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
let t: BudgetingTestApp;
beforeAll(async () => {
  t = await startBudgetingTestApp('proposals_lost_answer', {}, { clock });
});
afterAll(() => t?.close());

describe('a retried proposal whose first answer was lost', () => {
  it('answers the retry with the first proposal: same id, one row, one event, one audit row', async () => {
    const coordinator = `Bearer ${await t.token('coordinator')}`;
    const resident = `Bearer ${await t.token('resident', { sub: 'lost-answer-proposer' })}`;
    const { body: round } = await t.http().post('/budgeting/rounds').set('Authorization', coordinator).send(roundInProposals(clock.now())).expect(201);
    const body = { title: 'Uimaranta Vuosaareen', description: 'Uimaranta ja pukukopit Vuosaaren rantaan.', language: 'fi', districtCode: 'keskinen' };
    const { first, retry } = await retryAfterLostAnswer(t.config, (key) =>
      t.http().post(`/budgeting/rounds/${round.id}/proposals`).set('Authorization', resident).set('Idempotency-Key', key).send(body),
    );
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.headers['idempotent-replayed']).toBeUndefined(); // the stored answer really was gone
    expect(retry.body).toEqual(first.body);
    const rows: { id: string }[] = await t.dataSource.query(`SELECT id FROM proposals WHERE round_id = $1`, [round.id]);
    expect(rows.map((r) => r.id)).toEqual([first.body.id]);
    const events = await t.dataSource.query(`SELECT 1 FROM outbox WHERE type = 'fi.vaikuta.budgeting.proposal_submitted.v1' AND envelope->'data'->>'proposalId' = $1`, [first.body.id]);
    expect(events).toHaveLength(1);
    const audit = await t.dataSource.query(`SELECT 1 FROM proposal_audit WHERE entity_id = $1`, [first.body.id]);
    expect(audit).toHaveLength(1);
  });
});
