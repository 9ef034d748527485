import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { FuzzRoute } from './fuzz-target';

/** A request as it goes on the wire: the path is already percent-encoded (or deliberately not). */
export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** What was bad about it, for the failure message. */
  note: string;
}

const SURROGATE = /[\ud800-\udfff]/;

/**
 * Strings as a UTF-16 JS string, encoded the way a careless or hostile client would:
 * code units one by one (WTF-8), so a lone surrogate becomes the bytes ED A0 80 that a
 * real UTF-8 encoder would refuse to write.
 */
export function wtf8(value: string): Buffer {
  // Without surrogates WTF-8 is UTF-8: the fast path matters, the fuzzer encodes 70 kB strings
  // tens of thousands of times (`npm run fuzz` was bound by this loop, not by the services).
  if (!SURROGATE.test(value)) return Buffer.from(value, 'utf8');
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Buffer.from(bytes);
}

/** Percent-encodes every byte but the unreserved ones (RFC 3986). */
export function percentEncode(value: string): string {
  if (!SURROGATE.test(value)) {
    // encodeURIComponent leaves !'()* as they are; RFC 3986 reserves them.
    return encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  }
  let out = '';
  for (const byte of wtf8(value)) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const HUGE = 'x'.repeat(70_000);

/** Strings that have broken services: NUL, lone surrogates, huge, numeric edge cases, object keys. */
export const badString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udc00y',
    '\udbff',
    '',
    ' ',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    '-1',
    '0',
    '1.5',
    '1e309',
    'NaN',
    'Infinity',
    'true',
    'null',
    'undefined',
    '[]',
    '{}',
    "'; DROP TABLE x; --",
    '../../etc/passwd',
    '%00',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '12345678-1234-1234-1234-1234567890123',
    'VKT-2026-000001',
    '\u202e\u200b\ufeff',
    '😀'.repeat(300),
    'a'.repeat(201),
    'a'.repeat(5001),
  ),
  fc.constant(HUGE),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u0000', '\ud800', '\udfff')).map(([s, bad]) => s + bad + s),
  fc.integer().map(String),
  fc.double().map(String),
);

/** JSON values of every type, with bad strings among them. */
export const badValue: fc.Arbitrary<unknown> = fc.oneof(
  badString,
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.constantFrom(true, false, null, 0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, []),
  fc.array(badString, { maxLength: 3 }),
  fc.dictionary(badString, badString, { maxKeys: 3 }),
  fc.constant({ __proto__: { polluted: true } }),
);

const uuidLike = fc.constant(null).map(() => randomUUID());

