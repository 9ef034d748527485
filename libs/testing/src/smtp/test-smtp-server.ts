import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import { simpleParser } from 'mailparser';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
  /** Files attached to the message (a calendar entry), as a mail client sees them. */
  attachments: { filename: string; contentType: string; content: Buffer }[];
  receivedAt: number;
  /** The SMTP connection it came over (smtp-server's session id); see `closedSessions`. */
  sessionId: string;
}

/**
 * A real SMTP server in the test process: messages are parsed with mailparser as a mail
 * client would. `holdRecipients` parks transactions at RCPT TO — before any message data
 * is sent — so a test can kill a sender while its messages are certainly not delivered.
 */
export class TestSmtpServer {
  readonly messages: ReceivedMail[] = [];
  holdRecipients = false;
  readonly held: (() => void)[] = [];
  /** Answer RCPT TO with this SMTP code for matching addresses (e.g. 550 for a permanent failure). */
  rejectRecipient?: (address: string) => number | undefined;
  /** Socket errors of clients that went away mid-transaction (a killed worker resets its sockets). */
  readonly connectionErrors: Error[] = [];
  /**
   * When each connection closed (this process's clock), by session id: a sender killed with
   * `kill -9` closes all of its connections at once, which tells its messages apart from another
   * process's however late this server got round to parsing them.
   */
  readonly closedSessions = new Map<string, number>();
  private server!: SMTPServer;
  port = 0;

  static async start(): Promise<TestSmtpServer> {
    const s = new TestSmtpServer();
    s.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 5 * 1024 * 1024,
      onRcptTo: (address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) => {
        const code = s.rejectRecipient?.(address.address);
        if (code) {
          const error = Object.assign(new Error('Mailbox unavailable'), { responseCode: code });
          return callback(error);
        }
        if (s.holdRecipients) {
          s.held.push(() => callback());
          return;
        }
        callback();
      },
      onClose: (session: SMTPServerSession) => {
        s.closedSessions.set(session.id, Date.now());
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const headers: Record<string, string> = {};
            for (const line of mail.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
            const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
            s.messages.push({
              to: to?.value[0]?.address ?? '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              messageId: mail.messageId ?? '',
              headers,
              attachments: mail.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, content: a.content })),
              receivedAt: Date.now(),
              sessionId: session.id,
            });
            callback();
          })
          .catch((error) => callback(error));
      },
    });
    // smtp-server re-emits a socket error inside a transaction on the server; unheard, that
    // EventEmitter 'error' is thrown and fails the whole test file. Tests kill senders on purpose.
    s.server.on('error', (error) => s.connectionErrors.push(error));
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    s.port = (s.server.server.address() as AddressInfo).port;
    return s;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to === address);
  }

  releaseHeld(): void {
    this.holdRecipients = false;
    for (const release of this.held.splice(0)) release();
  }

  async close(): Promise<void> {
    this.releaseHeld();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The URL inside `<…>` of a List-Unsubscribe header that is https/http. */
export function unsubscribeUrlOf(mail: ReceivedMail): string {
  const header = mail.headers['list-unsubscribe'] ?? '';
  const url = /<(https?:[^>]+)>/.exec(header)?.[1];
  if (!url) throw new Error(`no http List-Unsubscribe in ${header}`);
  return url;
}
