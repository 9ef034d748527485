#!/usr/bin/env node
// Keeps `npm ci` working against a registry that serves only this platform's native
// binaries (the project's machines reach a registry mirror where, e.g.,
// @swc/core-darwin-arm64 answers 404).
//
// npm records an optional dependency in package-lock.json only when it could fetch its
// manifest. `npm ci` then rebuilds the tree, meets the same 404s, keeps the failed
// optional packages as inert placeholders (version ""), and refuses to install because the
// lock file lacks them. This script adds exactly those entries — name, the exact version
// its parent pins, marked optional with the platform its name states — so the lock file
// and npm's rebuilt tree agree. npm skips them at install time because their platform does
// not match; on a platform that needs one, npm fetches it by name and version as usual.
//
// Run after `npm install` changes dependencies:  node scripts/lockfile-platforms.mjs
// It asks `npm ci --dry-run` which entries are missing, adds them, and checks again.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lockPath = path.join(root, 'package-lock.json');

function missingFromLock() {
  try {
    execFileSync('npm', ['ci', '--dry-run', '--ignore-scripts'], { cwd: root, stdio: 'pipe', encoding: 'utf8' });
    return [];
  } catch (error) {
    const text = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    const other = text.match(/Invalid: .*/g);
    if (other) throw new Error(`The lock file is out of date, not only missing platform binaries:\n${other.join('\n')}`);
    return [...text.matchAll(/Missing: (.+?)@ from lock file/g)].map((m) => m[1]);
  }
}

/** The platform a binary package's name states, e.g. "-linux-arm64-musl". */
function platformOf(name) {
  const os = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony', 'sunos', 'aix'].find((o) => name.includes(`-${o}`));
  const cpu = ['arm64', 'x64', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'arm'].find((c) => new RegExp(`-${c}(-|$)`).test(name));
  const libc = /-musl/.test(name) ? 'musl' : /-gnu/.test(name) ? 'glibc' : undefined;
  return { ...(os ? { os: [os] } : {}), ...(cpu ? { cpu: [cpu] } : {}), ...(libc ? { libc: [libc] } : {}) };
}

const missing = missingFromLock();
if (missing.length === 0) {
  console.log('package-lock.json is complete for npm ci');
  process.exit(0);
}
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
/** The version a package's parent asks for in its optionalDependencies (always exact for binaries). */
function pinnedVersion(name) {
  for (const entry of Object.values(lock.packages)) {
    const spec = entry.optionalDependencies?.[name];
    if (spec) return spec.replace(/^[=^~]/, '');
  }
  throw new Error(`No package in the lock file asks for ${name}`);
}
for (const name of missing) {
  lock.packages[`node_modules/${name}`] = { version: pinnedVersion(name), optional: true, ...platformOf(name) };
}
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
const still = missingFromLock();
console.log(`added ${missing.length} entries for other platforms' binaries; ${still.length ? `still missing: ${still.join(', ')}` : 'npm ci now accepts the lock file'}`);
process.exit(still.length ? 1 : 0);
