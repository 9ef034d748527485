import { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
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

/**
 * An SMTP server on a thread of its own, so it keeps answering while the test's thread is stopped.
 * It raises `flag[0]` when it has a whole message and answers `250` `answerAfterMs` later.
 */
async function startServerThread(answerAfterMs: number) {
  const shared = new SharedArrayBuffer(8);
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const { SMTPServer } = require(workerData.smtpServer);
     const flag = new Int32Array(workerData.shared);
     const server = new SMTPServer({
       authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
       onData(stream, _session, callback) {
         stream.resume();
         stream.on('end', () => {
           Atomics.add(flag, 1, 1);
           Atomics.store(flag, 0, 1);
           setTimeout(callback, workerData.answerAfterMs);
         });
       },
     });
     server.on('error', () => undefined);
     server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.server.address().port));`,
    { eval: true, workerData: { smtpServer: require.resolve('smtp-server'), shared, answerAfterMs } },
  );
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  const flag = new Int32Array(shared);
  return {
    url: `smtp://127.0.0.1:${port}`,
    hasMessage: () => Atomics.load(flag, 0) === 1,
    received: () => Atomics.load(flag, 1),
    close: async () => void (await worker.terminate()),
  };
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

  it('takes the server\'s answer that arrived while this process was stopped, instead of timing the send out', async () => {
    // SIGSTOP in the chaos suite: the server accepted the message and answered while the sender was
    // stopped past its timeout. On resume Node fires expired timers before reading sockets, so the
    // answer waiting in the socket was taken for a timeout and the message went out again.
    const server = await startServerThread(100);
    const pool = new SmtpConnectionPool({ smtpUrl: server.url, maxConnections: 1, ...timeouts, socketTimeout: 300 });
    // Once the server has the message, stop this thread (as SIGSTOP would) for longer than the
    // timeout; the server's 250 arrives in the meantime. Stopped after the loop's poll phase (in
    // setImmediate), the next turn runs its expired timers before it reads the socket, as a
    // process resumed by SIGCONT does (epoll_wait returns EINTR, libuv goes on to the timers).
    const stopper = setInterval(() => {
      if (!server.hasMessage()) return;
      clearInterval(stopper);
      setImmediate(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_500));
    }, 1);
    try {
      const info = await pool.send(envelope(1), message(1));
      expect(info.accepted).toEqual(['b1@example.fi']);
      expect(server.received()).toBe(1);
    } finally {
      clearInterval(stopper);
      pool.close();
      await server.close();
    }
  });

  it('still times a send out when the server stays silent while this process runs', async () => {
    const server = await startServerThread(5_000);
    const pool = new SmtpConnectionPool({ smtpUrl: server.url, maxConnections: 1, ...timeouts, socketTimeout: 300 });
    try {
      await expect(pool.send(envelope(1), message(1))).rejects.toMatchObject({ code: 'ETIMEDOUT' });
      expect(pool.size).toBe(0);
    } finally {
      pool.close();
      await server.close();
    }
  });
});
