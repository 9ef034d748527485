import fc from 'fast-check';
import { percentEncode, wtf8 } from './bad-requests';

/** The encoding spelled out one UTF-16 code unit at a time: the oracle for the fast paths. */
function wtf8Reference(value: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    const d = value.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
      c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      i++;
    }
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return bytes;
}

const unreserved = (byte: number) => /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte));

// Any UTF-16 code units: paired and lone surrogates, NUL, ASCII punctuation, astral characters.
const anyUnits = fc.array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xffff })), { maxLength: 40 }).map((units) => String.fromCharCode(...units));

describe('the fuzzer’s byte encodings', () => {
  it('wtf8 writes every code unit as a careless client would, lone surrogates included', () => {
    expect([...wtf8('\ud800')]).toEqual([0xed, 0xa0, 0x80]);
    expect([...wtf8('a\u0000😀')]).toEqual([0x61, 0x00, 0xf0, 0x9f, 0x98, 0x80]);
    fc.assert(fc.property(anyUnits, (s) => expect([...wtf8(s)]).toEqual(wtf8Reference(s))), { numRuns: 2000 });
  });

  it('percentEncode leaves only RFC 3986 unreserved bytes unescaped, in upper-case hex', () => {
    expect(percentEncode("a b!'()*~")).toBe('a%20b%21%27%28%29%2A~');
    fc.assert(
      fc.property(anyUnits, (s) => {
        const expected = wtf8Reference(s)
          .map((b) => (unreserved(b) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
          .join('');
        expect(percentEncode(s)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
