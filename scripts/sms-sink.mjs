#!/usr/bin/env node
// A development SMS provider: what maildev is for email. The notification service's SmsChannel
// (services/notifications/src/channels/sms.channel.ts) posts here, and a developer reads the
// messages in a browser. `npm start` runs it next to maildev; on its own:
//
//   node scripts/sms-sink.mjs          (port VAIKUTA_SMS_WEB_PORT, default 1081)
//   SMS_PROVIDER_URL=http://127.0.0.1:1081/messages SMS_PROVIDER_TOKEN=<token> …notifications
//
//   POST /messages  JSON {from, to, text, reference?} with `Authorization: Bearer <token>` when a
//                   token is set (VAIKUTA_SMS_SINK_TOKEN) → 201 {id}; 400/401/413 as a real
//                   provider would, which the channel takes as permanent failures.
//   GET  /          the messages, newest first, as a page
//   GET  /messages  the same as JSON: {messages: [{id, receivedAt, from, to, text, reference}]}
//
// Messages live in memory only, the last `limit` (500) of them. It listens on 127.0.0.1: the
// page shows phone numbers in full, which is fine for a developer's demo data and nowhere else.

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { listenStub } from './stub-server.mjs';

const MAX_BODY_BYTES = 64 * 1024;

const escapeHtml = (value) =>
  String(value).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]);

// An http(s) address, without the punctuation that usually ends a sentence after it.
const LINK = /(https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)])/;

/** The text escaped, its http(s) addresses as links (the tracking links in messages, say). */
const textWithLinks = (text) =>
  text
    .split(LINK)
    .map((part, i) => (i % 2 ? `<a href="${escapeHtml(part)}">${escapeHtml(part)}</a>` : escapeHtml(part)))
    .join('');

function renderPage(messages, limit) {
  const rows = messages
    .map(
      (m) => `<tr>
<td><time datetime="${escapeHtml(m.receivedAt)}">${escapeHtml(new Date(m.receivedAt).toLocaleString('sv-SE'))}</time></td>
<td>${escapeHtml(m.to)}</td>
<td>${escapeHtml(m.from)}</td>
<td class="text">${textWithLinks(m.text)}</td>
</tr>`,
    )
    .join('\n');
  const list = messages.length
    ? `<table>
<caption>Newest first; the last ${limit} are kept until the sink stops.</caption>
<thead><tr><th scope="col">Received</th><th scope="col">To</th><th scope="col">From</th><th scope="col">Text</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : '<p>No text messages yet. Messages the notification service sends appear here; reload the page to see new ones.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Text messages (${messages.length}) – Vaikuta development SMS sink</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1a1a1a; background: #fff; line-height: 1.4; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; padding-bottom: .5rem; color: #444; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid #ccc; }
td.text { white-space: pre-wrap; overflow-wrap: anywhere; }
a { color: #0050b3; }
</style>
</head>
<body>
<main>
<h1>Text messages</h1>
<p>What the notification service sent through the development SMS provider. <a href="/">Reload</a> · <a href="/messages">JSON</a></p>
${list}
</main>
</body>
</html>
`;
}

function send(res, status, type, body, extra = {}) {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  res.end(body);
}
const sendJson = (res, status, value) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** What SmsChannel sends, or a reason it is not that. */
function parseMessage(raw) {
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    return { error: 'the body is not JSON' };
  }
  if (!body || typeof body !== 'object') return { error: 'the body is not a JSON object' };
  for (const key of ['from', 'to', 'text']) {
    if (typeof body[key] !== 'string' || !body[key]) return { error: `"${key}" must be a non-empty string` };
  }
  if (body.reference !== undefined && typeof body.reference !== 'string') return { error: '"reference" must be a string' };
  return { message: { from: body.from, to: body.to, text: body.text, reference: body.reference ?? null } };
}

/**
 * Starts the sink. `port` 0 picks a free one (tests). Resolves {url, providerUrl, port,
 * messages(), close()}: `providerUrl` is what SMS_PROVIDER_URL should be.
 */
export async function startSmsSink({ port = 1081, host = '127.0.0.1', token, limit = 500, onMessage } = {}) {
  const stored = []; // oldest first; newest first on the way out

  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://sink');
    try {
      if (pathname === '/messages' && req.method === 'POST') {
        if (token && req.headers.authorization !== `Bearer ${token}`) {
          return sendJson(res, 401, { error: 'missing or wrong bearer token' });
        }
        const parsed = parseMessage(await readBody(req));
        if (parsed.error) return sendJson(res, 400, { error: parsed.error });
        const message = { id: randomUUID(), receivedAt: new Date().toISOString(), ...parsed.message };
        stored.push(message);
        if (stored.length > limit) stored.splice(0, stored.length - limit);
        onMessage?.(message);
        return sendJson(res, 201, { id: message.id });
      }
      if (req.method === 'GET' || req.method === 'HEAD') {
        const newestFirst = stored.slice().reverse();
        if (pathname === '/messages') return sendJson(res, 200, { messages: newestFirst });
        if (pathname === '/') {
          return send(res, 200, 'text/html; charset=utf-8', renderPage(newestFirst, limit), {
            'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
          });
        }
      }
      if (pathname === '/' || pathname === '/messages') {
        return sendJson(res, 405, { error: `${req.method} is not allowed here` });
      }
      return sendJson(res, 404, { error: 'not found: the page is /, messages are POSTed to /messages' });
    } catch (err) {
      if (!res.headersSent) sendJson(res, err.status ?? 500, { error: err.message });
    }
  });

  const { base: url, port: actualPort, close } = await listenStub(server, { port, host });
  return {
    url,
    providerUrl: `${url}/messages`,
    port: actualPort,
    messages: () => stored.slice().reverse(),
    close,
  };
}

// Run directly: `node scripts/sms-sink.mjs`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  startSmsSink({
    port: Number(process.env.VAIKUTA_SMS_WEB_PORT || 1081),
    // 0.0.0.0 in a container (docker-compose.yml), where the notification service reaches it by name.
    host: process.env.VAIKUTA_SMS_HOST || '127.0.0.1',
    token: process.env.VAIKUTA_SMS_SINK_TOKEN || undefined,
  }).then(
    (sink) => {
      console.log(`SMS sink: page ${sink.url}/, provider URL ${sink.providerUrl}`);
      for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => sink.close().then(() => process.exit(0)));
    },
    (err) => {
      console.error(`SMS sink: ${err.message}`);
      process.exit(1);
    },
  );
}
