import { randomUUID } from 'node:crypto';
import { issueDevToken } from '@vaikuta/auth';
import { consumerSettled, waitFor, ServiceProcess, startServiceProcess, votingRoundRequest } from '@vaikuta/testing';
import { NotificationsWithSmtp, startNotificationsWithSmtp } from './notifications-test-app';

/**
 * Issue 10's "a project update reaches a voter by email": the budgeting service (its own
 * process) and the notification service on one NATS namespace, a real SMTP server here. A
 * resident who gave notifications an email and chose Swedish votes for plan P; another voter
 * who stopped budgeting messages votes for P too. P wins (its projects row written with SQL,
 * as results publication would), a coordinator adds a milestone and marks it reached: the
 * first voter gets one email in Swedish naming the project; the one who opted out gets none
 * and was never made to follow P.
 */
jest.setTimeout(120_000);

describe('from a project milestone to the inbox of someone who voted for it', () => {
  let budgeting: ServiceProcess;
  let t: NotificationsWithSmtp;

  beforeAll(async () => {
    budgeting = await startServiceProcess('budgeting', { label: 'bud_notif_e2e' });
    t = await startNotificationsWithSmtp('bud_e2e', { namespace: budgeting.namespace, keysDir: budgeting.keysDir });
  });

  afterAll(async () => {
    await t?.close();
    await budgeting?.close();
  });

  /** Waits until the notification service has applied the latest event of budgeting's stream. */
  const settled = () => consumerSettled(budgeting, t.app);

  /** A resident of the demo city (born 2000, Helsinki, strong sign-in), as the round's eligibility asks. */
  const resident = (sub: string, lang: 'fi' | 'sv' | 'en') =>
    issueDevToken({ sub, roles: ['resident'], birthdate: '2000-05-17', municipality: '091', authMethods: ['strong'], lang }, { keysDir: budgeting.keysDir });

  it('emails the voter in Swedish when the project they voted for reaches a milestone; the voter who opted out hears nothing', async () => {
    const coordinator = await budgeting.token('coordinator', [], 'coordinator-1');
    const voter = await resident('voter-sv', 'sv');
    const optedOut = await resident('voter-out', 'fi');

    // The voters' contacts live in notifications only (budgeting knows their sub and language).
    await t.app.http().put('/notifications/preferences').auth(voter, { type: 'bearer' }).send({ language: 'sv', channels: ['email'], email: 'voter@example.fi' }).expect(200);
    await t.app
      .http()
      .put('/notifications/preferences')
      .auth(optedOut, { type: 'bearer' })
      .send({ language: 'fi', channels: ['email'], email: 'out@example.fi', optOuts: ['budgeting'] })
      .expect(200);

    // A round in voting (proposals closed 60 days ago) with two plans on the ballot.
    const { body: round } = await budgeting
      .http()
      .post('/budgeting/rounds')
      .auth(coordinator, { type: 'bearer' })
      .send(votingRoundRequest(new Date(), { title: { fi: 'Testikierros', sv: 'Testomgång' } }))
      .expect(201);
    // The plans feature's own tests cover making plans; here they are written as it would leave them.
    const plan = async (title: object, cost: number) => {
      const id = randomUUID();
      await budgeting.dataSource.query(
        `INSERT INTO plans (id, round_id, district_code, title, description, cost, status) VALUES ($1, $2, 'keskinen', $3, $3, $4, 'on_ballot')`,
        [id, round.id, title, cost],
      );
      return id;
    };
    const p = await plan({ fi: 'Kallion leikkipaikat', sv: 'Lekplatser i Berghäll' }, 60_000);
    const q = await plan({ fi: 'Penkkejä Töölönlahdelle' }, 30_000);

    // voter-sv votes P and Q, then changes to P alone: follows P, no longer Q.
    const vote = (token: string, district: string[]) =>
      budgeting.http().put(`/budgeting/rounds/${round.id}/ballot`).auth(token, { type: 'bearer' }).send({ districtCode: 'keskinen', district, cityWide: [], confirmed: true }).expect(200);
    await vote(voter, [p, q]);
    await vote(voter, [p]);
    await vote(optedOut, [p]);
    await settled();

    const follows = await t.app.dataSource.query(
      `SELECT r.subject, s.item_key AS "itemKey", s.active FROM subscriptions s JOIN recipients r ON r.id = s.recipient_id WHERE s.item_key LIKE 'budgeting-plan:%' ORDER BY r.subject, s.item_key`,
    );
    expect(follows).toEqual([{ subject: 'voter-sv', itemKey: `budgeting-plan:${p}`, active: true }]);
    // Voting sends the voter a receipt for each confirmed ballot, naming no plan; the voter who
    // opted out of budgeting messages gets none.
    const receipts = await waitFor(() => (t.smtp.to('voter@example.fi').length === 2 ? t.smtp.to('voter@example.fi') : undefined), { what: 'two ballot receipts', timeoutMs: 20_000 });
    expect(receipts.map((m) => m.subject)).toEqual(['Din röst har registrerats', 'Din röst har registrerats']);
    expect(receipts.map((m) => m.text).join('')).not.toContain('Berghäll');

    // P won: results publication writes its project row.
    await budgeting.dataSource.query(`INSERT INTO projects (id, round_id) VALUES ($1, $2)`, [p, round.id]);
    const { body: withMilestone } = await budgeting
      .http()
      .post(`/budgeting/projects/${p}/milestones`)
      .auth(coordinator, { type: 'bearer' })
      .send({ version: 1, title: { fi: 'Rakennuslupa myönnetty', sv: 'Bygglov beviljat' }, dueDate: '2027-03-31' })
      .expect(201);
    await budgeting
      .http()
      .post(`/budgeting/projects/${p}/milestones/${withMilestone.milestones[0].id}/reached`)
      .auth(coordinator, { type: 'bearer' })
      .send({ version: 2, note: 'Lupa saatiin etuajassa.' })
      .expect(200);

    const milestoneMails = () => t.smtp.to('voter@example.fi').filter((m) => m.subject.startsWith('Projektet'));
    const [mail] = await waitFor(() => (milestoneMails().length ? milestoneMails() : undefined), { what: 'the voter’s milestone email', timeoutMs: 20_000 });
    await settled();
    await new Promise((r) => setTimeout(r, 500)); // room for a duplicate or a stray message to show up, were there one

    expect(mail.subject).toBe('Projektet ”Lekplatser i Berghäll”: Bygglov beviljat');
    expect(mail.text).toContain('projektet ”Lekplatser i Berghäll”, som du stödde, nådde ett delmål');
    expect(mail.text).toContain('Lupa saatiin etuajassa.');
    expect(mail.text).toContain(`http://portal.test/budgeting/projects/${p}?lang=sv`);
    expect(milestoneMails()).toHaveLength(1);
    expect(t.smtp.to('voter@example.fi')).toHaveLength(3);
    expect(t.smtp.to('out@example.fi')).toEqual([]);
  });
});
