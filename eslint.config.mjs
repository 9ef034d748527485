// ESLint guards the workspace's shape, not its style (formatting is not linted here).
// 1. Module boundaries (@nx/enforce-module-boundaries): a service imports libs, never another
//    service, and a lib never imports a service — test files included. Each project.json carries
//    `type:service` or `type:lib` and a `scope:` tag; a project without tags cannot import anything.
// 2. A few correctness rules that hold today and catch real mistakes (a committed `it.only`,
//    unreachable code, duplicate keys), without type information so the run stays quick. They
//    cover the projects and the code around them: chaos/, deploy/, bench/ and scripts/ (TypeScript
//    and plain Node scripts alike).
// 3. Plain JavaScript (the .mjs scripts, CommonJS configs) also gets `no-undef`, with Node's
//    globals: tsc checks the TypeScript, nothing else checks a misspelt name in a script.
// `npm test` runs it (scripts/test.mjs); `npx eslint` alone works too.
import globals from 'globals';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nx from '@nx/eslint-plugin';
import { createProjectGraphAsync } from '@nx/devkit';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

// The boundary rule reads Nx's cached project graph and, when there is none, skips itself with
// only a warning — a lint that passes because it checked nothing. Building the graph here makes
// the rule run from a fresh clone too (about a second without the Nx daemon).
await createProjectGraphAsync({ exitOnError: true });

// One scope per service folder, so a new service is covered without editing this file: a service
// depends on its own scope and on the shared libs only.
const services = fs.readdirSync(path.join(root, 'services'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

const jestFocus = ['describe', 'it', 'test'].map((object) => ({
  object,
  property: 'only',
  message: `${object}.only runs only this test and silently skips the rest of the file.`,
}));

const correctness = {
  'no-restricted-properties': ['error', ...jestFocus],
  'no-debugger': 'error',
  'no-dupe-keys': 'error',
  'no-duplicate-case': 'error',
  'no-unreachable': 'error',
  'no-unsafe-finally': 'error',
  'no-self-assign': 'error',
  'no-self-compare': 'error',
  'no-compare-neg-zero': 'error',
  'no-cond-assign': 'error',
  'no-async-promise-executor': 'error',
  'no-sparse-arrays': 'error',
  'use-isnan': 'error',
  'valid-typeof': 'error',
};

// Node's globals for the plain scripts; CommonJS files also get the module wrapper's parameters.
const nodeGlobals = globals.node;
const commonJsGlobals = Object.fromEntries(['require', 'module', 'exports', '__dirname', '__filename'].map((name) => [name, 'readonly']));

// JavaScript is linted in the folders whose code is mostly Node scripts. Under services/ and libs/
// it is the portal's browser scripts (browser globals, not Node's) and jest configs: left out, as before.
const scriptFolders = ['chaos', 'deploy', 'bench', 'scripts'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.nx/**',
      '.vaikuta/**',
      'coverage/**',
      'bench/results/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      ...scriptFolders.map((folder) => `!${folder}/**`),
    ],
  },
  ...nx.configs['flat/base'],
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: correctness,
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { '@typescript-eslint/no-unsafe-function-type': 'error' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: nodeGlobals },
    rules: { 'no-undef': 'error' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, ...commonJsGlobals } },
  },
  {
    // Only the Nx projects have tags; chaos/, deploy/, bench/ and scripts/ belong to none, so the
    // boundaries are checked where they mean something.
    files: ['services/**/*.ts', 'libs/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          // Services are "application" projects: the rule already forbids importing one
          // (noImportsOfApps); the tags say the same for reviewers and make it hold for libs.
          enforceBuildableLibDependency: false,
          // The development stand-ins (geocoder, SMS sink) live in scripts/ because `npm start`
          // runs them; tests start the same ones rather than copies.
          allow: ['^(\\.\\./)+scripts/[a-z-]+\\.mjs$'],
          allowCircularSelfDependency: false,
          depConstraints: [
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...services.map((name) => ({ sourceTag: `scope:${name}`, onlyDependOnLibsWithTags: ['scope:shared', `scope:${name}`] })),
          ],
        },
      ],
    },
  },
);
