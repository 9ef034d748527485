import { mkdtemp, cp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LANGUAGES, SAMPLE_VIEWS, templateNames } from '../rules/notification-rules';
import { MissingTemplateError, TEMPLATE_DIR, TemplateRenderer } from './template-renderer';

const links = {
  unsubscribeUrl: 'https://n.example/notifications/unsubscribe?token=abc.def',
  unsubscribeAllUrl: 'https://n.example/notifications/unsubscribe?token=all.def',
  preferencesUrl: 'https://p.example/notifications/preferences',
  smsStopUrl: 'https://n.example/notifications/unsubscribe?token=s.abc.def',
};

describe('templates', () => {
  const renderer = new TemplateRenderer();

  describe.each(templateNames())('%s', (template) => {
    it.each(LANGUAGES)('renders in %s with subject, text, HTML and the unsubscribe links', (language) => {
      const out = renderer.render(template, language, SAMPLE_VIEWS[template], links);
      expect(out.subject.length).toBeGreaterThan(5);
      expect(out.subject).not.toMatch(/\{\{|undefined/);
      expect(out.text).toContain(links.unsubscribeUrl);
      expect(out.text).not.toMatch(/\{\{|undefined|&amp;/);
      expect(out.html).toContain(`lang="${language}"`);
      expect(out.html).toContain('href="https://n.example/notifications/unsubscribe?token&#x3D;abc.def"');
      expect(out.sms.length).toBeLessThan(320);
    });
  });

  it('shows the resolution in the language asked for', () => {
    const view = { trackingCode: 'VKT-1', resolution: 'Gropen är lagad.', link: 'https://p/x' };
    expect(renderer.render('feedback.resolved', 'sv', view, links).text).toMatch(/Vad vi gjorde:\nGropen är lagad\./);
    expect(renderer.render('feedback.resolved', 'fi', view, links).subject).toBe('Palautteesi VKT-1 on käsitelty');
  });

  it('gives an SMS the subject, a link that opens the page in the same language, and how to stop texts', () => {
    const view = { trackingCode: 'VKT-1', resolution: 'Gropen är lagad.', link: 'https://p/feedback/track/1' };
    expect(renderer.render('feedback.resolved', 'sv', view, links).sms).toBe(
      `Din respons VKT-1 är behandlad https://p/feedback/track/1?lang=sv\nStoppa sms: ${links.smsStopUrl}`,
    );
    // Without a short stop link, the message's own unsubscribe link stands in.
    const { smsStopUrl: _, ...withoutStop } = links;
    expect(renderer.render('feedback.resolved', 'en', view, withoutStop).sms).toContain(`Stop texts: ${links.unsubscribeUrl}`);
  });

  it.each([
    ['fi', 'Lopeta tekstiviestit: '],
    ['en', 'Stop texts: '],
  ])('puts the opt-out in every %s SMS, digests included', (language, stop) => {
    for (const template of templateNames()) {
      expect(renderer.render(template, language, SAMPLE_VIEWS[template], links).sms).toContain(`${stop}${links.smsStopUrl}`);
    }
  });

  it('quotes the resident’s own text, escaped in HTML and with its line breaks kept', () => {
    const ownText = 'Kuoppa <b>syvä</b> & vaarallinen\ntoinen rivi';
    const view = { trackingCode: 'VKT-1', link: 'https://p/feedback/track/1', ownText };
    const receipt = renderer.render('feedback.submitted', 'fi', view, links);
    expect(receipt.text).toContain(`Kirjoitit:\n${ownText}`);
    expect(receipt.html).toContain('<blockquote style="white-space: pre-line;">Kuoppa &lt;b&gt;syvä&lt;/b&gt; &amp; vaarallinen\ntoinen rivi</blockquote>');
    expect(receipt.html).not.toContain('<b>syvä</b>');
    const reply = renderer.render('feedback.replied', 'sv', { ...view, reply: 'Svar' }, links);
    expect(reply.text).toContain(`Du skrev:\n${ownText}`);
    // No text (no consent, or a follower): no quote and no empty heading.
    expect(renderer.render('feedback.submitted', 'en', { trackingCode: 'VKT-1', link: 'https://p/x' }, links).text).not.toContain('You wrote');
  });

  it('escapes data in HTML but not in the text part', () => {
    const view = { trackingCode: 'VKT-1', reply: '<script>x</script> & "quotes"', link: 'https://p/x' };
    const out = renderer.render('feedback.replied', 'en', view, links);
    expect(out.html).not.toContain('<script>');
    expect(out.html).toContain('&lt;script&gt;');
    expect(out.text).toContain('<script>x</script> & "quotes"');
  });

  it('leaves out the resolution paragraph when there is none', () => {
    const out = renderer.render('feedback.resolved', 'en', { trackingCode: 'VKT-1', link: 'https://p/x' }, links);
    expect(out.text).not.toContain('What we did');
  });

  it('says clearly when a language is missing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-templates-'));
    try {
      await cp(TEMPLATE_DIR, dir, { recursive: true });
      await rm(path.join(dir, 'feedback.resolved', 'sv.txt.hbs'));
      const partial = new TemplateRenderer(dir);
      expect(partial.has('feedback.resolved', 'sv')).toBe(false);
      expect(partial.has('feedback.resolved', 'fi')).toBe(true);
      expect(() => partial.render('feedback.resolved', 'sv', {}, links)).toThrow(MissingTemplateError);
      expect(() => partial.render('feedback.resolved', 'sv', {}, links)).toThrow('no template feedback.resolved in language sv');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
