import type { RenderedMessage } from '../templates/template-renderer';

export interface OutgoingMessage {
  /** The notification id: Message-ID and provider reference derive from it. */
  id: string;
  to: string;
  content: RenderedMessage;
  /** One-click unsubscribe URL (RFC 8058) for this message's scope. */
  unsubscribeUrl: string;
  /** Files the message carries (a calendar entry); only email sends them, other channels ignore them. */
  attachments?: EmailAttachment[];
}

/** A file a rule's view adds to the email (`attachments` in the view): small text, kept with the notification row. */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** The view's attachments when they have the right shape; anything else in the stored data is not sent. */
export function attachmentsOf(view: Record<string, unknown>): EmailAttachment[] {
  const list = view.attachments;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (a): a is EmailAttachment =>
      typeof a === 'object' && a !== null && typeof a.filename === 'string' && typeof a.contentType === 'string' && typeof a.content === 'string',
  );
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
