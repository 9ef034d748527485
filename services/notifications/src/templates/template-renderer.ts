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
  /** A short link that stops text messages only, for the SMS's own opt-out. */
  smsStopUrl?: string;
}

type Part = 'subject' | 'txt' | 'html' | 'sms';
type Compiled = Handlebars.TemplateDelegate;

/** The three parts of a template an admin edits, as Handlebars source. */
export interface TemplateSource {
  subject: string;
  text: string;
  html: string;
}

const EDITABLE: readonly [keyof TemplateSource, Part][] = [
  ['subject', 'subject'],
  ['text', 'txt'],
  ['html', 'html'],
];

/** Template files live beside this file: files/<template>/<lang>.<subject|txt|html>.hbs, layouts in files/_layout. */
export const TEMPLATE_DIR = path.join(__dirname, 'files');

/**
 * Renders a message with Handlebars. HTML parts escape their data; the subject and the text
 * part do not (they are not HTML). Every file is compiled once, at start-up. An admin's
 * version of a template (TemplateVersionService) is used in place of the file while it is
 * the current one; without one, the built-in file is.
 */
export class TemplateRenderer {
  private readonly templates = new Map<string, Compiled>();
  private readonly sources = new Map<string, string>();
  private readonly overrides = new Map<string, Compiled>();
  private readonly handlebars = Handlebars.create();

  constructor(private readonly dir: string = TEMPLATE_DIR) {
    for (const name of fs.readdirSync(dir)) {
      const folder = path.join(dir, name);
      if (!fs.statSync(folder).isDirectory()) continue;
      for (const file of fs.readdirSync(folder)) {
        const match = /^([a-z]{2})\.(subject|txt|html|sms)\.hbs$/.exec(file);
        if (!match) continue;
        const source = fs.readFileSync(path.join(folder, file), 'utf8');
        this.sources.set(key(name, match[1], match[2] as Part), source);
        this.templates.set(key(name, match[1], match[2] as Part), this.compile(match[2] as Part, source));
      }
    }
  }

  private compile(part: Part, source: string): Compiled {
    return this.handlebars.compile(part === 'subject' || part === 'sms' ? source.trim() : source, { noEscape: part !== 'html', strict: false });
  }

  /** The built-in template's source in this language (what "back to the built-in" restores). */
  builtin(template: string, language: string): TemplateSource | undefined {
    if (!this.has(template, language)) return undefined;
    const [subject, text, html] = EDITABLE.map(([, part]) => this.sources.get(key(template, language, part))!);
    return { subject: subject.trim(), text, html };
  }

  /** Uses an admin's version of a built-in template from now on; `undefined` goes back to the file. */
  setOverride(template: string, language: string, source: TemplateSource | undefined): void {
    for (const [field, part] of EDITABLE) {
      if (source) this.overrides.set(key(template, language, part), this.compile(part, source[field]));
      else this.overrides.delete(key(template, language, part));
    }
  }

  /**
   * What is wrong with an admin's version, by field: Handlebars syntax, or data put into the
   * HTML unescaped (`{{{…}}}`, `{{&…}}`), which would let a resident's text inject markup.
   */
  problems(source: TemplateSource, sample: Record<string, unknown>): { field: keyof TemplateSource; message: string }[] {
    const problems: { field: keyof TemplateSource; message: string }[] = [];
    for (const [field, part] of EDITABLE) {
      if (part === 'html' && /\{\{\{|\{\{~?\s*&/.test(source[field])) {
        problems.push({ field, message: 'Data in the HTML part is always escaped: use {{name}}, not {{{name}}} or {{&name}}' });
        continue;
      }
      try {
        this.compile(part, source[field])({ ...sample, unsubscribeUrl: '', unsubscribeAllUrl: '', preferencesUrl: '' });
      } catch (error) {
        problems.push({ field, message: `The template does not work: ${String((error as Error).message).split('\n')[0].slice(0, 200)}` });
      }
    }
    return problems;
  }

  /** Whether a template has every part in this language. */
  has(template: string, language: Language | string): boolean {
    return (['subject', 'txt', 'html'] as Part[]).every((p) => this.templates.has(key(template, language, p)));
  }

  /** Template names found on disk (layouts excluded). */
  names(): string[] {
    return [...new Set([...this.templates.keys()].map((k) => k.split('|')[0]).filter((n) => n !== '_layout'))];
  }

  /** The message; with `draft`, as an admin's unsaved version would render it (preview). */
  render(template: string, language: Language | string, view: Record<string, unknown>, links: FooterLinks, draft?: TemplateSource): RenderedMessage {
    if (!this.has(template, language)) throw new MissingTemplateError(template, language);
    const data = { ...view, ...links };
    const drafted = draft ? new Map(EDITABLE.map(([field, part]) => [part, this.compile(part, draft[field])])) : undefined;
    let partOf = (part: Part) => drafted?.get(part) ?? this.part(template, language, part);
    let subject: string, text: string, html: string;
    try {
      subject = partOf('subject')(data).replace(/\s+/g, ' ').trim();
      text = partOf('txt')(data);
      html = partOf('html')(data);
    } catch (error) {
      // An admin's version that fails on this data: the built-in one still tells the resident.
      if (drafted || !this.overrides.has(key(template, language, 'subject'))) throw error;
      partOf = (part: Part) => this.templates.get(key(template, language, part))!;
      subject = partOf('subject')(data).replace(/\s+/g, ' ').trim();
      text = partOf('txt')(data);
      html = partOf('html')(data);
    }
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
    return layout ? layout({ ...links, smsStopUrl: links.smsStopUrl ?? links.unsubscribeUrl, message }).trim() : message;
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
    const k = key(template, language, part);
    return this.overrides.get(k) ?? this.templates.get(k)!;
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
