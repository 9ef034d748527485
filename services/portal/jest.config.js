const preset = require('../../jest.preset.js');

// @fastify/cookie is CommonJS but loads the ESM-only `cookie` with a dynamic import(), which
// Jest on Node 20 cannot run; compiling it with swc as well turns that import into a require().
const withCookie = preset.transformIgnorePatterns.map((p) => p.replace('(?!(', '(?!(@fastify/cookie|'));

module.exports = {
  ...preset,
  transformIgnorePatterns: withCookie,
  rootDir: __dirname,
  displayName: 'portal',
  // Browser tests boot the feedback service and Chromium; give them room.
  testTimeout: 120_000,
};
