import { consumerSettled, waitFor, ServiceProcess, startServiceProcess } from '@vaikuta/testing';
import { NotificationsWithSmtp, startNotificationsWithSmtp } from './notifications-test-app';

/**
 * The initiatives service and the notification service on one NATS namespace, a real SMTP
 * server here. A resident files an initiative in Swedish with an email; another resident
 * follows it in English; a preparer takes it to a decision. Both hear of the decision, each
 * in their language, and the initiator hears of each step before it.
 */
jest.setTimeout(90_000);

describe('from an initiative’s decision to the inboxes of its initiator and a follower', () => {
  let initiatives: ServiceProcess;
  let t: NotificationsWithSmtp;

  beforeAll(async () => {
    initiatives = await startServiceProcess('initiatives', {
      label: 'ini_notif_e2e',
      env: { KUNTALAISALOITE_IMPORT_INTERVAL_MINUTES: '0', REMINDER_INTERVAL_MINUTES: '0' },
    });
    t = await startNotificationsWithSmtp('ini_e2e', { namespace: initiatives.namespace, keysDir: initiatives.keysDir });
  });

  afterAll(async () => {
    await t?.close();
    await initiatives?.close();
  });

  /** Waits until the notification service has applied the latest event of the stream. */
  const settled = () => consumerSettled(initiatives, t.app);

  it('tells the initiator (sv) and a follower (en) of the decision by email, once each', async () => {
    const initiator = await initiatives.token('resident', [], 'initiator-1');
    const filed = await initiatives
      .http()
      .post('/initiatives')
      .auth(initiator, { type: 'bearer' })
      .send({ type: 'resident', language: 'sv', title: 'Fler bänkar längs Tölöviken', body: 'Vi föreslår fler bänkar.', initiatorName: 'Åsa Öhman', email: 'asa@example.fi' })
      .expect(201);
    const id = filed.body.id as string;
    await settled(); // the initiative is public to follow once `filed` is in

    const follower = await t.app.token('resident', 'follower-1');
    await t.app
      .http()
      .put('/notifications/preferences')
      .auth(follower, { type: 'bearer' })
      .send({ language: 'en', channels: ['email'], email: 'follower@example.org' })
      .expect(200);
    await t.app.http().post('/notifications/follows').auth(follower, { type: 'bearer' }).send({ itemType: 'initiative', itemId: id }).expect(201);

    const preparer = await initiatives.token('preparer', ['KYMP'], 'preparer-1');
    const step = async (action: string, body: object) =>
      (await initiatives.http().post(`/initiatives/${id}/${action}`).auth(preparer, { type: 'bearer' }).send(body).expect(200)).body.version as number;
    let v = await step('register', { version: filed.body.version });
    v = await step('assign', { version: v, departmentCode: 'KYMP', preparerId: 'preparer-1' });
    v = await step('propose', { version: v, body: 'valtuusto', proposal: 'Förslag' });
    await step('decide', { version: v, body: 'valtuusto', decidedAt: '2026-09-16', section: '87', text: 'Stadsfullmäktige beslutade att ställa ut tjugo nya bänkar.' });

    const decisionTo = (address: string) => t.smtp.to(address).filter((m) => /Beslut om initiativet|A decision on the initiative/.test(m.subject ?? ''));
    const [toInitiator] = await waitFor(() => (decisionTo('asa@example.fi').length ? decisionTo('asa@example.fi') : undefined), { what: 'the initiator’s email', timeoutMs: 20_000 });
    const [toFollower] = await waitFor(() => (decisionTo('follower@example.org').length ? decisionTo('follower@example.org') : undefined), { what: 'the follower’s email', timeoutMs: 20_000 });
    await settled();
    await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show up, were there one

    expect(toInitiator.subject).toBe('Beslut om initiativet ”Fler bänkar längs Tölöviken”');
    expect(toInitiator.text).toContain('Stadsfullmäktige har beslutat om initiativet ”Fler bänkar längs Tölöviken” 2026-09-16 (§ 87).');
    expect(toInitiator.text).toContain('Stadsfullmäktige beslutade att ställa ut tjugo nya bänkar.');
    expect(toInitiator.text).toContain(`http://portal.test/initiatives/${id}?lang=sv`);
    expect(toFollower.subject).toBe('A decision on the initiative “Fler bänkar längs Tölöviken”');
    expect(toFollower.text).toContain('The city council decided on the initiative');
    expect(toFollower.text).toContain(`http://portal.test/initiatives/${id}?lang=en`);
    expect(decisionTo('asa@example.fi')).toHaveLength(1);
    expect(decisionTo('follower@example.org')).toHaveLength(1);

    // The steps before it: registered, being prepared and proposed — never a second message for the decision.
    const steps = t.smtp.to('asa@example.fi').map((m) => m.subject);
    expect(steps).toEqual(
      expect.arrayContaining([
        'Initiativet ”Fler bänkar längs Tölöviken” är nu: registrerat',
        'Initiativet ”Fler bänkar längs Tölöviken” är nu: under beredning',
        'Initiativet ”Fler bänkar längs Tölöviken” är nu: föreslaget för beslut',
      ]),
    );
    expect(steps.filter((s) => s?.includes('beslutat'))).toEqual([]);
    expect(t.smtp.to('asa@example.fi')).toHaveLength(4);
    // The follower, following since the filing, heard the same three steps and the decision in English.
    expect(t.smtp.to('follower@example.org')).toHaveLength(4);
  });
});
