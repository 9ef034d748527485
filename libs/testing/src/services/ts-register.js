// Lets a child process `require()` our TypeScript directly, compiled by swc with the
// workspace's .swcrc (path aliases included) — the same compiler Jest and the build use.
// Used for services started as processes of their own (service-process.ts) and by tests that
// must SIGKILL a real process: `node -r <this file> some.ts`.
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../../../..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    ...swcrc,
    filename,
    jsc: { ...swcrc.jsc, baseUrl: root },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
    swcrc: false,
    exclude: [],
  });
  module._compile(code, filename);
};
