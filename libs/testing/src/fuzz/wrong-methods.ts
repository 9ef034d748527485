import { randomUUID } from 'node:crypto';
import type { RawRequest } from './bad-requests';
import type { ErrorFormat, FuzzRoute } from './fuzz-target';
import type { RawResponse } from './raw-http';
import { problemWithAnswer } from './response-check';

const PROBED = ['DELETE', 'PATCH', 'PUT', 'POST', 'GET'];

/** A path of the app asked with a method none of its routes has, and the methods it does have. */
export interface WrongMethodProbe {
  request: RawRequest;
  /** The documented methods of the path (HEAD with GET): each must be in the answer's Allow. */
  methods: string[];
}

// Open311's `.{format}` suffix only routes json or xml; any other parameter takes an id.
const valueOf = (param: string) => (param === 'format' ? 'json' : randomUUID());

/**
 * One probe per documented path: the first of DELETE, PATCH, PUT, POST, GET no route of the
 * path has, with ids for its parameters (json for Open311's format suffix).
 */
export function wrongMethodProbes(routes: FuzzRoute[]): WrongMethodProbe[] {
  const probes: WrongMethodProbe[] = [];
  for (const template of new Set(routes.map((r) => r.path))) {
    const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => valueOf(name));
    // A sibling's parameter may take a static segment (DELETE …/photos/{id} takes …/photos/order):
    // a method such a route has is a method this path has too.
    const routed = new Set(routes.filter((r) => matcherOf(r.path).test(path)).map((r) => r.method));
    const method = PROBED.find((m) => !routed.has(m));
    if (!method) continue;
    if (routed.has('GET')) routed.add('HEAD');
    probes.push({ request: { method, path, headers: {}, note: `${method} on a path with ${[...routed].join(', ')}` }, methods: [...routed].sort() });
  }
  return probes;
}

function matcherOf(template: string): RegExp {
  return new RegExp(`^${template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`);
}

/**
 * What is wrong with the answer to a wrong method (RFC 9110 §15.5.6), or undefined: a 405 in
 * the path's error format with Allow naming every method the path has. Open311 clients know
 * 400, with the real status as the error's code (open311Status in libs/http).
 */
export function problemWithWrongMethodAnswer(probe: WrongMethodProbe, response: RawResponse, format: ErrorFormat): string | undefined {
  const expected = format === 'open311' ? 400 : 405;
  if (response.status !== expected) return `answered ${response.status}, not ${expected}`;
  const unformatted = problemWithAnswer(response, format);
  if (unformatted) return unformatted;
  if (format === 'open311' && !/"code":405|<code>405<\/code>/.test(response.body)) return 'Open311 error without code 405';
  const allow = response.allow.split(',').map((m) => m.trim()).filter(Boolean);
  const missing = probe.methods.filter((m) => !allow.includes(m));
  if (missing.length) return `Allow "${response.allow}" lacks ${missing.join(', ')}`;
  return undefined;
}
