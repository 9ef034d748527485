/**
 * Every manifest under deploy/k8s, checked as `kubeconform` would and then some:
 * 1. each YAML document validates against its schema — Kubernetes' own kinds with
 *    kubernetes-models, the Prometheus Operator's with @kubernetes-models/prometheus-operator,
 *    CloudNativePG's Cluster with our JSON Schema (schemas/cnpg-cluster.schema.json); a kind
 *    with no schema fails, so nothing goes unchecked. Those schemas let unknown fields pass, so a
 *    misspelt field is caught by type-checking each document against the models' TypeScript
 *    types instead (excess property checks: kubeconform's -strict);
 * 2. the documents fit together: what kustomization.yaml lists exists and every real manifest is
 *    listed; what a pod reads (ConfigMaps, Secrets and their keys, volumes) is defined; Services,
 *    PDBs and HPAs select or target a workload; every container has requests and limits; every
 *    setting a pod gets is a name its code reads; each database's max_connections covers the
 *    HPA's most replicas; every service in deploy/services.json is deployed with its port, and
 *    its database and migrate Job;
 * 3. the NATS configuration in the ConfigMap is one `nats-server` accepts, with a route to each
 *    node of the StatefulSet.
 * Each kind of check is also run on a deliberately broken document, to show it fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import * as kubernetes from 'kubernetes-models';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import cnpgClusterSchema from './schemas/cnpg-cluster.schema.json';

const repoRoot = path.resolve(__dirname, '../..');
const k8sDir = path.join(repoRoot, 'deploy/k8s');

type Doc = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; labels?: Record<string, string> }; [key: string]: unknown };
/** One YAML document and where it came from. */
interface Manifest {
  file: string; // relative to deploy/k8s
  index: number; // position in a multi-document file
  doc: Doc;
}

const where = (m: Manifest) => `${m.file}#${m.index} ${m.doc.kind ?? '?'}/${m.doc.metadata?.name ?? '?'}`;

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.relative(k8sDir, path.join(e.parentPath, e.name)))
    .sort();
}

function parseManifests(file: string, text: string): Manifest[] {
  return parseAllDocuments(text).flatMap((document, index) => {
    if (document.errors.length) throw new Error(`${file}#${index}: ${document.errors.map((e) => e.message).join('; ')}`);
    const doc = document.toJS() as Doc | null;
    return doc === null ? [] : [{ file, index, doc }];
  });
}

// ---------------------------------------------------------------------------------------------
// 1. Schemas

type ModelClass = { kind: string; new (data: unknown): { validate(): void } };

/** kubernetes-models groups its modules as apps.v1, networkingK8sIo.v1, and the core group as v1. */
function kubernetesModel(apiVersion: string, kind: string): ModelClass | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const groups = kubernetes as unknown as Record<string, Record<string, Record<string, ModelClass>>>;
  const versions = group === '' ? { [version]: groups.v1 as unknown as Record<string, ModelClass> } : groups[group.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase())];
  const model = versions?.[version]?.[kind];
  // The modules also export aliases such as IoK8sApiAppsV1Deployment: only a real kind counts.
  return model?.kind === kind ? model : undefined;
}

const ajv = new Ajv({ allErrors: true });
const customResourceSchemas: Record<string, ReturnType<typeof ajv.compile>> = {
  'postgresql.cnpg.io/v1 Cluster': ajv.compile(cnpgClusterSchema),
};

/**
 * The Prometheus Operator's models are ES modules only, which Jest's CommonJS loader cannot
 * resolve; Node loads them natively in a child process, once for all such documents.
 */
