import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { issueDevToken } from '@vaikuta/auth';
import { PrivacyHttp } from '@vaikuta/contracts';
import { ServiceProcess, startServiceProcess, testNamespace, waitFor } from '@vaikuta/testing';

/**
 * The personal-data export routes (GET /<service>/privacy/my-data and the admin variant,
 * docs/adr/0018) attacked as a stranger would: another person's contact typed in while signed
 * in, tokens that are missing, broken, expired or signed by someone else, the wrong role,
 * hostile subject ids, other methods. Every answer is the right 4xx problem+json or the
 * caller's own data, and no log line names the people involved. Feedback, initiatives and
 * notifications run as deployed (processes of their own, one NATS namespace, one keys folder):
 * they are the services that know people by an email or phone.
 */
jest.setTimeout(180_000);

const VICTIM = {
  sub: 'attack-victim',
  name: 'Ville Uhrinen',
  email: 'ville.uhrinen@example.fi',
  phone: '0401234567',
  secret: 'Ovikoodi 4711, avain kukkaruukussa',
};
const bearer = { type: 'bearer' } as const;

describe('the personal-data export under attack', () => {
  let keysDir: string;
  const namespace = testNamespace('privacy_attack');
  let feedback: ServiceProcess;
  let initiatives: ServiceProcess;
  let notifications: ServiceProcess;
  let attacker: string;
  let victim: string;
  let admin: string;

  beforeAll(async () => {
    keysDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-attack-'));
    // info: the request log lines are what is checked for personal data.
    const options = (label: string) => ({ label, namespace, keysDir, env: { LOG_LEVEL: 'info' } });
    // Feedback first: it makes the stream the notification service reads.
    feedback = await startServiceProcess('feedback', options('privacy_attack_fb'));
    [initiatives, notifications] = await Promise.all([startServiceProcess('initiatives', options('privacy_attack_in')), startServiceProcess('notifications', options('privacy_attack_no'))]);
    attacker = await issueDevToken({ sub: 'attack-attacker', roles: ['resident'], name: 'Arttu Hyökkääjä' }, { keysDir });
    victim = await issueDevToken({ sub: VICTIM.sub, roles: ['resident'], name: VICTIM.name }, { keysDir });
    admin = await issueDevToken({ sub: 'attack-admin', roles: ['admin'] }, { keysDir });
  });

  afterAll(async () => {
    await Promise.all([initiatives, notifications].map((s) => s?.close()));
    await feedback?.close();
    await feedback?.reader.deleteNamespace(namespace).catch(() => undefined);
    if (keysDir) await rm(keysDir, { recursive: true, force: true });
  });

  const services = () =>
    [
      [feedback, 'feedback'],
      [initiatives, 'initiatives'],
      [notifications, 'notifications'],
    ] as const;

  it('gives one who types another person’s email or phone while signed in none of that person’s records', async () => {
    // The victim: a fault report sent without signing in (contact to hear back on), an
    // initiative started signed in, notification settings with their email.
    await feedback
      .http()
      .post('/feedback/requests')
      .send({ kind: 'fault', categoryCode: '171', description: VICTIM.secret, address: 'Uhrinkatu 1', contactConsent: true, email: VICTIM.email, phone: VICTIM.phone })
      .expect(201);
    const { body: theirs } = await initiatives
      .http()
      .post('/initiatives')
      .auth(victim, bearer)
      .send({ type: 'resident', language: 'fi', title: 'Uhrin aloite', body: 'Ehdotamme jotain.', initiatorName: VICTIM.name, email: VICTIM.email })
      .expect(201);
    await notifications.http().put('/notifications/preferences').auth(victim, bearer).send({ language: 'fi', channels: ['email'], email: VICTIM.email }).expect(200);
    await waitFor(async () => (await notifications.dataSource.query(`SELECT 1 FROM recipients WHERE kind = 'contact' AND email = $1`, [VICTIM.email])).length > 0, {
      what: 'the anonymous report’s contact to become a recipient',
      timeoutMs: 30_000,
    });

    // The attacker types the victim's contacts (cased and spaced otherwise) into their own.
    const { body: own } = await feedback
      .http()
      .post('/feedback/requests')
      .auth(attacker, bearer)
      .send({ kind: 'feedback', categoryCode: '171', description: 'Hyökkääjän oma palaute.', contactConsent: true, email: VICTIM.email.toUpperCase(), phone: VICTIM.phone })
      .expect(201);
    await initiatives
      .http()
      .post('/initiatives')
      .auth(attacker, bearer)
      .send({ type: 'resident', language: 'fi', title: 'Hyökkääjän aloite', body: 'Ehdotamme muuta.', initiatorName: 'Arttu Hyökkääjä', email: VICTIM.email })
      .expect(201);
    await notifications.http().put('/notifications/preferences').auth(attacker, bearer).send({ language: 'fi', channels: ['email'], email: VICTIM.email }).expect(200);

    const sections = await Promise.all(
      services().map(async ([service, prefix]) => {
        const { status, body } = await service.http().get(`/${prefix}/privacy/my-data`).auth(attacker, bearer);
        expect(status).toBe(200);
        return PrivacyHttp.personalDataSection.parse(body);
      }),
    );
    const file = JSON.stringify(sections);
    for (const trace of [VICTIM.secret, 'Uhrinkatu', VICTIM.name, theirs.id, VICTIM.sub]) expect(file).not.toContain(trace);
    // Their own records are all there: one report, one initiator row, one recipient.
    const records = (service: string, category: string) => sections.find((s) => s.service === service)!.categories.find((c) => c.name === category)!.records;
    expect(records('feedback', 'feedback_requests').map((r) => r.id)).toEqual([own.id]);
    expect(records('initiatives', 'initiators').map((r) => r.title)).toEqual([{ fi: 'Hyökkääjän aloite' }]);
    expect(records('notifications', 'recipients').map((r) => r.kind)).toEqual(['person']);
  });

  it('answers every broken, foreign or wrong-role call with the right 4xx problem+json, never 500', async () => {
    // A private key of the dev issuer's kind, not its: a token signed by someone else.
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const claims = { roles: ['admin'], departments: [], associations: [] };
    const now = Math.floor(Date.now() / 1000);
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).setSubject('x').setIssuedAt().setExpirationTime(now + 600).sign(privateKey);
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, sub: 'x', exp: now + 600 })).toString('base64url')}.`;
    const adminOf = (prefix: string, subject: string) => `/${prefix}/privacy/admin/subjects/${subject}/data`;

    for (const [service, prefix] of services()) {
      const mine = `/${prefix}/privacy/my-data`;
      const cases: { what: string; method?: 'get' | 'post' | 'options'; url: string; token?: string; status: number; field?: string }[] = [
        { what: 'no token', url: mine, status: 401 },
        { what: 'a garbage token', url: mine, token: 'not.a.token', status: 401 },
        { what: 'a token signed by another key', url: mine, token: foreign, status: 401 },
        { what: 'an unsigned token claiming admin', url: adminOf(prefix, 'x'), token: unsigned, status: 401 },
        { what: 'a resident on the admin variant', url: adminOf(prefix, VICTIM.sub), token: attacker, status: 403 },
        { what: 'a blank subject', url: adminOf(prefix, '%20%20'), token: admin, status: 400, field: 'subjectId' },
        { what: 'a NUL in the subject', url: adminOf(prefix, 'a%00b'), token: admin, status: 400, field: 'subjectId' },
        { what: 'a broken percent-encoding', url: adminOf(prefix, '%E0%A4%A'), token: admin, status: 400 },
        { what: 'a 10 kB subject', url: adminOf(prefix, 'x'.repeat(10_000)), token: admin, status: 414 },
        { what: 'a 20 kB query string', url: `${mine}?q=${'x'.repeat(20_000)}`, token: attacker, status: 431 },
        { what: 'a POST', method: 'post', url: mine, token: attacker, status: 405 }, // the path answers GET only (libs/http: 405 with Allow)
      ];
      for (const c of cases) {
        let call = service.http()[c.method ?? 'get'](c.url);
        if (c.token) call = call.set('Authorization', `Bearer ${c.token}`);
        const answer = await call;
        const seen = { service: prefix, what: c.what, status: answer.status, type: answer.headers['content-type'] };
        expect(seen).toEqual({ service: prefix, what: c.what, status: c.status, type: 'application/problem+json; charset=utf-8' });
        expect(answer.body.status).toBe(c.status);
        if (c.field) expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual([c.field]);
      }

      // Subjects nobody has, however odd, are someone's empty section: never another's data, never a 500.
      for (const subject of ['not-a-uuid', "' OR 1=1 --", 'Äö€😀', '%25', '_']) {
        const { status, body } = await service.http().get(adminOf(prefix, encodeURIComponent(subject))).auth(admin, bearer);
        expect({ subject, status }).toEqual({ subject, status: 200 });
        expect(PrivacyHttp.personalDataSection.parse(body).categories.flatMap((c) => c.records)).toEqual([]);
      }
      // HEAD is GET without the body; its answer is not cached either.
      const head = await service.http().head(mine).auth(attacker, bearer);
      expect([head.status, head.headers['cache-control'], head.text ?? '']).toEqual([200, 'no-store', '']);
    }
  });

  it('writes no name, email, phone or looked-up subject into any log line', async () => {
    // The admin looks the victim up: whom they looked up must not be in the log either.
    for (const [service, prefix] of services()) await service.http().get(`/${prefix}/privacy/admin/subjects/${VICTIM.sub}/data`).auth(admin, bearer).expect(200);
    for (const [service] of services()) {
      const log = service.output();
      expect(log).toContain('request completed');
      for (const personal of [VICTIM.name, VICTIM.email, VICTIM.phone, VICTIM.sub, 'Arttu', 'attack-attacker']) expect({ service: service.name, personal, logged: log.includes(personal) }).toEqual({ service: service.name, personal, logged: false });
    }
  });
});
