import { ServiceClient } from './service-client';

/** The notification service: follows, preferences, the inbox, message templates. */
export class NotificationsClient extends ServiceClient {}
