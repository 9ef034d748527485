import nodemailer, { Transporter } from 'nodemailer';
import { DeliveryChannel, OutgoingMessage, PermanentDeliveryError } from './channel';

export interface EmailChannelOptions {
  smtpUrl: string;
  from: string;
  unsubscribeMailto: string;
  maxConnections: number;
  /** The domain part of Message-IDs. */
  messageIdDomain?: string;
}

/**
 * Email over SMTP with a pooled nodemailer transport. Every message has a text and an HTML
 * part, a Message-ID derived from the notification id (a resend is recognisably the same
 * message) and RFC 8058 one-click List-Unsubscribe headers.
 */
export class EmailChannel implements DeliveryChannel {
  private readonly transport: Transporter;
  private readonly domain: string;

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
    this.domain = options.messageIdDomain ?? (/@([^>\s]+)/.exec(options.from)?.[1] ?? 'vaikuta.local');
  }

  async send(message: OutgoingMessage): Promise<{ providerId?: string }> {
    const mailto = `mailto:${this.options.unsubscribeMailto}?subject=unsubscribe`;
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        to: message.to,
        subject: message.content.subject,
        text: message.content.text,
        html: message.content.html,
        messageId: `<${message.id}@${this.domain}>`,
        headers: {
          'List-Unsubscribe': `<${message.unsubscribeUrl}>, <${mailto}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'Auto-Submitted': 'auto-generated',
        },
      });
      return { providerId: info.messageId };
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
