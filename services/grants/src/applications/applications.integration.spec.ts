import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FinnishBusinessIds } from 'finnish-business-ids';
import sharp from 'sharp';
import { FakeClock } from '@vaikuta/domain';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';
import { seedDemoApplications } from './demo-applications';
import { ReportReminders } from './report-reminders';

// Real PostgreSQL, NATS and Redis (the test app), in a database of this file's own, on a clock
// the test moves. Associations come through the register's API; rounds are rows (their
// routes are another feature's), with a form of two required fields and one required attachment.
let t: GrantsTestApp;
let files: string;
const clock = new FakeClock(new Date('2027-03-01T09:00:00Z'));
let officer: string;

beforeAll(async () => {
  files = mkdtempSync(path.join(os.tmpdir(), 'grants-files-'));
  t = await startGrantsTestApp('applications', { fileDir: files }, { clock });
  officer = `Bearer ${await t.token('grants_officer', { sub: 'officer-1' })}`;
});
afterAll(async () => {
  await t?.close();
  rmSync(files, { recursive: true, force: true });
});

/** An association registered by a person with a Suomi.fi mandate for it; answers its id and that person's token. */
async function association(name: string): Promise<{ id: string; auth: string; sub: string }> {
  const businessId = FinnishBusinessIds.generateBusinessId();
  const sub = `rep-${randomUUID().slice(0, 8)}`;
  const auth = `Bearer ${await t.token('resident', { sub, actingFor: [businessId] })}`;
  const { body } = await t.http().post('/grants/associations').set('Authorization', auth).send({ name, businessId, role: 'chair' }).expect(201);
  return { id: body.id, auth, sub };
}

