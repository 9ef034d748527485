import { FinnishBusinessIds } from 'finnish-business-ids';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { GrantsHttp } from '@vaikuta/contracts';
import { ValidationProblem } from '@vaikuta/http';

/** How the register knows an association: exactly one identifier, or none for a group. */
export interface AssociationIdentity {
  identification: GrantsHttp.AssociationIdentification;
  businessId: string | null;
  registrationNumber: string | null;
}

/**
 * A business ID (Y-tunnus) in its one written form, 1234567-1, when its check digit holds;
 * otherwise null. Seven digits without the dash are common on forms, so they are accepted
 * and written back with it.
 */
export function normaliseBusinessId(value: string): string | null {
  const compact = value.trim();
  const withDash = /^\d{8}$/.test(compact) ? `${compact.slice(0, 7)}-${compact.slice(7)}` : compact;
  return /^\d{7}-\d$/.test(withDash) && FinnishBusinessIds.isValidBusinessId(withDash) ? withDash : null;
}

/**
 * A registered-association number (yhdistysrekisterinumero) as the Finnish Patent and
 * Registration Office prints it: up to six digits, the last three after a dot (123.456).
 * It has no check digit, so only its shape is checked.
 */
export function normaliseRegistrationNumber(value: string): string | null {
  const digits = value.trim().replace(/^(\d{1,3})[. ](\d{3})$/, '$1$2');
  if (!/^\d{1,6}$/.test(digits) || /^0+$/.test(digits)) return null;
  const number = String(Number(digits));
  return number.length > 3 ? `${number.slice(0, -3)}.${number.slice(-3)}` : number;
}

/** An IBAN in electronic format (FI2112345600000785) when valid (country length and checksum), otherwise null. */
export function normaliseIban(value: string): string | null {
  const electronic = electronicFormatIBAN(value.trim());
  return electronic && isValidIBAN(electronic) ? electronic : null;
}

/** The IBAN field of a request, normalised, or a 400 naming `iban`. */
export function ibanOf(value: string): string {
  const iban = normaliseIban(value);
  if (!iban) throw ValidationProblem.field('iban', 'Not a valid IBAN (check the country code, length and check digits), such as FI21 1234 5600 0007 85');
  return iban;
}

const ONE_OF = 'Give one of: a business ID (businessId, such as 1234567-1), a registered-association number (registrationNumber), or unregisteredGroup: true';

/**
 * Which identifier a registration gives, checked: an invalid or missing one is a 400 naming
 * the field (`businessId` when none or several are given, since that is what most have).
 */
export function identityOf(request: Pick<GrantsHttp.RegisterAssociationRequest, 'businessId' | 'registrationNumber' | 'unregisteredGroup'>): AssociationIdentity {
  const given = [request.businessId, request.registrationNumber, request.unregisteredGroup].filter((v) => v !== undefined && v !== '');
  if (given.length !== 1) throw ValidationProblem.field('businessId', given.length === 0 ? ONE_OF : `Only one identifier. ${ONE_OF}`);
  if (request.businessId) {
    const businessId = normaliseBusinessId(request.businessId);
    if (!businessId) throw ValidationProblem.field('businessId', 'Not a valid business ID (Y-tunnus): seven digits, a dash and a check digit, such as 1234567-1');
    return { identification: 'business_id', businessId, registrationNumber: null };
  }
  if (request.registrationNumber) {
    const registrationNumber = normaliseRegistrationNumber(request.registrationNumber);
    if (!registrationNumber) throw ValidationProblem.field('registrationNumber', 'Not a registered-association number: up to six digits, such as 123.456');
    return { identification: 'registered_association', businessId: null, registrationNumber };
  }
  return { identification: 'unregistered_group', businessId: null, registrationNumber: null };
}