function validateMonitoringDocs(docs: Doc[]): string[][] {
  if (!docs.length) return [];
  const script = `
    const models = await import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1');
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const results = JSON.parse(input).map((doc) => {
      const Model = models[doc.kind];
      if (!Model || Model.kind !== doc.kind) return ['no schema for monitoring.coreos.com/v1 ' + doc.kind];
      try { new Model(doc).validate(); return []; } catch (error) { return [String(error.message)]; }
    });
    process.stdout.write(JSON.stringify(results));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, input: JSON.stringify(docs), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`validating monitoring.coreos.com documents failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

/** Problems with each document's shape, in the order given; an empty list means valid. */
function schemaProblems(docs: Doc[]): string[][] {
  const results: string[][] = docs.map(() => []);
  const monitoring: number[] = [];
  docs.forEach((doc, i) => {
    const { apiVersion, kind } = doc;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      results[i].push('apiVersion and kind are required');
      return;
    }
    if (apiVersion === 'kustomize.config.k8s.io/v1beta1' && kind === 'Kustomization') return; // checked below
    if (apiVersion.startsWith('monitoring.coreos.com/')) {
      monitoring.push(i);
      return;
    }
    const custom = customResourceSchemas[`${apiVersion} ${kind}`];
    if (custom) {
      if (!custom(doc)) results[i].push(...(custom.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`));
      return;
    }
    const Model = kubernetesModel(apiVersion, kind);
    if (!Model) {
      results[i].push(`no schema for ${apiVersion} ${kind}: add one (deploy/test/schemas) before using it`);
      return;
    }
    try {
      new Model(doc).validate();
    } catch (error) {
      results[i].push((error as Error).message);
    }
  });
  validateMonitoringDocs(monitoring.map((i) => docs[i])).forEach((problems, j) => results[monitoring[j]].push(...problems));
  return results;
}

/**
 * The models' JSON schemas accept any extra field, so `livenessprobe:` would pass unnoticed and
 * the pod would run without its probe. Their TypeScript types do not: each document becomes an
 * object literal typed as its model's interface, and the compiler reports every field the type
 * lacks. One program for all documents, kept in memory (nothing is written to disk).
 */
function unknownFieldProblems(docs: Doc[]): string[][] {
  const file = path.join(repoRoot, 'deploy/test/__manifest-types__.mts');
  const imports: string[] = [];
  const lines = docs.map((doc, i) => {
    const { apiVersion = '', kind = '' } = doc;
    const module = apiVersion.startsWith('monitoring.coreos.com/')
      ? `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`
      : kubernetesModel(apiVersion, kind)
        ? `kubernetes-models/${apiVersion}/${kind}`
        : undefined;
    if (!module) return `export const d${i} = null;`; // checked by its JSON Schema, or has none
    imports.push(`import type { I${kind} as T${i} } from ${JSON.stringify(module)};`);
    return `export const d${i}: T${i} = ${JSON.stringify(doc)};`;
  });
  // One import per line first, then one document per line: a diagnostic's line names its document.
  const text = [...imports, ...lines].join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists } = host;
  host.getSourceFile = (name, language, ...rest) => (name === file ? ts.createSourceFile(name, text, language) : getSourceFile.call(host, name, language, ...rest));
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  const program = ts.createProgram([file], options, host);
  const results: string[][] = docs.map(() => []);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    const line = diagnostic.file?.fileName === file ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line : -1;
    if (line < imports.length) throw new Error(`type-checking the manifests failed: ${message}`);
    results[line - imports.length].push(message);
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// 2. References between documents

type Container = {
  name: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string; optional?: boolean } }[];
  env?: { name: string; valueFrom?: { configMapKeyRef?: { name: string; key: string }; secretKeyRef?: { name: string; key: string } } }[];
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  volumeMounts?: { name: string; mountPath?: string; readOnly?: boolean }[];
  securityContext?: { readOnlyRootFilesystem?: boolean };
};
type PodSpec = {
  containers: Container[];
  initContainers?: Container[];
  volumes?: { name: string; configMap?: { name: string }; secret?: { secretName: string }; persistentVolumeClaim?: { claimName: string } }[];
};
type Workload = { manifest: Manifest; kind: string; name: string; podLabels: Record<string, string>; pod: PodSpec; claimTemplates: string[] };

/** The keys of the Secret CloudNativePG makes for a Cluster's application owner (<cluster>-app). */
const cnpgAppSecretKeys = ['username', 'password', 'host', 'port', 'dbname', 'uri', 'jdbc-uri', 'pgpass', 'fqdn-uri', 'fqdn-jdbc-uri'];

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

function workloadsOf(manifests: Manifest[]): Workload[] {
  return manifests.flatMap((manifest) => {
    const { kind, metadata } = manifest.doc;
    const spec = manifest.doc.spec as Record<string, any> | undefined;
    if (!spec || !['Deployment', 'StatefulSet', 'Job'].includes(kind ?? '')) return [];
    return [
      {
        manifest,
        kind: kind!,
        name: metadata?.name ?? '',
        podLabels: spec.template?.metadata?.labels ?? {},
        pod: spec.template?.spec ?? { containers: [] },
        claimTemplates: (spec.volumeClaimTemplates ?? []).map((t: Doc) => t.metadata?.name),
      },
    ];
  });
}

/** Everything that names something that must exist, and what each workload must carry. */
function referenceProblems(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  const named = (kind: string) => new Map(manifests.filter((m) => m.doc.kind === kind).map((m) => [m.doc.metadata?.name ?? '', m.doc]));
  const configMaps = named('ConfigMap');
  const secrets = new Map<string, string[]>();
  for (const [name, doc] of named('Secret')) secrets.set(name, Object.keys({ ...(doc.data as object), ...(doc.stringData as object) }));
  for (const name of named('Cluster').keys()) secrets.set(`${name}-app`, cnpgAppSecretKeys);
  const claims = named('PersistentVolumeClaim');
  const services = named('Service');
  const workloads = workloadsOf(manifests);
  const deployments = workloads.filter((w) => w.kind === 'Deployment');
  const longRunning = workloads.filter((w) => w.kind !== 'Job');

  for (const w of workloads) {
    const at = where(w.manifest);
    const containers = [...(w.pod.initContainers ?? []), ...w.pod.containers];
    const volumes = new Set([...(w.pod.volumes ?? []).map((v) => v.name), ...w.claimTemplates]);
    for (const v of w.pod.volumes ?? []) {
      if (v.configMap && !configMaps.has(v.configMap.name)) problems.push(`${at}: volume ${v.name} reads ConfigMap ${v.configMap.name}, which is not defined`);
      if (v.secret && !secrets.has(v.secret.secretName)) problems.push(`${at}: volume ${v.name} reads Secret ${v.secret.secretName}, which is not defined`);
      if (v.persistentVolumeClaim && !claims.has(v.persistentVolumeClaim.claimName))
        problems.push(`${at}: volume ${v.name} claims ${v.persistentVolumeClaim.claimName}, which is not defined`);
    }
    for (const c of containers) {
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef && !from.configMapRef.optional && !configMaps.has(from.configMapRef.name))
          problems.push(`${at}: container ${c.name} reads ConfigMap ${from.configMapRef.name}, which is not defined`);
        if (from.secretRef && !from.secretRef.optional && !secrets.has(from.secretRef.name))
          problems.push(`${at}: container ${c.name} reads Secret ${from.secretRef.name}, which is not defined (not even as an example)`);
      }
      for (const e of c.env ?? []) {
        const cm = e.valueFrom?.configMapKeyRef;
        if (cm && !Object.keys((configMaps.get(cm.name)?.data as object) ?? {}).includes(cm.key))
          problems.push(`${at}: ${c.name}'s ${e.name} reads ${cm.key} from ConfigMap ${cm.name}, which does not hold it`);
        const secret = e.valueFrom?.secretKeyRef;
        if (secret && !(secrets.get(secret.name) ?? []).includes(secret.key))
          problems.push(`${at}: ${c.name}'s ${e.name} reads ${secret.key} from Secret ${secret.name}, which does not hold it`);
      }
      for (const mount of c.volumeMounts ?? []) if (!volumes.has(mount.name)) problems.push(`${at}: ${c.name} mounts ${mount.name}, which is no volume of the pod`);
      // A service stores files under a *_DIR of its config; on a read-only root file system only a
      // writable mount can hold them (grants' attachments once had nowhere to go). Jobs (migrate)
      // read the same ConfigMap but store no files.
      if (w.kind !== 'Job' && c.securityContext?.readOnlyRootFilesystem) {
        const writable = (c.volumeMounts ?? []).filter((m) => !m.readOnly && m.mountPath).map((m) => `${m.mountPath!.replace(/\/$/, '')}/`);
        for (const from of c.envFrom ?? []) {
          const data = (configMaps.get(from.configMapRef?.name ?? '')?.data ?? {}) as Record<string, string>;
          for (const [key, dir] of Object.entries(data)) {
            if (key.endsWith('_DIR') && !writable.some((m) => `${dir.replace(/\/$/, '')}/`.startsWith(m)))
              problems.push(`${at}: ${c.name}'s ${key} (${dir}) is on its read-only root file system: mount a volume there`);
          }
        }
      }
      for (const key of ['cpu', 'memory']) {
        if (c.resources?.requests?.[key] === undefined) problems.push(`${at}: container ${c.name} requests no ${key}`);
        if (c.resources?.limits?.[key] === undefined) problems.push(`${at}: container ${c.name} has no ${key} limit`);
      }
    }
    if (w.kind === 'StatefulSet') {
      const serviceName = (w.manifest.doc.spec as { serviceName?: string }).serviceName ?? '';
      const headless = services.get(serviceName)?.spec as { clusterIP?: string } | undefined;
      // The pods' stable names (nats-0.nats-headless) exist only under a headless Service.
      if (headless?.clusterIP !== 'None') problems.push(`${at}: serviceName ${serviceName} is not a headless Service`);
    }
  }

  for (const [name, doc] of named('Cluster')) {
    const limits = (doc.spec as { resources?: { limits?: Record<string, unknown> } }).resources?.limits ?? {};
    for (const key of ['cpu', 'memory']) if (limits[key] === undefined) problems.push(`Cluster/${name}: no ${key} limit for its instances`);
  }

  for (const [name, doc] of services) {
    const spec = doc.spec as { selector?: Record<string, string>; ports?: { name?: string; targetPort?: string | number }[] };
    const targets = longRunning.filter((w) => selects(spec.selector, w.podLabels));
    if (!targets.length) {
      problems.push(`Service/${name}: its selector matches no Deployment's or StatefulSet's pods`);
      continue;
    }
    for (const port of spec.ports ?? []) {
      if (typeof port.targetPort !== 'string') continue;
      const has = (w: Workload) => w.pod.containers.some((c) => (c.ports ?? []).some((p) => p.name === port.targetPort));
      if (!targets.every(has)) problems.push(`Service/${name}: targetPort ${port.targetPort} is no named port of the pods it selects`);
    }
  }

  for (const [name, doc] of named('PodDisruptionBudget')) {
    const selector = (doc.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels;
    if (!longRunning.some((w) => selects(selector, w.podLabels))) problems.push(`PodDisruptionBudget/${name}: selects no Deployment's or StatefulSet's pods`);
  }

  for (const [name, doc] of named('HorizontalPodAutoscaler')) {
    const target = (doc.spec as { scaleTargetRef: { kind: string; name: string } }).scaleTargetRef;
    if (!longRunning.some((w) => w.kind === target.kind && w.name === target.name)) problems.push(`HorizontalPodAutoscaler/${name}: targets ${target.kind}/${target.name}, which is not defined`);
  }

  for (const [name, doc] of named('Ingress')) {
    const rules = (doc.spec as { rules?: { http?: { paths: { backend: { service?: { name: string; port: { name?: string; number?: number } } } }[] } }[] }).rules ?? [];
    for (const backend of rules.flatMap((r) => r.http?.paths ?? []).map((p) => p.backend.service)) {
      if (!backend) continue;
      const ports = (services.get(backend.name)?.spec as { ports?: { name?: string; port: number }[] } | undefined)?.ports;
      if (!ports) problems.push(`Ingress/${name}: backend Service ${backend.name} is not defined`);
      else if (!ports.some((p) => p.name === backend.port.name || p.port === backend.port.number))
        problems.push(`Ingress/${name}: Service ${backend.name} has no port ${backend.port.name ?? backend.port.number}`);
    }
  }

  // What deploy/services.json registers (npm start runs each) is what the cluster runs.
  const registry = JSON.parse(readFileSync(path.join(repoRoot, 'deploy/services.json'), 'utf8')) as { name: string; port: number; main: string; cli?: string; database?: string }[];
  for (const service of registry) {
    const deployment = deployments.find((w) => w.name === service.name);
    if (!deployment) {
      problems.push(`services.json's ${service.name} has no Deployment`);
      continue;
    }
    const container = deployment.pod.containers[0];
    if (!(container.ports ?? []).some((p) => p.containerPort === service.port)) problems.push(`Deployment/${service.name}: does not listen on ${service.port} (services.json)`);
    if (!(container.command ?? []).includes(service.main)) problems.push(`Deployment/${service.name}: does not run ${service.main} (services.json)`);
    if (!services.has(service.name)) problems.push(`services.json's ${service.name} has no Service`);
    if (!service.database) continue;
    const databases = [...named('Cluster').values()].map((c) => (c.spec as { bootstrap?: { initdb?: { database?: string } } }).bootstrap?.initdb?.database);
    if (!databases.includes(service.database)) problems.push(`services.json's ${service.name}: no CloudNativePG Cluster creates ${service.database}`);
    const migrates = workloads.some((w) => w.kind === 'Job' && w.pod.containers.some((c) => c.command?.join(' ') === `node ${service.cli} migrate`));
    if (!migrates) problems.push(`services.json's ${service.name}: no Job runs \`node ${service.cli} migrate\``);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

const files = yamlFilesUnder(k8sDir);
const manifests = files.flatMap((file) => parseManifests(file, readFileSync(path.join(k8sDir, file), 'utf8')));
const kustomization = manifests.find((m) => m.file === 'kustomization.yaml')!.doc as Doc & { resources: string[] };
const rendered = manifests.filter((m) => kustomization.resources.includes(m.file));

describe('deploy/k8s manifests', () => {
  it('finds the manifests of every part, in multi-document files too', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(manifests.filter((m) => m.file === 'nats/service.yaml').map((m) => m.doc.metadata?.name)).toEqual(['nats', 'nats-headless']);
  });

  it('validates every document against its Kubernetes or custom-resource schema', () => {
    const invalid = schemaProblems(manifests.map((m) => m.doc)).flatMap((problems, i) => problems.map((p) => `${where(manifests[i])}: ${p}`));
    expect(invalid).toEqual([]);
  });

  it('names no field the Kubernetes API does not know (a misspelt field would be silently dropped)', () => {
    const unknown = unknownFieldProblems(manifests.map((m) => m.doc)).flatMap((problems, i) => problems.map((p) => `${where(manifests[i])}: ${p}`));
    expect(unknown).toEqual([]);
  });

  it('renders every real manifest: what kustomization.yaml lists exists, and every file but the examples is listed', () => {
    const missing = kustomization.resources.filter((r) => !existsSync(path.join(k8sDir, r)));
    const unlisted = files.filter((f) => f !== 'kustomization.yaml' && !f.endsWith('.example.yaml') && !kustomization.resources.includes(f));
    expect({ missing, unlisted }).toEqual({ missing: [], unlisted: [] });
  });

  it('puts every rendered resource in the vaikuta namespace', () => {
    const elsewhere = rendered.filter((m) => m.doc.kind !== 'Namespace' && m.doc.metadata?.namespace !== kustomization.namespace).map(where);
    expect(elsewhere).toEqual([]);
  });

  it("resolves every reference: ConfigMaps, Secrets and keys, volumes, selectors, targets, the services' registry", () => {
    expect(referenceProblems(manifests)).toEqual([]);
  });

  it('sets only settings the service reads (a misspelt name would leave its default in force)', () => {
    const namesIn = (dirs: string[]) => {
      const names = new Set<string>();
      for (const dir of dirs)
        for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true, recursive: true }))
          if (entry.isFile() && /\.(ts|cjs|mjs)$/.test(entry.name) && !entry.name.endsWith('.spec.ts'))
            for (const [name] of readFileSync(path.join(entry.parentPath, entry.name), 'utf8').matchAll(/\b[A-Z][A-Z0-9_]{2,}\b/g)) names.add(name);
      return names;
    };
    const libs = readdirSync(path.join(repoRoot, 'libs')).filter((lib) => lib !== 'testing').map((lib) => `libs/${lib}/src`);
    const registry = JSON.parse(readFileSync(path.join(repoRoot, 'deploy/services.json'), 'utf8')) as { name: string }[];
    // Node reads NODE_OPTIONS itself; the portal reads <NAME>_URL for each registered service.
    const everywhere = ['NODE_OPTIONS', ...registry.map((s) => `${s.name.toUpperCase()}_URL`)];
    const unread: string[] = [];
    for (const w of workloadsOf(manifests).filter((w) => registry.some((s) => s.name === w.name) || w.kind === 'Job')) {
      const service = w.podLabels['app.kubernetes.io/name'];
      const known = new Set([...namesIn([`services/${service}/src`, ...libs]), ...everywhere]);
      for (const c of w.pod.containers) {
        const fromMaps = (c.envFrom ?? []).flatMap((from) => {
          const name = from.configMapRef?.name ?? from.secretRef?.name;
          const doc = manifests.find((m) => ['ConfigMap', 'Secret'].includes(m.doc.kind ?? '') && m.doc.metadata?.name === name)?.doc;
          return Object.keys({ ...(doc?.data as object), ...(doc?.stringData as object) }).map((key) => `${name}: ${key}`);
        });
        for (const setting of [...fromMaps, ...(c.env ?? []).map((e) => `${w.name} env: ${e.name}`)])
          if (!known.has(setting.split(': ')[1])) unread.push(`${where(w.manifest)} ${setting}`);
      }
    }
    expect(unread).toEqual([]);
  });

  it("keeps each database's max_connections above what the HPA's most replicas can open", () => {
    const budgets = manifests
      .filter((m) => m.doc.kind === 'Cluster')
      .map((m) => {
        const service = m.doc.metadata!.labels!['app.kubernetes.io/name'];
        const of = (kind: string, name: string) => manifests.find((x) => x.doc.kind === kind && x.doc.metadata?.name === name)!.doc as Doc & Record<string, any>;
        const pool = Number(of('ConfigMap', `${service}-config`).data.DATABASE_POOL_SIZE);
        const replicas = Number(of('HorizontalPodAutoscaler', service).spec.maxReplicas);
        const maxConnections = Number((m.doc.spec as { postgresql: { parameters: Record<string, string> } }).postgresql.parameters.max_connections);
        // Each replica: its pool and the outbox relay's LISTEN; then the migrate Job, and the 3
        // connections PostgreSQL keeps for superusers (the operator's own).
        const needed = replicas * (pool + 1) + 1 + 3;
        return { service, pool, replicas, needed, maxConnections };
      });
    expect(budgets).toHaveLength(5);
    expect(budgets.filter((b) => b.needed > b.maxConnections)).toEqual([]);
  });

  it('runs only images with a fixed tag', () => {
    const images = workloadsOf(manifests).flatMap((w) => w.pod.containers.map((c) => (c as Container & { image: string }).image));
    const cnpg = manifests.filter((m) => m.doc.kind === 'Cluster').map((m) => (m.doc.spec as { imageName: string }).imageName);
    expect([...images, ...cnpg].filter((image) => !/:[\w][\w.-]*$/.test(image) || image.endsWith(':latest'))).toEqual([]);
  });

  it('names every NATS node in the services\' NATS_URL, so a reconnect finds a live one', () => {
    const statefulSet = manifests.find((m) => m.doc.kind === 'StatefulSet' && m.doc.metadata?.name === 'nats')!.doc.spec as { replicas: number; serviceName: string };
    const nodes = Array.from({ length: statefulSet.replicas }, (_, i) => `nats://nats-${i}.${statefulSet.serviceName}:4222`).join(',');
    const urls = manifests.filter((m) => m.doc.kind === 'Secret' && (m.doc.stringData as Record<string, string> | undefined)?.NATS_URL);
    expect(urls.length).toBe(5);
    expect(urls.filter((m) => (m.doc.stringData as Record<string, string>).NATS_URL !== nodes).map(where)).toEqual([]);
  });

  const natsServer = ['/usr/sbin/nats-server', '/usr/local/bin/nats-server', ...(process.env.PATH ?? '').split(':').map((d) => path.join(d, 'nats-server'))].find((p) => existsSync(p));
  (natsServer ? it : it.skip)("gives nats-server a configuration it accepts, routing to each of the StatefulSet's nodes", () => {
    const config = manifests.find((m) => m.doc.kind === 'ConfigMap' && m.doc.metadata?.name === 'nats-config')!.doc as Doc & { data: Record<string, string> };
    const statefulSet = manifests.find((m) => m.doc.kind === 'StatefulSet' && m.doc.metadata?.name === 'nats')!.doc.spec as { replicas: number; serviceName: string };
    const expectedRoutes = Array.from({ length: statefulSet.replicas }, (_, i) => `nats://nats-${i}.${statefulSet.serviceName}:6222`);
    expect(config.data['nats.conf'].match(/nats:\/\/[\w.-]+:\d+/g)).toEqual(expectedRoutes);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'vaikuta-nats-conf-'));
    try {
      const file = path.join(dir, 'nats.conf');
      writeFileSync(file, config.data['nats.conf']);
      const check = spawnSync(natsServer!, ['-t', '-c', file], { env: { ...process.env, SERVER_NAME: 'nats-0' }, encoding: 'utf8' });
      expect(`${check.stdout}${check.stderr}`).toContain('is valid');
      expect(check.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the checks fail on a broken manifest', () => {
  const deployment = manifests.find((m) => m.doc.kind === 'Deployment' && m.doc.metadata?.name === 'feedback')!;
  const copy = <T>(value: T): T => structuredClone(value);

  it('a Kubernetes document of the wrong shape', () => {
    const broken = copy(deployment.doc) as Doc & { spec: { replicas: unknown; template: { spec: { containers?: unknown } } } };
    broken.spec.replicas = 'three';
    delete broken.spec.template.spec.containers;
    const [problems] = schemaProblems([broken]);
    expect(problems.join('\n')).toMatch(/replicas must be integer/);
    expect(problems.join('\n')).toMatch(/must have required property containers/);
  });

  it('a misspelt field, which the schemas let through', () => {
    const broken = copy(deployment.doc) as Doc & { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
    const container = broken.spec.template.spec.containers[0];
    container.livenessprobe = container.livenessProbe;
    delete container.livenessProbe;
    expect(schemaProblems([broken])[0]).toEqual([]);
    expect(unknownFieldProblems([broken])[0].join('\n')).toMatch(/'"livenessprobe"' does not exist in type 'IContainer'/);
  });

  it('a kind without a schema', () => {
    expect(schemaProblems([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }])[0]).toEqual([
      'no schema for example.com/v1 Widget: add one (deploy/test/schemas) before using it',
    ]);
    expect(schemaProblems([{ apiVersion: 'apps/v1', kind: 'IoK8sApiAppsV1Deployment', metadata: { name: 'w' } }])[0]).toHaveLength(1);
  });

  it('a CloudNativePG Cluster with a misspelt field or no instances', () => {
    const cluster = copy(manifests.find((m) => m.doc.kind === 'Cluster')!.doc) as Doc & { spec: Record<string, unknown> };
    cluster.spec.instances = 0;
    (cluster.spec.bootstrap as { initdb: Record<string, unknown> }).initdb.ownr = 'feedback';
    const problems = schemaProblems([cluster])[0].join('\n');
    expect(problems).toMatch(/\/spec\/instances must be >= 1/);
    expect(problems).toMatch(/must NOT have additional properties/);
  });

  it("a Prometheus Operator resource of the wrong shape", () => {
    const [problems] = schemaProblems([{ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r' }, spec: { groups: 'alerts' } }]);
    expect(problems.join('\n')).toMatch(/groups must be array/);
  });

  it('references to things not defined, and a container without limits', () => {
    const broken = copy(deployment) as Manifest;
    const pod = (broken.doc.spec as { template: { spec: PodSpec } }).template.spec;
    pod.containers[0].envFrom = [{ secretRef: { name: 'feedback-secretz' } }];
    pod.containers[0].env = [{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'feedback-db-app', key: 'url' } } }];
    delete pod.containers[0].resources!.limits;
    const others = manifests.filter((m) => m !== deployment);
    const problems = referenceProblems([...others, broken]).join('\n');
    expect(problems).toMatch(/reads Secret feedback-secretz, which is not defined/);
    expect(problems).toMatch(/reads url from Secret feedback-db-app, which does not hold it/);
    expect(problems).toMatch(/container feedback has no memory limit/);

    // Without the feedback Deployment, its Service, PDB and HPA point at nothing.
    const orphans = referenceProblems(others).join('\n');
    expect(orphans).toMatch(/Service\/feedback: its selector matches no/);
    expect(orphans).toMatch(/PodDisruptionBudget\/feedback: selects no/);
    expect(orphans).toMatch(/HorizontalPodAutoscaler\/feedback: targets Deployment\/feedback/);
    expect(orphans).toMatch(/services.json's feedback has no Deployment/);
  });
});
