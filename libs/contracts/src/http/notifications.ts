import { z } from 'zod';

/**
 * HTTP contract of the notification service (services/notifications, port 3005): the answers
 * the portal reads. Objects are loose: a reader sees only the fields named here.
 */

const isoTime = z.string();
const channel = z.enum(['email', 'sms', 'inapp']);

/** GET /notifications/preferences: the signed-in person's choices. */
export const preferences = z.looseObject({
  language: z.string(),
  channels: z.array(channel),
  digest: z.string(),
  optOuts: z.array(z.string()),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
export type Preferences = z.infer<typeof preferences>;

/** GET /notifications/preferences/link?token=…: the same through a message's signed link, addresses masked. */
export const linkPreferences = preferences.extend({
  kind: z.enum(['person', 'contact']),
  unsubscribedAll: z.boolean(),
  availableChannels: z.array(channel),
});
export type LinkPreferences = z.infer<typeof linkPreferences>;

/** GET /notifications/inbox: in-app messages, newest first, paged by `before`. */
export const inboxItem = z.looseObject({
  id: z.uuid(),
  eventType: z.string(),
  itemKey: z.string().nullable(),
  subject: z.string(),
  text: z.string(),
  link: z.string().nullable(),
  createdAt: isoTime,
  readAt: isoTime.nullable(),
});
export type InboxItem = z.infer<typeof inboxItem>;
export const inboxPage = z.object({ items: z.array(inboxItem), nextBefore: isoTime.nullable() });
export type InboxPage = z.infer<typeof inboxPage>;

/** GET /notifications/follows: `itemKey` is `<itemType>:<id>`. */
export const followList = z.object({ items: z.array(z.looseObject({ itemKey: z.string(), title: z.string().nullable(), since: isoTime })) });
export type FollowList = z.infer<typeof followList>;

/** GET /notifications/admin/templates/{name}/{language}: one template with its source parts. */
export const messageTemplate = z.looseObject({
  name: z.string(),
  language: z.string(),
  /** The template's name for admins, per language. */
  title: z.record(z.string(), z.string()),
  usesBuiltin: z.boolean(),
  source: z.record(z.string(), z.string()),
});
export type MessageTemplate = z.infer<typeof messageTemplate>;
