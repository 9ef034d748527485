import { FeedbackEvents } from '@vaikuta/contracts';
import { waitFor, ReceivedMail, ServiceProcess, startServiceProcess } from '@vaikuta/testing';
import type { SmsSink } from '../../../scripts/sms-sink.mjs';
import { PreferenceLinkTokens } from '../src/recipients/preference-link-token';
import { feedbackRef, NotificationsWithSmtp, now, startNotificationsWithSmtp, worker } from './notifications-test-app';

/**
 * What a resident is sent the moment they submit: the feedback service and the notification
 * service on one NATS namespace, a real SMTP server and the development SMS sink. The receipt
 * comes in their language with the tracking code and their private link, quoting their text;
 * a text message says how to stop them; the settings link in a message works without signing in.
 */
jest.setTimeout(60_000);

describe('receipts, quotes, SMS opt-out and the signed settings link', () => {
  let sms: SmsSink;
  let feedback: ServiceProcess;
  let t: NotificationsWithSmtp;
  let workerToken: string;

  beforeAll(async () => {
    const { startSmsSink } = await import('../../../scripts/sms-sink.mjs');
    sms = await startSmsSink({ port: 0 });
    feedback = await startServiceProcess('feedback', { label: 'receipt_e2e' });
    t = await startNotificationsWithSmtp('receipt', { namespace: feedback.namespace, keysDir: feedback.keysDir, config: { smsProviderUrl: sms.providerUrl } });
    workerToken = await feedback.token('case_worker', ['KYMP'], 'worker-kymp');
  });

  afterAll(async () => {
    await t?.close();
    await feedback?.close();
    await sms?.close();
  });

  const submit = (body: Record<string, unknown>) =>
    feedback.http().post('/feedback/requests').send({ kind: 'fault', categoryCode: '171', address: 'Biblioteksgatan 1', ...body }).expect(201);
  const mailsTo = (email: string, count: number) =>
    waitFor(() => (t.smtp.to(email).length >= count ? t.smtp.to(email) : undefined), { what: `${count} email(s) to ${email}`, timeoutMs: 15_000 });
  const preferencesLinkOf = (mail: ReceivedMail) => {
    const url = /Ändra inställningar: (\S+)/.exec(mail.text)?.[1] ?? /Muuta asetuksia: (\S+)/.exec(mail.text)?.[1];
    if (!url) throw new Error(`no settings link in ${mail.text}`);
    return new URL(url);
  };

  // Over 200 characters, with markup that must arrive as text.
  const description =
    'En djup grop på cykelbanan framför biblioteket, <b>farlig</b> & svår att se i mörkret.\n' +
    'Den har funnits sedan förra veckan och blir större för varje dag som går. Cyklister väjer ut på körbanan. ' +
    'SLUTET-SOM-INTE-CITERAS står här efter tvåhundra tecken.';

  it('sends a Swedish receipt with the code and the private link, quoting the start of the text, escaped', async () => {
    const email = 'kvitto@example.fi';
    const { body } = await submit({ description, email, contactConsent: true, language: 'sv' });
    const [receipt] = await mailsTo(email, 1);

    expect(receipt.subject).toBe(`Tack för din respons – kod ${body.trackingCode}`);
    expect(receipt.text).toContain(`Din respons har koden ${body.trackingCode}.`);
    expect(receipt.text).toContain(`http://portal.test/feedback/track/${body.id}?lang=sv`);
    expect(receipt.html).toContain(`href="http://portal.test/feedback/track/${body.id}?lang=sv"`);
    expect(receipt.text).toContain('Du skrev:\nEn djup grop på cykelbanan framför biblioteket, <b>farlig</b> & svår att se i mörkret.\nDen har');
    expect(receipt.text).not.toContain('SLUTET-SOM-INTE-CITERAS');
    expect(receipt.text).toMatch(/Du skrev:\n[^]{150,205}…\n/);
    expect(receipt.html).toContain('&lt;b&gt;farlig&lt;/b&gt; &amp; svår');
    expect(receipt.html).not.toContain('<b>farlig</b>');

    // What the portal page the link opens reads: the request, before it is published (ADR 0003).
    await feedback.http().get(`/feedback/public/requests/${body.id}`).expect(200);

    // The text is kept with the sender's own subscription only, not in the message row.
    const [row] = await t.app.dataSource.query(`SELECT data::text AS data FROM notifications WHERE item_key = $1`, [`feedback:${body.id}`]);
    expect(row.data).not.toContain('cykelbanan');

    // Later messages quote it too: the reply.
    await feedback.http().post(`/feedback/cases/${body.id}/claim`).auth(workerToken, { type: 'bearer' }).send({ version: 1 }).expect(200);
    await feedback
      .http()
      .post(`/feedback/cases/${body.id}/replies`)
      .auth(workerToken, { type: 'bearer' })
      .send({ version: 2, body: 'Vi lagar gropen den här veckan.' })
      .expect(201);
    const [, reply] = await mailsTo(email, 2);
    expect(reply.subject).toBe(`Svar på din respons ${body.trackingCode}`);
    expect(reply.text).toContain('Du skrev:\nEn djup grop på cykelbanan');
    expect(reply.text).toContain('Vi lagar gropen den här veckan.');
  });

  it('sends nothing to a sender who did not consent, and carries no text for them', async () => {
    const { body } = await submit({ description: 'Ingen kontakt, tack.', contactConsent: false, language: 'sv' });
    const events = await waitFor(async () => {
      const all = (await feedback.reader.events(feedback.stream)).filter((e) => e.event.data.requestId === body.id);
      return all.length ? all : undefined;
    });
    expect(events[0].event.data.excerpt).toBeUndefined();
    expect(events[0].event.data.contact).toBeUndefined();
    await waitFor(async () => (await t.app.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [events[0].event.id])).length === 1, {
      what: 'notifications applied the event',
    });
    const [{ n }] = await t.app.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE item_key = $1`, [`feedback:${body.id}`]);
    expect(n).toBe(0);
  });

  it('texts a Finnish receipt that says how to stop texts, and the short stop link stops texts only', async () => {
    const phone = '+358401234999';
    const { body } = await submit({ description: 'Katulamppu on rikki.', phone, contactConsent: true, language: 'fi' });
    const text = await waitFor(() => sms.messages().find((m) => m.to === phone)?.text, { what: 'the text message', timeoutMs: 15_000 });

    expect(text).toContain(`Kiitos palautteestasi – tunnus ${body.trackingCode} http://portal.test/feedback/track/${body.id}?lang=fi`);
    const stop = /\nLopeta tekstiviestit: (http:\/\/notifications\.test\/notifications\/unsubscribe\?token=\S+)$/.exec(text)?.[1];
    expect(stop).toBeDefined();
    // Every character of a text costs: the whole message stays within a few segments.
    expect(stop!.length).toBeLessThan(120);
    const link = new URL(stop!);
    const page = await t.app.http().get(`${link.pathname}${link.search}`).expect(200);
    expect(page.text).toContain('Haluatko lopettaa tekstiviestit meiltä?');
    await t.app.http().post(`${link.pathname}${link.search}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    const [recipient] = await t.app.dataSource.query(`SELECT channels, unsubscribed_all FROM recipients WHERE phone = $1`, [phone]);
    expect(recipient).toEqual({ channels: [], unsubscribed_all: false });
    const [{ active }] = await t.app.dataSource.query(`SELECT active FROM subscriptions WHERE item_key = $1`, [`feedback:${body.id}`]);
    expect(active).toBe(true); // still follows the matter: texts stopped, not the subscription
  });

  it('opens and saves the preferences through the signed link without signing in, and refuses a tampered or expired one', async () => {
    const email = 'asetukset@example.fi';
    await submit({ description: 'Roskis on täynnä.', email, contactConsent: true, language: 'fi' });
    const [receipt] = await mailsTo(email, 1);
    const link = preferencesLinkOf(receipt);
    expect(link.origin + link.pathname).toBe('http://portal.test/notifications/preferences');
    expect(link.searchParams.get('lang')).toBe('fi');
    const token = link.searchParams.get('token')!;

    const shown = await t.app.http().get('/notifications/preferences/link').query({ token }).expect(200);
    expect(shown.body).toMatchObject({ kind: 'contact', language: 'fi', channels: ['email'], digest: 'immediate', email: 'a***@example.fi', phone: null, availableChannels: ['email'] });
    expect(JSON.stringify(shown.body)).not.toContain(email);

    const saved = await t.app
      .http()
      .put('/notifications/preferences/link')
      .query({ token })
      .send({ language: 'sv', channels: ['email'], digest: 'weekly', optOuts: [] })
      .expect(200);
    expect(saved.body).toMatchObject({ language: 'sv', digest: 'weekly' });
    const [row] = await t.app.dataSource.query(`SELECT language, digest, email FROM recipients WHERE email = $1`, [email]);
    expect(row).toEqual({ language: 'sv', digest: 'weekly', email });

    // A channel without an address is refused, naming the field; an address cannot be set here.
    const noPhone = await t.app.http().put('/notifications/preferences/link').query({ token }).send({ channels: ['sms'] }).expect(400);
    expect(noPhone.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(noPhone.body.errors).toEqual([{ field: 'channels', message: expect.stringContaining('phone number') }]);

    // Tampered, expired, missing: refused, naming the token; nothing changes.
    const [, , expires, signature] = token.split('.');
    const other = Buffer.from('00000000000040008000000000000000', 'hex').toString('base64url');
    const expired = new PreferenceLinkTokens(t.app.config.secret).sign(await recipientIdOf(email), { now: new Date(Date.now() - 61 * 86_400_000) });
    for (const bad of [`p.${other}.${expires}.${signature}`, `${token.slice(0, -3)}abc`, expired, '']) {
      const refused = await t.app.http().get('/notifications/preferences/link').query({ token: bad }).expect(403);
      expect(refused.body.errors).toEqual([{ field: 'token', message: expect.any(String) }]);
      await t.app.http().put('/notifications/preferences/link').query({ token: bad }).send({ digest: 'daily', channels: ['email'] }).expect(403);
    }
    const [after] = await t.app.dataSource.query(`SELECT digest FROM recipients WHERE email = $1`, [email]);
    expect(after.digest).toBe('weekly');

    // The signed-in preferences API still wants a session.
    await t.app.http().get('/notifications/preferences').expect(401);
  });

  it('sends a receipt to its sender only, never to someone following the item', async () => {
    const ref = feedbackRef({ email: 'lahettaja-kuitti@example.fi', language: 'fi' });
    // The item is public and someone follows it by email before the (late) submitted event.
    await t.publish(FeedbackEvents.published, { ...ref, contact: undefined, by: worker, publishedAt: now() });
    const follower = await t.app.token('resident', 'kuitti-seuraaja');
    await t.app
      .http()
      .put('/notifications/preferences')
      .auth(follower, { type: 'bearer' })
      .send({ channels: ['email'], email: 'seuraaja-kuitti@example.fi' })
      .expect(200);
    await t.app.http().post('/notifications/follows').auth(follower, { type: 'bearer' }).send({ itemType: 'feedback', itemId: ref.requestId }).expect(201);
    await t.publish(FeedbackEvents.submitted, { ...ref, kind: 'fault', channel: 'web', submittedAt: now(), dueAt: now(), excerpt: 'Oma teksti' });
    const rows = await t.app.dataSource.query(
      `SELECT r.email FROM notifications n JOIN recipients r ON r.id = n.recipient_id WHERE n.item_key = $1 AND n.template = 'feedback.submitted'`,
      [`feedback:${ref.requestId}`],
    );
    expect(rows).toEqual([{ email: 'lahettaja-kuitti@example.fi' }]);
  });

  async function recipientIdOf(email: string): Promise<string> {
    const [{ id }] = await t.app.dataSource.query(`SELECT id FROM recipients WHERE email = $1`, [email]);
    return id;
  }
});
