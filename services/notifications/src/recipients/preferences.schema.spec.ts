import { preferencesSchema } from './preferences.schema';

const issues = (input: unknown) => {
  const r = preferencesSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
};

describe('notification preferences', () => {
  it('normalises a valid email and a Finnish phone number', () => {
    const r = preferencesSchema.parse({ language: 'sv', channels: ['email', 'sms', 'email'], email: ' Asukas@Example.FI ', phone: '040 123 4567', digest: 'daily' });
    expect(r).toEqual({ language: 'sv', channels: ['email', 'sms'], email: 'asukas@example.fi', phone: '+358401234567', digest: 'daily', optOuts: [] });
  });

  it('names the email field when it is invalid', () => {
    expect(issues({ channels: ['email'], email: 'not an email' })).toContainEqual({ field: 'email', message: 'Enter a valid email address' });
  });

  it('names the phone field when it is not a real number', () => {
    expect(issues({ channels: ['sms'], phone: '12' })).toContainEqual({ field: 'phone', message: 'Enter a valid phone number, e.g. +358401234567' });
    expect(issues({ phone: '+358 40 123' })).toEqual([{ field: 'phone', message: 'Enter a valid phone number, e.g. +358401234567' }]);
  });

  it('asks for the address a chosen channel needs', () => {
    expect(issues({ channels: ['email'] })).toEqual([{ field: 'email', message: 'Give an email address to get messages by email' }]);
    expect(issues({ channels: ['sms'], email: 'a@b.fi' })).toEqual([{ field: 'phone', message: 'Give a phone number to get text messages' }]);
  });

  it('refuses unknown channels, digests, languages and topics', () => {
    expect(issues({ channels: ['pigeon'] })[0].field).toBe('channels.0');
    expect(issues({ digest: 'hourly' })[0].field).toBe('digest');
    expect(issues({ language: 'de' })[0].field).toBe('language');
    expect(issues({ optOuts: ['weather'] })[0].field).toBe('optOuts.0');
  });
});
