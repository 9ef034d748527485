import type { RenderedMessage } from '../templates/template-renderer';

export interface OutgoingMessage {
  /** The notification id: Message-ID and provider reference derive from it. */
  id: string;
  to: string;
  content: RenderedMessage;
  /** One-click unsubscribe URL (RFC 8058) for this message's scope. */
  unsubscribeUrl: string;
}

/** A failure the provider will not get over by trying again (bad address, refused content). */
export class PermanentDeliveryError extends Error {
  readonly permanent = true;
}

export interface DeliveryChannel {
  send(message: OutgoingMessage): Promise<{ providerId?: string }>;
  close?(): Promise<void> | void;
}

export const EMAIL_CHANNEL = Symbol('EMAIL_CHANNEL');
export const SMS_CHANNEL = Symbol('SMS_CHANNEL');
