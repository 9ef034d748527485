/** The small pages a person sees after following an unsubscribe link. Plain language, three languages. */
const TEXT = {
  fi: {
    title: 'Viestien tilaus',
    confirm: { sms: 'Haluatko lopettaa tekstiviestit meiltä?', item: 'Haluatko lopettaa viestit tästä asiasta?', topic: 'Haluatko lopettaa nämä viestit?', all: 'Haluatko lopettaa kaikki viestit meiltä?' },
    button: 'Kyllä, lopeta viestit',
    done: 'Selvä. Emme lähetä sinulle enää näitä viestejä.',
    invalid: 'Linkki ei toimi. Se voi olla vanha tai vajaa.',
  },
  sv: {
    title: 'Prenumeration på meddelanden',
    confirm: { sms: 'Vill du sluta få textmeddelanden från oss?', item: 'Vill du sluta få meddelanden om det här?', topic: 'Vill du sluta få de här meddelandena?', all: 'Vill du sluta få alla meddelanden från oss?' },
    button: 'Ja, sluta skicka meddelanden',
    done: 'Klart. Vi skickar inte längre de här meddelandena till dig.',
    invalid: 'Länken fungerar inte. Den kan vara gammal eller ofullständig.',
  },
  en: {
    title: 'Message subscription',
    confirm: { sms: 'Do you want to stop text messages from us?', item: 'Do you want to stop messages about this matter?', topic: 'Do you want to stop these messages?', all: 'Do you want to stop all messages from us?' },
    button: 'Yes, stop the messages',
    done: 'Done. We will not send you these messages any more.',
    invalid: 'This link does not work. It may be old or incomplete.',
  },
} as const;

type Lang = keyof typeof TEXT;
const lang = (l?: string): Lang => (l === 'sv' || l === 'en' ? l : 'fi');
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(language: Lang, body: string): string {
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${TEXT[language].title}</title></head><body style="font-family: Arial, sans-serif; font-size: 18px; max-width: 36em; margin: 2em auto; padding: 0 1em;">
<h1>${TEXT[language].title}</h1>${body}</body></html>`;
}

export function confirmPage(language: string | undefined, scope: 'item' | 'topic' | 'sms' | 'all', token: string): string {
  const l = lang(language);
  return page(
    l,
    `<p>${TEXT[l].confirm[scope]}</p>
<form method="post" action="?token=${escape(encodeURIComponent(token))}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit" style="font-size: 18px; padding: 0.5em 1em;">${TEXT[l].button}</button></form>`,
  );
}

export function donePage(language: string | undefined): string {
  const l = lang(language);
  return page(l, `<p>${TEXT[l].done}</p>`);
}

export function invalidPage(): string {
  return page('fi', `<p>${TEXT.fi.invalid}</p><p lang="sv">${TEXT.sv.invalid}</p><p lang="en">${TEXT.en.invalid}</p>`);
}
