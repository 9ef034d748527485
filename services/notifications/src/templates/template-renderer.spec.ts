import { mkdtemp, cp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LANGUAGES, SAMPLE_VIEWS, templateNames } from '../rules/notification-rules';
import { MissingTemplateError, TEMPLATE_DIR, TemplateRenderer } from './template-renderer';

const links = {
  unsubscribeUrl: 'https://n.example/notifications/unsubscribe?token=abc.def',
  unsubscribeAllUrl: 'https://n.example/notifications/unsubscribe?token=all.def',
  preferencesUrl: 'https://p.example/notifications/preferences',
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

  it('gives an SMS the subject and a link that opens the page in the same language', () => {
    const view = { trackingCode: 'VKT-1', resolution: 'Gropen är lagad.', link: 'https://p/feedback/track/1' };
    expect(renderer.render('feedback.resolved', 'sv', view, links).sms).toBe('Din respons VKT-1 är behandlad https://p/feedback/track/1?lang=sv');
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
