import nodemailer, { Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { DeliveryChannel, OutgoingMessage, PermanentDeliveryError } from './channel';

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
 * Email over SMTP with a pooled nodemailer transport. Every message has a text and an HTML
 * part, a Message-ID derived from the notification id (a resend is recognisably the same
 * message) and RFC 8058 one-click List-Unsubscribe headers.
 *
 * The message is composed into one buffer before it is handed to the transport: streamed,
 * nodemailer writes it to the socket in many small pieces, and on a busy host every socket
 * write costs more than composing the whole message does (bench/README.md, notifications).
 * With the server's PIPELINING the envelope and DATA then go out together as well.
 */
export class EmailChannel implements DeliveryChannel {
  private readonly transport: Transporter;
  private readonly domain: string;
  /** The bare address of `from`, for the SMTP envelope (MAIL FROM). */
  private readonly envelopeFrom: string;

  constructor(private readonly options: EmailChannelOptions) {
    this.transport = nodemailer.createTransport({
      url: options.smtpUrl,
      pool: true,
      maxConnections: options.maxConnections,
      maxMessages: Infinity,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as never);
    this.envelopeFrom = /<([^>]+)>/.exec(options.from)?.[1] ?? options.from;
    this.domain = options.messageIdDomain ?? (/@([^>\s]+)/.exec(options.from)?.[1] ?? 'vaikuta.local');
  }

  async send(message: OutgoingMessage): Promise<{ providerId?: string }> {
    const mailto = this.options.unsubscribeMailto ? `, <mailto:${this.options.unsubscribeMailto}?subject=unsubscribe>` : '';
    try {
      const messageId = `<${message.id}@${this.domain}>`;
      const raw = await new MailComposer({
        from: this.options.from,
        to: message.to,
        subject: message.content.subject,
        text: message.content.text,
        html: message.content.html,
        messageId,
        attachments: message.attachments?.map(({ filename, contentType, content }) => ({ filename, contentType, content })),
        // Base64 costs a fifth less CPU to encode than quoted-printable; every client reads both.
        textEncoding: 'base64',
        headers: {
          'List-Unsubscribe': `<${message.unsubscribeUrl}>${mailto}`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'Auto-Submitted': 'auto-generated',
        },
      })
        .compile()
        .build();
      await this.transport.sendMail({ envelope: { from: this.envelopeFrom, to: [message.to] }, raw });
      return { providerId: messageId };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // 5xx from the server: this address or message will not be accepted by trying again.
      if (code && code >= 500) throw new PermanentDeliveryError(`SMTP ${code}: ${(error as Error).message}`);
      throw error;
    }
  }

  close(): void {
    this.transport.close();
  }
}
