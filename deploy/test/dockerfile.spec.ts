/**
 * The production Dockerfile's shape, checked without a Docker engine (CI has none): the final
 * image is a slim Node image that runs as a non-root user, carries only production
 * dependencies, and copies only files the build context holds or the build makes.
 */
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; engines: { node: string }; scripts: Record<string, string> };

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** Dockerfile syntax as far as this file uses it: comments, continuation lines, stages. */
function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (!line && !pending)) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(pending + line);
    pending = '';
  }
  const stages: Stage[] = [];
  for (const line of logical.filter(Boolean)) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (keyword.toUpperCase() === 'FROM') {
      const [image, as, name] = args.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      stages.at(-1)!.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

interface Copy {
  from?: string;
  sources: string[];
  destination: string;
}
function copiesOf(stage: Stage): Copy[] {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY')
    .map((i) => {
      const words = i.args.split(/\s+/);
      const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
      const paths = words.filter((w) => !w.startsWith('--'));
      return { from, sources: paths.slice(0, -1), destination: paths.at(-1)! };
    });
}

/** .dockerignore's patterns (Go filepath.Match with **), enough for the ones this repository uses. */
function ignoredByDockerignore(file: string): boolean {
  const patterns = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  let ignored = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const pattern = (negate ? raw.slice(1) : raw).replace(/^\/+/, '');
    const regex = new RegExp(
      `^${pattern
        .split('**')
        .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))
        .join('.*')}(/.*)?$`,
    );
    if (regex.test(file)) ignored = !negate;
  }
  return ignored;
}

/** The build compiles services/ and libs/ with swc into dist/, keeping their paths. */
function compiledFrom(distPath: string): string | undefined {
  const relative = distPath.replace(/^dist\//, '');
  return ['.ts', '.js', '.cjs', '.mjs'].map((ext) => relative.replace(/\.js$/, ext)).find((candidate) => existsSync(path.join(repoRoot, candidate)));
}

const stages = parseDockerfile(read('Dockerfile'));
const final = stages.at(-1)!;
const stageNamed = (name: string) => stages.find((s) => s.name === name);
const workdirOf = (stage: Stage) => stage.instructions.find((i) => i.keyword === 'WORKDIR')?.args ?? '/';
const installs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'RUN' && /\b(npm (ci|install|i|add)|yarn (install|add)|pnpm (install|i|add))\b/.test(i.args));
const isBareImport = (spec: string) => !spec.startsWith('.') && !spec.startsWith('/');
const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
const isBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec);

