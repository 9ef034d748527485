import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { InitiativesHttp } from '@vaikuta/contracts';

type Detail = InitiativesHttp.StaffInitiativeDetail;

/**
 * A small HTTP stand-in of the initiatives service for the portal's page tests, while the
 * service itself is not in deploy/services.json: it serves the routes of its HTTP contract
 * (libs/contracts/src/http/initiatives.ts) from memory, checks request bodies with the
 * contract's request schemas and every answer with its response schemas (so it cannot drift
 * from the contract unnoticed), answers a stale version with 409 and a bad body with
 * problem+json naming the field, and reads the caller's role from the bearer token's claims.
 */
export class InitiativesStandIn {
  readonly initiatives = new Map<string, Detail>();
  /** Every change a page sent, as the service got it: `<action> <id>` and its body. */
  readonly changes: { action: string; id: string; body: unknown }[] = [];
  readonly importRuns: InitiativesHttp.ImportRun[] = [];
  private server?: http.Server;
  url = '';

  static async start(): Promise<InitiativesStandIn> {
    const standIn = new InitiativesStandIn();
    standIn.server = http.createServer((req, res) => void standIn.handle(req, res));
    await new Promise<void>((resolve) => standIn.server!.listen(0, '127.0.0.1', resolve));
    standIn.url = `http://127.0.0.1:${(standIn.server!.address() as AddressInfo).port}`;
    return standIn;
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** An initiative as the service would hold it, with the contract's defaults. */
  add(fields: Partial<Detail> & Pick<Detail, 'title' | 'status'>): Detail {
    const now = new Date().toISOString();
    const item: Detail = {
      id: randomUUID(),
      caseId: null,
      type: 'resident',
      language: 'fi',
      supportCount: 1,
      filedAt: now,
      source: null,
      departmentCode: null,
      councilDeadline: null,
      advocacyBody: null,
      updatedAt: now,
      version: 1,
      body: 'Aloitteen teksti.',
      initiators: { publicNames: [], count: 1 },
      proposedTo: null,
      proposal: null,
      statements: [],
      decision: null,
      measures: null,
      closingReason: null,
      combinedInto: null,
      combinedWith: [],
      ahjoCaseId: null,
      public: true,
      timeline: [{ at: now, kind: fields.status, status: fields.status, note: null }],
      preparerId: null,
      nextDueAt: null,
      overdue: false,
      initiatorContacts: [{ role: 'initiator', name: 'Maija Meikäläinen', namePublic: false, email: 'maija@example.fi', language: 'fi' }],
      ...fields,
    };
    InitiativesHttp.staffInitiativeDetail.parse(item);
    this.initiatives.set(item.id, item);
    return item;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const roles = rolesOf(req.headers.authorization);
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' }).end(JSON.stringify(value));
    };
    const problem = (status: number, detail: string, errors: { field: string; message: string }[] = [], extra = {}) =>
      send(status, { type: 'about:blank', title: http.STATUS_CODES[status], status, detail, errors, ...extra });
    const staff = () => roles.includes('preparer') || roles.includes('admin');
    const path = url.pathname.split('/').filter(Boolean);
    try {
      if (req.method === 'GET' && url.pathname === '/initiatives') {
        const q = url.searchParams;
        const limit = Number(q.get('limit') ?? 20);
        const all = [...this.initiatives.values()]
          .filter((i) => i.public)
          .filter((i) => !q.get('type') || i.type === q.get('type'))
          .filter((i) => !q.get('status') || i.status === q.get('status'))
          .filter((i) => !q.get('year') || i.filedAt?.startsWith(q.get('year')!))
          .filter((i) => !q.get('source') || (q.get('source') === 'kuntalaisaloite') === Boolean(i.source))
          .filter((i) => !q.get('q') || Object.values(i.title).some((t) => t?.toLowerCase().includes(q.get('q')!.toLowerCase())))
          .sort((a, b) => (a.filedAt ?? '').localeCompare(b.filedAt ?? '') * -1 || a.id.localeCompare(b.id));
        const start = q.get('cursor') ? all.findIndex((i) => i.id === q.get('cursor')) + 1 : 0;
        const items = all.slice(start, start + limit);
        const next = start + limit < all.length ? items[items.length - 1].id : null;
        return send(200, InitiativesHttp.initiativeListPage.parse({ items: items.map(listItem), nextCursor: next }));
      }
      if (req.method === 'GET' && path[1] === 'reports' && path.length === 3) {
        const year = Number(path[2].replace(/\.csv$/, ''));
        const rows = [...this.initiatives.values()]
          .filter((i) => i.filedAt?.startsWith(String(year)) || i.decision?.decidedAt.startsWith(String(year)))
          .map((i) => ({ id: i.id, caseId: i.caseId, type: i.type, title: i.title.fi ?? i.title.sv ?? i.title.en ?? '', status: i.status, filedAt: i.filedAt, decidedAt: i.decision?.decidedAt ?? null, body: i.decision?.body ?? null, measures: i.measures?.text ?? null, supportCount: i.supportCount }));
        if (path[2].endsWith('.csv')) {
          res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end(['caseId;title;status', ...rows.map((r) => `${r.caseId ?? ''};${r.title};${r.status}`)].join('\n'));
          return;
        }
        return send(200, InitiativesHttp.yearlyReport.parse({ year, items: rows }));
      }
      if (path[1] === 'admin' && path[2] === 'imports') {
        if (!roles.includes('admin')) return problem(403, 'This action needs one of the roles: admin');
        if (req.method === 'GET') return send(200, z.array(InitiativesHttp.importRun).parse(this.importRuns));
        const result = { created: 2, updated: 1, unchanged: 5, failed: 0 };
        const now = new Date().toISOString();
        this.importRuns.unshift({ ...result, startedAt: now, finishedAt: now, trigger: 'admin' });
        return send(200, InitiativesHttp.importResult.parse(result));
      }
      if (req.method === 'GET' && path[1] === 'staff' && path[2] === 'queue') {
        if (!staff()) return problem(403, 'This action needs one of the roles: preparer, admin');
        const department = url.searchParams.get('department');
        const overdue = url.searchParams.get('overdue') === 'true';
        const items = [...this.initiatives.values()]
          .filter((i) => !['collecting', 'closed', 'inadmissible', 'withdrawn', 'combined'].includes(i.status))
          // As the service: a department alone lists its own; unassigned ones only when asked.
          .filter((i) => !department || i.departmentCode === department || (i.departmentCode === null && url.searchParams.get('includeUnassigned') === 'true'))
          .map((i) => {
            const open = i.statements.filter((s) => !s.answeredAt);
            const nextDueAt = [...open.map((s) => s.dueAt), ...(i.councilDeadline ? [`${i.councilDeadline}T23:59:00+02:00`] : [])].sort()[0] ?? null;
            return { ...listItem(i), version: i.version, preparerId: i.preparerId, nextDueAt, overdue: Boolean(nextDueAt && new Date(nextDueAt) < new Date()), openStatements: open.length };
          })
          .filter((i) => !overdue || i.overdue);
        return send(200, InitiativesHttp.preparerQueuePage.parse({ items, nextCursor: null }));
      }
      const id = path[1] === 'staff' ? path[2] : path[1];
      const item = id ? this.initiatives.get(id) : undefined;
      if (req.method === 'GET' && path.length === 2) return item?.public ? send(200, InitiativesHttp.initiativeDetail.parse(item)) : problem(404, 'No such initiative');
      if (req.method === 'GET' && path[1] === 'staff' && path.length === 3) {
        if (!staff()) return problem(403, 'This action needs one of the roles: preparer, admin');
        return item ? send(200, InitiativesHttp.staffInitiativeDetail.parse(item)) : problem(404, 'No such initiative');
      }
      if (req.method === 'POST' && item && path.length >= 3) {
        if (!staff()) return problem(403, 'This action needs one of the roles: preparer, admin');
        const action = path.length === 5 ? 'answer' : path[2];
        const schema = ACTION_SCHEMAS[action];
        if (!schema) return problem(404, 'No such route');
        const parsed = schema.safeParse(body);
        if (!parsed.success) return problem(400, 'Invalid request', parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
        const data = parsed.data as Record<string, unknown> & { version: number };
        if (data.version !== item.version) return problem(409, 'The initiative changed meanwhile', [], { currentVersion: item.version });
        this.changes.push({ action, id: item.id, body });
        apply(item, action, data, path[3]);
        item.version += 1;
        item.updatedAt = new Date().toISOString();
        return send(200, InitiativesHttp.staffInitiativeDetail.parse(item));
      }
      return problem(404, 'No such route');
    } catch (error) {
      return problem(500, String(error));
    }
  }
}

const ACTION_SCHEMAS: Record<string, z.ZodType> = {
  register: InitiativesHttp.registerRequest,
  assign: InitiativesHttp.assignRequest,
  statements: InitiativesHttp.statementRequest,
  answer: InitiativesHttp.statementAnswerRequest,
  propose: InitiativesHttp.proposeRequest,
  decide: InitiativesHttp.decideRequest,
  measures: InitiativesHttp.measuresRequest,
  close: InitiativesHttp.closeRequest,
  inadmissible: InitiativesHttp.inadmissibleRequest,
  withdraw: InitiativesHttp.withdrawRequest,
  combine: InitiativesHttp.combineRequest,
  'ahjo-link': InitiativesHttp.ahjoLinkRequest,
};

/** The state change of a step, as far as the pages show it. */
function apply(item: Detail, action: string, data: Record<string, unknown>, statementId?: string) {
  const now = new Date().toISOString();
  const move = (status: InitiativesHttp.InitiativeStatus, note: string | null = null) => {
    item.status = status;
    item.timeline.push({ at: now, kind: status, status, note });
  };
  switch (action) {
    case 'register':
      item.caseId = (data.caseId as string | undefined) ?? `HEL-2026-${String(item.initiators.count).padStart(6, '0')}`;
      return move('registered');
    case 'assign':
      item.departmentCode = data.departmentCode as string;
      item.preparerId = data.preparerId as string;
      return move('assigned');
    case 'statements':
      item.statements.push({ id: randomUUID(), requestedFrom: data.requestedFrom as string, requestedAt: now, dueAt: new Date(data.dueAt as string).toISOString(), answeredAt: null, text: null, overdue: false });
      return move('statements_requested');
    case 'answer': {
      const statement = item.statements.find((s) => s.id === statementId)!;
      Object.assign(statement, { answeredAt: now, text: data.text });
      item.timeline.push({ at: now, kind: 'statement_answered', status: null, note: null });
      return;
    }
    case 'propose':
      item.proposedTo = data.body as InitiativesHttp.DecisionBody;
      item.proposal = data.proposal as string;
      return move('proposed');
    case 'decide':
      item.decision = { body: data.body as InitiativesHttp.DecisionBody, decidedAt: data.decidedAt as string, section: (data.section as string) ?? null, text: data.text as string, ahjoCaseId: null, ahjoDecisionId: null };
      return move('decided', data.text as string);
    case 'measures':
      item.measures = { text: data.text as string, recordedAt: now };
      return move('measures_taken', data.text as string);
    case 'close':
      return move('closed');
    case 'inadmissible':
    case 'withdraw':
      item.closingReason = (data.reason as string) ?? null;
      return move(action === 'withdraw' ? 'withdrawn' : 'inadmissible', item.closingReason);
    case 'combine':
      item.combinedInto = data.intoId as string;
      return move('combined');
    case 'ahjo-link':
      item.ahjoCaseId = data.ahjoCaseId as string;
      return;
  }
}

function listItem(i: Detail): InitiativesHttp.InitiativeListItem {
  return InitiativesHttp.initiativeListItem.parse(i);
}

/** The roles claim of a bearer token; the stand-in trusts it (the portal verified the session). */
function rolesOf(authorization: string | undefined): string[] {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (!token) return [];
  try {
    return (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { roles?: string[] }).roles ?? [];
  } catch {
    return [];
  }
}
