import { CATALOGUES, FEATURE_MESSAGES, LANGS, negotiateLang, translator } from './i18n';

describe('message catalogues', () => {
  const reference = Object.keys(CATALOGUES.fi).sort();

  it('no key is defined by two feature folders (the later would silently win)', () => {
    const all = FEATURE_MESSAGES.flatMap((feature) => Object.keys(feature.fi));
    expect(all.filter((key, i) => all.indexOf(key) !== i)).toEqual([]);
    expect(all).toHaveLength(reference.length);
  });

  it.each(LANGS)('%s has every key and no extra ones', (lang) => {
    expect(Object.keys(CATALOGUES[lang]).sort()).toEqual(reference);
  });

  it.each(LANGS)('%s has no empty message and the same placeholders as Finnish', (lang) => {
    for (const key of reference) {
      const text = (CATALOGUES[lang] as Record<string, string>)[key];
      expect(text.trim()).not.toBe('');
      const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect([key, placeholders(text)]).toEqual([key, placeholders((CATALOGUES.fi as Record<string, string>)[key])]);
    }
  });

  it('every key used by a template or controller exists', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const path = require('node:path') as typeof import('node:path');
    const root = path.join(__dirname, '..');
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.(hbs|ts)$/.test(entry.name) && !entry.name.endsWith('.messages.ts') && !entry.name.endsWith('.spec.ts')) {
          const text = fs.readFileSync(file, 'utf8');
          for (const m of text.matchAll(/\{\{t '([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
          for (const m of text.matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
        }
      }
    };
    walk(root);
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !(k in CATALOGUES.fi))).toEqual([]);
  });
});

describe('negotiateLang', () => {
  it('prefers the remembered choice', () => expect(negotiateLang('sv', 'en-GB,en;q=0.9')).toBe('sv'));
  it('follows Accept-Language by quality', () => expect(negotiateLang(undefined, 'de-DE, en;q=0.5, sv;q=0.8')).toBe('sv'));
  it('falls back to Finnish', () => expect(negotiateLang(undefined, 'de-DE,nb;q=0.9')).toBe('fi'));
  it('ignores a bad cookie', () => expect(negotiateLang('xx', 'en')).toBe('en'));
});

describe('translator', () => {
  it('fills placeholders', () => expect(translator('en')('queue.title', { department: 'KYMP' })).toBe('Queue: KYMP'));
});
