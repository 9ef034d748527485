import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Language } from '@vaikuta/contracts';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** One short line for SMS: the subject and the link. */
  sms: string;
}

/** Links every message carries in its footer. */
export interface FooterLinks {
  unsubscribeUrl: string;
  unsubscribeAllUrl: string;
  preferencesUrl: string;
}

type Part = 'subject' | 'txt' | 'html' | 'sms';
type Compiled = Handlebars.TemplateDelegate;

/** Template files live beside this file: files/<template>/<lang>.<subject|txt|html>.hbs, layouts in files/_layout. */
export const TEMPLATE_DIR = path.join(__dirname, 'files');

/**
 * Renders a message with Handlebars. HTML parts escape their data; the subject and the text
 * part do not (they are not HTML). Every file is compiled once, at start-up.
 */
export class TemplateRenderer {
  private readonly templates = new Map<string, Compiled>();
  private readonly handlebars = Handlebars.create();

  constructor(private readonly dir: string = TEMPLATE_DIR) {
    for (const name of fs.readdirSync(dir)) {
      const folder = path.join(dir, name);
      if (!fs.statSync(folder).isDirectory()) continue;
      for (const file of fs.readdirSync(folder)) {
        const match = /^([a-z]{2})\.(subject|txt|html|sms)\.hbs$/.exec(file);
        if (!match) continue;
        const source = fs.readFileSync(path.join(folder, file), 'utf8');
        const html = match[2] === 'html';
        this.templates.set(key(name, match[1], match[2] as Part), this.handlebars.compile(match[2] === 'subject' || match[2] === 'sms' ? source.trim() : source, {
          noEscape: !html,
          strict: false,
        }));
      }
    }
  }

  /** Whether a template has every part in this language. */
  has(template: string, language: Language | string): boolean {
    return (['subject', 'txt', 'html'] as Part[]).every((p) => this.templates.has(key(template, language, p)));
  }

  /** Template names found on disk (layouts excluded). */
  names(): string[] {
    return [...new Set([...this.templates.keys()].map((k) => k.split('|')[0]).filter((n) => n !== '_layout'))];
  }

  render(template: string, language: Language | string, view: Record<string, unknown>, links: FooterLinks): RenderedMessage {
    if (!this.has(template, language)) throw new MissingTemplateError(template, language);
    const data = { ...view, ...links };
    const subject = this.part(template, language, 'subject')(data).replace(/\s+/g, ' ').trim();
    const text = this.part(template, language, 'txt')(data);
    const html = this.part(template, language, 'html')(data);
    const layoutData = { ...links, subject };
    return {
      subject,
      text: this.layout(language, 'txt', { ...layoutData, body: text.trimEnd() + '\n' }),
      html: this.layout(language, 'html', { ...layoutData, body: html }),
      sms: this.sms(language, subject, view, links),
    };
  }

  /**
   * One short text: the subject, the link (opening the page in the recipient's language, as
   * the email templates' links do) and, from the language's SMS layout, how to stop them.
   */
  private sms(language: string, subject: string, view: Record<string, unknown>, links: FooterLinks): string {
    const message = [subject, typeof view.link === 'string' ? inLanguage(view.link, language) : ''].filter(Boolean).join(' ');
    const layout = this.templates.get(key('_layout', language, 'sms'));
    return layout ? layout({ ...links, message }).trim() : message;
  }

  /** The subject line alone, for digests and the in-app inbox list. */
  subject(template: string, language: Language | string, view: Record<string, unknown>): string {
    if (!this.has(template, language)) throw new MissingTemplateError(template, language);
    return this.part(template, language, 'subject')(view).replace(/\s+/g, ' ').trim();
  }

  /** The text part without the footer, for the in-app inbox. */
  text(template: string, language: Language | string, view: Record<string, unknown>): string {
    if (!this.has(template, language)) throw new MissingTemplateError(template, language);
    return this.part(template, language, 'txt')(view).trim();
  }

  private part(template: string, language: string, part: Part): Compiled {
    return this.templates.get(key(template, language, part))!;
  }

  private layout(language: string, part: 'txt' | 'html', data: Record<string, unknown>): string {
    const layout = this.templates.get(key('_layout', language, part));
    return layout ? layout(data) : String(data.body);
  }
}

export class MissingTemplateError extends Error {
  constructor(template: string, language: string) {
    super(`no template ${template} in language ${language}`);
    this.name = 'MissingTemplateError';
  }
}

function key(template: string, language: string, part: Part): string {
  return `${template}|${language}|${part}`;
}

/** A portal link that opens the page in this language, whatever the browser prefers. */
export function inLanguage(link: string, language: string): string {
  return `${link}${link.includes('?') ? '&' : '?'}lang=${language}`;
}
