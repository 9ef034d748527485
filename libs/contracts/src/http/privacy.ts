import { z } from 'zod';

/**
 * HTTP contract of a person's data export (GDPR Art. 15), the same in every service:
 * `GET /<prefix>/privacy/my-data` answers one section — what that service holds about the
 * signed-in person — and the portal merges the sections into one download (docs/adr/0018).
 */

/** One kind of record a service keeps about a person, why, and the records themselves. */
export const personalDataCategory = z.looseObject({
  /** A stable machine name: `feedback_requests`, `ballots`, `association_representations`. */
  name: z.string(),
  /** Why the service keeps these, in plain words (the Art. 15(1)(a) purpose). */
  purpose: z.string(),
  /**
   * Set when erasure keeps these records (Art. 17(3)): the reason, e.g. a ballot kept under a
   * keyed hash for recounts. Absent: an erasure request leaves this category empty.
   */
  keptOnErasure: z.string().optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});
export type PersonalDataCategory = z.infer<typeof personalDataCategory>;

/** One service's section of the export. */
export const personalDataSection = z.looseObject({
  service: z.string(),
  generatedAt: z.string(),
  categories: z.array(personalDataCategory),
});
export type PersonalDataSection = z.infer<typeof personalDataSection>;

/** A service the portal asked for its section that did not answer: named, never a silent gap. */
export const missingSection = z.object({
  service: z.string(),
  reason: z.string(),
});
export type MissingSection = z.infer<typeof missingSection>;

/** The portal's `/my/data.json`: every section it gathered, and those it could not. */
export const personalDataExport = z.object({
  subject: z.string(),
  generatedAt: z.string(),
  sections: z.array(personalDataSection),
  missing: z.array(missingSection),
});
export type PersonalDataExport = z.infer<typeof personalDataExport>;

/** `GET …/privacy/admin/subjects/:subjectId/data`: whose data an admin exports for a written request. */
export const subjectParams = z.object({
  subjectId: z.string().trim().min(1, 'Name the sign-in subject').max(255, 'A sign-in subject is at most 255 characters'),
});
export type SubjectParams = z.infer<typeof subjectParams>;
