#!/usr/bin/env node
// A development stand-in for kuntalaisaloite.fi's JSON API (../shared/formats/kuntalaisaloite), what
// the geocoder stand-in is for addresses: `npm start` runs it unless KUNTALAISALOITE_API_URL names
// the real service, and the initiatives service's import reads it. On its own:
//
//   node scripts/kuntalaisaloite-stub.mjs     (port VAIKUTA_KUNTALAISALOITE_PORT, default 1084)
//
//   GET /api/v1/initiatives?municipality=91&offset=0&limit=50   list items (limit at most 50, as the real API)
//   GET /api/v1/initiatives/{id}                                the detail; 403 {"error":"AccessDenied"} if not public
//   GET /api/v1/municipalities                                  the demo municipalities
//
// The demo initiatives are our own writing in Finnish and Swedish for the demo city (91); the
// first is the shape of the service's published example. Tests pass their own `initiatives`.

import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { listenStub, runStubFromCommandLine } from './stub-server.mjs';

const MUNICIPALITIES = {
  91: { nameFi: 'Helsinki', nameSv: 'Helsingfors' },
  49: { nameFi: 'Espoo', nameSv: 'Esbo' },
  837: { nameFi: 'Tampere', nameSv: 'Tammerfors' },
};

/**
 * One initiative of the stand-in: `id` (its number), `municipality` (a code), `name`,
 * `proposal`, `participants` (total), `publishDate`, `sentTime` (null while collecting),
 * `authors` ([{ name }] who made their name public), `privateAuthors` (count),
 * `public` (false: the detail answers 403). Fields may be null, as in the real API.
 * `rawList` / `rawDetail`: JSON to answer as it is (the published samples), instead of building it.
 */
export const DEMO_INITIATIVES = [
  { id: 1, municipality: 91, name: 'Tämä on esimerkkialoitteen otsikko', proposal: 'Tämä on esimerkkialoitteen sisältö', participants: 2, publishDate: '2012-12-01', sentTime: '2012-12-24', authors: [{ name: 'Teemu Teekkari' }], privateAuthors: 1 },
  { id: 2101, municipality: 91, name: 'Uimaranta Vuosaaren satamaan', proposal: 'Esitämme, että Vuosaaren sataman vanhalle ranta-alueelle rakennetaan yleinen uimaranta pukukoppeineen.', participants: 1830, publishDate: '2026-01-14', sentTime: '2026-03-02', authors: [{ name: 'Liisa Laine' }], privateAuthors: 3 },
  { id: 2102, municipality: 91, name: 'Fler bänkar längs Tölöviken', proposal: 'Vi föreslår att staden ställer ut fler bänkar längs promenadstigen runt Tölöviken, så att äldre och barnfamiljer kan vila på vägen.', participants: 412, publishDate: '2026-02-03', sentTime: '2026-04-20', authors: [{ name: 'Åsa Öhman' }], privateAuthors: 1 },
  { id: 2103, municipality: 91, name: 'Koirapuisto Kannelmäkeen', proposal: 'Kannelmäessä ei ole aidattua koirapuistoa. Ehdotamme sellaista Kantelettarentien puistoon.', participants: 96, publishDate: '2026-05-11', sentTime: null, authors: [], privateAuthors: 2 },
  { id: 2104, municipality: 91, name: 'Avgiftsfri simhall för unga under 18 år', proposal: 'Unga under 18 år ska få simma gratis i stadens simhallar på vardagar.', participants: 10611, publishDate: '2025-11-20', sentTime: '2026-02-01', authors: [{ name: 'Mikael Lindström' }], privateAuthors: 5 },
  { id: 2105, municipality: 91, name: 'Kirjastoauto takaisin Malmille – ”lukeminen kuuluu kaikille” 📚', proposal: 'Malmin kirjastoauton pysäkki lakkautettiin. Palauttakaa se, sillä moni ikäihminen ei pääse kirjastoon.', participants: 257, publishDate: '2026-06-01', sentTime: null, authors: [{ name: 'Çelik Yılmaz' }], privateAuthors: 0 },
  { id: 2106, municipality: 91, name: 'Pyöräpysäköinti Itäkeskuksen metroasemalle', proposal: 'Itäkeskuksen metroasemalle tarvitaan katettu ja lukittava pyöräpysäköinti.', participants: 644, publishDate: '2026-03-18', sentTime: '2026-06-15', authors: [{ name: 'Pekka Pyöräilijä' }], privateAuthors: 2 },
  { id: 2107, municipality: 91, name: 'Ett tvåspråkigt lekis i Kronohagen', proposal: 'Vi vill ha en tvåspråkig lekpark med skyltar på finska och svenska i Kronohagen.', participants: 58, publishDate: '2026-07-07', sentTime: null, authors: [], privateAuthors: 1, public: false },
  { id: 3001, municipality: 49, name: 'Espoon aloite, ei Helsingin', proposal: 'Tämä kuuluu toiselle kunnalle.', participants: 10, publishDate: '2026-01-01', sentTime: null, authors: [], privateAuthors: 1 },
];

