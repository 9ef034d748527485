#!/usr/bin/env node
// A development geocoder: what the SMS sink is for text messages. The feedback service's
// geocoder (services/feedback/src/geocoding) talks to a Nominatim-style provider; this stands in
// for one with the demo city's streets, so `npm start` and the tests find addresses without
// reaching a third party. On its own:
//
//   node scripts/geocoder-stub.mjs     (port VAIKUTA_GEOCODER_PORT, default 1082)
//   GEOCODER_PROVIDER=nominatim GEOCODER_URL=http://127.0.0.1:1082 …feedback
//
//   GET /search?q=Helsinginkatu 12&format=jsonv2&addressdetails=1&limit=5&accept-language=sv
//       → [{lat, lon, display_name, address: {road, house_number, postcode, suburb, city}}]
//   GET /reverse?lat=60.18&lon=24.95&format=jsonv2&accept-language=fi
//       → {lat, lon, display_name, address: {…}}, or {error: "Unable to geocode"} when no street
//         of the list is within 250 m (as Nominatim answers).
//
// The streets are our own rough lines through the demo districts (start and end point, house
// numbers from one end to the other), not survey data: a house number is interpolated along
// the line. Good enough to place a pin and fill an address; nothing else.

import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { listenStub } from './stub-server.mjs';

/** [fi, sv, postcode, suburb fi, suburb sv, [lat, lon] of the low numbers, [lat, lon] of the high numbers, first, last number] */
export const DEMO_STREETS = [
  // Kallio
  ['Helsinginkatu', 'Helsingegatan', '00530', 'Kallio', 'Berghäll', [60.1874, 24.9422], [60.1858, 24.9578], 1, 50],
  ['Fleminginkatu', 'Flemingsgatan', '00530', 'Kallio', 'Berghäll', [60.1829, 24.9493], [60.1892, 24.9519], 1, 40],
  ['Vaasankatu', 'Vasagatan', '00500', 'Kallio', 'Berghäll', [60.1842, 24.9535], [60.1885, 24.9548], 1, 30],
  ['Porthaninkatu', 'Porthansgatan', '00530', 'Kallio', 'Berghäll', [60.1813, 24.9468], [60.1845, 24.9441], 1, 14],
  ['Kolmas linja', 'Tredje linjen', '00530', 'Kallio', 'Berghäll', [60.1830, 24.9430], [60.1815, 24.9516], 1, 35],
  ['Hämeentie', 'Tavastvägen', '00530', 'Kallio', 'Berghäll', [60.1805, 24.9540], [60.1895, 24.9585], 1, 60],
  // Kamppi
  ['Fredrikinkatu', 'Fredriksgatan', '00120', 'Kamppi', 'Kampen', [60.1615, 24.9385], [60.1712, 24.9292], 1, 70],
  ['Annankatu', 'Annegatan', '00120', 'Kamppi', 'Kampen', [60.1630, 24.9403], [60.1693, 24.9350], 1, 34],
  ['Malminkatu', 'Malmgatan', '00100', 'Kamppi', 'Kampen', [60.1680, 24.9290], [60.1689, 24.9355], 1, 40],
  ['Salomonkatu', 'Salomonsgatan', '00100', 'Kamppi', 'Kampen', [60.1702, 24.9318], [60.1692, 24.9372], 1, 25],
  // Lauttasaari
  ['Lauttasaarentie', 'Drumsövägen', '00200', 'Lauttasaari', 'Drumsö', [60.1600, 24.8830], [60.1590, 24.8700], 1, 60],
  ['Isokaari', 'Storbågen', '00200', 'Lauttasaari', 'Drumsö', [60.1575, 24.8745], [60.1625, 24.8795], 1, 40],
  ['Otavantie', 'Otavavägen', '00200', 'Lauttasaari', 'Drumsö', [60.1555, 24.8810], [60.1585, 24.8860], 1, 20],
  // Kannelmäki
  ['Kantelettarentie', 'Kantelettarvägen', '00420', 'Kannelmäki', 'Gamlas', [60.2385, 24.8720], [60.2445, 24.8860], 1, 30],
  ['Klaneettitie', 'Klarinettvägen', '00420', 'Kannelmäki', 'Gamlas', [60.2400, 24.8800], [60.2430, 24.8900], 1, 20],
  // Malmi
  ['Malmin kauppatie', 'Malms köpväg', '00700', 'Malmi', 'Malm', [60.2500, 25.0060], [60.2525, 25.0190], 1, 40],
  ['Kirkonkyläntie', 'Kyrkobyvägen', '00700', 'Malmi', 'Malm', [60.2480, 25.0100], [60.2555, 25.0240], 1, 50],
  ['Pekanraitti', 'Pekasstigen', '00700', 'Malmi', 'Malm', [60.2510, 25.0095], [60.2535, 25.0120], 1, 16],
  // Itäkeskus
  ['Itäkatu', 'Östergatan', '00930', 'Itäkeskus', 'Östra centrum', [60.2090, 25.0760], [60.2120, 25.0880], 1, 30],
  ['Kauppakartanonkatu', 'Köpgårdsgatan', '00930', 'Itäkeskus', 'Östra centrum', [60.2080, 25.0800], [60.2140, 25.0820], 1, 40],
  ['Turunlinnantie', 'Åbohusvägen', '00900', 'Itäkeskus', 'Östra centrum', [60.2105, 25.0830], [60.2160, 25.0900], 1, 20],
].map(([fi, sv, postcode, suburbFi, suburbSv, from, to, first, last]) => ({ fi, sv, postcode, suburbFi, suburbSv, from, to, first, last }));

