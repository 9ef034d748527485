#!/usr/bin/env node
// Portal page latency and weight, against a running portal and feedback service.
//
//   npm start   (or: node dist/services/feedback/src/main.js & node dist/services/portal/src/main.js)
//   node bench/portal.mjs [--duration 10] [--connections 32]
//
// Measures, with autocannon at 32 concurrent connections: the case worker's queue page
// (signed in with a development token, AUTH_DEV_ISSUER=true), the public feedback list, and as
// the raw baseline the feedback service's own JSON list behind the public page. Then the
// first-load weight of each page: HTML + stylesheet + script, raw and gzip.
// Env: PORTAL_URL (http://127.0.0.1:8080), FEEDBACK_URL (http://127.0.0.1:3001), DEPARTMENT (KYMP).
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';

const require = createRequire(import.meta.url);
const { signDevToken } = require('../libs/auth/dev-issuer.cjs');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const duration = arg('duration', 10);
const connections = arg('connections', 32);
const portal = (process.env.PORTAL_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const feedback = (process.env.FEEDBACK_URL ?? 'http://127.0.0.1:3001').replace(/\/$/, '');
const department = process.env.DEPARTMENT ?? 'KYMP';

const token = await signDevToken({ sub: 'bench-case-worker', roles: ['case_worker'], departments: [department], name: 'Bench' });
const staffCookie = `vaikuta_session=${token}; vaikuta_lang=fi`;

const targets = [
  { name: 'queue page (case worker)', url: `${portal}/staff/queue/${department}`, headers: { cookie: staffCookie } },
  { name: 'public list page', url: `${portal}/feedback`, headers: { cookie: 'vaikuta_lang=fi' } },
  { name: 'baseline: feedback JSON list', url: `${feedback}/feedback/public/requests?lang=fi&limit=20`, headers: {} },
];

/** `connectionRate`: requests per second per connection (a person's pace); none = back to back. */
function run(target, { seconds = duration, connectionRate } = {}) {
  return new Promise((resolve, reject) => {
    const options = { url: target.url, headers: target.headers, connections, duration: seconds, ...(connectionRate ? { connectionRate } : {}) };
    autocannon(options, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function weight(target) {
  const res = await fetch(target.url, { headers: target.headers });
  const html = Buffer.from(await res.arrayBuffer());
  const assets = [...html.toString('utf8').matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  let raw = html.length;
  let gz = gzipSync(html).length;
  for (const path of assets) {
    const body = Buffer.from(await (await fetch(portal + path)).arrayBuffer());
    raw += body.length;
    gz += gzipSync(body).length;
  }
  return { status: res.status, html: html.length, total: raw, gzip: gz, assets: assets.length };
}

console.log(`portal bench: ${connections} connections, ${duration} s each after a 3 s warm-up, ${new Date().toISOString()}\n`);
const header = () => {
  console.log('| target | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
};
const line = (target, r) =>
  console.log(`| ${target.name} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p90} | ${r.latency.p99} | ${r.latency.max} | ${r.non2xx} |`);
// The JIT compiles the hot paths in the first second or two; a running portal is warm.
for (const target of targets) await run(target, { seconds: 3 });

console.log(`Back to back: each of ${connections} connections sends its next request as soon as the answer arrives (saturation).\n`);
header();
const rows = [];
for (const target of targets) {
  const r = await run(target);
  rows.push({ target, r });
  line(target, r);
}
console.log(`\nAt a person's pace: ${connections} users, each loading a page every second.\n`);
header();
for (const target of targets.slice(0, 2)) line(target, await run(target, { connectionRate: 1 }));
console.log('\n| page | HTML bytes | first load (HTML + CSS + JS) | gzip |');
console.log('| --- | ---: | ---: | ---: |');
const pages = [
  ...targets.slice(0, 2),
  { name: 'home', url: `${portal}/`, headers: {} },
  { name: 'feedback form', url: `${portal}/feedback/new`, headers: {} },
];
for (const page of pages) {
  const w = await weight(page);
  console.log(`| ${page.name} | ${w.html} | ${w.total} (${(w.total / 1024).toFixed(1)} KB) | ${w.gzip} |`);
}
const worst = Math.max(...rows.slice(0, 2).map(({ r }) => r.latency.p99));
console.log(`\npage p99 ${worst} ms: ${worst <= 100 ? 'within' : 'OVER'} the 100 ms budget`);
process.exit(rows.slice(0, 2).some(({ r }) => r.non2xx > 0) ? 1 : 0);
