import { z } from 'zod';
import { visibleText } from '../text';

/**
 * The association register (`/grants/associations`). An association is identified by a
 * business ID (Y-tunnus), a registered-association number (yhdistysrekisterinumero), or is an
 * unregistered group; the service checks the identifiers' own rules (check digit, format) and
 * answers a 400 naming the field.
 */

export const associationIdentification = z.enum(['business_id', 'registered_association', 'unregistered_group']);
export type AssociationIdentification = z.infer<typeof associationIdentification>;

/**
 * Whether the city has checked that the registrant really speaks for the association (ADR 0013).
 * A business ID registered under a Suomi.fi mandate is `verified` at once; a registration
 * number or an unregistered group is `pending_verification` until a grants officer verifies or
 * rejects it. Until then its people may prepare drafts but not submit or book in its name.
 */
export const associationVerification = z.enum(['verified', 'pending_verification', 'rejected']);
export type AssociationVerification = z.infer<typeof associationVerification>;

export const representativeRole = z.enum(['chair', 'secretary', 'treasurer', 'contact']);
export type RepresentativeRole = z.infer<typeof representativeRole>;
export const REPRESENTATIVE_ROLES = representativeRole.options;

/** The association's name in Finnish and, if it has one, in Swedish. */
export interface AssociationName {
  fi: string;
  sv?: string;
}

const line = (max: number) => visibleText({ max });

export const postalAddress = z.object({
  street: line(200),
  postalCode: z.string().trim().regex(/^\d{5}$/, 'Five digits, such as 04400'),
  city: line(100),
});
export type PostalAddress = z.infer<typeof postalAddress>;

/** Fields an association's representatives may set and change. */
const associationFields = {
  /** The name in Finnish. */
  name: line(200),
  nameSv: line(200).optional(),
  address: postalAddress.optional(),
  /** Any common spacing and case; stored in electronic format (FI2112345600000785). */
  iban: z.string().trim().max(50, 'At most 50 characters').optional(),
  /** The association's own address for mail from the city (not a person's). */
  email: z.email('An email address').max(254).optional(),
};

export const registerAssociationRequest = z.object({
  ...associationFields,
  /** Y-tunnus, 1234567-1; the caller's token must act for it (actingFor). */
  businessId: z.string().trim().max(20, 'At most 20 characters').optional(),
  /** Yhdistysrekisterinumero, e.g. 123.456. */
  registrationNumber: z.string().trim().max(20, 'At most 20 characters').optional(),
  /** A group with neither: its registrant becomes its first representative. */
  unregisteredGroup: z.literal(true).optional(),
  /** The registrant's own role and display name among the representatives. */
  role: representativeRole.default('contact'),
  representativeName: line(200).optional(),
});
export type RegisterAssociationRequest = z.infer<typeof registerAssociationRequest>;

export const updateAssociationRequest = z.object({
  version: z.number().int().positive(),
  name: line(200).optional(),
  /** null removes it. */
  nameSv: line(200).nullable().optional(),
  address: postalAddress.nullable().optional(),
  iban: z.string().trim().max(50, 'At most 50 characters').nullable().optional(),
  email: z.email('An email address').max(254).nullable().optional(),
});
export type UpdateAssociationRequest = z.infer<typeof updateAssociationRequest>;

export const addRepresentativeRequest = z.object({
  version: z.number().int().positive(),
  /** The person's sign-in subject, as the identity provider gives it. */
  sub: z.string().trim().min(1, 'Must not be empty').max(200, 'At most 200 characters'),
  role: representativeRole,
  name: line(200).optional(),
});
export type AddRepresentativeRequest = z.infer<typeof addRepresentativeRequest>;

export const removeRepresentativeRequest = z.object({ version: z.number().int().positive() });
export type RemoveRepresentativeRequest = z.infer<typeof removeRepresentativeRequest>;

export const representative = z.object({
  sub: z.string(),
  role: representativeRole,
  name: z.string().nullable(),
  addedAt: z.string(),
});
export type Representative = z.infer<typeof representative>;

/** What the association's own staff, grants officers and admins see. */
export const associationDetail = z.object({
  id: z.uuid(),
  name: z.string(),
  nameSv: z.string().nullable(),
  identification: associationIdentification,
  businessId: z.string().nullable(),
  registrationNumber: z.string().nullable(),
  verification: associationVerification,
  /** Why a grants officer rejected the registration; null unless rejected. */
  rejectionReason: z.string().nullable(),
  address: postalAddress.nullable(),
  iban: z.string().nullable(),
  email: z.string().nullable(),
  representatives: z.array(representative),
  /** How the caller may act for it: through a mandate for the business ID, as a representative, as an officer (read only) or admin. */
  access: z.enum(['mandate', 'representative', 'officer', 'admin']),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AssociationDetail = z.infer<typeof associationDetail>;

export const associationSummary = associationDetail.pick({ id: true, name: true, nameSv: true, identification: true, businessId: true, registrationNumber: true, verification: true });
export type AssociationSummary = z.infer<typeof associationSummary>;

export const associationList = z.object({ items: z.array(associationSummary) });
export type AssociationList = z.infer<typeof associationList>;

/** Officers search the register by name (either language), business ID or registration number. */
export const associationSearchQuery = z.object({
  q: z.string().trim().min(1, 'Must not be empty').max(100, 'At most 100 characters').optional(),
  /** Only associations in this state (officers' queue: pending_verification). */
  verification: associationVerification.optional(),
});
export type AssociationSearchQuery = z.infer<typeof associationSearchQuery>;

/** The caller's own associations, and the business IDs their mandate names that are not in the register yet (to offer registering them). */
export const myAssociations = associationList.extend({ unregisteredBusinessIds: z.array(z.string()) });
export type MyAssociations = z.infer<typeof myAssociations>;

/** The register in public: names and business IDs only, nothing about people. */
export const publicAssociation = z.object({ id: z.uuid(), name: z.string(), nameSv: z.string().nullable(), businessId: z.string().nullable() });
export type PublicAssociation = z.infer<typeof publicAssociation>;
export const publicAssociationList = z.object({ items: z.array(publicAssociation) });
export type PublicAssociationList = z.infer<typeof publicAssociationList>;

/** A grants officer's verification: the version they saw and what they checked (kept in the audit). */
export const verifyAssociationRequest = z.object({
  version: z.number().int().positive(),
  note: visibleText({ max: 2000, emptyMessage: 'Say what you checked, such as the extract from the register of associations' }),
});
export type VerifyAssociationRequest = z.infer<typeof verifyAssociationRequest>;

/** A grants officer's rejection: the reason is shown to the registrant. */
export const rejectAssociationRequest = z.object({
  version: z.number().int().positive(),
  reason: visibleText({ max: 2000, emptyMessage: 'Give the reason; the registrant sees it' }),
});
export type RejectAssociationRequest = z.infer<typeof rejectAssociationRequest>;
