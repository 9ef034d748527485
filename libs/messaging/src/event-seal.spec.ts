import { EventSeal } from './event-seal';

describe('EventSeal', () => {
  const seal = new EventSeal('a-city-key-of-at-least-thirty-two-characters');

  it('opens what it sealed for the same purpose, and the sealed text does not show the secret', () => {
    const sealed = seal.seal('657199', 'door-code:b1');
    expect(sealed).not.toContain('657199');
    expect(seal.open(sealed, 'door-code:b1')).toBe('657199');
    // A fresh IV each time: two seals of one code do not match each other.
    expect(seal.seal('657199', 'door-code:b1')).not.toBe(sealed);
  });

  it('does not open under another purpose, another key, or when tampered with', () => {
    const sealed = seal.seal('657199', 'door-code:b1');
    expect(seal.open(sealed, 'door-code:b2')).toBeUndefined();
    expect(new EventSeal('another-city-key-of-at-least-thirty-two-chars').open(sealed, 'door-code:b1')).toBeUndefined();
    const [v, iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(seal.open([v, iv, flipped.toString('base64url'), tag].join('.'), 'door-code:b1')).toBeUndefined();
    expect(seal.open('not-sealed', 'door-code:b1')).toBeUndefined();
  });

  it('refuses a short key', () => {
    expect(() => new EventSeal('short')).toThrow(/32/);
  });
});
