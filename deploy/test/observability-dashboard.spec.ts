/**
 * The operations view (issue 12): the Grafana dashboard (deploy/grafana/vaikuta.json) and the
 * alerting (deploy/k8s/monitoring) are checked as Grafana and the Prometheus Operator would take
 * them, and against what the services really expose:
 * 1. the dashboard type-checks as @grafana/schema's `Dashboard` (the JSON text compiled as an
 *    object literal, so literal unions and misspelt fields count), has the rows, panel types,
 *    datasource and `service` variable the view relies on;
 * 2. the PrometheusRule and ServiceMonitor validate with @kubernetes-models/prometheus-operator,
 *    the alerts cover every concern, and the ServiceMonitor selects every service's Service;
 * 3. every metric a panel or an alert names is registered by a service (prom-client registries,
 *    gathered from every module that defines a metric), so a renamed metric cannot leave a
 *    panel silently empty.
 * Each check is also run on a broken input, to show it fails.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Dashboard } from '@grafana/schema';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import dashboardJson from '../grafana/vaikuta.json';

const repoRoot = path.resolve(__dirname, '../..');

/**
 * The JSON import's type: TypeScript widens a JSON file's strings, so a union of string literals
 * (a variable's `type`) is checked here as a string and exactly in {@link dashboardTypeProblems}.
 */
type AsJson<T> = T extends string ? string : T extends readonly (infer U)[] ? AsJson<U>[] : T extends object ? { [K in keyof T]: AsJson<T[K]> } : T;
// Compile-time (tsc over deploy/**): the imported JSON fits Grafana's dashboard model.
dashboardJson satisfies AsJson<Dashboard>;

interface Target {
  expr: string;
  refId: string;
  datasource?: { type?: string; uid?: string };
}
interface PanelLike {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: Target[];
}
const dashboard = dashboardJson as unknown as { panels: PanelLike[]; templating: { list: { name: string; type: string; query: unknown; datasource?: { uid?: string } }[] } };

// ---------------------------------------------------------------------------------------------
// 1. The dashboard against Grafana's schema

/** Type errors of `text` (a JSON dashboard) assigned to @grafana/schema's Dashboard. */
function dashboardTypeProblems(text: string): string[] {
  const file = path.join(repoRoot, 'deploy/test/__dashboard_check__.ts');
  const source = `import type { Dashboard } from '@grafana/schema';\nexport const dashboard: Dashboard = ${text};\n`;
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists } = host;
  host.getSourceFile = (name, language, ...rest) => (name === file ? ts.createSourceFile(name, source, language) : getSourceFile.call(host, name, language, ...rest));
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

const PANEL_TYPES = new Set(['row', 'timeseries', 'stat']);
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

