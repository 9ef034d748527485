import { randomUUID } from 'node:crypto';
import { FeedbackEvents } from '@vaikuta/contracts';
import { waitFor } from '@vaikuta/testing';
import { DigestService } from '../src/digests/digest.service';
import { TemplateVersionService } from '../src/templates/template-versions.service';
import { feedbackRef, NotificationsWithSmtp, now, startNotificationsWithSmtp, worker } from './notifications-test-app';

jest.setTimeout(60_000);

/**
 * Admins edit what residents receive: versions per template and language, previewed before
 * saving, the built-in file where nothing was edited, and back to it in one step. Real
 * PostgreSQL, NATS, Redis and SMTP.
 */
describe('message templates admins edit', () => {
  let t: NotificationsWithSmtp;
  let admin: string;

  beforeAll(async () => {
    t = await startNotificationsWithSmtp('templates');
    admin = await t.app.token('admin', 'admin-templates');
  });
  afterAll(() => t?.close());

  const api = () => ({
    get: (path: string) => t.app.http().get(`/notifications/admin/templates${path}`).auth(admin, { type: 'bearer' }),
    post: (path: string, body: object) => t.app.http().post(`/notifications/admin/templates${path}`).auth(admin, { type: 'bearer' }).send(body),
  });
  const reply = async (contact: { email: string; language: 'fi' | 'sv' | 'en' }) => {
    const ref = feedbackRef(contact);
    await t.publish(FeedbackEvents.replied, { ...ref, replyId: randomUUID(), body: 'Vi lagar det.', by: worker, repliedAt: now() });
    const mail = await waitFor(() => t.smtp.to(contact.email).find((m) => m.text.includes(ref.trackingCode)), { what: `mail to ${contact.email}` });
    return { ref, mail };
  };

  it('lists templates by their names in each language, none edited yet', async () => {
    const { body } = await api().get('').expect(200);
    const replied = body.items.find((i: { name: string }) => i.name === 'feedback.replied');
    expect(replied.title).toEqual({ fi: 'Vastaus palautteeseen', sv: 'Svar på respons', en: 'Reply to feedback' });
    expect(replied.versions).toEqual({ fi: null, sv: null, en: null });
    for (const item of body.items) expect(item.title.fi).not.toBe(item.name);
  });

  it('previews a draft without saving it, and names the field of a broken one', async () => {
    const builtin = (await api().get('/feedback.replied/sv').expect(200)).body;
    expect(builtin).toMatchObject({ version: null, usesBuiltin: true, versions: [] });
    expect(builtin.source.subject).toBe('Svar på din respons {{trackingCode}}');

    const draft = { ...builtin.source, subject: 'Nytt svar om {{trackingCode}}' };
    const preview = await api().post('/feedback.replied/preview', { language: 'sv', draft }).expect(200);
    expect(preview.body.subject).toBe('Nytt svar om VKT-2026-000123');
    expect((await api().get('/feedback.replied/sv').expect(200)).body.version).toBeNull();

    const broken = await api().post('/feedback.replied/preview', { language: 'sv', draft: { ...draft, text: 'Hej {{#if reply}} utan slut' } }).expect(400);
    expect(broken.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(broken.body.errors).toEqual([{ field: 'text', message: expect.stringContaining('The template does not work') }]);
    const unescaped = await api().post('/feedback.replied/sv/versions', { ...draft, html: '<p>{{{reply}}}</p>' }).expect(400);
    expect(unescaped.body.errors).toEqual([{ field: 'html', message: expect.stringContaining('always escaped') }]);
    const empty = await api().post('/feedback.replied/sv/versions', { ...draft, subject: '' }).expect(400);
    expect(empty.body.errors[0].field).toBe('subject');
    const nothing = await api().post('/feedback.replied/sv/versions', {}).expect(400);
    expect(nothing.body.errors.map((e: { field: string }) => e.field)).toEqual(['subject', 'text', 'html']);
    const nul = await api().post('/feedback.replied/sv/versions', { ...draft, text: 'Hej\u0000' }).expect(400);
    expect(nul.body.errors[0].field).toBe('text');
    expect((await api().get('/feedback.replied/sv').expect(200)).body.versions).toEqual([]);
  });

  it('uses a saved version for that language only, and the built-in again after going back', async () => {
    const { body: current } = await api().get('/feedback.replied/sv').expect(200);
    const saved = await api().post('/feedback.replied/sv/versions', { ...current.source, subject: 'Nytt svar om {{trackingCode}}' }).expect(201);
    expect(saved.body).toEqual({ name: 'feedback.replied', language: 'sv', version: 1, usesBuiltin: false });

    const swedish = await reply({ email: 'redigerad@example.fi', language: 'sv' });
    expect(swedish.mail.subject).toBe(`Nytt svar om ${swedish.ref.trackingCode}`);
    expect(swedish.mail.text).toContain('Vi lagar det.');
    const finnish = await reply({ email: 'ennallaan@example.fi', language: 'fi' });
    expect(finnish.mail.subject).toBe(`Vastaus palautteeseesi ${finnish.ref.trackingCode}`);

    const back = await api().post('/feedback.replied/sv/versions', { builtin: true }).expect(201);
    expect(back.body).toMatchObject({ version: 2, usesBuiltin: true });
    const again = await reply({ email: 'tillbaka@example.fi', language: 'sv' });
    expect(again.mail.subject).toBe(`Svar på din respons ${again.ref.trackingCode}`);

    const { body: shown } = await api().get('/feedback.replied/sv').expect(200);
    expect(shown).toMatchObject({ version: 2, usesBuiltin: true });
    expect(shown.versions.map((v: { version: number; builtin: boolean; createdBy: string }) => [v.version, v.builtin, v.createdBy])).toEqual([
      [2, true, 'admin-templates'],
      [1, false, 'admin-templates'],
    ]);
    const list = (await api().get('').expect(200)).body.items.find((i: { name: string }) => i.name === 'feedback.replied');
    expect(list.versions.sv).toMatchObject({ version: 2, builtin: true });
  });

  it('reaches another process through the database (its renderer reloads the current version)', async () => {
    const { body: current } = await api().get('/feedback.resolved/en').expect(200);
    await api().post('/feedback.resolved/en/versions', { ...current.source, subject: 'Done: {{trackingCode}}' }).expect(201);
    // What another process sees: the same table, loaded by its own refresh.
    await t.app.dataSource.query(`UPDATE template_versions SET subject = 'Finished: {{trackingCode}}' WHERE template = 'feedback.resolved' AND language = 'en'`);
    await t.app.dataSource.query(`INSERT INTO template_versions (template, language, version, subject, txt, html, created_by)
      SELECT template, language, version + 1, subject, txt, html, 'other-process' FROM template_versions WHERE template = 'feedback.resolved' AND language = 'en'`);
    await t.app.app.get(TemplateVersionService).refresh();
    const preview = await api().post('/feedback.resolved/preview', { language: 'en' }).expect(200);
    expect(preview.body.subject).toBe('Finished: VKT-2026-000123');
  });

  it('refuses other roles, unknown templates and languages', async () => {
    const resident = await t.app.token('resident', 'resident-templates');
    await t.app.http().get('/notifications/admin/templates').auth(resident, { type: 'bearer' }).expect(403);
    await t.app.http().post('/notifications/admin/templates/feedback.replied/sv/versions').auth(resident, { type: 'bearer' }).send({ builtin: true }).expect(403);
    await t.app.http().get('/notifications/admin/templates').expect(401);
    await api().get('/feedback.nothing/fi').expect(404);
    await api().get('/constructor/fi').expect(404);
    const de = await api().get('/feedback.replied/de').expect(400);
    expect(de.body.errors[0].field).toBe('language');
  });

  it('titles digest items in the reader’s language, even when they changed it after the item was held', async () => {
    const email = 'lukija@example.fi';
    const ref = feedbackRef({ email, language: 'fi' });
    await t.publish(FeedbackEvents.submitted, { ...ref, kind: 'fault', channel: 'web', submittedAt: now(), dueAt: now() });
    await waitFor(() => t.smtp.to(email).length === 1, { what: 'the receipt' });
    await t.app.dataSource.query(`UPDATE recipients SET digest = 'daily' WHERE email = $1`, [email]);
    await t.publish(FeedbackEvents.replied, { ...ref, replyId: randomUUID(), body: 'Tulossa.', by: worker, repliedAt: now() });
    // The reader switches to Swedish before the digest goes out.
    await t.app.dataSource.query(`UPDATE recipients SET language = 'sv' WHERE email = $1`, [email]);
    expect(await t.app.app.get(DigestService).compose('daily', `titles-${randomUUID()}`)).toBe(1);
    const digest = await waitFor(() => t.smtp.to(email).find((m) => m.subject.startsWith('Nytt om')), { what: 'the digest' });
    expect(digest.text).toContain(`Svar på din respons ${ref.trackingCode}`);
    expect(digest.text).not.toContain('feedback.replied');
  });
});
