import { Open311Error } from './open311-error';
import { mediaOf, open311FieldName, toSubmitFeedback } from './open311-submit';

const form = {
  api_key: 'k',
  service_code: '171',
  description: 'Iso kuoppa pyörätiellä kirjaston edessä.',
  lat: '60.1841',
  long: '24.9494',
};

function problemsOf(fields: Record<string, string | string[] | undefined>): string[] {
  try {
    toSubmitFeedback(fields);
  } catch (error) {
    expect(error).toBeInstanceOf(Open311Error);
    return (error as Open311Error).errors.map((e) => e.description);
  }
  throw new Error('expected a 400');
}

describe('an Open311 POST form as intake input', () => {
  it('maps the Open311 fields onto intake, as a fault report', () => {
    expect(toSubmitFeedback({ ...form, title: 'Kuoppa', address_string: 'Kallion kirjasto', locale: 'sv_FI' })).toEqual({
      kind: 'fault',
      categoryCode: '171',
      title: 'Kuoppa',
      description: form.description,
      lat: 60.1841,
      lon: 24.9494,
      address: 'Kallion kirjasto',
      contactConsent: false,
      language: 'sv',
    });
  });

  it('takes an email or phone as consent to be contacted, and keeps no names', () => {
    const input = toSubmitFeedback({ ...form, email: 'asukas@example.fi', phone: '+358 40 123 4567', first_name: 'Aino', last_name: 'Asukas' });
    expect(input).toMatchObject({ email: 'asukas@example.fi', phone: '+358401234567', contactConsent: true, language: 'fi' });
    expect(JSON.stringify(input)).not.toMatch(/Aino|Asukas/);
  });

  it('accepts and ignores the fields it has no use for', () => {
    expect(() =>
      toSubmitFeedback({ ...form, device_id: 'd', account_id: '1', media_url: 'http://example.com/x.jpg', 'attribute[X]': '1', jurisdiction_id: 'x' }),
    ).not.toThrow();
  });

  it('accepts an address alone as the location', () => {
    expect(toSubmitFeedback({ ...form, lat: undefined, long: undefined, address_string: 'Kaisaniemenpuisto' })).toMatchObject({ address: 'Kaisaniemenpuisto' });
  });

  it.each([
    [{ description: undefined }, 'description: Describe the matter'],
    [{ description: 'lyhyt' }, 'description: Write at least 10 characters'],
    [{ description: 'x'.repeat(5001) }, 'description: Write at most 5000 characters'],
    [{ service_code: undefined }, 'service_code: service_code is required; see services.json'],
    [{ long: undefined }, 'long: Give both latitude and longitude'],
    [{ lat: undefined, long: undefined }, 'address_string: A location is required: lat and long, or address_string'],
    [{ email: 'not-an-email' }, 'email: Enter a valid email address'],
    [{ service_code: ['171', '246'] }, 'service_code: Give it once'],
  ])('answers %j with "%s"', (change, description) => {
    expect(problemsOf({ ...form, ...change })).toContain(description);
  });

  it('names fields as Open311 does', () => {
    expect(['categoryCode', 'lon', 'address', 'photos[1]', 'description'].map(open311FieldName)).toEqual([
      'service_code',
      'long',
      'address_string',
      'media[1]',
      'description',
    ]);
  });

  it('takes files only from media and media[]', () => {
    const file = (field: string) => ({ field, filename: 'a.png', bytes: Buffer.alloc(1) });
    expect(mediaOf([file('media'), file('media[]')])).toHaveLength(2);
    expect(() => mediaOf([file('photos')])).toThrow(Open311Error);
  });
});
