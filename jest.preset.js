// Shared Jest settings. NestJS 12 and several of its neighbours ship ESM only; Jest on
// Node 20 runs test code as CommonJS, so @swc/jest compiles our TypeScript *and* every
// ESM-only package to CommonJS. See docs/adr/0001-toolchain.md.
const fs = require('node:fs');
const path = require('node:path');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));

/** Top-level packages whose package.json says "type": "module" (found once per Jest start). */
function esmOnlyPackages() {
  const root = path.join(__dirname, 'node_modules');
  const names = [];
  const isModule = (dir) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).type === 'module';
    } catch {
      return false;
    }
  };
  for (const entry of fs.readdirSync(root)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      for (const sub of fs.readdirSync(path.join(root, entry))) {
        if (isModule(path.join(root, entry, sub))) names.push(`${entry}/${sub}`);
      }
    } else if (isModule(path.join(root, entry))) {
      names.push(entry);
    }
  }
  return names.map((n) => n.replace(/[.+]/g, '\\$&'));
}

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj|cj)s$': [
      '@swc/jest',
      { ...swcrc, jsc: { ...swcrc.jsc, baseUrl: __dirname }, exclude: [], swcrc: false, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages().join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};
