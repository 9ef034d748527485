#!/usr/bin/env node
// A development trace receiver: what maildev is for email, for OpenTelemetry spans. The services
// export to it when OTEL_EXPORTER_OTLP_ENDPOINT names it (libs/observability tracing.ts), and a
// developer reads the traces in a browser. `npm start` can run it next to maildev; on its own:
//
//   node scripts/trace-sink.mjs        (port VAIKUTA_TRACE_SINK_PORT, default 1087)
//   OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:1087 …any service
//
//   POST /v1/traces       OTLP/HTTP with a JSON body (what @opentelemetry/exporter-trace-otlp-http
//                         sends; gzip accepted) → 200 {partialSuccess: {}}. Protobuf bodies are
//                         refused with 415: the services send JSON, and a collector can be told to.
//   GET  /                the traces, newest first: services, root span, span count, duration
//   GET  /traces/<id>     one trace's spans as an indented tree, with their durations
//   GET  /api/traces      the same as JSON: {traces: [{traceId, services, root, spans, durationMs, startedAt}]}
//   GET  /api/traces/<id> {traceId, spans: [...]}, spans in start order
//   DELETE /api/traces    forgets everything (tests)
//
// Spans live in memory only, the last `limit` (20 000). It listens on 127.0.0.1: span
// attributes are meant to hold no personal data, but this is a developer's tool, not a store.

import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { listenStub } from './stub-server.mjs';

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

const escapeHtml = (value) =>
  String(value).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]);

/** OTLP/JSON writes 64-bit nanoseconds as a string or a number (or, from older encoders, {low, high}). */
function nanos(value) {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'object') return (BigInt(value.high >>> 0) << 32n) + BigInt(value.low >>> 0);
  return BigInt(value);
}

/** An OTLP AnyValue as a plain value. */
function plain(value) {
  if (!value || typeof value !== 'object') return value;
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('boolValue' in value) return value.boolValue;
  if ('arrayValue' in value) return (value.arrayValue.values ?? []).map(plain);
  return JSON.stringify(value);
}

const attributesOf = (list = []) => Object.fromEntries(list.map(({ key, value }) => [key, plain(value)]));

/** The spans of an OTLP ExportTraceServiceRequest, flattened with their service's name. */
export function spansOfRequest(body) {
  const spans = [];
  for (const resourceSpans of body?.resourceSpans ?? []) {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    const service = String(resource['service.name'] ?? 'unknown');
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        const start = nanos(span.startTimeUnixNano);
        const end = nanos(span.endTimeUnixNano);
        spans.push({
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId || undefined,
          name: span.name,
          kind: KINDS[span.kind ?? 0] ?? 'unspecified',
          service,
          startedAt: new Date(Number(start / 1_000_000n)).toISOString(),
          startNanos: start.toString(),
          durationMs: Number(end - start) / 1e6,
          status: span.status?.code === 2 ? 'error' : 'ok',
          statusMessage: span.status?.message || undefined,
          attributes: attributesOf(span.attributes),
        });
      }
    }
  }
  return spans;
}

/** Summaries of the traces in `spans`, newest first. */
function summarize(spans) {
  const byTrace = new Map();
  for (const span of spans) {
    const list = byTrace.get(span.traceId) ?? [];
    list.push(span);
    byTrace.set(span.traceId, list);
  }
  return [...byTrace.entries()]
    .map(([traceId, list]) => {
      const ids = new Set(list.map((s) => s.spanId));
      // The root: a span without a parent here (the caller's own span may not have been sent).
      const first = [...list].sort((a, b) => (BigInt(a.startNanos) < BigInt(b.startNanos) ? -1 : 1));
      const root = first.find((s) => !s.parentSpanId || !ids.has(s.parentSpanId)) ?? first[0];
      const start = BigInt(first[0].startNanos);
      const end = list.reduce((max, s) => {
        const e = BigInt(s.startNanos) + BigInt(Math.round(s.durationMs * 1e6));
        return e > max ? e : max;
      }, start);
      return {
        traceId,
        services: [...new Set(first.map((s) => s.service))],
        root: `${root.service}: ${root.name}`,
        spans: list.length,
        errors: list.filter((s) => s.status === 'error').length,
        durationMs: Number(end - start) / 1e6,
        startedAt: first[0].startedAt,
      };
    })
    .sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1));
}

/** The spans in start order, each with its depth under the trace's roots. */
function tree(spans) {
  const children = new Map();
  const ids = new Set(spans.map((s) => s.spanId));
  const sorted = [...spans].sort((a, b) => (BigInt(a.startNanos) < BigInt(b.startNanos) ? -1 : 1));
  for (const span of sorted) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : '';
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const out = [];
  const walk = (parent, depth) => {
    for (const span of children.get(parent) ?? []) {
      out.push({ span, depth });
      walk(span.spanId, depth + 1);
    }
  };
  walk('', 0);
  return out;
}

