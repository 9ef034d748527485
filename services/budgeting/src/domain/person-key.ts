// One person, one ballot across every channel: a person is known by a key derived from their
// national identity code (paper and assisted ballots) or from their sign-in subject (online),
// never by the code itself. The key is an HMAC under a city secret, so the table of keys cannot be
// reversed by hashing every possible code (there are only a few hundred million of them).
import { createHmac } from 'node:crypto';
import { FinnishSSN } from 'finnish-ssn';

/** Shorter secrets are refused: the key's strength against guessing is the secret's entropy. */
export const PERSON_KEY_MIN_SECRET_LENGTH = 32;

/**
 * An identity code that is not a valid henkilötunnus. It deliberately carries no copy of the
 * input, so neither a log line nor a problem response can leak it; `field` names the request
 * field for the 400 answer.
 */
export class InvalidIdentityCode extends Error {
  override readonly name = 'InvalidIdentityCode';
  constructor(readonly field = 'identityCode') {
    super(`${field} is not a valid Finnish personal identity code`);
  }
}

/** Trimmed and upper-cased: '010190y123a ' is written on paper as 010190Y123A. */
function normalisedIdentityCode(code: string): string {
  if (typeof code !== 'string') throw new InvalidIdentityCode();
  const normalised = code.trim().toUpperCase();
  if (!FinnishSSN.validate(normalised)) throw new InvalidIdentityCode();
  return normalised;
}

/**
 * The birth date ('YYYY-MM-DD') that an identity code states — a paper ballot has no token, so the
 * age rule is checked with this. Throws InvalidIdentityCode.
 */
export function birthdateOfIdentityCode(code: string): string {
  const { dateOfBirth } = FinnishSSN.parse(normalisedIdentityCode(code));
  // finnish-ssn builds the date at local midnight, so it is read back in local time too.
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(dateOfBirth.getFullYear()).padStart(4, '0')}-${pad(dateOfBirth.getMonth() + 1)}-${pad(dateOfBirth.getDate())}`;
}

export class PersonKeys {
  readonly #secret: string;

  constructor(secret: string) {
    if (typeof secret !== 'string' || secret.length < PERSON_KEY_MIN_SECRET_LENGTH) {
      throw new Error(`The person key secret must be at least ${PERSON_KEY_MIN_SECRET_LENGTH} characters`);
    }
    this.#secret = secret;
  }

  /**
   * The person's key from their identity code (validated with finnish-ssn, trimmed, upper-cased).
   * The code is neither kept nor logged. Throws InvalidIdentityCode.
   */
  ofIdentityCode(code: string): string {
    return this.#key('hetu:', normalisedIdentityCode(code));
  }

  /**
   * The person's key from an issuer-independent sign-in subject. The domain prefix ('sub:' vs
   * 'hetu:') keeps a subject that happens to look like an identity code from ever sharing a key
   * with the person who owns that code.
   */
  ofSubject(sub: string): string {
    if (typeof sub !== 'string' || sub.length === 0) throw new Error('A sign-in subject is required');
    return this.#key('sub:', sub);
  }

  #key(domain: 'hetu:' | 'sub:', value: string): string {
    return createHmac('sha256', this.#secret).update(domain).update(value).digest('hex');
  }
}