/** A path segment: valid-looking, bad text, or bad percent-encoding sent as is. */
const badSegment: fc.Arbitrary<{ raw: string; note: string }> = fc.oneof(
  { weight: 3, arbitrary: badString.map((s) => ({ raw: percentEncode(s), note: `segment ${JSON.stringify(s.slice(0, 40))}` })) },
  { weight: 2, arbitrary: uuidLike.map((u) => ({ raw: u, note: 'uuid segment' })) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AE%C0%AE', '%FF', '%%32%65').map((raw) => ({ raw, note: `raw segment ${raw}` })) },
  { weight: 1, arbitrary: fc.constant({ raw: 'a'.repeat(300), note: 'segment of 300 characters' }) },
);

function deepJson(depth: number, open: string, close: string): string {
  return open.repeat(depth) + close.repeat(depth);
}

function multipart(fields: [string, string][], boundary: string, file?: Buffer): Buffer {
  const parts: Buffer[] = fields.map(([name, value]) =>
    Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/["\r\n]/g, '')}"\r\n\r\n`), wtf8(value), Buffer.from('\r\n')]),
  );
  if (file) {
    parts.push(
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
        file,
        Buffer.from('\r\n'),
      ]),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

interface BodyCase {
  headers: Record<string, string>;
  body?: Buffer;
  note: string;
}

function bodyCases(route: FuzzRoute): fc.Arbitrary<BodyCase> {
  const field = route.bodyFields.length ? fc.oneof(fc.constantFrom(...route.bodyFields), badString) : badString;
  const jsonObject = fc.dictionary(field, badValue, { maxKeys: 6 });
  const formFields = fc.array(fc.tuple(field, badString), { maxLength: 6 });
  const json = (value: unknown, note: string): BodyCase => ({
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(value) ?? 'null'),
    note,
  });
  return fc.oneof(
    { weight: 6, arbitrary: jsonObject.map((o) => json(o, `JSON body ${JSON.stringify(o).slice(0, 200)}`)) },
    { weight: 1, arbitrary: badValue.map((v) => json(v, `JSON body of type ${Array.isArray(v) ? 'array' : typeof v}`)) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<BodyCase>(
        { headers: { 'content-type': 'application/json' }, body: Buffer.from(deepJson(5000, '[', ']')), note: 'JSON array nested 5000 deep' },
        { headers: { 'content-type': 'application/json' }, body: Buffer.from('{"a":'.repeat(5000) + '1' + '}'.repeat(5000)), note: 'JSON object nested 5000 deep' },
        { headers: { 'content-type': 'application/json' }, body: Buffer.from('{"description":'), note: 'truncated JSON' },
        { headers: { 'content-type': 'application/json' }, body: Buffer.from(''), note: 'empty JSON body' },
        { headers: { 'content-type': 'application/json' }, body: Buffer.from('{"__proto__":{"x":1}}'), note: 'JSON __proto__' },
        { headers: { 'content-type': 'application/json' }, body: Buffer.from('{"constructor":{"prototype":{"x":1}}}'), note: 'JSON constructor.prototype' },
        { headers: { 'content-type': 'application/json' }, body: Buffer.from([0xff, 0xfe, 0x00, 0x7b]), note: 'JSON body not UTF-8' },
        { headers: { 'content-type': 'application/json' }, body: Buffer.alloc(1_100_000, 0x20), note: 'JSON body over 1 MB' },
        { headers: { 'content-type': 'application/json; charset=utf-7' }, body: Buffer.from('{}'), note: 'JSON in utf-7' },
        { headers: { 'content-type': 'application/json' }, body: Buffer.alloc(3_000_000, 0x20), note: 'JSON body of 3 MB' },
        {
          headers: { 'content-type': 'multipart/form-data; boundary=fuzzBoundary', expect: '100-continue' },
          body: multipart([['description', 'Expect: 100-continue with a 2 MB photo']], 'fuzzBoundary', Buffer.alloc(2_000_000, 0xff)),
          note: 'Expect: 100-continue, 2 MB multipart',
        },
        { headers: { 'content-type': 'text/plain' }, body: Buffer.from('hello'), note: 'text/plain body' },
        { headers: { 'content-type': 'application/xml' }, body: Buffer.from('<a/>'), note: 'XML body' },
        { headers: { 'content-type': 'garbage' }, body: Buffer.from('x'), note: 'garbage content type' },
        { headers: { 'content-type': '' }, body: Buffer.from('{}'), note: 'empty content type' },
        { headers: {}, body: Buffer.from('{"a":1}'), note: 'no content type' },
        { headers: { 'content-type': 'multipart/form-data' }, body: Buffer.from('--x\r\n\r\n'), note: 'multipart without boundary' },
        { headers: { 'content-type': 'multipart/form-data; boundary=abc' }, body: Buffer.from('{"not":"multipart"}'), note: 'multipart header, JSON body' },
        { headers: { 'content-type': 'multipart/form-data; boundary=abc' }, body: Buffer.from(''), note: 'multipart, empty body' },
        { headers: { 'content-type': 'multipart/form-data; boundary=' }, body: Buffer.from('--\r\n'), note: 'multipart, empty boundary' },
        { headers: { 'content-type': 'multipart/mixed; boundary=abc' }, body: Buffer.from('--abc--\r\n'), note: 'multipart/mixed' },
      ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(formFields, fc.boolean(), fc.nat(400)).map(([fields, withFile, cut]) => {
        const full = multipart(fields, 'fuzzBoundary', withFile ? Buffer.from('not really a jpeg') : undefined);
        const truncated = cut > 0 && cut < full.length;
        return {
          headers: { 'content-type': 'multipart/form-data; boundary=fuzzBoundary' },
          body: truncated ? full.subarray(0, cut) : full,
          note: `multipart ${truncated ? `truncated at ${cut}` : 'form'} ${JSON.stringify(fields).slice(0, 200)}`,
        };
      }),
    },
    {
      weight: 1,
      arbitrary: formFields.map((fields) => ({
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from(fields.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')),
        note: `form ${JSON.stringify(fields).slice(0, 200)}`,
      })),
    },
  );
}

function queryCases(route: FuzzRoute): fc.Arbitrary<{ query: string; note: string }> {
  const name = route.queryParams.length ? fc.oneof(fc.constantFrom(...route.queryParams), badString) : badString;
  const pair = fc.tuple(name, badString, fc.boolean());
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.array(pair, { minLength: 1, maxLength: 5 }).map((pairs) => ({
        // The boolean repeats a parameter: `?code=a&code=b` arrives as an array.
        query: pairs.flatMap(([k, v, twice]) => (twice ? [[k, v], [k, 'b']] : [[k, v]])).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&'),
        note: `query ${JSON.stringify(pairs).slice(0, 200)}`,
      })),
    },
    { weight: 1, arbitrary: fc.constantFrom('%', 'a=%zz', 'a=%ED%A0%80', `${route.queryParams[0] ?? 'q'}=%00`, '&&&=&', `${'a=1&'.repeat(2000)}`).map((query) => ({ query, note: `raw query ${query.slice(0, 60)}` })) },
  );
}

/**
 * Bad requests for one route: bad path segments, bad or repeated query parameters, and
 * bad bodies (wrong types, NUL, lone surrogates, deep JSON, broken multipart, wrong
 * content types), each sent as one of the given identities.
 */
export function badRequests(route: FuzzRoute, identities: Record<string, Record<string, string>>): fc.Arbitrary<RawRequest> {
  const segments = fc.tuple(...route.pathParams.map(() => badSegment));
  const who = fc.constantFrom(...Object.keys(identities));
  // Routes that read no body still get one now and then: it must be ignored or refused, not crash.
  const withBody = fc.oneof(
    { weight: route.hasBody ? 1 : 4, arbitrary: fc.constant(null) },
    { weight: route.hasBody ? 5 : 1, arbitrary: bodyCases(route) },
  );
  return fc.tuple(segments as fc.Arbitrary<{ raw: string; note: string }[]>, fc.option(queryCases(route), { freq: 2 }), withBody, who).map(([segs, query, body, identity]) => {
    let i = 0;
    const path = route.path.replace(/\{[^}]+\}/g, () => segs[i++].raw);
    const headers = { ...(body?.headers ?? {}), ...identities[identity] };
    if (body?.body) headers['content-length'] = String(body.body.length);
    return {
      method: route.method,
      path: query ? `${path}?${query.query}` : path,
      headers,
      body: body?.body,
      note: [identity, ...segs.map((s) => s.note), query?.note, body?.note].filter(Boolean).join('; '),
    };
  });
}