const page = (title, body) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Vaikuta development trace sink</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1a1a1a; background: #fff; line-height: 1.4; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; padding-bottom: .5rem; color: #444; }
th, td { text-align: left; vertical-align: top; padding: .3rem .6rem; border-bottom: 1px solid #ccc; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.error { color: #a40000; font-weight: 600; }
code { font-size: .9em; }
a { color: #0050b3; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;

function renderList(summaries, limit) {
  const rows = summaries
    .map(
      (t) => `<tr>
<td><a href="/traces/${escapeHtml(t.traceId)}"><code>${escapeHtml(t.traceId)}</code></a></td>
<td>${escapeHtml(t.root)}</td>
<td>${escapeHtml(t.services.join(' → '))}</td>
<td class="num">${t.spans}${t.errors ? ` <span class="error">(${t.errors} failed)</span>` : ''}</td>
<td class="num">${t.durationMs.toFixed(1)} ms</td>
<td><time datetime="${escapeHtml(t.startedAt)}">${escapeHtml(t.startedAt)}</time></td>
</tr>`,
    )
    .join('\n');
  const list = summaries.length
    ? `<table>
<caption>Newest first; the last ${limit} spans are kept until the sink stops.</caption>
<thead><tr><th scope="col">Trace</th><th scope="col">Root span</th><th scope="col">Services</th><th scope="col">Spans</th><th scope="col">Duration</th><th scope="col">Started (UTC)</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : '<p>No traces yet. Start a service with OTEL_EXPORTER_OTLP_ENDPOINT set to this address; reload to see new ones.</p>';
  return page(`Traces (${summaries.length})`, `<h1>Traces</h1>
<p>Spans the services exported. <a href="/">Reload</a> · <a href="/api/traces">JSON</a></p>
${list}`);
}

function renderTrace(traceId, spans) {
  const rows = tree(spans)
    .map(
      ({ span, depth }) => `<tr>
<td style="padding-left:${0.6 + depth * 1.4}rem">${escapeHtml(span.name)}${span.status === 'error' ? ` <span class="error">failed${span.statusMessage ? `: ${escapeHtml(span.statusMessage)}` : ''}</span>` : ''}</td>
<td>${escapeHtml(span.service)}</td>
<td>${escapeHtml(span.kind)}</td>
<td class="num">${span.durationMs.toFixed(2)} ms</td>
<td><code>${escapeHtml(span.spanId)}</code></td>
</tr>`,
    )
    .join('\n');
  return page(`Trace ${traceId}`, `<h1>Trace <code>${escapeHtml(traceId)}</code></h1>
<p><a href="/">All traces</a> · <a href="/api/traces/${escapeHtml(traceId)}">JSON</a></p>
<table>
<caption>${spans.length} spans, children indented under their parent, in start order.</caption>
<thead><tr><th scope="col">Span</th><th scope="col">Service</th><th scope="col">Kind</th><th scope="col">Duration</th><th scope="col">Span id</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`);
}

function send(res, status, type, body, extra = {}) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
  res.end(body);
}
const sendJson = (res, status, value) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
const sendHtml = (res, html) => send(res, 200, 'text/html; charset=utf-8', html, { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

/**
 * Starts the sink. `port` 0 picks a free one (tests). Resolves {url, port, spans(), traces(),
 * trace(id), clear(), close()}: `url` is what OTEL_EXPORTER_OTLP_ENDPOINT should be.
 */
export async function startTraceSink({ port = 1087, host = '127.0.0.1', limit = 20_000, onSpans } = {}) {
  let stored = []; // arrival order

  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://sink');
    try {
      if (pathname === '/v1/traces' && req.method === 'POST') {
        const type = String(req.headers['content-type'] ?? '').split(';')[0].trim();
        if (type !== 'application/json') {
          return sendJson(res, 415, { error: `${type || 'a body without a type'} is not accepted: send OTLP/JSON (application/json)` });
        }
        let body;
        try {
          body = JSON.parse((await readBody(req)).toString('utf8'));
        } catch (err) {
          if (err.status) throw err;
          return sendJson(res, 400, { error: 'the body is not JSON' });
        }
        const spans = spansOfRequest(body);
        stored.push(...spans);
        if (stored.length > limit) stored = stored.slice(stored.length - limit);
        onSpans?.(spans);
        return sendJson(res, 200, { partialSuccess: {} });
      }
      if (pathname === '/api/traces' && req.method === 'DELETE') {
        stored = [];
        return sendJson(res, 200, { traces: [] });
      }
      if (req.method === 'GET' || req.method === 'HEAD') {
        if (pathname === '/') return sendHtml(res, renderList(summarize(stored), limit));
        if (pathname === '/api/traces') return sendJson(res, 200, { traces: summarize(stored) });
        const match = /^\/(api\/)?traces\/([\da-f]{32})$/.exec(pathname);
        if (match) {
          const spans = stored.filter((s) => s.traceId === match[2]);
          if (!spans.length) return sendJson(res, 404, { error: 'no spans of that trace here (yet)' });
          return match[1] ? sendJson(res, 200, { traceId: match[2], spans: tree(spans).map(({ span }) => span) }) : sendHtml(res, renderTrace(match[2], spans));
        }
      }
      return sendJson(res, 404, { error: 'not found: the page is /, spans are POSTed to /v1/traces' });
    } catch (err) {
      if (!res.headersSent) sendJson(res, err.status ?? 500, { error: err.message });
    }
  });

  const { base: url, port: actualPort, close } = await listenStub(server, { port, host });
  return {
    url,
    port: actualPort,
    spans: () => stored.slice(),
    traces: () => summarize(stored),
    trace: (traceId) => tree(stored.filter((s) => s.traceId === traceId)).map(({ span }) => span),
    clear: () => {
      stored = [];
    },
    close,
  };
}

// Run directly: `node scripts/trace-sink.mjs`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  startTraceSink({
    port: Number(process.env.VAIKUTA_TRACE_SINK_PORT || 1087),
    // 0.0.0.0 in a container, where the services reach it by name.
    host: process.env.VAIKUTA_TRACE_SINK_HOST || '127.0.0.1',
  }).then(
    (sink) => {
      console.log(`Trace sink: page ${sink.url}/, OTEL_EXPORTER_OTLP_ENDPOINT=${sink.url}`);
      for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => sink.close().then(() => process.exit(0)));
    },
    (err) => {
      console.error(`Trace sink: ${err.message}`);
      process.exit(1);
    },
  );
}
