import { connect, Socket } from 'node:net';
import { waitFor } from '../wait-for';
import { TestSmtpServer } from './test-smtp-server';

/** Sends one SMTP command and resolves with the next reply line. */
function command(socket: Socket, line?: string): Promise<string> {
  return new Promise((resolve) => {
    socket.once('data', (b: Buffer) => resolve(b.toString()));
    if (line) socket.write(`${line}\r\n`);
  });
}

describe('TestSmtpServer', () => {
  it('survives a client whose connection is reset mid-transaction (a killed worker), and records it', async () => {
    // Regression: CI failed a whole test file with "read ECONNRESET" thrown from smtp-server.
    const smtp = await TestSmtpServer.start();
    try {
      smtp.holdRecipients = true;
      const socket = connect(smtp.port, '127.0.0.1');
      expect(await command(socket)).toMatch(/^220/);
      expect(await command(socket, 'EHLO worker')).toMatch(/^250/);
      expect(await command(socket, 'MAIL FROM:<noreply@example.fi>')).toMatch(/^250/);
      socket.write('RCPT TO:<held@example.fi>\r\n');
      await waitFor(() => smtp.held.length === 1, { what: 'recipient held' });
      socket.resetAndDestroy(); // a TCP RST, as the kernel sends for a SIGKILLed process with unread data

      await waitFor(() => smtp.connectionErrors.length === 1, { what: 'reset recorded' });
      expect((smtp.connectionErrors[0] as NodeJS.ErrnoException).code).toBe('ECONNRESET');
      expect(smtp.messages).toEqual([]);
    } finally {
      await smtp.close();
    }
  });
});
