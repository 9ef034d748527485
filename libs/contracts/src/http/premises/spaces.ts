import { z } from 'zod';
import { localizedText, TEXT_MAX, visibleText } from '../text';

/** A text per language (fi, sv, en), at least one present, as answered; readers fall back to another. */
export const premisesText = z
  .object({ fi: z.string().max(2000).optional(), sv: z.string().max(2000).optional(), en: z.string().max(2000).optional() })
  .refine((t) => Boolean(t.fi || t.sv || t.en), 'at least one language');
export type PremisesText = z.infer<typeof premisesText>;
/** Names of spaces and seasons in requests: visible, at most 200 characters per language. */
export const premisesName = localizedText({ max: TEXT_MAX.title });
/** Descriptions in requests: visible, at most 2000 characters per language (what answers allow). */
const premisesDescription = localizedText({ max: 2000 });

/** How the booker gets in: a time-limited door code, a key picked up somewhere, staff open the door, or no door at all. */
export const accessType = z.enum(['door_code', 'key_pickup', 'opened_by_staff', 'unrestricted']);
export type AccessType = z.infer<typeof accessType>;

/** Who may book a space: any signed-in person, people acting for an association, or only staff. */
export const whoMayBook = z.enum(['anyone', 'associations', 'staff']);
export type WhoMayBook = z.infer<typeof whoMayBook>;

/** What the accessibility filter asks for; a space lists the ones it has. */
export const accessibilityFeature = z.enum(['step_free', 'accessible_toilet', 'induction_loop', 'accessible_parking', 'lift']);
export type AccessibilityFeature = z.infer<typeof accessibilityFeature>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof weekday>;

/** A local time of day in Europe/Helsinki, `HH:MM`; `24:00` closes at midnight. */
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a local time HH:MM (00:00–24:00)');

/** One opening period of a day, local time, `opens` before `closes`. */
export const openingPeriod = z
  .object({ opens: localTime, closes: localTime })
  .refine((p) => p.opens < p.closes, { message: 'opens must be before closes', path: ['closes'] });
export type OpeningPeriod = z.infer<typeof openingPeriod>;

const dayPeriods = z.array(openingPeriod).max(4);

/**
 * Opening hours in Europe/Helsinki local time: periods per weekday (a day missing or empty is
 * closed), and exceptions by date that replace the weekday's periods (empty: closed that day).
 */
export const openingHours = z.object({
  weekly: z.partialRecord(weekday, dayPeriods),
  exceptions: z
    .array(z.object({ date: z.iso.date(), periods: dayPeriods, note: z.string().max(200).optional() }))
    .max(400)
    .default([]),
});
export type OpeningHours = z.infer<typeof openingHours>;

/**
 * Opening hours as a request gives them: an exception's note is visible text (refused, naming
 * `openingHours.exceptions.<i>.note`, when only spaces or zero-width characters were sent). The
 * answer keeps the loose `openingHours`, so notes stored before still read.
 */
const openingHoursRequest = openingHours.extend({
  exceptions: z
    .array(z.object({ date: z.iso.date(), periods: dayPeriods, note: visibleText({ max: 200 }).optional() }))
    .max(400)
    .default([]),
});

/** Price of a booking in euro cents: free, per started hour, or a fixed sum. */
export const price = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('free') }),
  z.object({ kind: z.literal('hourly'), cents: z.number().int().min(1).max(10_000_000) }),
  z.object({ kind: z.literal('fixed'), cents: z.number().int().min(1).max(10_000_000) }),
]);
export type Price = z.infer<typeof price>;

/** The rules every booking of a space must meet (see services/grants/src/bookings/booking-rules.ts). */
export const bookingRules = z
  .object({
    minDurationMinutes: z.number().int().min(15).max(24 * 60),
    maxDurationMinutes: z.number().int().min(15).max(14 * 24 * 60),
    /** Bookings begin and end on this grid of local time (from midnight). */
    startIntervalMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)]),
    /** Set-up time kept free before each booking; see ADR 0014 for how buffers add up. */
    bufferBeforeMinutes: z.number().int().min(0).max(240),
    /** Clean-up time kept free after each booking. */
    bufferAfterMinutes: z.number().int().min(0).max(240),
    /** 0: from today on; 1: from tomorrow (local calendar days). */
    minDaysAhead: z.number().int().min(0).max(365),
    /** The last local day bookable, counted from today. */
    maxDaysAhead: z.number().int().min(0).max(730),
    maxActiveBookingsPerPerson: z.number().int().min(1).max(100),
    whoMayBook,
    price,
    /** A booker may cancel until this many hours before the booking begins; staff any time. */
    cancellationDeadlineHours: z.number().int().min(0).max(24 * 60),
  })
  .refine((r) => r.minDurationMinutes <= r.maxDurationMinutes, { message: 'must not be more than maxDurationMinutes', path: ['minDurationMinutes'] })
  .refine((r) => r.minDaysAhead <= r.maxDaysAhead, { message: 'must not be more than maxDaysAhead', path: ['minDaysAhead'] })
  .refine((r) => r.minDurationMinutes % r.startIntervalMinutes === 0, {
    message: 'must be a multiple of startIntervalMinutes',
    path: ['minDurationMinutes'],
  })
  .refine((r) => r.maxDurationMinutes % r.startIntervalMinutes === 0, {
    message: 'must be a multiple of startIntervalMinutes',
    path: ['maxDurationMinutes'],
  });
