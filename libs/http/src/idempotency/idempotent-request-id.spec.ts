import { nameBasedUuid } from './idempotent-request-id';

describe('nameBasedUuid', () => {
  it('gives a retry (same record key and body) the same UUID, and any other request another', () => {
    const first = nameBasedUuid('PUT /budgeting/rounds/r1/ballot\0sub:abc\0key1\0body1');
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(nameBasedUuid('PUT /budgeting/rounds/r1/ballot\0sub:abc\0key1\0body1')).toBe(first);
    expect(nameBasedUuid('PUT /budgeting/rounds/r1/ballot\0sub:abc\0key1\0body2')).not.toBe(first);
    expect(nameBasedUuid('PUT /budgeting/rounds/r1/ballot\0sub:xyz\0key1\0body1')).not.toBe(first);
  });
});
