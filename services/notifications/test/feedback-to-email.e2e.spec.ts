import { consumerSettled, waitFor, unsubscribeUrlOf, ServiceProcess, startServiceProcess } from '@vaikuta/testing';
import { NotificationsWithSmtp, startNotificationsWithSmtp } from './notifications-test-app';

/**
 * The promise end to end: the feedback service and the notification service on one NATS
 * namespace, a real SMTP server started here. A resident sends feedback in Swedish with
 * consent; the case worker resolves it with a public answer; exactly one email arrives.
 */
jest.setTimeout(60_000);

describe('from feedback to the sender’s inbox', () => {
  let feedback: ServiceProcess;
  let t: NotificationsWithSmtp;
  let workerToken: string;

  beforeAll(async () => {
    feedback = await startServiceProcess('feedback', { label: 'notif_e2e' });
    t = await startNotificationsWithSmtp('e2e', { namespace: feedback.namespace, keysDir: feedback.keysDir });
    workerToken = await feedback.token('case_worker', ['KYMP'], 'worker-kymp');
  });

  afterAll(async () => {
    await t?.close();
    await feedback?.close();
  });

  const act = (id: string, action: string, body: object) =>
    feedback.http().post(`/feedback/cases/${id}/${action}`).auth(workerToken, { type: 'bearer' }).send(body);

  /** Waits until the notification service has applied the latest event of this request. */
  const settled = (requestId: string) => consumerSettled(feedback, t.app, { matching: (e) => e.data.requestId === requestId });

  it('sends the receipt and exactly one Swedish message with the public answer, and nothing after unsubscribing', async () => {
    const email = 'invanare@example.fi';
    const submitted = await feedback
      .http()
      .post('/feedback/requests')
      .send({
        kind: 'fault',
        categoryCode: '171',
        description: 'En djup grop på cykelbanan framför biblioteket.',
        address: 'Biblioteksgatan 1',
        email,
        contactConsent: true,
        language: 'sv',
      })
      .expect(201);
    const { id, trackingCode } = submitted.body;

    await act(id, 'claim', { version: 1 }).expect(200);
    await act(id, 'resolve', { version: 2, resolution: 'Gropen är lagad. Tack för att du berättade!' }).expect(200);

    const [receipt, mail] = await waitFor(() => (t.smtp.to(email).length >= 2 ? t.smtp.to(email) : undefined), { what: 'the emails', timeoutMs: 15_000 });
    await settled(id);
    await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show up, were there one
    expect(t.smtp.to(email)).toHaveLength(2);
    expect(receipt.subject).toBe(`Tack för din respons – kod ${trackingCode}`);

    expect(mail.subject).toBe(`Din respons ${trackingCode} är behandlad`);
    expect(mail.text).toContain('Gropen är lagad. Tack för att du berättade!');
    expect(mail.text).toContain('Vad vi gjorde:');
    expect(mail.html).toContain('Gropen är lagad.');
    expect(mail.text).toContain(`http://portal.test/feedback/track/${id}`);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.headers['list-unsubscribe']).toMatch(/^<http:\/\/notifications\.test\/notifications\/unsubscribe\?token=[^>]+>$/);
    const [row] = await t.app.dataSource.query(`SELECT id, status FROM notifications WHERE event_type = 'fi.vaikuta.feedback.resolved.v1'`);
    expect(row.status).toBe('sent');
    expect(mail.messageId).toBe(`<${row.id}@vaikuta.local>`);

    // The link works: GET asks (and changes nothing), the one-click POST unsubscribes.
    const link = new URL(unsubscribeUrlOf(mail));
    const page = await t.app.http().get(`${link.pathname}${link.search}`).expect(200);
    expect(page.text).toContain('Vill du sluta få meddelanden om det här?');
    const [{ active: stillActive }] = await t.app.dataSource.query(`SELECT active FROM subscriptions WHERE item_key = $1`, [`feedback:${id}`]);
    expect(stillActive).toBe(true);
    const done = await t.app
      .http()
      .post(`${link.pathname}${link.search}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(done.text).toContain('Vi skickar inte längre');

    // The case is reopened, answered and resolved again: the sender hears nothing more.
    await act(id, 'reopen', { version: 3 }).expect(200);
    await act(id, 'replies', { version: 4, body: 'Vi tittar på saken igen.' }).expect(201);
    await act(id, 'resolve', { version: 5, resolution: 'Lagad på nytt.' }).expect(200);
    await settled(id);
    await new Promise((r) => setTimeout(r, 500));
    expect(t.smtp.to(email)).toHaveLength(2);
    const later = await t.app.dataSource.query(`SELECT count(*)::int AS n FROM notifications`);
    expect(later[0].n).toBe(2);
  });

  it('tells nobody about feedback sent without consent, and keeps no contact for it', async () => {
    const submitted = await feedback
      .http()
      .post('/feedback/requests')
      .send({ kind: 'feedback', categoryCode: '246', description: 'Puistossa on paljon roskia penkkien ympärillä.', address: 'Kaisaniemi' })
      .expect(201);
    await act(submitted.body.id, 'claim', { version: 1 }).expect(200);
    await act(submitted.body.id, 'resolve', { version: 2, resolution: 'Siivottu.' }).expect(200);
    await settled(submitted.body.id);
    const [{ n }] = await t.app.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE item_key = $1`, [
      `feedback:${submitted.body.id}`,
    ]);
    expect(n).toBe(0);
  });
});
