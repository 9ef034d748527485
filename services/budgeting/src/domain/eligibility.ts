// Who may propose and vote in a round. The rules are the round's configuration (never code):
// a minimum age reached *in the voting year*, the municipalities of residence, the sign-in methods.
// The person comes from the token's claims (`birthdate`, `municipality`, `amr`).

export interface EligibilityRules {
  /** Age the person reaches during the voting year at the latest (Helsinki: 12). */
  minimumAge: number;
  /** Statistics Finland municipality codes ('091' Helsinki); empty = residents of anywhere. */
  municipalities: readonly string[];
  /** Accepted sign-in methods ('strong', 'school', 'sms'); empty = any method. */
  authMethods: readonly string[];
}

export interface EligibilityPerson {
  /** YYYY-MM-DD. */
  birthdate?: string;
  municipality?: string;
  /** How the person signed in (the token's `amr`); missing = none known. An AuthUser fits as it is. */
  authMethods?: readonly string[];
}

export type Refusal =
  | { code: 'birthdate_unknown' }
  | { code: 'too_young'; minimumAge: number; votingYear: number }
  | { code: 'municipality_unknown' }
  | { code: 'not_resident'; municipalities: string[] }
  | { code: 'auth_method'; accepted: string[] };

export type EligibilityDecision = { eligible: true } | { eligible: false; reasons: Refusal[] };

export type RefusalLanguage = 'fi' | 'sv' | 'en';

const BIRTHDATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Municipality codes are three digits ('091'); registers and forms often drop the leading zeros
 * ('91'), so both sides are padded before comparing. Anything that is not 1–3 digits is kept as
 * it is (trimmed), so it matches nothing but itself.
 */
export function normaliseMunicipalityCode(code: string): string {
  const trimmed = code.trim();
  return /^\d{1,3}$/.test(trimmed) ? trimmed.padStart(3, '0') : trimmed;
}

/** The year of a YYYY-MM-DD date that exists in the calendar, or undefined. */
function birthYear(birthdate: string | undefined): number | undefined {
  const match = birthdate === undefined ? null : BIRTHDATE.exec(birthdate.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over to March; a date that does not round-trip is not a date.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return year;
}

/**
 * Checks every rule and answers with ALL the reasons a person is refused, so the refusal page can
 * say everything at once instead of one reason per attempt.
 *
 * Age: a person reaches the minimum age *in the voting year* when birth year ≤ votingYear −
 * minimumAge; the day of birth does not matter (born 31 Dec 2014 votes in a 2026 round with 12).
 */
export function checkEligibility(rules: EligibilityRules, person: EligibilityPerson, votingYear: number): EligibilityDecision {
  const reasons: Refusal[] = [];

  const year = birthYear(person.birthdate);
  if (year === undefined) reasons.push({ code: 'birthdate_unknown' });
  else if (year > votingYear - rules.minimumAge) reasons.push({ code: 'too_young', minimumAge: rules.minimumAge, votingYear });

  if (rules.municipalities.length > 0) {
    const accepted = rules.municipalities.map(normaliseMunicipalityCode);
    const home = person.municipality?.trim() ? normaliseMunicipalityCode(person.municipality) : undefined;
    if (home === undefined) reasons.push({ code: 'municipality_unknown' });
    else if (!accepted.includes(home)) reasons.push({ code: 'not_resident', municipalities: accepted });
  }

  if (rules.authMethods.length > 0 && !(person.authMethods ?? []).some((method) => rules.authMethods.includes(method))) {
    reasons.push({ code: 'auth_method', accepted: [...rules.authMethods] });
  }

  return reasons.length === 0 ? { eligible: true } : { eligible: false, reasons };
}

// Names of the sign-in methods and a few municipalities, so a refusal reads as a sentence rather
// than as codes. An unknown code is shown as it is.
const AUTH_METHOD_NAMES: Record<RefusalLanguage, Record<string, string>> = {
  fi: { strong: 'vahva tunnistautuminen', school: 'koulun tunnukset', sms: 'tekstiviestitunnistus' },
  sv: { strong: 'stark autentisering', school: 'skolans inloggning', sms: 'sms-verifiering' },
  en: { strong: 'strong identification', school: 'school sign-in', sms: 'SMS verification' },
};

const MUNICIPALITY_NAMES: Record<string, Record<RefusalLanguage, string>> = {
  '049': { fi: 'Espoo', sv: 'Esbo', en: 'Espoo' },
  '091': { fi: 'Helsinki', sv: 'Helsingfors', en: 'Helsinki' },
  '092': { fi: 'Vantaa', sv: 'Vanda', en: 'Vantaa' },
  '186': { fi: 'Järvenpää', sv: 'Träskända', en: 'Järvenpää' },
  '743': { fi: 'Seinäjoki', sv: 'Seinäjoki', en: 'Seinäjoki' },
};

function list(items: string[], lang: RefusalLanguage): string {
  const or = { fi: 'tai', sv: 'eller', en: 'or' }[lang];
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${or} ${items[items.length - 1]}`;
}

function municipalityName(code: string, lang: RefusalLanguage): string {
  const name = MUNICIPALITY_NAMES[code]?.[lang];
  return name ? `${name} (${code})` : code;
}

/** One clear sentence per refusal, in the person's language. */
export function refusalMessage(refusal: Refusal, lang: RefusalLanguage): string {
  switch (refusal.code) {
    case 'birthdate_unknown':
      return {
        fi: 'Syntymäaikaasi ei saatu tunnistautumisesta, joten ikääsi ei voitu tarkistaa.',
        sv: 'Ditt födelsedatum kom inte med från inloggningen, så din ålder kunde inte kontrolleras.',
        en: 'Your date of birth did not come with your sign-in, so your age could not be checked.',
      }[lang];
    case 'too_young':
      return {
        fi: `Äänestämään pääsevät vuonna ${refusal.votingYear} vähintään ${refusal.minimumAge} vuotta täyttävät.`,
        sv: `Rösträtt har de som fyller minst ${refusal.minimumAge} år under ${refusal.votingYear}.`,
        en: `Only people who turn ${refusal.minimumAge} or older in ${refusal.votingYear} can vote.`,
      }[lang];
    case 'municipality_unknown':
      return {
        fi: 'Kotikuntaasi ei saatu tunnistautumisesta, joten asukkuuttasi ei voitu tarkistaa.',
        sv: 'Din hemkommun kom inte med från inloggningen, så din hemort kunde inte kontrolleras.',
        en: 'Your municipality of residence did not come with your sign-in, so your residence could not be checked.',
      }[lang];
    case 'not_resident': {
      const places = list(
        refusal.municipalities.map((code) => municipalityName(code, lang)),
        lang,
      );
      return {
        fi: `Tässä äänestyksessä voivat äänestää vain ne, joiden kotikunta on ${places}.`,
        sv: `I den här omröstningen kan bara de vars hemkommun är ${places} rösta.`,
        en: `Only people whose municipality of residence is ${places} can vote in this round.`,
      }[lang];
    }
    case 'auth_method': {
      const methods = list(
        refusal.accepted.map((method) => AUTH_METHOD_NAMES[lang][method] ?? method),
        lang,
      );
      return {
        fi: `Tässä äänestyksessä kirjaudutaan näin: ${methods}.`,
        sv: `I den här omröstningen loggar man in så här: ${methods}.`,
        en: `To vote in this round, sign in with ${methods}.`,
      }[lang];
    }
  }
}
