import MailComposer from 'nodemailer/lib/mail-composer';
import { composeAlternativeMessage } from './alternative-message';
import { DeliveryChannel, OutgoingMessage, PermanentDeliveryError } from './channel';
import { SmtpConnectionPool } from './smtp-connection-pool';

export interface EmailChannelOptions {
  smtpUrl: string;
  from: string;
  /** Offered beside the one-click link only when the city handles mail sent to it. */
  unsubscribeMailto?: string;
  maxConnections: number;
  /** The domain part of Message-IDs. */
  messageIdDomain?: string;
}

/**
 * Email over SMTP through a pool of nodemailer SMTP connections. Every message has a text and an HTML
 * part, a Message-ID derived from the notification id (a resend is recognisably the same
 * message) and RFC 8058 one-click List-Unsubscribe headers.
 *
 * A message without attachments is composed by composeAlternativeMessage, one with them by
 * MailComposer. The message is composed into one buffer before it is handed to the pool: streamed,
 * nodemailer writes it to the socket in many small pieces, and on a busy host every socket
 * write costs more than composing the whole message does (bench/README.md, notifications).
 * With the server's PIPELINING the envelope and DATA then go out together as well.
 */
export class EmailChannel implements DeliveryChannel {
  private readonly pool: SmtpConnectionPool;
  private readonly domain: string;
  /** The bare address of `from`, for the SMTP envelope (MAIL FROM). */
  private readonly envelopeFrom: string;

  constructor(private readonly options: EmailChannelOptions) {
    this.pool = new SmtpConnectionPool({
      smtpUrl: options.smtpUrl,
      maxConnections: options.maxConnections,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    this.envelopeFrom = /<([^>]+)>/.exec(options.from)?.[1] ?? options.from;
    this.domain = options.messageIdDomain ?? (/@([^>\s]+)/.exec(options.from)?.[1] ?? 'vaikuta.local');
  }

  async send(message: OutgoingMessage): Promise<{ providerId?: string }> {
    const mailto = this.options.unsubscribeMailto ? `, <mailto:${this.options.unsubscribeMailto}?subject=unsubscribe>` : '';
    try {
      const messageId = `<${message.id}@${this.domain}>`;
      const fields = {
        from: this.options.from,
        to: message.to,
        subject: message.content.subject,
        text: message.content.text,
        html: message.content.html,
        messageId,
        headers: {
          'List-Unsubscribe': `<${message.unsubscribeUrl}>${mailto}`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'Auto-Submitted': 'auto-generated',
        },
      };
      const raw = message.attachments?.length
        ? await new MailComposer({
            ...fields,
            attachments: message.attachments.map(({ filename, contentType, content }) => ({ filename, contentType, content })),
            // Base64 costs a fifth less CPU to encode than quoted-printable; every client reads both.
            textEncoding: 'base64',
          })
            .compile()
            .build()
        : composeAlternativeMessage(fields);
      await this.pool.send({ from: this.envelopeFrom, to: [message.to] }, raw);
      return { providerId: messageId };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // 5xx from the server: this address or message will not be accepted by trying again.
      if (code && code >= 500) throw new PermanentDeliveryError(`SMTP ${code}: ${(error as Error).message}`);
      throw error;
    }
  }

  close(): void {
    this.pool.close();
  }
}