const CITY = { fi: 'Helsinki', sv: 'Helsingfors', en: 'Helsinki' };
const REVERSE_MAX_METRES = 250;
const M_PER_DEG_LAT = 111_320;

/** Metres east/north of a point near the city, good to a few metres over a few kilometres. */
function toLocal([lat, lon], origin) {
  return [(lon - origin[1]) * M_PER_DEG_LAT * Math.cos((origin[0] * Math.PI) / 180), (lat - origin[0]) * M_PER_DEG_LAT];
}

const fold = (s) => s.toLocaleLowerCase('fi').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, ' ').trim();

function pointAt(street, number) {
  const span = Math.max(1, street.last - street.first);
  const f = Math.min(1, Math.max(0, (number - street.first) / span));
  return [street.from[0] + (street.to[0] - street.from[0]) * f, street.from[1] + (street.to[1] - street.from[1]) * f];
}

function place(street, number, [lat, lon], lang) {
  const road = lang === 'sv' ? street.sv : street.fi;
  const suburb = lang === 'sv' ? street.suburbSv : street.suburbFi;
  const city = CITY[lang] ?? CITY.fi;
  const house = number === undefined ? undefined : String(number);
  return {
    lat: lat.toFixed(6),
    lon: lon.toFixed(6),
    display_name: [house ? `${road} ${house}` : road, suburb, street.postcode, city].join(', '),
    address: { road, ...(house ? { house_number: house } : {}), postcode: street.postcode, suburb, city },
  };
}

/** Streets whose Finnish or Swedish name starts with the query's words; a number picks the house. */
export function search(q, lang = 'fi', limit = 5) {
  const m = /^(.*?)(?:\s+(\d{1,4})[a-z]?)?$/i.exec(fold(q));
  const name = m?.[1] ?? '';
  if (name.length < 2) return [];
  const number = m?.[2] ? Number(m[2]) : undefined;
  const hits = DEMO_STREETS.filter((s) => fold(s.fi).startsWith(name) || fold(s.sv).startsWith(name));
  return hits.slice(0, limit).map((s) => {
    const n = number === undefined ? undefined : Math.min(s.last, Math.max(s.first, number));
    return place(s, n, n === undefined ? pointAt(s, (s.first + s.last) / 2) : pointAt(s, n), lang);
  });
}

/** The nearest street within 250 m and the house number at that point of it. */
export function reverse(lat, lon, lang = 'fi') {
  let best;
  for (const s of DEMO_STREETS) {
    const a = toLocal(s.from, [lat, lon]);
    const b = toLocal(s.to, [lat, lon]);
    const ab = [b[0] - a[0], b[1] - a[1]];
    const len2 = ab[0] ** 2 + ab[1] ** 2;
    const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(a[0] * ab[0] + a[1] * ab[1]) / len2));
    const d = Math.hypot(a[0] + ab[0] * t, a[1] + ab[1] * t);
    if (!best || d < best.d) best = { s, t, d };
  }
  if (!best || best.d > REVERSE_MAX_METRES) return undefined;
  const number = Math.round(best.s.first + (best.s.last - best.s.first) * best.t);
  return place(best.s, number, [lat, lon], lang);
}

function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(value));
}

/** Starts the stand-in. `port` 0 picks a free one (tests). Resolves {url, port, close()}. */
export async function startGeocoderStub({ port = 1082, host = '127.0.0.1' } = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://geocoder');
    const lang = (url.searchParams.get('accept-language') ?? 'fi').slice(0, 2);
    if (req.method !== 'GET') return sendJson(res, 405, { error: `${req.method} is not allowed` });
    if (url.pathname === '/search') {
      const q = url.searchParams.get('q') ?? '';
      const limit = Math.min(20, Math.max(1, Number(url.searchParams.get('limit')) || 5));
      return sendJson(res, 200, search(q, lang, limit));
    }
    if (url.pathname === '/reverse') {
      const lat = Number(url.searchParams.get('lat'));
      const lon = Number(url.searchParams.get('lon'));
      if (!Number.isFinite(lat) || !Number.isFinite(lon)) return sendJson(res, 400, { error: 'lat and lon must be numbers' });
      return sendJson(res, 200, reverse(lat, lon, lang) ?? { error: 'Unable to geocode' });
    }
    return sendJson(res, 404, { error: 'not found: GET /search?q= or /reverse?lat=&lon=' });
  });
  const { base, port: actualPort, close } = await listenStub(server, { port, host });
  return { url: base, port: actualPort, close };
}

// Run directly: `node scripts/geocoder-stub.mjs`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // VAIKUTA_GEOCODER_HOST=0.0.0.0 in a container (docker-compose.yml), where others reach it by name.
  startGeocoderStub({ port: Number(process.env.VAIKUTA_GEOCODER_PORT || 1082), host: process.env.VAIKUTA_GEOCODER_HOST || '127.0.0.1' }).then(
    (stub) => {
      console.log(`Geocoder stand-in: ${stub.url}/search?q=Helsinginkatu%2012 and ${stub.url}/reverse?lat=60.1866&lon=24.95`);
      for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => stub.close().then(() => process.exit(0)));
    },
    (err) => {
      console.error(`the geocoder stand-in did not start: ${err.message}`);
      process.exit(1);
    },
  );
}
