import { randomUUID } from 'node:crypto';
import type { SmsSink, SinkMessage } from '../../../scripts/sms-sink.mjs';
import { PermanentDeliveryError } from '../src/channels/channel';
import { SmsChannel } from '../src/channels/sms.channel';

/** The development SMS sink that `npm start` runs, fed by the real SmsChannel. */
describe('development SMS sink (scripts/sms-sink.mjs)', () => {
  const token = 'sink-test-token';
  let sink: SmsSink;
  let start: (typeof import('../../../scripts/sms-sink.mjs'))['startSmsSink'];

  beforeAll(async () => {
    ({ startSmsSink: start } = await import('../../../scripts/sms-sink.mjs'));
    sink = await start({ port: 0, token });
  });
  afterAll(async () => sink?.close());

  function message(to: string, sms: string) {
    const id = randomUUID();
    return { id, to, content: { subject: '', text: '', html: '', sms }, unsubscribeUrl: `https://osallistu.example.fi/u?token=${id}` };
  }
  const channelFor = (s: SmsSink, options: { token?: string } = { token }) =>
    new SmsChannel({ providerUrl: s.providerUrl, token: options.token, sender: 'Vaikuta', timeoutMs: 5_000 });
  const json = async (s: SmsSink) => ((await (await fetch(`${s.url}/messages`)).json()) as { messages: SinkMessage[] }).messages;

  it('keeps what the channel sends and shows it, escaped, in JSON and on the page', async () => {
    const text = `Palautteesi <VKT-2026-000123> on käsitelty & "kiitos" – it's <script>alert(1)</script> https://osallistu.example.fi/t/1?a=1&b=2.`;
    const sent = message('+358401234567', text);
    const { providerId } = await channelFor(sink).send(sent);

    const [first] = await json(sink);
    expect(first).toEqual({ id: providerId, receivedAt: expect.any(String), from: 'Vaikuta', to: '+358401234567', text, reference: sent.id });

    const page = await fetch(`${sink.url}/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toMatch(/^<!doctype html>\s*<html lang="en">/);
    expect(html).toContain('<h1>Text messages</h1>');
    expect(html).toContain('<th scope="col">To</th>');
    expect(html).toContain('<td>+358401234567</td>');
    expect(html).toContain(
      'Palautteesi &lt;VKT-2026-000123&gt; on käsitelty &amp; &quot;kiitos&quot; – it&#39;s &lt;script&gt;alert(1)&lt;/script&gt; ' +
        '<a href="https://osallistu.example.fi/t/1?a=1&amp;b=2">https://osallistu.example.fi/t/1?a=1&amp;b=2</a>.</td>',
    );
    expect(html).not.toContain('<script>');
  });

  it('lists the newest first and keeps only the last `limit`', async () => {
    const small = await start({ port: 0, limit: 3 });
    try {
      const channel = channelFor(small, {});
      for (let i = 1; i <= 5; i++) await channel.send(message('+358401110000', `viesti ${i}`));
      expect((await json(small)).map((m) => m.text)).toEqual(['viesti 5', 'viesti 4', 'viesti 3']);
      const html = await (await fetch(`${small.url}/`)).text();
      expect(html.indexOf('viesti 5')).toBeLessThan(html.indexOf('viesti 3'));
      expect(html).not.toContain('viesti 2');
    } finally {
      await small.close();
    }
  });

  it('refuses a wrong token and a body that is not an SMS, as a provider would: permanently', async () => {
    const before = (await json(sink)).length;
    const refused = channelFor(sink, { token: 'wrong' }).send(message('+358401234567', 'ei tokenia'));
    await expect(refused).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(refused).rejects.toThrow('SMS provider answered 401');
    const bad = await fetch(sink.providerUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'Vaikuta', to: '+358401234567' }),
    });
    expect(bad.status).toBe(400);
    expect((await json(sink)).length).toBe(before);
  });

  it('shows an empty inbox as a sentence, not an empty table', async () => {
    const empty = await start({ port: 0 });
    try {
      const html = await (await fetch(`${empty.url}/`)).text();
      expect(html).toContain('No text messages yet.');
      expect(html).not.toContain('<table>');
    } finally {
      await empty.close();
    }
  });
});
