import { randomUUID } from 'node:crypto';
import { waitFor, TestSmtpServer } from '@vaikuta/testing';
import { EmailChannel } from '../src/channels/email.channel';

/** The email channel against a real SMTP server: what a mail client receives. */
describe('EmailChannel', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => (smtp = await TestSmtpServer.start()));
  afterAll(async () => smtp?.close());

  const content = {
    subject: 'Palautteesi VKT-2026-000123 on käsitelty – kiitos!',
    text: 'Kuoppa on paikattu. Ääkköset säilyvät.',
    html: '<p>Kuoppa on paikattu. Ääkköset säilyvät.</p>',
    sms: 'Palautteesi VKT-2026-000123 on käsitelty',
  };

  async function send(channel: EmailChannel, to: string) {
    const id = randomUUID();
    await channel.send({ id, to, content, unsubscribeUrl: `https://osallistu.example.fi/notifications/unsubscribe?token=t-${id}` });
    return waitFor(async () => smtp.to(to)[0], { what: `mail to ${to}` });
  }

  it('sends the text and HTML intact, with its Message-ID and a one-click link only', async () => {
    const channel = new EmailChannel({ smtpUrl: smtp.url, from: 'Vaikuta <no-reply@vaikuta.local>', maxConnections: 1 });
    try {
      const mail = await send(channel, 'aino@example.fi');
      expect(mail.subject).toBe(content.subject);
      expect(mail.text.trim()).toBe(content.text);
      expect(mail.html).toContain(content.html);
      expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@vaikuta\.local>$/);
      // No mailto unless the city handles mail sent to one: nothing here would read it.
      expect(mail.headers['list-unsubscribe']).toMatch(/^<https:\/\/osallistu\.example\.fi\/notifications\/unsubscribe\?token=t-[^>]+>$/);
      expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    } finally {
      channel.close();
    }
  });

  it('offers the mailto beside the link when one is configured', async () => {
    const channel = new EmailChannel({
      smtpUrl: smtp.url,
      from: 'Vaikuta <no-reply@vaikuta.local>',
      maxConnections: 1,
      unsubscribeMailto: 'optout@osallistu.example.fi',
    });
    try {
      const mail = await send(channel, 'bertil@example.fi');
      expect(mail.headers['list-unsubscribe']).toMatch(/^<https:[^>]+>, <mailto:optout@osallistu\.example\.fi\?subject=unsubscribe>$/);
    } finally {
      channel.close();
    }
  });
});
