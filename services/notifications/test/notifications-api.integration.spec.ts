import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer, IncomingMessage, Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { FeedbackEvents, PrivacyEvents } from '@vaikuta/contracts';
import { waitFor, TestSmtpServer } from '@vaikuta/testing';
import { DIGEST_SCHEDULERS } from '../src/digests/digest-scheduler';
import { DigestService } from '../src/digests/digest.service';
import { DeliveryQueues } from '../src/delivery/delivery-queues';
import { TEMPLATE_DIR } from '../src/templates/template-renderer';
import { feedbackRef, now, NotificationsTestApp, startNotificationsTestApp, worker } from './notifications-test-app';

jest.setTimeout(60_000);

/** A stand-in SMS provider: records what it is sent; numbers ending in 00 are refused (400). */
async function startSmsStub(): Promise<{ url: string; received: { to: string; text: string; reference: string }[]; close(): Promise<void> }> {
  const received: { to: string; text: string; reference: string }[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const sms = JSON.parse(body);
    if (String(sms.to).endsWith('00')) {
      res.writeHead(400).end('{"error":"invalid number"}');
      return;
    }
    received.push(sms);
    res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sms-${received.length}` }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/sms`, received, close: () => new Promise((r) => server.close(() => r())) };
}

describe('notification API, channels, digests, erasure and dead letters', () => {
  let smtp: TestSmtpServer;
  let sms: Awaited<ReturnType<typeof startSmsStub>>;
  let n: NotificationsTestApp;
  let templateDir: string;
  let resident: string;
  let admin: string;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    sms = await startSmsStub();
    // Templates with the Swedish resolved message missing, to prove such events are parked.
    templateDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-templates-'));
    await cp(TEMPLATE_DIR, templateDir, { recursive: true });
    await rm(path.join(templateDir, 'feedback.rejected', 'sv.html.hbs'));
    n = await startNotificationsTestApp('api', { config: { smtpUrl: smtp.url, smsProviderUrl: sms.url }, templateDir });
    resident = await n.token('resident', 'resident-1');
    admin = await n.token('admin', 'admin-1');
  });
  afterAll(async () => {
    await n?.close();
    await smtp?.close();
    await sms?.close();
    await rm(templateDir, { recursive: true, force: true });
  });

  const applied = (eventId: string) =>
    waitFor(async () => (await n.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [eventId])).length === 1, { what: `event ${eventId} applied` });
  /** Staff published the feedback: anyone signed in may follow it from now on. */
  const published = async (ref: ReturnType<typeof feedbackRef>) =>
    applied(await n.publish(FeedbackEvents.published, { ...ref, by: worker, publishedAt: now() }));

  it('refuses an invalid email or phone in preferences with problem+json naming the field', async () => {
    const bad = await n.http().put('/notifications/preferences').auth(resident, { type: 'bearer' }).send({ channels: ['email'], email: 'nope' }).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors).toEqual([{ field: 'email', message: 'Enter a valid email address' }]);
    const badPhone = await n.http().put('/notifications/preferences').auth(resident, { type: 'bearer' }).send({ channels: ['sms'], phone: '123' }).expect(400);
    expect(badPhone.body.errors).toEqual([{ field: 'phone', message: 'Enter a valid phone number, e.g. +358401234567' }]);
    await n.http().get('/notifications/preferences').expect(401);
  });

  it('tells a signed-in follower in the app, by email and by SMS, in their language; staff see the log masked', async () => {
    await n
      .http()
      .put('/notifications/preferences')
      .auth(resident, { type: 'bearer' })
      .send({ language: 'en', channels: ['inapp', 'email', 'sms'], email: 'Follower@Example.fi', phone: '040 765 4321' })
      .expect(200);
    const requestId = randomUUID();
    await published(feedbackRef(undefined, requestId));
    await n.http().post('/notifications/follows').auth(resident, { type: 'bearer' }).send({ itemType: 'feedback', itemId: requestId }).expect(201);
    const invalidFollow = await n.http().post('/notifications/follows').auth(resident, { type: 'bearer' }).send({ itemType: 'weather', itemId: 'x' }).expect(400);
    expect(invalidFollow.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['itemId', 'itemType']);

    const eventId = await n.publish(FeedbackEvents.replied, {
      ...feedbackRef(undefined, requestId),
      replyId: randomUUID(),
      body: 'We will fix it this week.',
      by: worker,
      repliedAt: now(),
    });
    await applied(eventId);
    const [mail] = await waitFor(() => (smtp.to('follower@example.fi').length ? smtp.to('follower@example.fi') : undefined), { what: 'email' });
    expect(mail.subject).toMatch(/^A reply to your feedback VKT-/);
    expect(mail.text).toContain('We will fix it this week.');
    const [text] = await waitFor(() => (sms.received.length ? sms.received : undefined), { what: 'sms' });
    expect(text).toMatchObject({ to: '+358407654321', reference: expect.any(String) });
    // A follower gets the public page (by tracking code), never the sender's private link.
    expect(text.text).toMatch(/http:\/\/portal\.test\/feedback\/track\/VKT-2026-\d{6}\?lang=en/);
    expect(text.text).not.toContain(requestId);

    const inbox = await n.http().get('/notifications/inbox').auth(resident, { type: 'bearer' }).expect(200);
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.items[0]).toMatchObject({ eventType: FeedbackEvents.replied.type, readAt: null, itemKey: `feedback:${requestId}` });
    expect(inbox.body.items[0].text).toContain('We will fix it this week.');
    expect((await n.http().get('/notifications/inbox/unread-count').auth(resident, { type: 'bearer' })).body).toEqual({ unread: 1 });
    await n.http().post(`/notifications/inbox/${inbox.body.items[0].id}/read`).auth(resident, { type: 'bearer' }).expect(204);
    expect((await n.http().get('/notifications/inbox/unread-count').auth(resident, { type: 'bearer' })).body).toEqual({ unread: 0 });
    // Someone else's token sees an empty inbox and cannot mark this message.
    const other = await n.token('resident', 'resident-2');
    await n.http().post(`/notifications/inbox/${inbox.body.items[0].id}/read`).auth(other, { type: 'bearer' }).expect(404);

    await waitFor(async () => (await n.dataSource.query(`SELECT count(*)::int AS c FROM notifications WHERE status = 'sent'`))[0].c === 3);
    await n.http().get('/notifications/admin/deliveries').auth(resident, { type: 'bearer' }).expect(403);
    const log = await n.http().get('/notifications/admin/deliveries').auth(admin, { type: 'bearer' }).expect(200);
    const byChannel = Object.fromEntries(log.body.items.map((i: { channel: string }) => [i.channel, i]));
    expect(byChannel.email.to).toBe('f***@example.fi');
    expect(byChannel.sms.to).toBe('+35840*****21');
    expect(byChannel.inapp.to).toBeNull();
    expect(byChannel.email.log).toEqual([expect.objectContaining({ attempt: 1, outcome: 'sent' })]);
    expect(JSON.stringify(log.body)).not.toMatch(/follower@example\.fi|\+358407654321/);
  });

  it('marks a permanent failure failed at once, logging the attempt and counting it', async () => {
    await n.dataSource.query(
      `INSERT INTO recipients (kind, contact_key, phone, language, channels) VALUES ('contact', 'phone:+358401234500', '+358401234500', 'fi', '{sms}')`,
    );
    const eventId = await n.publish(FeedbackEvents.resolved, {
      ...feedbackRef({ phone: '+358401234500', language: 'fi' }),
      resolution: 'Korjattu.',
      by: worker,
      resolvedAt: now(),
    });
    await applied(eventId);
    const row = await waitFor(async () => {
      const [r] = await n.dataSource.query(`SELECT status, attempts, last_error FROM notifications WHERE event_id = $1`, [eventId]);
      return r?.status === 'failed' ? r : undefined;
    }, { what: 'permanent failure' });
    expect(row).toMatchObject({ attempts: 1, last_error: 'SMS provider answered 400' });
    const metrics = await n.http().get('/metrics').auth(admin, { type: 'bearer' });
    expect(metrics.text).toMatch(/vaikuta_notifications_failed_total\{channel="sms"\} [1-9]/);
  });

  it('parks an event with no template in the recipient’s language, and an unreadable one, then goes on', async () => {
    const rejected = await n.publish(FeedbackEvents.rejected, {
      ...feedbackRef({ email: 'svensk@example.fi', language: 'sv' }),
      reason: 'Inte stadens väg.',
      by: worker,
      rejectedAt: now(),
    });
    await n.reader.publishRaw(`${n.namespace}.feedback.request.resolved`, '{"not": "an event"', randomUUID());
    const letters = await waitFor(async () => {
      const items = (await n.http().get('/notifications/admin/dead-letters').auth(admin, { type: 'bearer' })).body.items;
      return items.length >= 2 ? items : undefined;
    }, { what: 'two dead letters' });
    expect(letters.find((d: { eventId: string }) => d.eventId === rejected)).toMatchObject({
      deliveries: 1,
      reason: `no template feedback.rejected in language sv for ${FeedbackEvents.rejected.type}`,
    });
    expect(letters.some((d: { reason: string }) => /unreadable event/.test(d.reason))).toBe(true);
    // The consumer goes on with the next event.
    const next = await n.publish(FeedbackEvents.resolved, { ...feedbackRef({ email: 'next@example.fi', language: 'fi' }), by: worker, resolvedAt: now() });
    await applied(next);
    await waitFor(() => smtp.to('next@example.fi').length === 1, { what: 'next email' });
  });

  it('collects held messages into one daily digest, never sends an empty one, and has schedulers', async () => {
    const digestToken = await n.token('resident', 'digest-reader');
    await n
      .http()
      .put('/notifications/preferences')
      .auth(digestToken, { type: 'bearer' })
      .send({ language: 'fi', channels: ['email'], email: 'kooste@example.fi', digest: 'daily' })
      .expect(200);
    const ref = feedbackRef();
    await published(ref);
    await n.http().post('/notifications/follows').auth(digestToken, { type: 'bearer' }).send({ itemType: 'feedback', itemId: ref.requestId }).expect(201);
    await applied(await n.publish(FeedbackEvents.replied, { ...ref, replyId: randomUUID(), body: 'Katsomme asiaa.', by: worker, repliedAt: now() }));
    await applied(await n.publish(FeedbackEvents.resolved, { ...ref, resolution: 'Valmis.', by: worker, resolvedAt: now() }));
    expect(smtp.to('kooste@example.fi')).toHaveLength(0);

    const digests = n.app.get(DigestService);
    expect(await digests.compose('daily', 'test-period-1')).toBe(1);
    const [mail] = await waitFor(() => (smtp.to('kooste@example.fi').length ? smtp.to('kooste@example.fi') : undefined), { what: 'digest' });
    expect(mail.subject).toBe('Uutta asioista, joita seuraat (2)');
    expect(mail.text).toContain('Katsomme asiaa.');
    expect(mail.text).toContain('Valmis.');
    // The reader follows a public item: its public page, not its sender's private link.
    expect(mail.text).toContain(`http://portal.test/feedback/track/${ref.trackingCode}?lang=fi`);
    expect(mail.text).not.toContain(ref.requestId);
    expect(await digests.compose('daily', 'test-period-2')).toBe(0); // nothing new: no digest
    expect(await digests.compose('daily', 'test-period-1')).toBe(0);
    const schedulers = await n.app.get(DeliveryQueues).digest.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual([DIGEST_SCHEDULERS.daily, DIGEST_SCHEDULERS.weekly].sort());
  });

  it('previews a template for staff with sample data', async () => {
    const res = await n
      .http()
      .post('/notifications/admin/templates/fi.vaikuta.feedback.resolved.v1/preview')
      .auth(admin, { type: 'bearer' })
      .send({ language: 'sv', data: { resolution: 'Förhandsvisning.' } })
      .expect(200);
    expect(res.body).toMatchObject({ template: 'feedback.resolved', language: 'sv', subject: 'Din respons VKT-2026-000123 är behandlad' });
    expect(res.body.text).toContain('Förhandsvisning.');
    expect(res.body.html).toContain('<html lang="sv">');
    await n.http().post('/notifications/admin/templates/feedback.resolved/preview').auth(resident, { type: 'bearer' }).send({ language: 'fi' }).expect(403);
    await n.http().post('/notifications/admin/templates/feedback.nothing/preview').auth(admin, { type: 'bearer' }).send({ language: 'fi' }).expect(404);
    const bad = await n.http().post('/notifications/admin/templates/feedback.resolved/preview').auth(admin, { type: 'bearer' }).send({ language: 'de' }).expect(400);
    expect(bad.body.errors[0].field).toBe('language');
  });

  it('erases a person’s contacts and history on an erasure request', async () => {
    const email = 'poistettava@example.fi';
    const first = await n.publish(FeedbackEvents.resolved, { ...feedbackRef({ email, language: 'fi' }), resolution: 'OK', by: worker, resolvedAt: now() });
    await applied(first);
    await waitFor(() => smtp.to(email).length === 1);
    const erasure = await n.publish(PrivacyEvents.erasureRequested, { requestId: randomUUID(), email: 'Poistettava@Example.fi', requestedAt: now() });
    await applied(erasure);
    const left = await n.dataSource.query(
      `SELECT (SELECT count(*)::int FROM recipients WHERE email = $1) AS recipients,
              (SELECT count(*)::int FROM notifications n JOIN recipients r ON r.id = n.recipient_id WHERE r.email = $1) AS history`,
      [email],
    );
    expect(left).toEqual([{ recipients: 0, history: 0 }]);
    const [{ attempts }] = await n.dataSource.query(
      `SELECT count(*)::int AS attempts FROM delivery_attempts a LEFT JOIN notifications n ON n.id = a.notification_id WHERE n.id IS NULL`,
    );
    expect(attempts).toBe(0);
  });

  describe('following public items only', () => {
    const follow = (token: string, itemId: string) => n.http().post('/notifications/follows').auth(token, { type: 'bearer' }).send({ itemType: 'feedback', itemId });
    const follows = async (token: string) => (await n.http().get('/notifications/follows').auth(token, { type: 'bearer' }).expect(200)).body.items;
    const inbox = async (token: string) => (await n.http().get('/notifications/inbox').auth(token, { type: 'bearer' }).expect(200)).body.items;
    /** A feedback event with a time of our choosing, as a late or replayed copy would arrive. */
    const publishAt = async (time: string, data: unknown) => {
      const id = randomUUID();
      const envelope = { specversion: '1.0', id, source: 'vaikuta/test', type: FeedbackEvents.published.type, time, data };
      await n.reader.publishRaw(`${n.namespace}.${FeedbackEvents.published.subject}`, JSON.stringify(envelope), id);
      return id;
    };
    const notFound = { type: 'about:blank', title: 'Not found', status: 404, detail: 'There is no public item with this id' };
    let follower: string;
    let latecomer: string;

    beforeAll(async () => {
      follower = await n.token('resident', 'public-follower');
      latecomer = await n.token('resident', 'public-latecomer');
    });

    it('answers 404 problem+json alike for an unknown id and for feedback that is not published; its sender still hears', async () => {
      const unknown = await follow(follower, randomUUID()).expect(404);
      expect(unknown.headers['content-type']).toContain('application/problem+json');
      expect(unknown.body).toMatchObject(notFound);

      const sender = 'lahettaja@example.fi';
      const ref = feedbackRef({ email: sender, language: 'fi' });
      await applied(await n.publish(FeedbackEvents.submitted, { ...ref, kind: 'fault', channel: 'web', submittedAt: now(), dueAt: now() }));
      const unpublished = await follow(follower, ref.requestId).expect(404);
      expect(unpublished.body).toMatchObject(notFound);
      expect(Object.keys(unpublished.body).sort()).toEqual(Object.keys(unknown.body).sort());
      expect(await follows(follower)).toEqual([]);

      // The sender took part: they follow their own feedback whether it is public or not.
      await applied(await n.publish(FeedbackEvents.replied, { ...ref, replyId: randomUUID(), body: 'Tarkistamme paikan.', by: worker, repliedAt: now() }));
      const mail = await waitFor(() => smtp.to(sender).find((m) => m.subject.startsWith('Vastaus')), { what: 'reply to the sender' });
      expect(mail.text).toContain('Tarkistamme paikan.');
    });

    it('lets anyone follow once published, tells them in the app, and refuses new follows once unpublished', async () => {
      const ref = feedbackRef();
      const itemKey = `feedback:${ref.requestId}`;
      await published(ref);
      expect(await follow(follower, ref.requestId).expect(201).then((r) => r.body)).toEqual({ itemKey, following: true });
      expect(await follows(follower)).toEqual([{ itemKey, title: ref.trackingCode, reason: 'follower', since: expect.any(String) }]);

      await applied(await n.publish(FeedbackEvents.replied, { ...ref, replyId: randomUUID(), body: 'Korjaamme valon huomenna.', by: worker, repliedAt: now() }));
      const [told] = await inbox(follower);
      expect(told).toMatchObject({ eventType: FeedbackEvents.replied.type, itemKey });
      expect(told.text).toContain('Korjaamme valon huomenna.');

      const unpublishedAt = now();
      await applied(await n.publish(FeedbackEvents.unpublished, { ...ref, by: worker, unpublishedAt }));
      expect(await follow(latecomer, ref.requestId).expect(404).then((r) => r.body)).toMatchObject(notFound);
      expect(await follows(latecomer)).toEqual([]);
      // An older publication arriving late (or replayed from dead letters) does not make it public again.
      await applied(await publishAt(new Date(Date.parse(unpublishedAt) - 60_000).toISOString(), { ...ref, by: worker, publishedAt: now() }));
      await follow(latecomer, ref.requestId).expect(404);

      // Who already follows keeps following, with no title, but hears nothing while it is not
      // public (a follower reads only what the public page shows); unfollowing works.
      expect(await follows(follower)).toEqual([{ itemKey, title: null, reason: 'follower', since: expect.any(String) }]);
      await applied(await n.publish(FeedbackEvents.resolved, { ...ref, resolution: 'Valo korjattu.', by: worker, resolvedAt: now() }));
      expect((await inbox(follower)).map((i: { eventType: string }) => i.eventType)).toEqual([FeedbackEvents.replied.type]);
      await n.http().delete(`/notifications/follows/feedback/${ref.requestId}`).auth(follower, { type: 'bearer' }).expect(204);
      expect(await follows(follower)).toEqual([]);
      await follow(follower, ref.requestId).expect(404);

      // Published again: followable again, with its title.
      await published(ref);
      await follow(latecomer, ref.requestId).expect(201);
      expect(await follows(latecomer)).toEqual([{ itemKey, title: ref.trackingCode, reason: 'follower', since: expect.any(String) }]);
    });
  });
});
