import { RecipientService } from '../recipients/recipient.service';
import { NotificationsTestApp, startNotificationsTestApp } from '../../test/notifications-test-app';
import { seedDemoRecipients } from './demo-recipients';

// Real PostgreSQL (the notifications test app), a database of this file's own.
let t: NotificationsTestApp;

beforeAll(async () => {
  t = await startNotificationsTestApp('seed');
}, 120_000);
afterAll(() => t?.close());

describe('the demo recipients seed', () => {
  it('gives Aino an email address and email besides in-app, once; her later choices survive the next start', async () => {
    const recipients = t.app.get(RecipientService);
    expect(await seedDemoRecipients(t.app)).toMatch(/^1 demo recipients given/);
    expect(await recipients.preferences('demo-resident-aino')).toMatchObject({ email: 'aino@example.test', channels: expect.arrayContaining(['email', 'inapp']) });

    // She switches to a weekly digest in the demo; restarting the platform must not undo it.
    const before = await recipients.preferences('demo-resident-aino');
    await recipients.updatePreferences('demo-resident-aino', { ...before, digest: 'weekly' });
    expect(await seedDemoRecipients(t.app)).toMatch(/^0 demo recipients given/);
    expect(await recipients.preferences('demo-resident-aino')).toMatchObject({ email: 'aino@example.test', digest: 'weekly' });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM recipients WHERE subject = 'demo-resident-aino'`);
    expect(n).toBe(1);
  });
});
