import { DevTokenRequest, issueDevToken } from '@vaikuta/auth';
import { NestPinoLogger } from '@vaikuta/observability';
import { waitFor } from '@vaikuta/testing';
import { FeedbackTestApp, startFeedbackTestApp } from '../../test/feedback-test-app';

const ERASURE_TYPE = 'fi.vaikuta.privacy.erasure_requested.v1';
const auth = { type: 'bearer' } as const;

describe('erasure requests', () => {
  let t: FeedbackTestApp;
  let admin: string;
  let worker: string;
  let privacyStream: string;

  beforeAll(async () => {
    t = await startFeedbackTestApp('erasure');
    admin = await t.token('admin', [], 'admin-outi');
    worker = await t.token('case_worker', ['KYMP'], 'worker-kymp');
    privacyStream = `${t.namespace.toUpperCase()}_PRIVACY`;
  });
  afterAll(() => t?.close());

  /** A token with claims of its own: the email and phone a provider may vouch for. */
  const signIn = (claims: DevTokenRequest) => issueDevToken(claims, { keysDir: t.keysDir });

  const submit = async (fields: Record<string, unknown>, token?: string) => {
    const req = t.http().post('/feedback/requests');
    if (token) req.auth(token, auth);
    const res = await req
      .send({ kind: 'fault', categoryCode: '171', description: 'Katuvalo ei pala Kalliossa.', address: 'Helsinginkatu 1', language: 'fi', ...fields })
      .expect(201);
    return res.body.id as string;
  };
  const contactOf = async (id: string) =>
    (
      await t.dataSource.query(
        `SELECT contact_email AS email, contact_phone AS phone, contact_consent AS consent, submitted_by AS "submittedBy" FROM feedback_requests WHERE id = $1`,
        [id],
      )
    )[0];
  const caseOf = async (id: string) => (await t.http().get(`/feedback/cases/${id}`).auth(worker, auth).expect(200)).body;
  const erasureEvents = async (requestId: string) =>
    (await t.reader.events(privacyStream).catch(() => [])).filter((e) => e.event.type === ERASURE_TYPE && e.event.data.requestId === requestId);

  it('an admin erases everything held under an email; the case and its public view stay, the request goes on the PRIVACY stream', async () => {
    const email = 'aino.asukas@example.fi';
    const a = await submit({ email: 'Aino.Asukas@example.fi', phone: '040 123 4567', contactConsent: true });
    const b = await submit({ email, contactConsent: true, description: 'Toinen katuvalo on myös rikki.' });
    const other = await submit({ email: 'toinen@example.fi', contactConsent: true });

    // A published case with a public reply and an internal note that repeats the contact.
    let version = (await caseOf(a)).version;
    version = (await t.http().post(`/feedback/cases/${a}/publish`).auth(worker, auth).send({ version }).expect(200)).body.version;
    await t.http().post(`/feedback/cases/${a}/replies`).auth(worker, auth).send({ version, body: 'Korjaamme valon tällä viikolla.' }).expect(201);
    await t
      .http()
      .post(`/feedback/cases/${a}/notes`)
      .auth(worker, auth)
      .send({ body: 'Asukas soitti numerosta 040-123 4567, vastaus myös osoitteeseen AINO.ASUKAS@example.fi.' })
      .expect(201);
    await t.http().post(`/feedback/cases/${other}/notes`).auth(worker, auth).send({ body: 'Tilausnumero 90401234567, ei puhelinnumero.' }).expect(201);
    const publicBefore = (await t.http().get(`/feedback/public/requests/${a}`).expect(200)).body;
    // Some events may still wait in the outbox, others are sent: both must lose the contact.
    expect((await t.dataSource.query(`SELECT 1 FROM outbox WHERE envelope::text ILIKE '%aino.asukas%'`)).length).toBeGreaterThan(0);

    const logged = [jest.spyOn(NestPinoLogger.prototype, 'log'), jest.spyOn(NestPinoLogger.prototype, 'warn'), jest.spyOn(NestPinoLogger.prototype, 'error')];
    const res = await t.http().post('/feedback/admin/erasure-requests').auth(admin, auth).send({ email: ' Aino.Asukas@Example.FI ' }).expect(202);
    const lines = logged.flatMap((spy) => spy.mock.calls.map((call) => JSON.stringify(call)));
    logged.forEach((spy) => spy.mockRestore());

    expect(res.body).toEqual({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), erasedRequests: 2 });
    const { requestId } = res.body;

    // No contact left on either request; the other person's is untouched.
    expect(await contactOf(a)).toEqual({ email: null, phone: null, consent: false, submittedBy: null });
    expect(await contactOf(b)).toEqual({ email: null, phone: null, consent: false, submittedBy: null });
    expect(await contactOf(other)).toEqual({ email: 'toinen@example.fi', phone: null, consent: true, submittedBy: null });

    // Staff still have the case; the note keeps its sense without the contact; the audit says why.
    const detail = await caseOf(a);
    expect(detail.contact).toBeNull();
    expect(detail.description).toBe('Katuvalo ei pala Kalliossa.');
    const note = detail.messages.find((m: { visibility: string }) => m.visibility === 'internal');
    expect(note.body).toBe('Asukas soitti numerosta [erased], vastaus myös osoitteeseen [erased].');
    expect(detail.messages.find((m: { visibility: string }) => m.visibility === 'public').body).toBe('Korjaamme valon tällä viikolla.');
    expect(detail.audit.at(-1)).toMatchObject({ action: 'contact_erased', actorId: 'admin-outi', actorRole: 'admin', details: { erasureRequestId: requestId } });
    // A longer number that merely contains it is left alone.
    expect((await caseOf(other)).messages[0].body).toBe('Tilausnumero 90401234567, ei puhelinnumero.');

    // The public view is exactly what it was.
    expect((await t.http().get(`/feedback/public/requests/${a}`).expect(200)).body).toEqual(publicBefore);

    // The record of the erasure holds no personal data.
    const records = await t.dataSource.query(`SELECT * FROM erasure_requests WHERE request_id = $1`, [requestId]);
    expect(records).toEqual([{ request_id: requestId, channel: 'staff', requested_at: expect.any(Date), erased_requests: 2 }]);

    // Only the erasure request itself still names the email in this service's database.
    const leftovers = await t.dataSource.query(`SELECT type FROM outbox WHERE envelope::text ILIKE '%aino.asukas%' OR envelope::text LIKE '%0401234567%'`);
    expect(leftovers).toEqual([{ type: ERASURE_TYPE }]);

    // The event reaches the PRIVACY stream with exactly whom to erase.
    const [sent] = await waitFor(async () => ((await erasureEvents(requestId)).length ? erasureEvents(requestId) : undefined), {
      what: 'the erasure request on the PRIVACY stream',
    });
    expect(sent.subject).toBe(`${t.namespace}.privacy.person.erasure_requested`);
    expect((sent.event as { source?: string }).source).toBe('vaikuta/feedback');
    expect(sent.event.data).toEqual({ requestId, email, requestedAt: expect.any(String) });
    expect(await erasureEvents(requestId)).toHaveLength(1);

    // The log says that it happened, never about whom.
    expect(lines.some((l) => l.includes(requestId))).toBe(true);
    expect(lines.filter((l) => /aino|asukas|0401234567|123 4567/i.test(l))).toEqual([]);
  });

  it('erases by phone in any of its written forms', async () => {
    const id = await submit({ phone: '+358 50 765 4321', contactConsent: true });
    const res = await t.http().post('/feedback/admin/erasure-requests').auth(admin, auth).send({ phone: '050-765 4321' }).expect(202);
    expect(res.body.erasedRequests).toBe(1);
    expect(await contactOf(id)).toMatchObject({ phone: null, consent: false });
    const [sent] = await waitFor(async () => ((await erasureEvents(res.body.requestId)).length ? erasureEvents(res.body.requestId) : undefined));
    expect(sent.event.data).toEqual({ requestId: res.body.requestId, phone: '0507654321', requestedAt: expect.any(String) });
  });

  it('a signed-in resident erases their own contact details, and what they sent is no longer linked to them', async () => {
    // The identity provider vouches for the email: reports left under it without signing in are theirs too.
    const aino = await signIn({ sub: 'aino-sub', roles: ['resident'], email: 'Aino@example.fi', emailVerified: true });
    const withContact = await submit({ email: 'aino@example.fi', contactConsent: true }, aino);
    const withoutContact = await submit({ description: 'Puiston penkki on rikki.' }, aino);
    const anonymous = await submit({ email: 'AINO@example.fi', contactConsent: true });
    const someoneElse = await submit({ email: 'joku@example.fi', contactConsent: true }, await signIn({ sub: 'other-sub', roles: ['resident'] }));
    // A case worker copied the verified email into a note on another case: cut out there too.
    await t.http().post(`/feedback/cases/${someoneElse}/notes`).auth(worker, auth).send({ body: 'Sama asia kuin aino@example.fi:n ilmoituksessa.' }).expect(201);
    expect((await t.http().get('/feedback/my/requests').auth(aino, auth).expect(200)).body.items).toHaveLength(2);

    const res = await t.http().post('/feedback/my/erasure').auth(aino, auth).expect(202);
    expect(res.body).toEqual({ requestId: expect.any(String), erasedRequests: 3 });

    for (const id of [withContact, withoutContact, anonymous]) {
      expect(await contactOf(id)).toEqual({ email: null, phone: null, consent: false, submittedBy: null });
    }
    expect(await contactOf(someoneElse)).toMatchObject({ email: 'joku@example.fi', submittedBy: 'other-sub' });
    expect((await caseOf(someoneElse)).messages[0].body).toBe('Sama asia kuin [erased]:n ilmoituksessa.');
    expect((await t.http().get('/feedback/my/requests').auth(aino, auth).expect(200)).body.items).toEqual([]);
    // Neither the resident's audit entries nor the erasure's own name the person.
    const audit = await t.dataSource.query(`SELECT actor_id, action FROM feedback_audit WHERE entity_id = $1 ORDER BY id`, [withContact]);
    expect(audit).toEqual([
      { actor_id: 'anonymous', action: 'submitted' },
      { actor_id: 'anonymous', action: 'contact_erased' },
    ]);
    expect(await t.dataSource.query(`SELECT channel, erased_requests FROM erasure_requests WHERE request_id = $1`, [res.body.requestId])).toEqual([
      { channel: 'self', erased_requests: 3 },
    ]);

    // The verified email goes on, so every other service erases under it too.
    const [sent] = await waitFor(async () => ((await erasureEvents(res.body.requestId)).length ? erasureEvents(res.body.requestId) : undefined));
    expect(sent.event.data).toEqual({ requestId: res.body.requestId, subjectId: 'aino-sub', email: 'aino@example.fi', requestedAt: expect.any(String) });
    expect(await erasureEvents(res.body.requestId)).toHaveLength(1);
  });

  it('a verified phone in the token reaches reports left under it in any written form', async () => {
    const pekka = await signIn({ sub: 'pekka-sub', roles: ['resident'], phone: '+358457654321', phoneVerified: true });
    const anonymous = await submit({ phone: '045 765 4321', contactConsent: true });
    const res = await t.http().post('/feedback/my/erasure').auth(pekka, auth).expect(202);
    expect(res.body.erasedRequests).toBe(1);
    expect(await contactOf(anonymous)).toMatchObject({ phone: null, consent: false });
    const [sent] = await waitFor(async () => ((await erasureEvents(res.body.requestId)).length ? erasureEvents(res.body.requestId) : undefined));
    expect(sent.event.data).toEqual({ requestId: res.body.requestId, subjectId: 'pekka-sub', phone: '+358457654321', requestedAt: expect.any(String) });
  });

  it('typing someone else’s contact into one’s own report and then erasing oneself leaves that person’s reports and notes alone and sends no contact on', async () => {
    // The victim reported without signing in, to be told what becomes of it; a case worker noted their number.
    const victimReport = await submit({ email: 'uhri@example.fi', phone: '040 555 0101', contactConsent: true });
    await t.http().post(`/feedback/cases/${victimReport}/notes`).auth(worker, auth).send({ body: 'Soitettu numeroon 040 555 0101, uhri@example.fi vahvisti.' }).expect(201);
    // The attacker signs in with an account whose email claim names the victim, unverified, and types the victim's contact.
    const attacker = await signIn({ sub: 'attacker-sub', roles: ['resident'], email: 'uhri@example.fi', emailVerified: false });
    const attackerReport = await submit({ email: 'Uhri@example.fi', phone: '0405550101', contactConsent: true }, attacker);
    await t.http().post(`/feedback/cases/${attackerReport}/notes`).auth(worker, auth).send({ body: 'Kysytty osoitteesta uhri@example.fi.' }).expect(201);

    const res = await t.http().post('/feedback/my/erasure').auth(attacker, auth).expect(202);
    expect(res.body.erasedRequests).toBe(1);

    // Their own report loses what they typed, in its columns and its notes…
    expect(await contactOf(attackerReport)).toEqual({ email: null, phone: null, consent: false, submittedBy: null });
    expect((await caseOf(attackerReport)).messages[0].body).toBe('Kysytty osoitteesta [erased].');
    // …the victim's keeps its contact and consent, and its note.
    expect(await contactOf(victimReport)).toEqual({ email: 'uhri@example.fi', phone: '0405550101', consent: true, submittedBy: null });
    expect((await caseOf(victimReport)).messages[0].body).toBe('Soitettu numeroon 040 555 0101, uhri@example.fi vahvisti.');
    expect(await t.dataSource.query(`SELECT action FROM feedback_audit WHERE entity_id = $1 AND action = 'contact_erased'`, [victimReport])).toEqual([]);

    // The other services are asked to erase the attacker's sign-in only, never the typed contact.
    const [sent] = await waitFor(async () => ((await erasureEvents(res.body.requestId)).length ? erasureEvents(res.body.requestId) : undefined));
    expect(sent.event.data).toEqual({ requestId: res.body.requestId, subjectId: 'attacker-sub', requestedAt: expect.any(String) });
    expect(await erasureEvents(res.body.requestId)).toHaveLength(1);
    expect(await t.dataSource.query(`SELECT 1 FROM outbox WHERE envelope #>> '{data,requestId}' = $1 AND envelope::text ILIKE '%uhri%'`, [res.body.requestId])).toEqual([]);
  });

  it('a resident with nothing sent still gets an erasure request out to the other services', async () => {
    const res = await t.http().post('/feedback/my/erasure').auth(await signIn({ sub: 'quiet-sub', roles: ['resident'] }), auth).expect(202);
    expect(res.body.erasedRequests).toBe(0);
    const [sent] = await waitFor(async () => ((await erasureEvents(res.body.requestId)).length ? erasureEvents(res.body.requestId) : undefined));
    expect(sent.event.data).toEqual({ requestId: res.body.requestId, subjectId: 'quiet-sub', requestedAt: expect.any(String) });
  });

  it('only admins take erasure requests; everyone signed in may erase their own', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM erasure_requests`);
    for (const role of ['resident', 'case_worker']) {
      const token = await t.token(role, ['KYMP']);
      await t.http().post('/feedback/admin/erasure-requests').auth(token, auth).send({ email: 'toinen@example.fi' }).expect(403);
    }
    await t.http().post('/feedback/admin/erasure-requests').send({ email: 'toinen@example.fi' }).expect(401);
    await t.http().post('/feedback/my/erasure').expect(401);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM erasure_requests`)).toEqual(before);
    expect((await t.dataSource.query(`SELECT contact_email FROM feedback_requests WHERE contact_email = 'toinen@example.fi'`)).length).toBe(1);
  });

  it('answers bad input with problem+json naming the field, and erases nothing', async () => {
    const post = (body: object) => t.http().post('/feedback/admin/erasure-requests').auth(admin, auth).send(body).expect(400);
    const fieldsOf = (res: { body: { errors: { field: string }[] } }) => res.body.errors.map((e) => e.field);

    const none = await post({ email: '', phone: ' ', subjectId: '' });
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(none.body).toMatchObject({ status: 400, title: 'Invalid request' });
    expect(none.body.errors).toEqual([{ field: 'email', message: 'Name whom to erase: an email, a phone or a sign-in subject' }]);
    expect(fieldsOf(await post({ email: 'ei-osoite' }))).toEqual(['email']);
    expect(fieldsOf(await post({ phone: 'soita minulle' }))).toEqual(['phone']);
    expect(fieldsOf(await post({ subjectId: 'x'.repeat(300) }))).toEqual(['subjectId']);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM feedback_requests WHERE contact_email = 'toinen@example.fi'`))[0].n).toBe(1);
  });
});