/** What Grafana needs and the view relies on, beyond the types. */
function dashboardProblems(d: typeof dashboard): string[] {
  const problems: string[] = [];
  const variables = new Map(d.templating.list.map((v) => [v.name, v]));
  const source = variables.get('datasource');
  if (source?.type !== 'datasource' || source.query !== 'prometheus') problems.push('no `datasource` variable choosing a Prometheus data source');
  const service = variables.get('service');
  if (service?.type !== 'query' || service.datasource?.uid !== DATASOURCE.uid) problems.push('no `service` query variable on the Prometheus data source');
  const ids = new Set<number>();
  for (const panel of d.panels) {
    const at = `panel ${panel.id} "${panel.title}"`;
    if (ids.has(panel.id)) problems.push(`${at}: id used twice`);
    ids.add(panel.id);
    if (!PANEL_TYPES.has(panel.type)) problems.push(`${at}: unknown panel type ${panel.type}`);
    const { x, w, h } = panel.gridPos ?? {};
    if (!(w > 0 && h > 0 && x >= 0 && x + w <= 24)) problems.push(`${at}: gridPos outside the 24-column grid`);
    if (panel.type === 'row') continue;
    if (panel.datasource?.uid !== DATASOURCE.uid || panel.datasource?.type !== DATASOURCE.type) problems.push(`${at}: datasource is not \${datasource}`);
    if (!panel.targets?.length) problems.push(`${at}: no query`);
    for (const target of panel.targets ?? []) {
      if (target.datasource?.uid !== DATASOURCE.uid) problems.push(`${at} ${target.refId}: datasource is not \${datasource}`);
      if (!target.expr.includes('service=~"$service"')) problems.push(`${at} ${target.refId}: does not follow the service variable`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// 2. Alerting manifests

type Doc = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; spec: Record<string, unknown> };
const monitoringDir = path.join(repoRoot, 'deploy/k8s/monitoring');
const monitoringDocs: Doc[] = readdirSync(monitoringDir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(readFileSync(path.join(monitoringDir, f), 'utf8')).map((doc) => doc.toJS() as Doc));

/** The operator's models are ES modules only (Jest loads CommonJS): Node validates in a child process. */
function operatorModelProblems(docs: Doc[]): string[][] {
  const script = `
    const models = await import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1');
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    process.stdout.write(JSON.stringify(JSON.parse(input).map((doc) => {
      const Model = models[doc.kind];
      if (!Model || Model.kind !== doc.kind) return ['no model for ' + doc.apiVersion + ' ' + doc.kind];
      try { new Model(doc).validate(); return []; } catch (error) { return [String(error.message)]; }
    })));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, input: JSON.stringify(docs), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`validating the monitoring documents failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

interface AlertRule {
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const rulesDoc = monitoringDocs.find((d) => d.kind === 'PrometheusRule')!;
const alertRules = (rulesDoc.spec.groups as { rules: AlertRule[] }[]).flatMap((g) => g.rules);

// ---------------------------------------------------------------------------------------------
// 3. Metric names

const PROMQL_WORDS = new Set(
  'sum min max avg count stddev stdvar topk bottomk quantile count_values group by without on ignoring group_left group_right bool and or unless offset rate irate increase delta idelta deriv histogram_quantile clamp clamp_min clamp_max abs absent absent_over_time ceil floor round sqrt exp ln log2 log10 time timestamp vector scalar sort sort_desc label_replace label_join max_over_time min_over_time avg_over_time sum_over_time count_over_time last_over_time changes resets predict_linear label_values'.split(' '),
);
/** Prometheus' own series, not a service's: `up` is written for every scrape target. */
const SYNTHETIC = new Set(['up']);

/** The metric names a PromQL expression reads. */
function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // ranges
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ') // grouping labels
    .replace(/\b\d+(\.\d+)?(e[+-]?\d+)?\b/gi, ' '); // numbers, 1e-9 included
  const names = (bare.match(/[a-zA-Z_:][\w:]*/g) ?? []).filter((word) => !PROMQL_WORDS.has(word));
  return [...new Set(names)];
}

/**
 * Every metric the services register: each module of libs/ and services/ that defines one
 * (defineCounter, defineGauge, defineHistogram) is loaded, so the registry holds what a running
 * service would; histograms expose _bucket, _sum and _count series.
 */
async function registeredMetricNames(): Promise<Set<string>> {
  const sources = ['libs', 'services'].flatMap((top) =>
    readdirSync(path.join(repoRoot, top), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.d.ts') && e.parentPath.includes(`${path.sep}src`))
      .map((e) => path.join(e.parentPath, e.name))
      .filter((file) => !file.includes('node_modules') && /\bdefine(Counter|Gauge|Histogram)\s*[<(]/.test(readFileSync(file, 'utf8'))),
  );
  expect(sources.length).toBeGreaterThan(2);
  for (const file of sources) await import(file);
  const { collectProcessMetrics, metricsRegistry } = await import('@vaikuta/observability');
  collectProcessMetrics();
  const names = new Set<string>();
  for (const metric of await metricsRegistry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
  }
  return names;
}

const unknownMetrics = (exprs: { where: string; expr: string }[], known: Set<string>) =>
  exprs.flatMap(({ where, expr }) => metricNamesIn(expr).filter((name) => !known.has(name) && !SYNTHETIC.has(name)).map((name) => `${where}: ${name}`));

const panelExprs = () =>
  dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}" ${t.refId}`, expr: t.expr })));
const variableExprs = () =>
  dashboard.templating.list.flatMap((v) => {
    const query = (v.query as { query?: string } | string | undefined) ?? '';
    const text = typeof query === 'string' ? query : (query.query ?? '');
    const metric = /label_values\(\s*([\w:]+)\s*,/.exec(text)?.[1];
    return metric ? [{ where: `variable ${v.name}`, expr: metric }] : [];
  });

// ---------------------------------------------------------------------------------------------

describe('Grafana dashboard deploy/grafana/vaikuta.json', () => {
  const text = readFileSync(path.join(repoRoot, 'deploy/grafana/vaikuta.json'), 'utf8');

  it("type-checks as @grafana/schema's Dashboard, misspelt fields and literal values included", () => {
    expect(dashboardTypeProblems(text)).toEqual([]);
    // The same check refuses a panel with a misspelt field and a variable of an unknown type.
    const broken = JSON.parse(text);
    broken.panels[1].gridPoss = broken.panels[1].gridPos;
    broken.templating.list[1].type = 'querry';
    expect(dashboardTypeProblems(JSON.stringify(broken))).toHaveLength(2);
  });

  it('has a row per concern, known panel types, the Prometheus datasource variable and a service variable every query follows', () => {
    expect(dashboardProblems(dashboard)).toEqual([]);
    const rows = dashboard.panels.filter((p) => p.type === 'row').map((p) => p.title);
    for (const concern of ['Requests', 'Outbox', 'Consumers', 'Dead letters', 'Deliveries']) expect(rows.join(' | ')).toContain(concern);

    const broken = JSON.parse(JSON.stringify(dashboard)) as typeof dashboard;
    broken.panels[2].type = 'graph-old';
    broken.panels[3].targets![0].expr = 'sum(rate(http_request_duration_seconds_count[5m]))';
    broken.panels[4].datasource = { type: 'prometheus', uid: 'P1809F7CD0C75ACF3' };
    expect(dashboardProblems(broken)).toEqual([
      expect.stringContaining('unknown panel type graph-old'),
      expect.stringContaining('does not follow the service variable'),
      expect.stringContaining('datasource is not ${datasource}'),
    ]);
  });

  it("names only metrics a service's registry holds", async () => {
    const known = await registeredMetricNames();
    const exprs = [...panelExprs(), ...variableExprs()];
    const used = new Set(exprs.flatMap((e) => metricNamesIn(e.expr)));
    // Every concern is on the view: request rate/errors/latency, outbox lag, consumer lag, dead letters, deliveries.
    for (const name of ['http_request_duration_seconds_count', 'http_request_duration_seconds_bucket', 'vaikuta_outbox_lag_seconds', 'vaikuta_consumer_pending', 'vaikuta_dead_letters', 'vaikuta_notifications_sent_total', 'vaikuta_notifications_failed_total']) {
      expect(used).toContain(name);
    }
    expect(unknownMetrics(exprs, known)).toEqual([]);
    expect(unknownMetrics([{ where: 'renamed', expr: 'sum(rate(vaikuta_notifications_delivered_total{service=~"$service"}[5m]))' }], known)).toEqual([
      'renamed: vaikuta_notifications_delivered_total',
    ]);
  });
});

describe('alerting: deploy/k8s/monitoring', () => {
  it('validates with the Prometheus Operator models, and a broken rule does not', () => {
    expect(monitoringDocs.map((d) => d.kind).sort()).toEqual(['PrometheusRule', 'ServiceMonitor']);
    expect(operatorModelProblems(monitoringDocs)).toEqual(monitoringDocs.map(() => []));
    const broken = JSON.parse(JSON.stringify(rulesDoc));
    delete broken.spec.groups[0].rules[0].expr;
    expect(operatorModelProblems([broken])[0].join(' ')).toMatch(/expr/);
  });

  it('alerts on every concern, each with a duration, a severity and a summary', () => {
    const names = alertRules.map((r) => r.alert);
    for (const alert of ['VaikutaServiceDown', 'VaikutaHighErrorRate', 'VaikutaSlowRequests', 'VaikutaOutboxLagging', 'VaikutaConsumerLagging', 'VaikutaDeadLetters', 'VaikutaDeliveriesFailing']) {
      expect(names).toContain(alert);
    }
    for (const rule of alertRules) {
      expect({ alert: rule.alert, for: rule.for, severity: rule.labels?.severity, summary: typeof rule.annotations?.summary }).toEqual({
        alert: expect.any(String),
        for: expect.stringMatching(/^\d+[smh]$/),
        severity: expect.stringMatching(/^(warning|critical)$/),
        summary: 'string',
      });
    }
    expect(metricNamesIn(alertRules.find((r) => r.alert === 'VaikutaDeadLetters')!.expr)).toEqual(['vaikuta_dead_letters']);
  });

  it("names only metrics a service's registry holds (and Prometheus' up)", async () => {
    const known = await registeredMetricNames();
    expect(unknownMetrics(alertRules.map((r) => ({ where: r.alert ?? '?', expr: r.expr })), known)).toEqual([]);
  });

  it("scrapes every service's and the portal's Service on its http port", () => {
    const monitor = monitoringDocs.find((d) => d.kind === 'ServiceMonitor')!;
    const selector = monitor.spec.selector as { matchLabels: Record<string, string>; matchExpressions: { key: string; operator: 'In'; values: string[] }[] };
    const endpoints = monitor.spec.endpoints as { port: string; path: string }[];
    const selects = (labels: Record<string, string> = {}) =>
      Object.entries(selector.matchLabels).every(([k, v]) => labels[k] === v) && selector.matchExpressions.every((e) => e.values.includes(labels[e.key]));
    const services = (JSON.parse(readFileSync(path.join(repoRoot, 'deploy/services.json'), 'utf8')) as { name: string }[]).map((s) => s.name);
    for (const name of [...services, 'portal']) {
      const [service] = parseAllDocuments(readFileSync(path.join(repoRoot, `deploy/k8s/${name}/service.yaml`), 'utf8')).map((d) => d.toJS() as Doc);
      expect({ name, selected: selects(service.metadata.labels) }).toEqual({ name, selected: true });
      expect((service.spec.ports as { name: string }[]).map((p) => p.name)).toContain(endpoints[0].port);
    }
    expect(endpoints[0].path).toBe('/metrics');
    // NATS and Redis are not scraped as if they served /metrics.
    const [nats] = parseAllDocuments(readFileSync(path.join(repoRoot, 'deploy/k8s/nats/service.yaml'), 'utf8')).map((d) => d.toJS() as Doc);
    expect(selects(nats.metadata.labels)).toBe(false);
  });
});