/** A project-grant round open through 2027, budget 10 000 €, report due at the end of June. */
async function round(): Promise<string> {
  const id = randomUUID();
  await t.dataSource.query(
    `INSERT INTO grant_rounds (id, type, title, department, budget_cents, opens_at, closes_at, report_due, criteria, required_attachments, form_fields, created_by)
     VALUES ($1, 'project', '{"fi": "Projektiavustukset 2027"}', 'KUVA', 1000000, '2027-01-01T00:00:00+02:00', '2027-12-31T16:00:00+02:00', '2027-06-30', $2, $3, $4, 'officer-1')`,
    [
      id,
      JSON.stringify([
        { key: 'impact', label: { fi: 'Vaikuttavuus' }, weight: 60 },
        { key: 'feasibility', label: { fi: 'Toteutettavuus' }, weight: 40 },
      ]),
      JSON.stringify([{ key: 'budget', label: { fi: 'Talousarvio' } }]),
      JSON.stringify([
        { key: 'description', label: { fi: 'Kuvaus' }, kind: 'text', required: true },
        { key: 'participants', label: { fi: 'Osallistujia' }, kind: 'number', required: true },
        { key: 'starts', label: { fi: 'Alkaa' }, kind: 'date', required: false },
      ]),
    ],
  );
  return id;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const post = (url: string, auth: string, body: object) => t.http().post(url).set('Authorization', auth).send(body);
const attach = (applicationId: string, auth: string, purpose: string, bytes: Buffer, filename: string) =>
  t.http().post(`/grants/applications/${applicationId}/attachments`).set('Authorization', auth).field('purpose', purpose).attach('file', bytes, filename);
const eventsOf = async (applicationId: string) =>
  (await t.dataSource.query(`SELECT type, envelope->'data' AS data FROM outbox WHERE envelope->'data'->>'applicationId' = $1 ORDER BY seq`, [applicationId])) as {
    type: string;
    data: Record<string, unknown>;
  }[];
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

/** A draft with every field answered and its budget attached, submitted; answers the application at `submitted`. */
async function submitted(roundId: string, applicant: { id: string; auth: string }, requestedCents = 300_000) {
  const { body } = await post(`/grants/rounds/${roundId}/applications`, applicant.auth, {
    associationId: applicant.id,
    title: 'Kesäleiri nuorille',
    requestedCents,
    answers: { description: 'Viikon leiri 30 nuorelle.', participants: 30 },
  }).expect(201);
  await attach(body.id, applicant.auth, 'budget', PDF, 'budjetti.pdf').expect(201);
  return (await post(`/grants/applications/${body.id}/submit`, applicant.auth, { version: 1 }).expect(200)).body;
}

describe('grant applications from draft to payment', () => {
  it('takes a draft through submission, review, a request for information, the decision and payment, each step told and audited', async () => {
    const roundId = await round();
    const club = await association('Järvenpään Partiolaiset ry');

    // A draft: saved with what is known so far.
    const draft = await post(`/grants/rounds/${roundId}/applications`, club.auth, {
      associationId: club.id,
      title: 'Retkeilyvarusteet',
      requestedCents: 500_000,
      answers: { description: 'Teltat ja trangiat lippukunnalle.' },
    }).expect(201);
    const id = draft.body.id as string;
    expect(draft.body).toMatchObject({ state: 'draft', version: 1, associationName: 'Järvenpään Partiolaiset ry', type: 'project', department: 'KUVA', possibleSteps: ['submit', 'withdraw'] });

    // Submission refused while a required field and the required attachment are missing: both named, nothing changed.
    const missing = await post(`/grants/applications/${id}/submit`, club.auth, { version: 1 }).expect(400);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(missing.body)).toEqual(['answers.participants', 'attachments.budget']);

    // A file that claims to be a PDF but is not one is refused from its bytes.
    const fake = await attach(id, club.auth, 'budget', Buffer.from('MZ\x90\x00 this is no pdf at all'), 'budjetti.pdf').expect(400);
    expect(fieldsOf(fake.body)).toEqual(['file']);
    // A wrong kind of answer is refused already in a draft.
    const wrongKind = await t.http().patch(`/grants/applications/${id}`).set('Authorization', club.auth).send({ version: 1, answers: { participants: 'kolmekymmentä' } }).expect(400);
    expect(fieldsOf(wrongKind.body)).toEqual(['answers.participants']);

    await t.http().patch(`/grants/applications/${id}`).set('Authorization', club.auth).send({ version: 1, answers: { description: 'Teltat ja trangiat lippukunnalle.', participants: 25 } }).expect(200);
    const pdf = await attach(id, club.auth, 'budget', PDF, 'talousarvio 2027.pdf').expect(201);
    expect(pdf.body).toMatchObject({ purpose: 'budget', filename: 'talousarvio 2027.pdf', contentType: 'application/pdf' });
    const sent = await post(`/grants/applications/${id}/submit`, club.auth, { version: 2 }).expect(200);
    expect(sent.body).toMatchObject({ state: 'submitted', version: 3, submittedAt: expect.any(String) });
    // Submitted, it no longer takes edits.
    await t.http().patch(`/grants/applications/${id}`).set('Authorization', club.auth).send({ version: 3, title: 'Myöhäinen muutos' }).expect(409);

    // Another association's representative learns nothing: 404 for the application, its file and its steps.
    const stranger = await association('Toinen Seura ry');
    await t.http().get(`/grants/applications/${id}`).set('Authorization', stranger.auth).expect(404);
    await t.http().get(`/grants/applications/${id}/attachments/${pdf.body.id}`).set('Authorization', stranger.auth).expect(404);
    await post(`/grants/applications/${id}/withdraw`, stranger.auth, { version: 3 }).expect(404);
    expect((await t.http().get('/grants/applications/mine').set('Authorization', stranger.auth).expect(200)).body.items).toEqual([]);
    // A resident cannot reach the officers' routes.
    await post(`/grants/applications/${id}/receive`, club.auth, { version: 3 }).expect(403);

    // The officers' queue shows it; they receive, review and score it.
    const queue = await t.http().get(`/grants/applications?roundId=${roundId}&state=submitted`).set('Authorization', officer).expect(200);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    await post(`/grants/applications/${id}/receive`, officer, { version: 3 }).expect(200);
    await post(`/grants/applications/${id}/review`, officer, { version: 4 }).expect(200);
    const badScore = await post(`/grants/applications/${id}/scores`, officer, { version: 5, scores: [{ criterion: 'beauty', score: 3 }] }).expect(400);
    expect(fieldsOf(badScore.body)).toEqual(['scores.0.criterion']);
    const scored = await post(`/grants/applications/${id}/scores`, officer, {
      version: 5,
      scores: [
        { criterion: 'impact', score: 4 },
        { criterion: 'feasibility', score: 5, note: 'Selkeä kustannusarvio.' },
      ],
    }).expect(200);
    expect(scored.body.totalScore).toBe(88); // 60 × 4/5 + 40 × 5/5

    // More information asked; it cannot be decided while the applicant is being waited on.
    await post(`/grants/applications/${id}/information-requests`, officer, { version: 6, message: 'Montako telttaa hankitaan?' }).expect(200);
    const early = await post(`/grants/applications/${id}/decision`, officer, { version: 7, outcome: 'granted', grantedCents: 400_000 }).expect(409);
    expect(early.body).toMatchObject({ state: 'awaiting_information', step: 'decide' });
    const asked = await t.http().get(`/grants/applications/${id}`).set('Authorization', club.auth).expect(200);
    expect(asked.body).toMatchObject({ state: 'awaiting_information', possibleSteps: ['answer_information', 'withdraw'], scores: [], totalScore: null });
    const answered = await post(`/grants/applications/${id}/answers`, club.auth, { version: 7, message: 'Neljä telttaa ja kuusi trangiaa.' }).expect(200);
    expect(answered.body.state).toBe('in_review');
    expect(answered.body.messages.map((m: { side: string; body: string }) => [m.side, m.body])).toEqual([
      ['officer', 'Montako telttaa hankitaan?'],
      ['applicant', 'Neljä telttaa ja kuusi trangiaa.'],
    ]);

    // The decision: never more than applied for; the report's due date from the round.
    const tooMuch = await post(`/grants/applications/${id}/decision`, officer, { version: 8, outcome: 'granted', grantedCents: 600_000 }).expect(400);
    expect(fieldsOf(tooMuch.body)).toEqual(['grantedCents']);
    const noReasons = await post(`/grants/applications/${id}/decision`, officer, { version: 8, outcome: 'rejected' }).expect(400);
    expect(fieldsOf(noReasons.body)).toEqual(['reasons']);
    const decided = await post(`/grants/applications/${id}/decision`, officer, { version: 8, outcome: 'granted', grantedCents: 400_000, ahjoDecisionId: 'KUVA 2027 § 45' }).expect(200);
    expect(decided.body.decision).toMatchObject({ outcome: 'granted', grantedCents: 400_000, ahjoDecisionId: 'KUVA 2027 § 45', reportDue: '2027-06-30' });
    const paid = await post(`/grants/applications/${id}/payment`, officer, { version: 9 }).expect(200);
    expect(paid.body).toMatchObject({ state: 'paid', paidAt: expect.any(String), possibleSteps: [] });

    // The applicant still downloads their attachment, byte for byte.
    const download = await t.http().get(`/grants/applications/${id}/attachments/${pdf.body.id}`).set('Authorization', club.auth).buffer(true).expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);

    // Every step's event, in order, naming the applicant by sub only.
    const events = await eventsOf(id);
    expect(events.map((e) => e.type.replace('fi.vaikuta.grants.', ''))).toEqual([
      'application_submitted.v1',
      'application_received.v1',
      'application_information_requested.v1',
      'application_decided.v1',
      'application_paid.v1',
    ]);
    expect(events[3].data).toMatchObject({ applicationId: id, associationId: club.id, roundId, applicantSub: club.sub, outcome: 'partially_granted', amountCents: 400_000, reportDue: '2027-06-30' });
    const audit = await t.dataSource.query(`SELECT action, version FROM grant_application_audit WHERE entity_id = $1 ORDER BY id`, [id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'created',
      'edited',
      'attachment_added',
      'submit',
      'receive',
      'start_review',
      'edited',
      'request_information',
      'answer_information',
      'decide',
      'mark_paid',
    ]);
  });

  it('keeps a stale version and a refused step from writing anything', async () => {
    const roundId = await round();
    const club = await association('Kuoro Kaiku ry');
    const app = await submitted(roundId, club);
    const stale = await post(`/grants/applications/${app.id}/receive`, officer, { version: 1 }).expect(409);
    expect(stale.body.currentVersion).toBe(app.version);
    await post(`/grants/applications/${app.id}/payment`, officer, { version: app.version }).expect(409);
    const [row] = await t.dataSource.query(`SELECT state, version FROM grant_applications WHERE id = $1`, [app.id]);
    expect(row).toEqual({ state: 'submitted', version: app.version });
    expect((await eventsOf(app.id)).map((e) => e.type)).toEqual(['fi.vaikuta.grants.application_submitted.v1']);
  });

  it('strips an image attachment of its metadata and refuses files of other types', async () => {
    const roundId = await round();
    const club = await association('Valokuvaseura ry');
    const { body } = await post(`/grants/rounds/${roundId}/applications`, club.auth, { associationId: club.id, title: 'Näyttely', requestedCents: 100_000 }).expect(201);
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a6' } })
      .jpeg()
      .withExif({ IFD0: { Artist: 'Maija Meikäläinen', Copyright: 'Maija Meikäläinen' } })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const added = await attach(body.id, club.auth, 'other', photo, 'kuva.jpg').expect(201);
    const stored = await t.http().get(`/grants/applications/${body.id}/attachments/${added.body.id}`).set('Authorization', officer).buffer(true).expect(200);
    const meta = await sharp(stored.body as Buffer).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 40, height: 30 });
    expect(meta.exif).toBeUndefined();
    await attach(body.id, club.auth, 'other', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), 'kuva.gif').expect(400);
    const tooLarge = await attach(body.id, club.auth, 'other', Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), 'iso.pdf').expect(413);
    expect(tooLarge.headers['content-type']).toContain('application/problem+json');
    const wrongPurpose = await attach(body.id, club.auth, 'minutes', PDF, 'poytakirja.pdf').expect(400);
    expect(fieldsOf(wrongPurpose.body)).toEqual(['purpose']);
  });

  it('reminds once before the report is due, takes the report and closes; the decision list totals the grants against the budget', async () => {
    const roundId = await round();
    const scouts = await association('Metsäpolun Partio ry');
    const chess = await association('Shakkikerho Torni ry');
    const granted = await submitted(roundId, scouts, 500_000);
    const rejected = await submitted(roundId, chess, 200_000);
    for (const [app, decision] of [
      [granted, { outcome: 'granted', grantedCents: 350_000, reportDue: '2027-09-30' }],
      [rejected, { outcome: 'rejected', reasons: 'Toiminta ei kohdistu kunnan asukkaisiin.' }],
    ] as const) {
      await post(`/grants/applications/${app.id}/receive`, officer, { version: 2 }).expect(200);
      await post(`/grants/applications/${app.id}/review`, officer, { version: 3 }).expect(200);
      await post(`/grants/applications/${app.id}/decision`, officer, { version: 4, ...decision }).expect(200);
    }
    await post(`/grants/applications/${granted.id}/payment`, officer, { version: 5 }).expect(200);
    await post(`/grants/applications/${rejected.id}/payment`, officer, { version: 5 }).expect(409);

    const list = await t.http().get(`/grants/rounds/${roundId}/decisions`).expect(200);
    expect(list.body).toMatchObject({ roundId, budgetCents: 1_000_000, grantedTotalCents: 350_000, remainingCents: 650_000 });
    expect(list.body.items.map((i: { associationName: string; outcome: string; grantedCents: number }) => [i.associationName, i.outcome, i.grantedCents])).toEqual([
      ['Metsäpolun Partio ry', 'granted', 350_000],
      ['Shakkikerho Torni ry', 'rejected', 0],
    ]);
    expect(JSON.stringify(list.body)).not.toMatch(/rep-|officer-1/);

    // Months before the due date: no reminder. Two weeks before: one, and only one.
    const reminders = t.app.get(ReportReminders);
    expect(await reminders.sweep()).toBe(0);
    clock.current = new Date('2027-09-20T06:00:00Z');
    // (The first test's grant, due in June, is reminded in the same sweep.)
    expect(await reminders.sweep()).toBeGreaterThanOrEqual(1);
    expect(await reminders.sweep()).toBe(0);
    const due = (await eventsOf(granted.id)).filter((e) => e.type === 'fi.vaikuta.grants.application_report_due_soon.v1');
    expect(due.map((e) => e.data)).toEqual([expect.objectContaining({ reportDue: '2027-09-30', applicantSub: scouts.sub })]);

    // The report's attachment (the accounts) goes with the report; other purposes no longer.
    await attach(granted.id, scouts.auth, 'report', PDF, 'tilitys.pdf').expect(201);
    await attach(granted.id, scouts.auth, 'other', PDF, 'muu.pdf').expect(409);
    const reported = await post(`/grants/applications/${granted.id}/report`, scouts.auth, { version: 7, text: 'Leiri pidettiin, 28 osallistujaa.' }).expect(200);
    expect(reported.body).toMatchObject({ state: 'report_received', report: { text: 'Leiri pidettiin, 28 osallistujaa.' } });
    await post(`/grants/applications/${granted.id}/close`, officer, { version: 8 }).expect(200);
    await post(`/grants/applications/${rejected.id}/close`, officer, { version: 5 }).expect(200);
    clock.current = new Date('2027-03-01T09:00:00Z');
  });

  it('counts the year per round, type and department, as JSON and CSV', async () => {
    const roundId = await round();
    const club = await association('Tilastoseura ry');
    const app = await submitted(roundId, club, 100_000);
    await post(`/grants/applications/${app.id}/receive`, officer, { version: 2 }).expect(200);
    await post(`/grants/applications/${app.id}/review`, officer, { version: 3 }).expect(200);
    await post(`/grants/applications/${app.id}/decision`, officer, { version: 4, outcome: 'granted', grantedCents: 100_000 }).expect(200);
    // A draft is not an application in the figures.
    await post(`/grants/rounds/${roundId}/applications`, club.auth, { associationId: club.id, title: 'Keskeneräinen', requestedCents: 5_000 }).expect(201);

    const { body } = await t.http().get('/grants/statistics?year=2027').expect(200);
    expect(body.rounds.find((r: { roundId: string }) => r.roundId === roundId)).toEqual({ roundId, type: 'project', department: 'KUVA', budgetCents: 1_000_000, applications: 1, granted: 1, grantedCents: 100_000 });
    const project = body.byType.find((r: { type: string }) => r.type === 'project');
    const kuva = body.byDepartment.find((r: { department: string }) => r.department === 'KUVA');
    const all = body.rounds.reduce((s: number, r: { grantedCents: number }) => s + r.grantedCents, 0);
    expect(project.grantedCents).toBe(all);
    expect(kuva.grantedCents).toBe(all);
    const csv = await t.http().get('/grants/statistics.csv?year=2027').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')).toContain(`2027,round,${roundId},project,KUVA,10000.00,1,1,1000.00`);
    const bad = await t.http().get('/grants/statistics?year=twenty').expect(400);
    expect(fieldsOf(bad.body)).toEqual(['year']);
    await t.http().get('/grants/statistics?year=1999').expect(400);
  });

  it('seeds demo applications in every stage once, through the services', async () => {
    const roundId = await round();
    const applicants = [await association('Demoseura ry'), await association('Toinen demoseura ry')].map((a) => ({ associationId: a.id, representativeSub: a.sub }));
    expect(await seedDemoApplications(t.app, roundId, applicants)).toBe('applications: 7 in the demo round');
    const states = await t.dataSource.query(`SELECT state, count(*)::int AS n FROM grant_applications WHERE round_id = $1 GROUP BY state ORDER BY state`, [roundId]);
    expect(states).toEqual([
      { state: 'awaiting_information', n: 1 },
      { state: 'decided', n: 2 },
      { state: 'draft', n: 1 },
      { state: 'in_review', n: 1 },
      { state: 'paid', n: 1 },
      { state: 'submitted', n: 1 },
    ]);
    expect(await seedDemoApplications(t.app, roundId, applicants)).toBe('applications: already there');
  });
});

