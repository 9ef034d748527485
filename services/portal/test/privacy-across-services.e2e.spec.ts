import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { issueDevToken } from '@vaikuta/auth';
import { PrivacyHttp } from '@vaikuta/contracts';
import { premisesSpaceRequest, ServiceProcess, startServiceProcess, testNamespace, votingRoundRequest, waitFor } from '@vaikuta/testing';

/**
 * Issue 12, item 5, end to end across the five services as deployed (each its own process, one
 * NATS namespace and one keys folder): one person leaves data in every service, each
 * service's export (GET …/privacy/my-data) holds it, one erasure request at the feedback
 * service reaches every other service through `privacy.erasure_requested`, and afterwards
 * every export is empty of the person — except what the law keeps, marked `keptOnErasure`
 * (budgeting's ballot log, under a keyed hash) — and the tables no longer name them.
 */
jest.setTimeout(180_000);

const SUB = 'privacy-e2e-person';
const EMAIL = 'maija.privacy@example.fi';
// A synthetic identity code (individual number 9xx): budgeting keys the ballot by its hash.
const HETU = '010190-998V';
const DAY = 86_400_000;
const bearer = { type: 'bearer' } as const;

describe('a person’s data across feedback, initiatives, budgeting, grants and notifications: exported, then erased everywhere', () => {
  let keysDir: string;
  const namespace = testNamespace('privacy_e2e');
  let feedback: ServiceProcess;
  let initiatives: ServiceProcess;
  let budgeting: ServiceProcess;
  let grants: ServiceProcess;
  let notifications: ServiceProcess;
  let person: string;

  beforeAll(async () => {
    keysDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-privacy-'));
    const options = (label: string) => ({ label, namespace, keysDir });
    // Feedback first: it makes the PRIVACY stream the others consume.
    feedback = await startServiceProcess('feedback', options('privacy_e2e_fb'));
    [initiatives, budgeting, grants, notifications] = await Promise.all([
      startServiceProcess('initiatives', options('privacy_e2e_in')),
      startServiceProcess('budgeting', options('privacy_e2e_bu')),
      startServiceProcess('grants', options('privacy_e2e_gr')),
      startServiceProcess('notifications', options('privacy_e2e_no')),
    ]);
    person = await issueDevToken(
      // The provider vouches for the email, so the erasure reaches what was left under it (ADR 0005).
      { sub: SUB, roles: ['resident'], birthdate: '1990-01-01', municipality: '091', authMethods: ['strong'], hetu: HETU, name: 'Maija Meikäläinen', email: EMAIL, emailVerified: true },
      { keysDir },
    );
  });

  afterAll(async () => {
    await Promise.all([initiatives, budgeting, grants, notifications].map((s) => s?.close()));
    await feedback?.close();
    // The namespace is shared (no service owns it): the last one out deletes its streams.
    await feedback?.reader.deleteNamespace(namespace).catch(() => undefined);
    if (keysDir) await rm(keysDir, { recursive: true, force: true });
  });

  const sections = (token: string) =>
    Promise.all(
      (
        [
          [feedback, 'feedback'],
          [initiatives, 'initiatives'],
          [budgeting, 'budgeting'],
          [grants, 'grants'],
          [grants, 'premises'],
          [notifications, 'notifications'],
        ] as const
      ).map(async ([service, prefix]) => {
        const { status, body } = await service.http().get(`/${prefix}/privacy/my-data`).auth(token, bearer);
        if (status !== 200) throw new Error(`/${prefix}/privacy/my-data answered ${status}\n${service.output().slice(-3000)}`);
        return PrivacyHttp.personalDataSection.parse(body);
      }),
    );
  const recordsOf = (all: PrivacyHttp.PersonalDataSection[], service: string, category: string) =>
    all.find((s) => s.service === service)!.categories.find((c) => c.name === category)!.records;

  it('exports what each service holds about the person, and after one erasure request nothing but the ballot they cast', async () => {
    // feedback: a fault report sent while signed in, with an email to hear back on.
    const { body: report } = await feedback
      .http()
      .post('/feedback/requests')
      .auth(person, bearer)
      .send({ kind: 'fault', categoryCode: '171', description: 'Katuvalo ei pala Kalliossa.', address: 'Hämeentie 1', contactConsent: true, email: EMAIL })
      .expect(201);

    // initiatives: an initiative they started.
    const { body: initiative } = await initiatives
      .http()
      .post('/initiatives')
      .auth(person, bearer)
      .send({ type: 'resident', language: 'fi', title: 'Lisää penkkejä Kallioon', body: 'Ehdotamme penkkejä.', initiatorName: 'Maija Meikäläinen', email: EMAIL })
      .expect(201);
    // …and another resident's, which they signed in support.
    const neighbour = await issueDevToken({ sub: 'privacy-e2e-neighbour', roles: ['resident'] }, { keysDir });
    const { body: supported } = await initiatives
      .http()
      .post('/initiatives')
      .auth(neighbour, bearer)
      .send({ type: 'resident', language: 'fi', title: 'Puistoon valoja', body: 'Ehdotamme valoja.', initiatorName: 'Niilo Naapuri', email: 'niilo@example.fi' })
      .expect(201);
    await initiatives.http().post(`/initiatives/${supported.id}/supports`).auth(person, bearer).expect(200);

    // budgeting: a round in voting, a proposal of theirs (written as intake leaves it) and their ballot.
    const coordinator = await budgeting.token('coordinator', [], 'coordinator-privacy');
    const { body: round } = await budgeting
      .http()
      .post('/budgeting/rounds')
      .auth(coordinator, bearer)
      .send(votingRoundRequest(new Date(), { title: { fi: 'Tietosuojakierros' } }))
      .expect(201);
    const plan = randomUUID();
    await budgeting.dataSource.query(
      `INSERT INTO plans (id, round_id, district_code, title, description, cost, status) VALUES ($1, $2, 'keskinen', $3, $3, 50000, 'on_ballot')`,
      [plan, round.id, { fi: 'Kallion penkit' }],
    );
    const proposal = randomUUID();
    await budgeting.dataSource.query(
      `INSERT INTO proposals (id, round_id, district_code, language, title, description, proposer_sub) VALUES ($1, $2, 'keskinen', 'fi', 'Penkit', 'Penkkejä puistoon', $3)`,
      [proposal, round.id, SUB],
    );
    await budgeting
      .http()
      .put(`/budgeting/rounds/${round.id}/ballot`)
      .auth(person, bearer)
      .send({ districtCode: 'keskinen', district: [plan], cityWide: [], confirmed: true })
      .expect(200);

    // grants: an association they represent, and a booking of a space.
    const { body: association } = await grants
      .http()
      .post('/grants/associations')
      .auth(person, bearer)
      .send({ name: 'Kallion penkkiseura', unregisteredGroup: true, role: 'chair', representativeName: 'Maija Meikäläinen' })
      .expect(201);
    const manager = await grants.token('premises_manager', [], 'manager-privacy');
    // Unrestricted: this test starts no lock provider for a door code.
    const { body: space } = await grants
      .http()
      .post('/premises/spaces')
      .auth(manager, bearer)
      .send(premisesSpaceRequest({ name: { fi: 'Tietosuojasali' }, accessType: 'unrestricted' }))
      .expect(201);
    const day = new Date(Date.now() + 7 * DAY).toISOString().slice(0, 10);
    const { body: booking } = await grants
      .http()
      .post(`/premises/spaces/${space.id}/bookings`)
      .auth(person, bearer)
      .send({ begin: `${day}T15:00:00.000Z`, end: `${day}T16:00:00.000Z`, purpose: 'Maijan syntymäpäivät' })
      .expect(201);

    // notifications: their signed-in preferences with the same email; the report made a contact recipient following it.
    await notifications.http().put('/notifications/preferences').auth(person, bearer).send({ language: 'fi', channels: ['email'], email: EMAIL }).expect(200);
    await waitFor(async () => (await notifications.dataSource.query(`SELECT 1 FROM subscriptions s JOIN recipients r ON r.id = s.recipient_id WHERE r.email = $1`, [EMAIL])).length > 0, {
      what: 'the report’s contact to follow it in notifications',
      timeoutMs: 30_000,
    });

    // Each service's export holds what it was given — and only this person's.
    const before = await sections(person);
    expect(before.map((s) => s.service)).toEqual(['feedback', 'initiatives', 'budgeting', 'grants', 'premises', 'notifications']);
    expect(recordsOf(before, 'feedback', 'feedback_requests')).toEqual([expect.objectContaining({ id: report.id, contactEmail: EMAIL })]);
    expect(recordsOf(before, 'initiatives', 'initiators')).toEqual([expect.objectContaining({ initiativeId: initiative.id, name: 'Maija Meikäläinen', email: EMAIL })]);
    expect(recordsOf(before, 'initiatives', 'supports')).toEqual([expect.objectContaining({ initiativeId: supported.id })]);
    // The neighbour who started the supported initiative is another person: not in this file.
    expect(JSON.stringify(before)).not.toContain('Niilo');
    expect(recordsOf(before, 'budgeting', 'proposals')).toEqual([expect.objectContaining({ id: proposal })]);
    expect(recordsOf(before, 'budgeting', 'ballots')).toEqual([expect.objectContaining({ roundId: round.id, districtPlans: [plan], counted: true })]);
    expect(recordsOf(before, 'grants', 'association_representations')).toEqual([
      expect.objectContaining({ associationId: association.id, role: 'chair', name: 'Maija Meikäläinen' }),
    ]);
    expect(recordsOf(before, 'premises', 'bookings')).toEqual([expect.objectContaining({ id: booking.id, purpose: 'Maijan syntymäpäivät' })]);
    // The signed-in recipient only: the contact recipient following the report shares an email
    // that is not known to be theirs when typed, so it is not exported (ADR 0018); the erasure
    // reaches it because the token's email, verified, is the same.
    expect(recordsOf(before, 'notifications', 'recipients')).toEqual([expect.objectContaining({ kind: 'person', email: EMAIL })]);
    // The identity code reaches budgeting only as a hash: never in an answer.
    expect(JSON.stringify(before)).not.toContain(HETU);

    // Someone else sees none of it.
    const other = await issueDevToken({ sub: 'privacy-e2e-other', roles: ['resident'] }, { keysDir });
    const theirs = await sections(other);
    expect(JSON.stringify(theirs)).not.toContain(EMAIL);
    expect(theirs.flatMap((s) => s.categories.flatMap((c) => c.records))).toEqual([]);

    // One request, at the feedback service.
    const { body: erasure } = await feedback.http().post('/feedback/my/erasure').auth(person, bearer).expect(202);
    const events: number = (
      await feedback.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE envelope #>> '{data,requestId}' = $1`, [erasure.requestId])
    )[0].n;
    expect(events).toBeGreaterThan(0);
    for (const service of [initiatives, budgeting, grants, notifications]) {
      await waitFor(
        async () => (await service.dataSource.query(`SELECT count(*)::int AS n FROM erasures_applied WHERE request_id = $1`, [erasure.requestId]))[0].n === events,
        { what: `${service.name} to apply erasure request ${erasure.requestId}`, timeoutMs: 30_000 },
      );
    }

    // Every export is empty of the person, but for what erasure keeps by law (and says so).
    const after = await sections(person);
    const left = after.flatMap((s) => s.categories.filter((c) => c.records.length > 0).map((c) => ({ service: s.service, category: c.name, kept: c.keptOnErasure !== undefined })));
    expect(left).toEqual([{ service: 'budgeting', category: 'ballots', kept: true }]);
    expect(JSON.stringify(after)).not.toContain(EMAIL);
    expect(JSON.stringify(after)).not.toContain('Maija');

    // And the tables no longer name them; the city's records stay.
    expect(await feedback.dataSource.query(`SELECT contact_email, submitted_by FROM feedback_requests WHERE id = $1`, [report.id])).toEqual([
      { contact_email: null, submitted_by: null },
    ]);
    expect(await initiatives.dataSource.query(`SELECT name, email, user_sub FROM initiative_initiators WHERE initiative_id = $1`, [initiative.id])).toEqual([
      { name: null, email: null, user_sub: null },
    ]);
    expect(await initiatives.dataSource.query(`SELECT 1 FROM initiative_supports WHERE supporter_sub = $1`, [SUB])).toEqual([]);
    expect(await initiatives.dataSource.query(`SELECT name FROM initiative_initiators WHERE initiative_id = $1`, [supported.id])).toEqual([{ name: 'Niilo Naapuri' }]);
    expect(await budgeting.dataSource.query(`SELECT proposer_sub FROM proposals WHERE id = $1`, [proposal])).toEqual([{ proposer_sub: null }]);
    expect(await budgeting.dataSource.query(`SELECT 1 FROM voters WHERE sub = $1`, [SUB])).toEqual([]);
    expect(await budgeting.dataSource.query(`SELECT count(*)::int AS n FROM ballot_log WHERE round_id = $1`, [round.id])).toEqual([{ n: 1 }]);
    expect(await grants.dataSource.query(`SELECT 1 FROM association_representatives WHERE sub = $1 OR name LIKE 'Maija%'`, [SUB])).toEqual([]);
    expect(await grants.dataSource.query(`SELECT 1 FROM associations WHERE id = $1`, [association.id])).toHaveLength(1);
    expect(await grants.dataSource.query(`SELECT booker_sub, purpose, state FROM bookings WHERE id = $1`, [booking.id])).toEqual([
      { booker_sub: 'erased', purpose: null, state: 'confirmed' },
    ]);
    expect(await notifications.dataSource.query(`SELECT 1 FROM recipients WHERE subject = $1 OR lower(email) = $2`, [SUB, EMAIL])).toEqual([]);
  });
});
