import { randomUUID } from 'node:crypto';
import { BudgetingEvents } from '@vaikuta/contracts';
import { now, NotificationsWithSmtp, prefer, startNotificationsWithSmtp } from './notifications-test-app';

jest.setTimeout(90_000);

/**
 * Budgeting's events as the budgeting service publishes them, on real NATS, PostgreSQL, Redis
 * and SMTP: proposers hear each step of their proposal; an online voter gets a receipt for each
 * confirmed ballot and follows what they voted for — idempotently, without reviving a follow they stopped
 * and not at all when they stopped budgeting messages — and hear when it wins and as it is built.
 */
describe('budgeting notifications', () => {
  let t: NotificationsWithSmtp;

  beforeAll(async () => {
    t = await startNotificationsWithSmtp('budgeting');
  });
  afterAll(() => t?.close());

  const follows = (sub: string): Promise<{ itemKey: string; active: boolean }[]> =>
    t.app.dataSource.query(
      `SELECT s.item_key AS "itemKey", s.active FROM subscriptions s JOIN recipients r ON r.id = s.recipient_id WHERE r.subject = $1 ORDER BY s.item_key`,
      [sub],
    );
  const ballot = (voterSub: string | undefined, planIds: string[], droppedPlanIds: string[] = [], roundId = randomUUID()) => ({
    roundId,
    ballotId: randomUUID(),
    channel: voterSub ? 'online' : 'paper',
    withdrawal: false,
    ...(voterSub ? { voterSub, language: 'fi' } : {}),
    planIds,
    droppedPlanIds,
    confirmedAt: now(),
  });
  const item = (planId: string) => `budgeting-plan:${planId}`;

  it("keeps the follows of a voter's latest ballot when an older ballot's event is applied after it", async () => {
    // Two consumer workers, or a redelivery after a failure, can apply a person's two ballots in
    // the wrong order: the older one must not bring back the plan the newer one dropped.
    const roundId = randomUUID();
    const [p, q] = [randomUUID(), randomUUID()];
    const older = { ...ballot('changing-voter', [p, q], [], roundId), confirmedAt: '2026-12-03T10:00:00.000Z' };
    const newer = { ...ballot('changing-voter', [p], [q], roundId), confirmedAt: '2026-12-03T10:00:05.000Z' };
    await t.publish(BudgetingEvents.ballotConfirmed, newer);
    await t.publish(BudgetingEvents.ballotConfirmed, older);
    expect(await follows('changing-voter')).toEqual([{ itemKey: item(p), active: true }]);
    // A ballot in another round is a scope of its own.
    const other = randomUUID();
    await t.publish(BudgetingEvents.ballotConfirmed, { ...ballot('changing-voter', [other]), confirmedAt: '2026-12-03T09:00:00.000Z' });
    expect((await follows('changing-voter')).map((f) => f.itemKey).sort()).toEqual([item(p), item(other)].sort());
  });

  it('tells the proposer of the receipt and the screening in their language, and has them follow the plan their proposal joined', async () => {
    const roundId = randomUUID();
    const proposalId = randomUUID();
    const planId = randomUUID();
    await prefer(t.app, 'proposer-en', { language: 'en', channels: ['email'], email: 'proposer@example.fi' });
    const ref = { roundId, proposalId, title: 'A playground for Kallio', districtCode: 'keskinen', language: 'en', proposerSub: 'proposer-en' };

    await t.publish(BudgetingEvents.proposalSubmitted, { ...ref, submittedAt: now() });
    const [receipt] = await t.mailsTo('proposer@example.fi', 1);
    expect(receipt.subject).toBe('Your proposal “A playground for Kallio” has been received');
    expect(receipt.text).toContain(`http://portal.test/budgeting/proposals/${proposalId}?lang=en`);

    await t.publish(BudgetingEvents.proposalScreened, { ...ref, outcome: 'in_plan', planId, screenedAt: now() });
    const [, screened] = await t.mailsTo('proposer@example.fi', 2);
    expect(screened.subject).toBe('Your proposal “A playground for Kallio” has been screened');
    expect(screened.text).toContain('Your proposal is now part of a plan that goes to the vote.');
    expect(screened.text).not.toContain('cannot be carried out');
    expect(await follows('proposer-en')).toEqual([{ itemKey: item(planId), active: true }]);

    await t.publish(BudgetingEvents.milestoneReached, {
      projectId: planId,
      roundId,
      milestoneId: randomUUID(),
      titles: { fi: 'Kallion leikkipaikat', en: 'Playgrounds for Kallio' },
      milestone: { fi: 'Suunnitelma valmis' },
      reachedAt: '2027-04-01T10:00:00.000Z',
    });
    const [, , milestone] = await t.mailsTo('proposer@example.fi', 3);
    expect(milestone.subject).toBe('The project “Playgrounds for Kallio”: Suunnitelma valmis'); // no English milestone title written: the Finnish one
  });

  it('has a voter follow the plans on their ballot, once however often told, and stop following the dropped ones', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const first = ballot('voter-follows', [a, b]);
    const eventId = randomUUID();
    await t.publish(BudgetingEvents.ballotConfirmed, first, eventId);
    await t.publish(BudgetingEvents.ballotConfirmed, first, eventId); // a redelivery: the inbox drops it
    await t.publish(BudgetingEvents.ballotConfirmed, { ...first, ballotId: randomUUID() }); // the same ballot again: nothing new
    expect(await follows('voter-follows')).toEqual([item(a), item(b)].sort().map((itemKey) => ({ itemKey, active: true })));

    await t.publish(BudgetingEvents.ballotConfirmed, ballot('voter-follows', [a], [b], first.roundId));
    expect(await follows('voter-follows')).toEqual([{ itemKey: item(a), active: true }]);
    // Voting for B again follows it again: the follow was the ballot's, not the person's own stop.
    await t.publish(BudgetingEvents.ballotConfirmed, ballot('voter-follows', [a, b], [], first.roundId));
    expect(await follows('voter-follows')).toEqual([item(a), item(b)].sort().map((itemKey) => ({ itemKey, active: true })));
  });

  it('sends an online voter a receipt for each confirmed ballot in their language, naming no plan, and a paper voter nothing', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await prefer(t.app, 'voter-receipt', { language: 'sv', channels: ['email'], email: 'voter@example.fi' });
    const first = ballot('voter-receipt', [a, b]);
    const eventId = randomUUID();
    await t.publish(BudgetingEvents.ballotConfirmed, first, eventId);
    await t.publish(BudgetingEvents.ballotConfirmed, first, eventId); // a redelivery: no second receipt
    const [receipt] = await t.mailsTo('voter@example.fi', 1);
    expect(receipt.subject).toBe('Din röst har registrerats');
    expect(receipt.text).toContain(`Kvittots kod: ${first.ballotId}`);
    expect(receipt.text).toContain(`/budgeting/${first.roundId}/vote/receipt?lang=sv`);
    expect(receipt.text).not.toContain(a);

    await t.publish(BudgetingEvents.ballotConfirmed, { ...ballot('voter-receipt', [], [a, b], first.roundId), withdrawal: true });
    const [, withdrawn] = await t.mailsTo('voter@example.fi', 2);
    expect(withdrawn.subject).toBe('Din röst har återkallats');

    // A paper ballot names nobody; an assisted one is the staff's entry, not the voter's sign-in.
    await t.publish(BudgetingEvents.ballotConfirmed, ballot(undefined, [a]));
    await t.publish(BudgetingEvents.ballotConfirmed, { ...ballot('voter-receipt', [b], [], first.roundId), channel: 'assisted' });
    const receipts = await t.app.dataSource.query(
      `SELECT 1 FROM notifications n JOIN recipients r ON r.id = n.recipient_id WHERE n.event_type = $1 AND r.subject = 'voter-receipt'`,
      [BudgetingEvents.ballotConfirmed.type],
    );
    expect(receipts).toHaveLength(2);
    expect(t.smtp.to('voter@example.fi')).toHaveLength(2);
  });

  it('keeps an opt-out an opt-out: a stopped follow is not revived, and who stopped budgeting or everything follows nothing', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await t.publish(BudgetingEvents.ballotConfirmed, ballot('voter-stops', [a]));
    // What the "stop following this" link in a message does (UnsubscribeService).
    await t.app.dataSource.query(
      `UPDATE subscriptions SET active = false WHERE item_key = $1 AND recipient_id = (SELECT id FROM recipients WHERE subject = 'voter-stops')`,
      [item(a)],
    );
    await t.publish(BudgetingEvents.ballotConfirmed, ballot('voter-stops', [a, b]));
    await t.publish(BudgetingEvents.ballotConfirmed, ballot('voter-stops', [b], [a])); // dropping A leaves their own stop in place
    expect(await follows('voter-stops')).toEqual(
      [
        { itemKey: item(a), active: false },
        { itemKey: item(b), active: true },
      ].sort((x, y) => x.itemKey.localeCompare(y.itemKey)),
    );

    await prefer(t.app, 'voter-no-budgeting', { language: 'sv', channels: ['email'], email: 'nobudget@example.fi', optOuts: ['budgeting'] });
    await t.publish(BudgetingEvents.ballotConfirmed, ballot('voter-no-budgeting', [a, b]));
    expect(await follows('voter-no-budgeting')).toEqual([]);

    await prefer(t.app, 'voter-nothing', { language: 'fi', channels: ['email'], email: 'nothing@example.fi' });
    await t.app.dataSource.query(`UPDATE recipients SET unsubscribed_all = true WHERE subject = 'voter-nothing'`);
    await t.publish(BudgetingEvents.ballotConfirmed, ballot('voter-nothing', [a]));
    expect(await follows('voter-nothing')).toEqual([]);

    // A paper ballot names nobody: nobody is made to follow anything.
    const before = (await t.app.dataSource.query(`SELECT count(*)::int AS c FROM subscriptions`))[0].c;
    await t.publish(BudgetingEvents.ballotConfirmed, ballot(undefined, [a, b]));
    expect((await t.app.dataSource.query(`SELECT count(*)::int AS c FROM subscriptions`))[0].c).toBe(before);
  });

  it('tells each follower of a winning plan once that it won, none of a losing one, and its followers of each update', async () => {
    const roundId = randomUUID();
    const [won1, won2, lost] = [randomUUID(), randomUUID(), randomUUID()];
    await prefer(t.app, 'voter-two-winners', { language: 'sv', channels: ['email'], email: 'twowinners@example.fi' });
    await prefer(t.app, 'voter-loser', { language: 'fi', channels: ['email'], email: 'loser@example.fi' });
    await t.publish(BudgetingEvents.ballotConfirmed, ballot('voter-two-winners', [won1, won2], [], roundId));
    await t.publish(BudgetingEvents.ballotConfirmed, ballot('voter-loser', [lost], [], roundId));
    // Each voter's receipt first (awaited, so the order of the mails below is the order of the news).
    const [receipt] = await t.mailsTo('twowinners@example.fi', 1);
    expect(receipt.subject).toBe('Din röst har registrerats');
    await t.mailsTo('loser@example.fi', 1);

    await t.publish(BudgetingEvents.resultsPublished, { roundId, roundName: 'OmaStadi 2026', winningProjectIds: [won1, won2], publishedAt: now() });
    const [, won] = await t.mailsTo('twowinners@example.fi', 2);
    expect(won.subject).toBe('Planen du stödde vann – OmaStadi 2026');
    expect(won.text).toContain(`http://portal.test/budgeting/${roundId}/results?lang=sv`);

    await t.publish(BudgetingEvents.projectProgressUpdated, {
      projectId: won1,
      roundId,
      title: 'Kallion leikkipaikat',
      titles: { fi: 'Kallion leikkipaikat', sv: 'Lekplatser i Berghäll' },
      progress: 'in_progress',
      percent: 40,
      note: 'Työt alkoivat.',
      texts: { fi: 'Työt alkoivat.', sv: 'Arbetet började.' },
      updatedAt: now(),
    });
    const [, , update] = await t.mailsTo('twowinners@example.fi', 3);
    expect(update.subject).toBe('Projektet ”Lekplatser i Berghäll” är nu: genomförs');
    expect(update.text).toContain('(40 % klart)');
    expect(update.text).toContain('Arbetet började.');
    expect(update.text).not.toContain('Työt alkoivat.');

    await new Promise((r) => setTimeout(r, 500)); // room for a duplicate or a stray message, were there one
    expect(t.smtp.to('twowinners@example.fi')).toHaveLength(3);
    expect(t.smtp.to('loser@example.fi').map((m) => m.subject)).toEqual(['Äänesi on kirjattu']);
  });
});
