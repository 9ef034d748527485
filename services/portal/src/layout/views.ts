import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { formatDate, Lang, Translate } from '../i18n/i18n';

/** What every template sees at its root, besides its own data. */
export interface PageRoot {
  lang: Lang;
  t: Translate;
  [key: string]: unknown;
}

/**
 * Handlebars templates compiled once at start-up from the `.hbs` files beside the controllers
 * (swc --copy-files puts them next to the compiled code in dist/). A file whose name starts
 * with `_` is a partial, used as `{{> name}}`.
 */
export class Views {
  private readonly hbs = Handlebars.create();
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();

  constructor(root: string = path.join(__dirname, '..')) {
    this.registerHelpers();
    for (const file of listTemplates(root)) {
      const name = path.relative(root, file).replace(/\\/g, '/').replace(/\.hbs$/, '');
      const source = fs.readFileSync(file, 'utf8');
      if (path.basename(name).startsWith('_')) this.hbs.registerPartial(path.basename(name).slice(1), source);
      else this.templates.set(name, this.hbs.compile(source, { strict: false, preventIndent: true }));
    }
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  render(name: string, context: PageRoot): string {
    const template = this.templates.get(name);
    if (!template) throw new Error(`No template ${name}`);
    return template(context, { allowProtoPropertiesByDefault: false });
  }

  private registerHelpers() {
    const root = (options: Handlebars.HelperOptions) => options.data.root as PageRoot;
    this.hbs.registerHelper('t', function (key: string, options: Handlebars.HelperOptions) {
      return root(options).t(key, options.hash);
    });
    this.hbs.registerHelper('date', (value: string, options: Handlebars.HelperOptions) => formatDate(value, root(options).lang));
    this.hbs.registerHelper('day', (value: string, options: Handlebars.HelperOptions) => formatDate(value, root(options).lang, false));
    this.hbs.registerHelper('eq', (a: unknown, b: unknown) => String(a) === String(b));
    this.hbs.registerHelper('not', (a: unknown) => !a);
    this.hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
    this.hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
    this.hbs.registerHelper('selected', (a: unknown, b: unknown) => (String(a ?? '') === String(b ?? '') ? 'selected' : ''));
    this.hbs.registerHelper('checked', (a: unknown, b: unknown) => (String(a ?? '') === String(b ?? '') ? 'checked' : ''));
    this.hbs.registerHelper('includes', (list: unknown, value: unknown) => Array.isArray(list) && list.map(String).includes(String(value)));
    /** The field's error text, from the `errors` map at the root. */
    this.hbs.registerHelper('fieldError', (field: string, options: Handlebars.HelperOptions) => (root(options).errors as Record<string, string> | undefined)?.[field]);
    this.hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
    this.hbs.registerHelper('present', (v: unknown) => v !== null && v !== undefined);
    this.hbs.registerHelper('add', (a: number, b: number) => Number(a) + Number(b));
    /** `{{#let value as |name|}}`: a value named for the block, seen inside nested #each too. */
    this.hbs.registerHelper('let', function (this: unknown, value: unknown, options: Handlebars.HelperOptions) {
      return options.fn(this, { blockParams: [value] });
    });
  }
}

function listTemplates(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTemplates(file));
    else if (entry.name.endsWith('.hbs')) out.push(file);
  }
  return out;
}