describe('grant applications: drafts, withdrawal and the queue', () => {
  it('replays a repeated create with the same Idempotency-Key instead of making a second draft', async () => {
    const roundId = await round();
    const club = await association('Toistoseura ry');
    const key = randomUUID();
    const send = () =>
      t.http().post(`/grants/rounds/${roundId}/applications`).set('Authorization', club.auth).set('Idempotency-Key', key).send({ associationId: club.id, title: 'Kerran vain', requestedCents: 10_000 });
    const first = await send().expect(201);
    const again = await send().expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await t.dataSource.query(`SELECT id FROM grant_applications WHERE association_id = $1`, [club.id])).toHaveLength(1);
  });

  it('lets a draft lose a wrong attachment, but not a submitted application', async () => {
    const roundId = await round();
    const club = await association('Liiteseura ry');
    const app = await submitted(roundId, club);
    const [attachment] = app.attachments;
    await t.http().delete(`/grants/applications/${app.id}/attachments/${attachment.id}`).set('Authorization', club.auth).expect(409);
    await attach(app.id, club.auth, 'other', PDF, 'myohassa.pdf').expect(409);
    const { body: draft } = await post(`/grants/rounds/${roundId}/applications`, club.auth, { associationId: club.id, title: 'Luonnos', requestedCents: 10_000 }).expect(201);
    const added = await attach(draft.id, club.auth, 'budget', PDF, 'vaara.pdf').expect(201);
    const stranger = await association('Vieras ry');
    await t.http().delete(`/grants/applications/${draft.id}/attachments/${added.body.id}`).set('Authorization', stranger.auth).expect(404);
    await t.http().delete(`/grants/applications/${draft.id}/attachments/${added.body.id}`).set('Authorization', club.auth).expect(204);
    expect((await t.http().get(`/grants/applications/${draft.id}`).set('Authorization', club.auth).expect(200)).body.attachments).toEqual([]);
    await t.http().get(`/grants/applications/${draft.id}/attachments/${added.body.id}`).set('Authorization', club.auth).expect(404);
  });

  it('withdraws until the decision, tells it, and keeps a withdrawn application out of the decision list', async () => {
    const roundId = await round();
    const club = await association('Peruvat ry');
    const app = await submitted(roundId, club);
    const withdrawn = await post(`/grants/applications/${app.id}/withdraw`, club.auth, { version: app.version }).expect(200);
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', possibleSteps: [] });
    await post(`/grants/applications/${app.id}/receive`, officer, { version: withdrawn.body.version }).expect(409);
    const events = await eventsOf(app.id);
    expect(events.map((e) => e.type)).toEqual(['fi.vaikuta.grants.application_submitted.v1', 'fi.vaikuta.grants.application_withdrawn.v1']);
    // Every representative is told, not only whoever drafted it.
    expect(events[1].data).toMatchObject({ withdrawnBy: club.sub, representativeSubs: expect.arrayContaining([club.sub]) });
    expect((await t.http().get(`/grants/rounds/${roundId}/decisions`).expect(200)).body.items).toEqual([]);
  });

  it('refuses drafts and submissions outside the round’s window', async () => {
    const roundId = await round();
    const club = await association('Myöhästyjät ry');
    const { body: draft } = await post(`/grants/rounds/${roundId}/applications`, club.auth, {
      associationId: club.id,
      title: 'Viime tingassa',
      requestedCents: 10_000,
      answers: { description: 'Kuvaus.', participants: 3 },
    }).expect(201);
    await attach(draft.id, club.auth, 'budget', PDF, 'b.pdf').expect(201);
    clock.current = new Date('2028-01-02T09:00:00Z');
    try {
      await post(`/grants/applications/${draft.id}/submit`, club.auth, { version: 1 }).expect(409);
      await post(`/grants/rounds/${roundId}/applications`, club.auth, { associationId: club.id, title: 'Liian myöhään', requestedCents: 10_000 }).expect(409);
    } finally {
      clock.current = new Date('2027-03-01T09:00:00Z');
    }
    await post(`/grants/rounds/${randomUUID()}/applications`, club.auth, { associationId: club.id, title: 'Ei hakua', requestedCents: 10_000 }).expect(404);
    // An officer reads associations but applies for none.
    await post(`/grants/rounds/${roundId}/applications`, officer, { associationId: club.id, title: 'Virkailijan hakemus', requestedCents: 10_000 }).expect(403);
  });

  it('pages the officers’ queue by submission, every application once, filtered by state, type and department', async () => {
    const roundId = await round();
    const club = await association('Jonoseura ry');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.current = new Date(Date.parse('2027-03-01T09:00:00Z') + i * 60_000);
      ids.push((await submitted(roundId, club, 10_000 + i)).id);
    }
    clock.current = new Date('2027-03-01T09:00:00Z');
    await post(`/grants/applications/${ids[4]}/receive`, officer, { version: 2 }).expect(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t
        .http()
        .get(`/grants/applications?roundId=${roundId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set('Authorization', officer)
        .expect(200);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    const received = await t.http().get(`/grants/applications?roundId=${roundId}&state=received`).set('Authorization', officer).expect(200);
    expect(received.body.items.map((i: { id: string }) => i.id)).toEqual([ids[4]]);
    const otherType = await t.http().get(`/grants/applications?roundId=${roundId}&type=operating`).set('Authorization', officer).expect(200);
    expect(otherType.body.items).toEqual([]);
    const kuva = await t.http().get(`/grants/applications?roundId=${roundId}&department=KUVA&type=project`).set('Authorization', officer).expect(200);
    expect(kuva.body.items).toHaveLength(5);
    const bad = await t.http().get(`/grants/applications?cursor=bm90LWEtY3Vyc29y&state=lost`).set('Authorization', officer).expect(400);
    expect(fieldsOf(bad.body)).toEqual(['state']);
    await t.http().get(`/grants/applications?roundId=${roundId}`).set('Authorization', club.auth).expect(403);
  });
});

