import { z } from 'zod';

/**
 * HTTP contract of the feedback service (services/feedback, port 3001): the answers the portal
 * reads, as zod schemas and their TS types. Objects are loose: the service may add fields, and
 * a reader sees only the ones named here.
 */

const isoTime = z.string();
const named = z.looseObject({ code: z.string(), name: z.string() });

export const catalogItem = z.looseObject({
  code: z.string(),
  name: z.string(),
  active: z.boolean().optional(),
  group: z.string().nullish(),
  description: z.string().nullish(),
  departmentCode: z.string().nullish(),
});
export type CatalogItem = z.infer<typeof catalogItem>;
export const catalogList = z.object({ items: z.array(catalogItem) });

/** GET /feedback/public/requests: published feedback, newest first, keyset paged. */
export const publicRequest = z.looseObject({
  id: z.uuid(),
  trackingCode: z.string(),
  kind: z.string(),
  status: z.string(),
  title: z.string().nullable(),
  excerpt: z.string(),
  category: named,
  district: named.nullable(),
  location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  address: z.string().nullable(),
  photo: z.object({ thumbnailUrl: z.string() }).nullable(),
  submittedAt: isoTime,
  updatedAt: isoTime,
});
export type PublicRequest = z.infer<typeof publicRequest>;
export const publicRequestPage = z.object({ items: z.array(publicRequest), nextCursor: z.string().nullable() });
export type PublicRequestPage = z.infer<typeof publicRequestPage>;

/** GET /feedback/public/requests/{idOrCode}: the tracking page. */
export const publicRequestDetail = z.looseObject({
  id: z.uuid(),
  trackingCode: z.string(),
  kind: z.string(),
  status: z.string(),
  statusNote: z.string().nullable(),
  published: z.boolean(),
  title: z.string().nullable(),
  description: z.string(),
  category: named,
  department: named,
  district: named.nullable(),
  address: z.string().nullable(),
  mergedInto: z.object({ published: z.boolean(), trackingCode: z.string().optional() }).nullable(),
  submittedAt: isoTime,
  updatedAt: isoTime,
  dueAt: isoTime,
  replies: z.array(z.object({ body: z.string(), at: isoTime })),
  photos: z.array(z.looseObject({ url: z.string(), thumbnailUrl: z.string().optional() })),
  timeline: z.array(z.looseObject({ event: z.string(), at: isoTime, to: z.string().optional() })),
});
export type PublicRequestDetail = z.infer<typeof publicRequestDetail>;

/** GET /feedback/my/requests: what the signed-in resident sent. */
export const myRequest = z.looseObject({
  id: z.uuid(),
  trackingCode: z.string(),
  kind: z.string(),
  status: z.string(),
  title: z.string().nullable(),
  category: z.object({ name: z.string() }),
  published: z.boolean(),
  submittedAt: isoTime,
  updatedAt: isoTime,
});
export const myRequestList = z.object({ items: z.array(myRequest) });
export type MyRequest = z.infer<typeof myRequest>;

/** GET /feedback/queues/{department}: a department's open cases. */
export const queueItem = z.looseObject({
  id: z.uuid(),
  trackingCode: z.string(),
  kind: z.string(),
  status: z.string(),
  categoryCode: z.string(),
  districtCode: z.string().nullable(),
  title: z.string().nullable(),
  excerpt: z.string(),
  assigneeId: z.string().nullable(),
  submittedAt: isoTime,
  dueAt: isoTime,
  overdue: z.boolean(),
  published: z.boolean(),
  photoCount: z.number(),
  version: z.number().int(),
});
export type QueueItem = z.infer<typeof queueItem>;
export const queuePage = z.object({ items: z.array(queueItem), nextCursor: z.string().nullable() });
export type QueuePage = z.infer<typeof queuePage>;

/** GET /feedback/staff: colleagues to assign a case to. */
export const staffList = z.object({ items: z.array(z.looseObject({ id: z.string(), name: z.string() })) });

/** A canned response: texts per language. */
export const cannedResponse = z.looseObject({
  id: z.uuid(),
  categoryCode: z.string().nullable(),
  departmentCode: z.string().nullable(),
  title: z.record(z.string(), z.string()),
  body: z.record(z.string(), z.string()),
  active: z.boolean(),
});
export type CannedResponse = z.infer<typeof cannedResponse>;

/** GET /feedback/cases/{id}: one case for its department's case workers. */
export const caseDetail = z.looseObject({
  id: z.uuid(),
  trackingCode: z.string(),
  kind: z.string(),
  status: z.string(),
  statusNote: z.string().nullable(),
  /** Staff names by id, for the history and the assignee. */
  people: z.record(z.string(), z.looseObject({ name: z.string(), role: z.string() })),
  likelyDuplicates: z.array(z.looseObject({ id: z.uuid(), trackingCode: z.string() })),
  cannedResponses: z.array(cannedResponse.pick({ id: true, title: true, body: true })),
  categoryCode: z.string(),
  departmentCode: z.string(),
  districtCode: z.string().nullable(),
  title: z.string().nullable(),
  description: z.string(),
  language: z.string(),
  location: z.object({ lat: z.coerce.number(), lon: z.coerce.number() }).nullable(),
  address: z.string().nullable(),
  channel: z.string(),
  assigneeId: z.string().nullable(),
  published: z.boolean(),
  mergedIntoId: z.string().nullable(),
  contact: z.object({ email: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  submittedAt: isoTime,
  dueAt: isoTime,
  overdue: z.boolean(),
  version: z.number().int(),
  supporterCount: z.number().int(),
  messages: z.array(z.looseObject({ id: z.string(), visibility: z.string(), body: z.string(), authorId: z.string().nullable(), createdAt: isoTime })),
  photos: z.array(z.looseObject({ id: z.uuid() })),
  audit: z.array(z.looseObject({ at: isoTime, actorId: z.string().nullable(), actorRole: z.string(), action: z.string(), details: z.record(z.string(), z.unknown()).nullable() })),
});
export type CaseDetail = z.infer<typeof caseDetail>;

/** GET /feedback/admin/open311-keys. */
export const open311KeyList = z.object({ items: z.array(z.looseObject({ id: z.string(), label: z.string(), revokedAt: z.string().nullable() })) });
export type Open311Key = z.infer<typeof open311KeyList>['items'][number];

/** A row of an admin catalogue list (departments, categories, districts): names per language and the rest. */
export const adminCatalogRow = z.looseObject({ code: z.string(), active: z.boolean().optional() }).catchall(z.unknown());
export type AdminCatalogRow = z.infer<typeof adminCatalogRow>;
