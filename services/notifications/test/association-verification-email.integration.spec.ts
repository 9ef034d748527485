import { randomUUID } from 'node:crypto';
import { GrantEvents } from '@vaikuta/contracts';
import { NotificationsWithSmtp, prefer, startNotificationsWithSmtp } from './notifications-test-app';

jest.setTimeout(90_000);

/**
 * An officer's decision on an association registered without a mandate, as the grants service
 * publishes it, on real NATS, PostgreSQL, Redis and SMTP: every representative (known here only
 * by sub, with the email and language they gave) is told in their own language; a rejection
 * carries the officer's reason. The officer is never named.
 */
describe('association verification emails', () => {
  let t: NotificationsWithSmtp;

  beforeAll(async () => {
    t = await startNotificationsWithSmtp('association_verification_mail');
    await prefer(t.app, 'rep-fi', { language: 'fi', channels: ['email'], email: 'pj@example.fi' });
    await prefer(t.app, 'rep-sv', { language: 'sv', channels: ['email'], email: 'sekreterare@example.fi' });
    await prefer(t.app, 'rep-en', { language: 'en', channels: ['email'], email: 'treasurer@example.fi' });
  });
  afterAll(() => t?.close());

  it('tells every representative of a rejection in their language, with the reason', async () => {
    const associationId = randomUUID();
    await t.publish(GrantEvents.associationRejected, {
      associationId,
      associationName: 'Oikea Seura ry',
      reason: 'Yhdistysrekisterin mukaan hallitukseen ei kuulu ketään teistä.',
      rejectedBy: 'officer-secret-sub',
      representativeSubs: ['rep-fi', 'rep-sv'],
      at: new Date().toISOString(),
    });
    const [fi] = await t.mailsTo('pj@example.fi', 1);
    const [sv] = await t.mailsTo('sekreterare@example.fi', 1);
    expect(fi.subject).toBe('Yhdistyksen rekisteröintiä ei hyväksytty: Oikea Seura ry');
    expect(fi.text).toMatch(/Perustelu:\nYhdistysrekisterin mukaan hallitukseen ei kuulu ketään teistä\./);
    expect(fi.text).toContain(`http://portal.test/grants/associations/${associationId}?lang=fi`);
    expect(sv.subject).toBe('Föreningens registrering godkändes inte: Oikea Seura ry');
    expect(sv.text).toMatch(/Motivering:\nYhdistysrekisterin mukaan/);
    expect(sv.html).toContain('Yhdistysrekisterin mukaan');
    for (const mail of [fi, sv]) expect(`${mail.text}${mail.html}`).not.toContain('officer-secret-sub');
  });

  it('tells every representative of a verification in their language', async () => {
    const associationId = randomUUID();
    await t.publish(GrantEvents.associationVerified, {
      associationId,
      associationName: 'Tarkistettu ry',
      verifiedBy: 'officer-secret-sub',
      representativeSubs: ['rep-en', 'rep-fi'],
      at: new Date().toISOString(),
    });
    const [en] = await t.mailsTo('treasurer@example.fi', 1);
    const fiMails = await t.mailsTo('pj@example.fi', 2);
    const fi = fiMails.find((m) => m.subject.includes('Tarkistettu ry'))!;
    expect(en.subject).toBe('The association’s registration is verified: Tarkistettu ry');
    expect(en.text).toContain('You can now submit grant applications and book premises for it.');
    expect(en.text).toContain(`http://portal.test/grants/associations/${associationId}?lang=en`);
    expect(fi.subject).toBe('Yhdistyksen rekisteröinti on vahvistettu: Tarkistettu ry');
    expect(`${en.text}${fi.text}`).not.toContain('officer-secret-sub');
    // The Swedish representative was not one of this association's: nothing more for them.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(t.smtp.to('sekreterare@example.fi')).toHaveLength(1);
  });
});
