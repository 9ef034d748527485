#!/usr/bin/env node
// A development stand-in for a keyless-entry lock provider (an HTTP interface in the manner of
// the Pindora integration Helsinki's Varaamo uses, ../shared/formats/booking/NOTES.md), for the
// grants service's door codes: `npm start` runs it unless LOCK_API_URL names a real provider.
// In memory, no dependencies. On its own:
//
//   node scripts/lock-stub.mjs     (port VAIKUTA_LOCK_PORT, default 1086)
//
//   POST   /lock/v1/reservations {reservationId, lockId, validFrom, validUntil}
//            → 201 {reservationId, lockId, accessCode, validFrom, validUntil, active: true};
//            the same reservationId again → 200 with the code already given (a retried create
//            after a lost answer must not hand out a second code)
//   GET    /lock/v1/reservations/{reservationId}   → 200 the code, 404 if never created
//   DELETE /lock/v1/reservations/{reservationId}   → 204 revoked (again: 204), 404 if never created
//   GET    /lock/v1/reservations[?lockId=]          → {items: [...]}, active and revoked: for tests and demos
//
// With LOCK_API_KEY set, every request must carry it in `X-Api-Key` (401 otherwise). Codes are
// six random digits. `setDown(true)` (tests) answers 503 to everything: a provider outage;
// `reset()` forgets every code, as a restart does.

import http from 'node:http';
import { randomInt } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { listenStub, readJsonBody as readJson, runStubFromCommandLine, sendJson as send } from './stub-server.mjs';

const PREFIX = '/lock/v1/reservations';

/** What is wrong with a create request, or null. */
function createProblem(body) {
  if (!body || typeof body !== 'object') return 'Send JSON {reservationId, lockId, validFrom, validUntil}';
  if (typeof body.reservationId !== 'string' || !body.reservationId) return 'reservationId is required';
  if (typeof body.lockId !== 'string' || !body.lockId) return 'lockId is required';
  const from = Date.parse(body.validFrom);
  const until = Date.parse(body.validUntil);
  if (Number.isNaN(from) || Number.isNaN(until)) return 'validFrom and validUntil are ISO 8601 times';
  if (until <= from) return 'validUntil must be after validFrom';
  return null;
}

/** Starts the stand-in; `codes()` lists what it holds, `setDown` simulates an outage (tests). */
export async function startLockStub({ port = 1086, host = '127.0.0.1', apiKey } = {}) {
  /** By reservationId. */
  const reservations = new Map();
  const stats = { requests: 0, creates: 0, revokes: 0 };
  let down = false;
  const server = http.createServer(async (req, res) => {
    stats.requests += 1;
    if (down) return send(res, 503, { error: 'Lock service unavailable' });
    if (apiKey && req.headers['x-api-key'] !== apiKey) return send(res, 401, { error: 'Missing or wrong X-Api-Key' });
    const url = new URL(req.url ?? '/', 'http://stub');
    const path = decodeURIComponent(url.pathname);
    if (path === PREFIX && req.method === 'POST') {
      const body = await readJson(req);
      const problem = createProblem(body);
      if (problem) return send(res, 400, { error: problem });
      const existing = reservations.get(body.reservationId);
      if (existing?.active) return send(res, 200, existing);
      const reservation = {
        reservationId: body.reservationId,
        lockId: body.lockId,
        accessCode: String(randomInt(0, 1_000_000)).padStart(6, '0'),
        validFrom: new Date(body.validFrom).toISOString(),
        validUntil: new Date(body.validUntil).toISOString(),
        active: true,
        createdAt: new Date().toISOString(),
        revokedAt: null,
      };
      reservations.set(reservation.reservationId, reservation);
      stats.creates += 1;
      return send(res, 201, reservation);
    }
    if (path === PREFIX && req.method === 'GET') {
      const lockId = url.searchParams.get('lockId');
      return send(res, 200, { items: [...reservations.values()].filter((r) => !lockId || r.lockId === lockId) });
    }
    const one = path.startsWith(`${PREFIX}/`) ? reservations.get(path.slice(PREFIX.length + 1)) : undefined;
    if (path.startsWith(`${PREFIX}/`) && req.method === 'GET') return one ? send(res, 200, one) : send(res, 404, { error: 'Not found' });
    if (path.startsWith(`${PREFIX}/`) && req.method === 'DELETE') {
      if (!one) return send(res, 404, { error: 'Not found' });
      if (one.active) {
        one.active = false;
        one.revokedAt = new Date().toISOString();
        stats.revokes += 1;
      }
      return send(res, 204);
    }
    return send(res, 404, { error: 'Not found' });
  });
  const listening = await listenStub(server, { port, host });
  return {
    /** What LOCK_API_URL should be. */
    url: `${listening.base}/lock/v1`,
    port: listening.port,
    stats,
    /** Every code given, revoked ones too (copies). */
    codes: () => [...reservations.values()].map((r) => ({ ...r })),
    setDown(value) {
      down = value;
    },
    /** Forgets every code, as a restarted stand-in does. */
    reset() {
      reservations.clear();
    },
    close: listening.close,
  };
}

// Run directly: `node scripts/lock-stub.mjs`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runStubFromCommandLine(
    'lock stand-in',
    () => startLockStub({ port: Number(process.env.VAIKUTA_LOCK_PORT || 1086), host: process.env.VAIKUTA_LOCK_HOST || '127.0.0.1', apiKey: process.env.LOCK_API_KEY }),
    (stub) => `${stub.url}/reservations`,
  );
}