function municipalityJson(base, code) {
  const m = MUNICIPALITIES[code] ?? { nameFi: `Kunta ${code}`, nameSv: `Kommun ${code}` };
  return { active: true, id: `${base}/api/v1/municipalities/${code}`, nameFi: m.nameFi, nameSv: m.nameSv };
}

function pages(site, id) {
  return { fi: `${site}/fi/aloite/${id}`, sv: `${site}/sv/initiativ/${id}` };
}

function listItem(base, site, i) {
  return {
    collaborative: true,
    id: `${base}/api/v1/initiatives/${i.id}`,
    municipality: municipalityJson(base, i.municipality),
    name: i.name,
    participantCount: i.participants,
    publishDate: i.publishDate,
    sentTime: i.sentTime,
    type: 'COLLABORATIVE_CITIZEN',
    url: pages(site, i.id),
  };
}

function detail(base, site, i) {
  const authors = i.authors ?? [];
  return {
    authors: {
      privateNames: i.privateAuthors ?? 0,
      publicAuthors: authors.map((a) => ({ municipality: municipalityJson(base, i.municipality), name: a.name })),
      publicNames: authors.length,
    },
    collaborative: true,
    id: `${base}/api/v1/initiatives/${i.id}`,
    municipality: municipalityJson(base, i.municipality),
    name: i.name,
    participantCount: { externalNames: 0, privateNames: Math.max(0, (i.participants ?? 0) - authors.length), publicNames: authors.length, total: i.participants },
    proposal: i.proposal,
    publishDate: i.publishDate,
    sentTime: i.sentTime,
    type: 'COLLABORATIVE_CITIZEN',
    url: pages(site, i.id),
  };
}

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * Starts the stand-in. `initiatives` replaces the demo data; `setInitiatives` swaps it while
 * running (a test's second import with changed counts); `requests` counts the calls.
 */
export async function startKuntalaisaloiteStub({ port = 1084, host = '127.0.0.1', initiatives = DEMO_INITIATIVES, site } = {}) {
  let data = initiatives;
  const stats = { requests: 0 };
  let base = '';
  const server = http.createServer((req, res) => {
    stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://stub');
    const siteUrl = site ?? 'https://www.kuntalaisaloite.fi';
    if (req.method !== 'GET') return send(res, 405, { error: 'MethodNotAllowed' });
    if (url.pathname === '/api/v1/initiatives') {
      const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
      const limit = Math.min(50, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
      const municipality = url.searchParams.get('municipality');
      const listed = data.filter((i) => !municipality || String(i.municipality) === municipality).sort((a, b) => Number(a.id) - Number(b.id));
      return send(res, 200, listed.slice(offset, offset + limit).map((i) => i.rawList ?? listItem(base, siteUrl, i)));
    }
    const one = url.pathname.match(/^\/api\/v1\/initiatives\/([^/]+)$/);
    if (one) {
      const found = data.find((i) => String(i.id) === decodeURIComponent(one[1]));
      if (!found) return send(res, 404, { error: 'NotFound' });
      if (found.public === false) return send(res, 403, { error: 'AccessDenied' });
      return send(res, 200, found.rawDetail ?? detail(base, siteUrl, found));
    }
    if (url.pathname === '/api/v1/municipalities') return send(res, 200, Object.keys(MUNICIPALITIES).map((code) => municipalityJson(base, code)));
    return send(res, 404, { error: 'NotFound' });
  });
  const listening = await listenStub(server, { port, host });
  base = listening.base;
  return {
    /** What KUNTALAISALOITE_API_URL should be. */
    url: `${base}/api/v1`,
    port: listening.port,
    stats,
    setInitiatives(next) {
      data = next;
    },
    close: listening.close,
  };
}

// Run directly: `node scripts/kuntalaisaloite-stub.mjs`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runStubFromCommandLine('kuntalaisaloite.fi stand-in', () => startKuntalaisaloiteStub({ port: Number(process.env.VAIKUTA_KUNTALAISALOITE_PORT || 1084), host: process.env.VAIKUTA_KUNTALAISALOITE_HOST || '127.0.0.1' }), (stub) => `${stub.url}/initiatives?municipality=91`);
}
