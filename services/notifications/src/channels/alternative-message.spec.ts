import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { composeAlternativeMessage } from './alternative-message';

/** What a mail client reads from the message: parsed by mailparser, as the test SMTP server does. */
async function read(raw: Buffer) {
  const mail = await simpleParser(raw);
  const header = (key: string) => mail.headerLines.find((l) => l.key === key)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n[ \t]+/g, ' ');
  return { mail, header };
}

const fields = (over: Partial<Parameters<typeof composeAlternativeMessage>[0]> = {}) => ({
  from: 'Vaikuta <no-reply@vaikuta.local>',
  to: 'aino@example.fi',
  subject: 'Palautteesi VKT-2026-000123 on käsitelty – kiitos!',
  text: 'Kuoppa on paikattu.\nÄäkköset säilyvät.',
  html: '<p>Kuoppa on paikattu. Ääkköset säilyvät.</p>',
  messageId: '<5b0e7a52-1c63-4c43-9d3e-0b7b7d2a9c11@vaikuta.local>',
  headers: {
    'List-Unsubscribe': '<https://osallistu.example.fi/notifications/unsubscribe?token=t.abc-def_ghi>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'Auto-Submitted': 'auto-generated',
  },
  ...over,
});

describe('composeAlternativeMessage', () => {
  it('gives a mail client the sender, recipient, subject, both parts and the one-click headers', async () => {
    const { mail, header } = await read(composeAlternativeMessage(fields()));
    expect(mail.from?.value).toEqual([{ name: 'Vaikuta', address: 'no-reply@vaikuta.local' }]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : []).toEqual([{ name: '', address: 'aino@example.fi' }]);
    expect(mail.subject).toBe('Palautteesi VKT-2026-000123 on käsitelty – kiitos!');
    expect(mail.text).toBe('Kuoppa on paikattu.\nÄäkköset säilyvät.');
    expect(mail.html).toBe('<p>Kuoppa on paikattu. Ääkköset säilyvät.</p>');
    expect(mail.messageId).toBe('<5b0e7a52-1c63-4c43-9d3e-0b7b7d2a9c11@vaikuta.local>');
    expect(mail.date).toBeInstanceOf(Date);
    expect(header('list-unsubscribe')).toBe('<https://osallistu.example.fi/notifications/unsubscribe?token=t.abc-def_ghi>');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header('auto-submitted')).toBe('auto-generated');
    expect(header('mime-version')).toBe('1.0');
  });

  it('keeps every line within 78 characters and uses CRLF only, as SMTP requires', () => {
    const raw = composeAlternativeMessage(fields({ text: 'x'.repeat(5000), html: `<p>${'ä'.repeat(3000)}</p>`, subject: 'Ö'.repeat(200) })).toString('utf8');
    expect(raw).not.toMatch(/[^\r]\n/);
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('carries any subject and any text and HTML through unchanged', async () => {
    // Line breaks other than \n are a client's business (mailparser normalises them); NUL is not text.
    const text = fc.string({ unit: 'grapheme', maxLength: 400 }).map((s) => s.replace(/\r|\0/g, ''));
    await fc.assert(
      fc.asyncProperty(text, text, text, async (subject, body, html) => {
        fc.pre(subject.trim() === subject && !/[\n\t]|\s{2}/.test(subject) && html.trim().length > 0 && body.trim().length > 0);
        const { mail } = await read(composeAlternativeMessage(fields({ subject, text: body, html })));
        expect(mail.subject ?? '').toBe(subject);
        expect(mail.text).toBe(body);
        expect(mail.html).toBe(html);
      }),
      { numRuns: 150 },
    );
  });
});
