#!/usr/bin/env node
// A development stand-in for Ahjo's REST API (../shared/formats/ahjo), for the initiatives
// service's decision sync: `npm start` runs it unless AHJO_API_URL names the real one. On its own:
//
//   node scripts/ahjo-stub.mjs     (port VAIKUTA_AHJO_PORT, default 1085)
//
//   GET /ahjorest/v1/cases/{CaseID}          the case with its records (Type "päätös" carries a decision's NativeId)
//   GET /ahjorest/v1/decisions/{NativeId}    the decision: CaseID, Section, DateDecision, Content (HTML), Organization
//   POST /ahjorest/v1/notify {updatetype, id, target}   development aid: sends Ahjo's change callback to `target`
//
// The demo case and decision are our own writing, in Ahjo's field names, for the demo city's
// seeded council initiative (services/initiatives/src/seed).

import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { listenStub, runStubFromCommandLine } from './stub-server.mjs';

export const DEMO_DECISION_ID = '{6A5C1E2B-0F4D-4C3A-9B7E-2D1F00000001}';

export const DEMO_CASES = [
  {
    CaseID: 'HEL-2026-000900',
    CaseIDLabel: 'HEL 2026-000900',
    Title: 'Valtuustoaloite, koirapuisto Malmille',
    ClassificationCode: '00 00 03',
    ClassificationTitle: 'Valtuuston aloitetoiminta',
    Status: 'Ratkaistu',
    Language: 'fi',
    PublicityClass: 'Julkinen',
    Records: [{ Title: 'Kaupunginvaltuuston päätös', Type: 'päätös', NativeId: DEMO_DECISION_ID, Language: 'fi', PublicityClass: 'Julkinen' }],
  },
];

export const DEMO_DECISIONS = [
  {
    NativeId: DEMO_DECISION_ID,
    Title: 'Valtuustoaloite, koirapuisto Malmille',
    CaseID: 'HEL-2026-000900',
    CaseIDLabel: 'HEL 2026-000900',
    ClassificationCode: '00 00 03',
    Section: '87',
    DateDecision: '2026-09-16T02:00:00.000',
    Content: '<html><p>Kaupunginvaltuusto päätti merkitä aloitteen käsitellyksi.</p><p>Koirapuisto rakennetaan Malmin puistoon vuonna 2027 &amp; sen suunnittelu alkaa heti.</p></html>',
    Organization: { ID: '02900', Name: 'Kaupunginvaltuusto', Type: 'Valtuusto' },
    Meeting: { MeetingID: '0290020267', DateMeeting: '2026-09-16T02:00:00.000' },
  },
];

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

/** Starts the stand-in; `setData` swaps its cases and decisions while running (tests). */
export async function startAhjoStub({ port = 1085, host = '127.0.0.1', cases = DEMO_CASES, decisions = DEMO_DECISIONS, callbackSecret } = {}) {
  let data = { cases, decisions };
  const stats = { requests: 0 };
  const server = http.createServer(async (req, res) => {
    stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://stub');
    const path = decodeURIComponent(url.pathname);
    const caseMatch = path.match(/^\/ahjorest\/v1\/cases\/(.+)$/);
    if (req.method === 'GET' && caseMatch) {
      const found = data.cases.find((c) => c.CaseID === caseMatch[1].replace(' ', '-'));
      return found ? send(res, 200, found) : send(res, 404, { error: 'Not found' });
    }
    const decisionMatch = path.match(/^\/ahjorest\/v1\/decisions\/(.+)$/);
    if (req.method === 'GET' && decisionMatch) {
      const found = data.decisions.find((d) => d.NativeId === decisionMatch[1]);
      return found ? send(res, 200, found) : send(res, 404, { error: 'Not found' });
    }
    if (req.method === 'POST' && path === '/ahjorest/v1/notify') {
      const body = await readJson(req);
      if (!body?.target || !body.id) return send(res, 400, { error: 'Send {updatetype, id, target}' });
      const answer = await fetch(body.target, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(callbackSecret ? { 'X-Ahjo-Secret': callbackSecret } : {}) },
        body: JSON.stringify({ updatetype: body.updatetype ?? 'Updated', id: body.id }),
      });
      return send(res, 200, { status: answer.status, body: await answer.text() });
    }
    return send(res, 404, { error: 'Not found' });
  });
  const listening = await listenStub(server, { port, host });
  const base = listening.base;
  return {
    /** What AHJO_API_URL should be. */
    url: `${base}/ahjorest/v1`,
    port: listening.port,
    stats,
    setData(next) {
      data = { ...data, ...next };
    },
    close: listening.close,
  };
}

// Run directly: `node scripts/ahjo-stub.mjs`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runStubFromCommandLine('Ahjo stand-in', () => startAhjoStub({ port: Number(process.env.VAIKUTA_AHJO_PORT || 1085), host: process.env.VAIKUTA_AHJO_HOST || '127.0.0.1', callbackSecret: process.env.AHJO_CALLBACK_SECRET }), (stub) => `${stub.url}/cases/HEL-2026-000900`);
}
