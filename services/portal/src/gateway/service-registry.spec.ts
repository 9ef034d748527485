import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPortalConfig } from '../portal-config';
import { apiRoutes } from './api-proxy';
import { findRegistryFile, readServiceRegistry } from './service-registry';

describe('the portal learns its services from the registry', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-'));
  const file = (name: string, list: unknown) => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, JSON.stringify(list));
    return target;
  };
  const registry = file('services.json', [
    { name: 'portal', port: 8080, main: 'x' },
    { name: 'feedback', port: 3001, main: 'x', proxy: ['/open311/v2'] },
    { name: 'initiatives', port: 3002, main: 'x' },
    { name: 'grants-and-premises', port: 3004, main: 'x' },
  ]);

  it('reads deploy/services.json itself, with every service but the portal', () => {
    expect(readServiceRegistry().map((s) => s.name)).toEqual(expect.arrayContaining(['feedback', 'notifications']));
    expect(readServiceRegistry().map((s) => s.name)).not.toContain('portal');
  });

  it('finds deploy/services.json from the built portal in dist/ too (the built portal did not start)', () => {
    const repoRoot = path.resolve(__dirname, '../../../..');
    const expected = path.join(repoRoot, 'deploy', 'services.json');
    expect(findRegistryFile(path.join(repoRoot, 'dist', 'services', 'portal', 'src', 'gateway'))).toBe(expected);
    expect(findRegistryFile(__dirname)).toBe(expected);
  });

  it('a new entry is a new proxied API, at its port unless <NAME>_URL says otherwise', () => {
    const config = loadPortalConfig({ VAIKUTA_SERVICES_FILE: registry, GRANTS_AND_PREMISES_URL: 'http://grants.internal:80/' });
    expect(config.services).toEqual([
      { name: 'feedback', url: 'http://127.0.0.1:3001', proxy: ['/open311/v2'] },
      { name: 'initiatives', url: 'http://127.0.0.1:3002', proxy: [] },
      { name: 'grants-and-premises', url: 'http://grants.internal:80', proxy: [] },
    ]);
    expect(apiRoutes(config.services)).toEqual([
      { upstream: 'http://127.0.0.1:3001', prefix: '/api/feedback', rewritePrefix: '/feedback' },
      { upstream: 'http://127.0.0.1:3001', prefix: '/open311/v2', rewritePrefix: '/open311/v2' },
      { upstream: 'http://127.0.0.1:3002', prefix: '/api/initiatives', rewritePrefix: '/initiatives' },
      { upstream: 'http://grants.internal:80', prefix: '/api/grants-and-premises', rewritePrefix: '/grants-and-premises' },
    ]);
  });

  it('a test points a service elsewhere with <name>Url, which is not left as a config field', () => {
    const config = loadPortalConfig({ VAIKUTA_SERVICES_FILE: registry }, { initiativesUrl: 'http://127.0.0.1:4567' });
    expect(config.services.find((s) => s.name === 'initiatives')?.url).toBe('http://127.0.0.1:4567');
    expect(config).not.toHaveProperty('initiativesUrl');
  });

  it('refuses a bad address or registry with the variable or entry named', () => {
    expect(() => loadPortalConfig({ VAIKUTA_SERVICES_FILE: registry, FEEDBACK_URL: 'ftp://x' })).toThrow('FEEDBACK_URL: expected an http(s) URL');
    expect(() => loadPortalConfig({ VAIKUTA_SERVICES_FILE: file('bad.json', [{ name: 'Feedback!', port: 1 }]) })).toThrow(/Invalid service registry .*0\.name/);
    expect(() => loadPortalConfig({ VAIKUTA_SERVICES_FILE: path.join(dir, 'missing.json') })).toThrow('Cannot read the service registry');
  });
});
