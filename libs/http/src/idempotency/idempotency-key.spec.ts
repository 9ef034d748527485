import { parseIdempotencyKey } from './idempotency.interceptor';

describe('Idempotency-Key header', () => {
  it('takes the draft structured-field string and a bare token', () => {
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('8e03978e')).toBe('8e03978e');
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each([[''], ['""'], ['a b'], ['x'.repeat(256)], ['ä'], [['a', 'b']]])('refuses %j with a problem naming the header', (value) => {
    expect(() => parseIdempotencyKey(value as string)).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ field: 'Idempotency-Key' })] }));
  });
});