export type BookingRules = z.infer<typeof bookingRules>;

/** Where and when a key is picked up (for `key_pickup` spaces). */
export const keyPickup = z.object({ where: premisesText, when: premisesText });
export type KeyPickup = z.infer<typeof keyPickup>;
const keyPickupRequest = z.object({ where: localizedText({ max: 500 }), when: localizedText({ max: 500 }) });

const spaceFields = z.object({
  name: premisesName,
  /** The unit that runs the space (a school, a sports office). */
  unit: visibleText({ max: 200 }),
  address: visibleText({ max: 300 }),
  location: z.object({ lat: z.number().min(59).max(71), lon: z.number().min(19).max(32) }).nullable().default(null),
  capacity: z.number().int().min(1).max(100_000),
  accessibility: z
    .object({ features: z.array(accessibilityFeature).max(10).default([]), description: premisesDescription.optional() })
    .default({ features: [] }),
  openingHours: openingHoursRequest,
  rules: bookingRules,
  requiresApproval: z.boolean(),
  accessType,
  keyPickup: keyPickupRequest.optional(),
});

const keyPickupWhenNeeded = {
  check: (s: { accessType: AccessType; keyPickup?: KeyPickup }) => s.accessType !== 'key_pickup' || s.keyPickup !== undefined,
  params: { message: 'a key pick-up space says where and when the key is picked up', path: ['keyPickup'] },
};

export const spaceRequest = spaceFields.refine(keyPickupWhenNeeded.check, keyPickupWhenNeeded.params);
export type SpaceRequest = z.infer<typeof spaceRequest>;

/** A full replacement of the space's details, with the version the manager saw. */
export const updateSpaceRequest = spaceFields.extend({ version: z.number().int().min(1) }).refine(keyPickupWhenNeeded.check, keyPickupWhenNeeded.params);
export type UpdateSpaceRequest = z.infer<typeof updateSpaceRequest>;

export const spaceSummary = z.object({
  id: z.uuid(),
  name: premisesText,
  unit: z.string(),
  address: z.string(),
  capacity: z.number().int(),
  accessibilityFeatures: z.array(accessibilityFeature),
  requiresApproval: z.boolean(),
  accessType,
  whoMayBook,
  price,
  /** Where the space is (public, not a person's): a list's map pins it without reading each space. */
  location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
});
export type SpaceSummary = z.infer<typeof spaceSummary>;

export const spaceDetail = spaceSummary.extend({
  accessibility: z.object({ features: z.array(accessibilityFeature), description: premisesText.optional() }),
  openingHours,
  rules: bookingRules,
  keyPickup: keyPickup.nullable(),
  /** In the manager's order; `url` is the public `GET /premises/spaces/{id}/photos/{photoId}`. */
  photos: z.array(z.object({ id: z.uuid(), url: z.string(), alt: premisesText })),
  version: z.number().int(),
});
export type SpaceDetail = z.infer<typeof spaceDetail>;

export const spaceListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  /** At least this many people fit. */
  capacity: z.coerce.number().int().min(1).max(100_000).optional(),
  /** Comma-separated features the space must all have. */
  accessibility: z
    .string()
    .max(200)
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(accessibilityFeature).max(10))
    .optional(),
  unit: z.string().trim().min(1).max(200).optional(),
});
export type SpaceListQuery = z.infer<typeof spaceListQuery>;

export const spaceList = z.object({ items: z.array(spaceSummary), nextCursor: z.string().nullable() });
export type SpaceList = z.infer<typeof spaceList>;

/** A photo's alternative text: Finnish required, Swedish and English optional (multipart fields `alt.fi`, `alt.sv`, `alt.en`). */
export const photoAlt = z.object({
  fi: visibleText({ max: 300 }),
  sv: visibleText({ max: 300 }).optional(),
  en: visibleText({ max: 300 }).optional(),
});
export type PhotoAlt = z.infer<typeof photoAlt>;

export const spacePhoto = z.object({ id: z.uuid(), url: z.string(), alt: premisesText });
export type SpacePhoto = z.infer<typeof spacePhoto>;

/** The space's photos in their new order: every photo of the space, once. */
export const photoOrderRequest = z.object({ photoIds: z.array(z.uuid()).min(1).max(50) });
export type PhotoOrderRequest = z.infer<typeof photoOrderRequest>;
