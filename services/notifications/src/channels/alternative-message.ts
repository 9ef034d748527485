import MimeNode from 'nodemailer/lib/mime-node';

export interface AlternativeMessageFields {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** With its angle brackets. */
  messageId: string;
  headers: Record<string, string>;
}

/**
 * A text-and-HTML message (multipart/alternative, both parts base64) as one buffer, built
 * without streams. MailComposer builds the same structure by piping every part through a
 * chain of transform streams; for a message of a few kilobytes that machinery was most of
 * the ~0.6 ms composing took per message, the largest single cost of a send
 * (bench/README.md, notifications).
 *
 * Every header is still nodemailer's (MimeNode encodes the addresses, the subject and the
 * long header values and folds them; the boundary is its too); what is done here is only
 * what a multipart body is: the parts' headers and base64 content between boundary lines
 * (RFC 2046 §5.1, RFC 2045 §6.8). Messages with attachments go through MailComposer.
 */
export function composeAlternativeMessage(fields: AlternativeMessageFields): Buffer {
  // Encoded words in base64, as MailComposer is set up for these messages.
  const root = new MimeNode('multipart/alternative', { textEncoding: 'B' } as MimeNode.Options);
  root.setHeader({ ...fields.headers, From: fields.from, To: fields.to, Subject: fields.subject, 'Message-ID': fields.messageId });
  const parts = [
    { node: root.createChild('text/plain; charset=utf-8'), content: fields.text },
    { node: root.createChild('text/html; charset=utf-8'), content: fields.html },
  ];
  let out = root.buildHeaders() + '\r\n\r\n';
  // Set by buildHeaders from the Content-Type it writes.
  const boundary = root.boundary as string;
  for (const { node, content } of parts) {
    node.setHeader('Content-Transfer-Encoding', 'base64');
    out += `--${boundary}\r\n${node.buildHeaders()}\r\n\r\n${base64Lines(content)}\r\n`;
  }
  return Buffer.from(`${out}--${boundary}--\r\n`, 'utf8');
}

/** Base64 of the UTF-8 text in lines of 76 characters (RFC 2045 §6.8). */
function base64Lines(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines.join('\r\n');
}
