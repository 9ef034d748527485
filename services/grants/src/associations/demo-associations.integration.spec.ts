import { FakeClock } from '@vaikuta/domain';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';
import { seedDemoRegisterAndRounds } from './demo-associations';

const clock = new FakeClock(new Date('2026-12-03T10:00:00Z'));
let t: GrantsTestApp;
beforeAll(async () => {
  t = await startGrantsTestApp('demo_register', {}, { clock });
});
afterAll(() => t?.close());

describe('the demo register and rounds', () => {
  it('gives Aino two associations, an open project round among the year’s rounds, and adds nothing the second time', async () => {
    const first = await seedDemoRegisterAndRounds(t.app);
    expect(first.summary).toBe('3 demo associations and 4 grant rounds added');
    expect(first.applicants).toHaveLength(3);

    const aino = `Bearer ${await t.token('resident', { sub: 'demo-resident-aino' })}`;
    const mine = await t.http().get('/grants/associations/mine').set('Authorization', aino).expect(200);
    expect(mine.body.items.map((a: { name: string }) => a.name)).toEqual(['Järvenpään Kuoroyhdistys ry', 'Keravanjoen Melojat ry']);

    const open = await t.http().get('/grants/rounds?open=true&type=project').expect(200);
    expect(open.body.items.map((r: { id: string }) => r.id)).toEqual([first.projectRoundId]);
    const calendar = await t.http().get('/grants/calendar?year=2026').expect(200);
    expect(calendar.body.rounds).toHaveLength(4);

    const again = await seedDemoRegisterAndRounds(t.app);
    expect(again).toEqual({ ...first, summary: '0 demo associations and 0 grant rounds added' });
  });
});
