import { ServiceConfigError } from '@vaikuta/service-kit';
import { loadInitiativesConfig } from './initiatives-config';

describe('initiatives configuration', () => {
  const production = { NODE_ENV: 'production', AUTH_JWKS_URL: 'https://login.example.fi/jwks', NOTIFICATIONS_SECRET: 'x'.repeat(32) };

  it('refuses to start in production without the Ahjo callback secret (the development one is public)', () => {
    expect(() => loadInitiativesConfig(production)).toThrow(ServiceConfigError);
    expect(() => loadInitiativesConfig(production)).toThrow(/AHJO_CALLBACK_SECRET: is required in production/);
  });

  it('takes the secret given, and keeps a development one outside production', () => {
    expect(loadInitiativesConfig({ ...production, AHJO_CALLBACK_SECRET: 's'.repeat(24) }).ahjo.callbackSecret).toBe('s'.repeat(24));
    expect(loadInitiativesConfig({ NODE_ENV: 'test' }).ahjo.callbackSecret).toBe('dev-ahjo-callback-secret');
  });
});
