// Shared Jest settings. NestJS 12 ships ESM only; Jest on Node 20 loads test code as
// CommonJS, so @swc/jest compiles our TypeScript *and* the ESM-only packages to CommonJS.
// See docs/adr/0001-toolchain.md.
const path = require('node:path');
const swcrc = JSON.parse(require('node:fs').readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
const esmOnly = ['@nestjs', 'uid', 'iterare', 'load-esm', 'file-type', 'strtok3', 'token-types', 'peek-readable', '@tokenizer', 'uint8array-extras', 'jose'];
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { ...swcrc, jsc: { ...swcrc.jsc, baseUrl: __dirname }, exclude: [], swcrc: false, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