describe('Dockerfile', () => {
  it('ends in a slim Node image of the version package.json requires', () => {
    const match = /^node:(\d+)(?:\.\d+)*-(?:bookworm-slim|bullseye-slim|slim|alpine[\d.]*)$/.exec(final.image);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThanOrEqual(Number(/\d+/.exec(pkg.engines.node)![0]));
  });

  it('runs as the non-root "node" user (uid 1000, which the Kubernetes pods also name)', () => {
    const keywords = final.instructions.map((i) => i.keyword);
    const users = final.instructions.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.at(-1)).toBe('node');
    expect(keywords.lastIndexOf('USER')).toBeLessThan(keywords.indexOf('CMD'));
    // Nothing after USER may need root (a RUN as "node" could not write to /usr).
    expect(keywords.slice(keywords.lastIndexOf('USER')).filter((k) => k === 'RUN')).toEqual([]);
  });

  it('puts only production dependencies in the final image', () => {
    // No package manager runs in the final stage…
    expect(installs(final)).toEqual([]);
    // …its node_modules comes from a stage that installs with --omit=dev and builds nothing…
    const copies = copiesOf(final);
    const modules = copies.filter((c) => c.sources.some((s) => /node_modules\/?$/.test(s)));
    expect(modules).toHaveLength(1);
    const depsStage = stageNamed(modules[0].from!)!;
    expect(installs(depsStage).map((i) => i.args)).toEqual([expect.stringMatching(/^npm ci --omit=dev\b/)]);
    expect(depsStage.instructions.filter((i) => i.keyword === 'RUN' && /npm run|npx /.test(i.args))).toEqual([]);
    // …and no other COPY brings a node_modules folder in.
    expect(copies.filter((c) => c !== modules[0] && c.sources.some((s) => s.includes('node_modules')))).toEqual([]);
  });

  it('copies from the build stage only what the build context holds or the build makes', () => {
    expect(pkg.scripts.build).toMatch(/^swc services libs -d dist\b/);
    const build = stageNamed('build')!;
    expect(build.instructions.some((i) => i.keyword === 'COPY' && i.args === '. .')).toBe(true);
    const workdir = `${workdirOf(build)}/`;
    const missing: string[] = [];
    for (const copy of copiesOf(final).filter((c) => c.from === 'build')) {
      for (const source of copy.sources) {
        expect(source.startsWith(workdir)).toBe(true);
        const file = source.slice(workdir.length);
        if (file === 'dist') continue;
        if (file.startsWith('dist/') ? !compiledFrom(file) : !existsSync(path.join(repoRoot, file)) || ignoredByDockerignore(file)) missing.push(file);
      }
    }
    expect(missing).toEqual([]);
  });

  it("starts by default a service's main and CLI that the build makes", () => {
    const env = final.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args).join(' ');
    for (const name of ['MAIN', 'CLI']) {
      const value = new RegExp(`\\b${name}=(\\S+)`).exec(env)?.[1];
      expect(value && compiledFrom(value)).toBeTruthy();
    }
  });

  it('carries every script it copies together with what the script imports', () => {
    const copied = new Set(
      copiesOf(final)
        .filter((c) => c.from === 'build')
        .flatMap((c) => c.sources.map((s) => s.slice(`${workdirOf(stageNamed('build')!)}/`.length)))
        .filter((file) => /\.(mjs|cjs)$/.test(file)),
    );
    expect(copied.size).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const file of copied) {
      const text = read(file);
      for (const [, spec] of text.matchAll(/(?:from\s+|require\(|import\()\s*['"]([^'"]+)['"]/g)) {
        if (isBareImport(spec)) {
          if (!isBuiltin(spec) && !pkg.dependencies[packageOf(spec)]) problems.push(`${file} imports ${spec}, which is no production dependency`);
        } else if (!copied.has(path.join(path.dirname(file), spec))) {
          problems.push(`${file} imports ${spec}, which the image does not carry`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("needs nothing at run time from the dev dependencies: the services' and libs' code imports only production packages", () => {
    const problems: string[] = [];
    const visit = (dir: string) => {
      for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        // Test helpers (libs/testing, a service's testing/ and test/ folders) never load in production.
        if (entry.isDirectory()) {
          if (!['node_modules', 'testing', 'test'].includes(entry.name)) visit(file);
          continue;
        }
        if (!/\.(ts|cjs|mjs)$/.test(entry.name) || /\.(spec|e2e|test)\.ts$|\.d\.ts$/.test(entry.name)) continue;
        const imports = /^\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)/gm;
        for (const match of read(file).matchAll(imports)) {
          const spec = match[1] ?? match[2] ?? match[3];
          if (!spec || !isBareImport(spec) || isBuiltin(spec) || spec.startsWith('@vaikuta/')) continue;
          if (!pkg.dependencies[packageOf(spec)]) problems.push(`${file}: ${spec}`);
        }
      }
    };
    // libs/testing is the test helpers' library: only tests import it.
    const projects = ['services', 'libs'].flatMap((root) => readdirSync(path.join(repoRoot, root)).map((project) => path.join(root, project)));
    for (const project of projects.filter((p) => p !== path.join('libs', 'testing'))) visit(path.join(project, 'src'));
    expect(problems).toEqual([]);
  });
});

describe('.dockerignore', () => {
  it("keeps the host's dependencies, builds, history and environment files out of the build context", () => {
    for (const file of ['node_modules/pg/package.json', 'services/feedback/node_modules/x', 'dist/services/feedback/src/main.js', '.git/HEAD', '.env', '.env.production']) {
      expect([file, ignoredByDockerignore(file)]).toEqual([file, true]);
    }
    expect(ignoredByDockerignore('services/feedback/src/main.ts')).toBe(false);
  });
});
