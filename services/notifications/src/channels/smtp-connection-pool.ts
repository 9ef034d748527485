import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { RunningTimeDeadline } from './running-time-deadline';

export interface SmtpConnectionPoolOptions {
  smtpUrl: string;
  maxConnections: number;
  connectionTimeout: number;
  greetingTimeout: number;
  /** How long one send may wait for the server, counting only time this process ran. */
  socketTimeout: number;
}

/**
 * nodemailer's own inactivity timeout, kept only as a backstop: its timer cannot tell a silent
 * server from a process that was paused while the server answered (RunningTimeDeadline).
 */
const BACKSTOP_SOCKET_TIMEOUT_MS = 10 * 60_000;

interface PooledConnection {
  connection: SMTPConnection;
  /** Set once the connection errs or the server ends it: it is never handed out again. */
  broken: boolean;
  /** Takes it out of the pool's count (once). */
  forget: () => void;
}

/**
 * Up to `maxConnections` open SMTP connections, each sending one already composed message at
 * a time with nodemailer's SMTPConnection. nodemailer's own pooled transport takes the same
 * finished buffer through its message pipeline again — a second MIME node, a Message-ID, a
 * chain of streams — which cost more CPU than composing the message did (bench/README.md,
 * notifications); this pool only hands the bytes to the connection.
 *
 * A connection that fails is dropped, and the send on it fails for the delivery worker to
 * retry; the next send opens a new one. Nothing is retried here, so a message is never
 * written twice by the pool itself.
 */
export class SmtpConnectionPool {
  /** The URL's user and password, when it has them, arrive as `auth` (nodemailer's URL parser). */
  private readonly options: SMTPConnection.Options & { auth?: SMTPConnection.Credentials };
  private readonly idle: PooledConnection[] = [];
  private readonly waiting: { resolve: (c: PooledConnection) => void; reject: (e: Error) => void }[] = [];
  private open = 0;
  private closed = false;

  constructor(private readonly settings: SmtpConnectionPoolOptions) {
    this.options = {
      ...parseConnectionUrl(settings.smtpUrl),
      connectionTimeout: settings.connectionTimeout,
      greetingTimeout: settings.greetingTimeout,
      socketTimeout: Math.max(settings.socketTimeout, BACKSTOP_SOCKET_TIMEOUT_MS),
    };
  }

  /** Sends `raw` (a whole RFC 5322 message) to `envelope.to`; answers the server's reply. */
  async send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<SMTPConnection.SentMessageInfo> {
    const pooled = await this.acquire();
    try {
      const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) => {
        const deadline = new RunningTimeDeadline(this.settings.socketTimeout, () =>
          reject(Object.assign(new Error(`no answer from the SMTP server in ${this.settings.socketTimeout} ms`), { code: 'ETIMEDOUT' })),
        );
        pooled.connection.send(envelope, raw, (error, result) => {
          deadline.clear();
          if (error) reject(error);
          else resolve(result);
        });
      });
      this.release(pooled);
      return info;
    } catch (error) {
      // A refused envelope leaves the connection usable once the transaction is reset (RSET);
      // anything else may have left it mid-command.
      if ((error as { code?: string }).code === 'EENVELOPE') {
        await new Promise<void>((resolve) =>
          pooled.connection.reset((resetError) => {
            if (resetError) pooled.broken = true;
            resolve();
          }),
        );
      } else pooled.broken = true;
      this.release(pooled);
      throw error;
    }
  }

  /** Connections open or opening now. */
  get size(): number {
    return this.open;
  }

  close(): void {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error('the SMTP pool is closed'));
    for (const pooled of this.idle.splice(0)) pooled.connection.quit();
  }

  private async acquire(): Promise<PooledConnection> {
    if (this.closed) throw new Error('the SMTP pool is closed');
    const ready = this.idle.pop();
    if (ready) return ready;
    if (this.open < this.settings.maxConnections) return this.connect();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(pooled: PooledConnection): void {
    if (pooled.broken || this.closed) {
      this.drop(pooled);
      // The next waiter gets a fresh connection in place of this one.
      const next = this.waiting.shift();
      if (next) this.connect().then(next.resolve, next.reject);
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve(pooled);
    else this.idle.push(pooled);
  }

  private drop(pooled: PooledConnection): void {
    pooled.forget();
    pooled.connection.close();
  }

  private async connect(): Promise<PooledConnection> {
    this.open++;
    const connection = new SMTPConnection(this.options);
    let counted = true;
    const pooled: PooledConnection = {
      connection,
      broken: false,
      forget: () => {
        if (counted) this.open--;
        counted = false;
        pooled.broken = true;
        const at = this.idle.indexOf(pooled);
        if (at >= 0) this.idle.splice(at, 1);
      },
    };
    const forget = pooled.forget;
    // An idle connection the server timed out ends here; an error on a busy one also fails its send.
    connection.on('error', forget);
    connection.on('end', forget);
    try {
      await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
      const auth = this.options.auth;
      if (auth?.user) {
        await new Promise<void>((resolve, reject) => connection.login(auth, (error) => (error ? reject(error) : resolve())));
      }
      return pooled;
    } catch (error) {
      forget();
      connection.close();
      throw error;
    }
  }
}
