import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { waitFor } from '@vaikuta/testing';
import { SmtpConnectionPool } from './smtp-connection-pool';

/** A real SMTP server that counts connections and messages, and can time idle clients out. */
async function startServer(options: { socketTimeout?: number } = {}) {
  const state = { open: 0, mostOpen: 0, opened: 0, received: [] as string[] };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    ...options,
    onConnect(_session, callback) {
      state.opened++;
      state.open++;
      state.mostOpen = Math.max(state.mostOpen, state.open);
      callback();
    },
    onClose() {
      state.open--;
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody@')) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      let body = '';
      stream.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
      stream.on('end', () => {
        state.received.push(/^Subject: (.*)$/m.exec(body)?.[1] ?? '');
        callback();
      });
    },
  });
  server.on('error', () => undefined); // a client closing mid-session is not this test's subject
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return { state, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const message = (n: number) => Buffer.from(`From: a@vaikuta.local\r\nTo: b${n}@example.fi\r\nSubject: message ${n}\r\n\r\nbody ${n}\r\n`);
const envelope = (n: number) => ({ from: 'a@vaikuta.local', to: [`b${n}@example.fi`] });
const timeouts = { connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 30_000 };

describe('SmtpConnectionPool', () => {
  it('sends every message once over at most maxConnections connections, reusing them', async () => {
    const server = await startServer();
    const pool = new SmtpConnectionPool({ smtpUrl: server.url, maxConnections: 3, ...timeouts });
    try {
      await Promise.all(Array.from({ length: 40 }, (_, n) => pool.send(envelope(n), message(n))));
      expect([...server.state.received].sort()).toEqual(Array.from({ length: 40 }, (_, n) => `message ${n}`).sort());
      expect(server.state.mostOpen).toBeLessThanOrEqual(3);
      expect(server.state.opened).toBeLessThanOrEqual(3);
    } finally {
      pool.close();
      await server.close();
    }
  });

  it('opens a new connection when the server has closed an idle one', async () => {
    const server = await startServer({ socketTimeout: 300 });
    const pool = new SmtpConnectionPool({ smtpUrl: server.url, maxConnections: 1, ...timeouts });
    try {
      await pool.send(envelope(1), message(1));
      // The server times the idle client out and hangs up.
      await waitFor(() => (server.state.open === 0 && pool.size === 0) || undefined, { what: 'the server closing the idle connection' });
      await pool.send(envelope(2), message(2));
      expect(server.state.received).toEqual(['message 1', 'message 2']);
      expect(server.state.opened).toBe(2);
    } finally {
      pool.close();
      await server.close();
    }
  });

  it('answers a refused recipient with the server code and keeps the connection for the next message', async () => {
    const server = await startServer();
    const pool = new SmtpConnectionPool({ smtpUrl: server.url, maxConnections: 1, ...timeouts });
    try {
      await expect(pool.send({ from: 'a@vaikuta.local', to: ['nobody@example.fi'] }, message(0))).rejects.toMatchObject({ responseCode: 550 });
      await pool.send(envelope(1), message(1));
      expect(server.state.received).toEqual(['message 1']);
      expect(server.state.opened).toBe(1);
    } finally {
      pool.close();
      await server.close();
    }
  });
});
