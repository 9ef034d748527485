import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { sendRaw } from '../fuzz/raw-http';
import { attackerTokens } from './attacker-tokens';
import { hasDeclaredPolicy, routesOfNestApp, type NestRoute } from './nest-routes';

export interface MatrixApp {
  app: INestApplication;
  baseUrl: string;
  keysDir: string;
  token(role: string, departments?: string[]): Promise<string>;
  /** Path parameter values that name real records (a case of `department`); others get a random UUID. */
  params?: Record<string, string>;
  /** The body sent to a route (default JSON `{}`): what some need besides the token (Open311 POST's api_key form field). */
  bodyFor?: (route: NestRoute) => { contentType: string; payload: string } | undefined;
  close(): Promise<void>;
}

export interface MatrixTarget {
  name: string;
  /** Every role there is (libs/auth's ROLES). */
  roles: readonly string[];
  /** The department the case worker acts for, and another one. */
  department: string;
  otherDepartment: string;
  /** Routes whose records belong to a department: a case worker of another one is refused there. */
  departmentScoped?: (route: NestRoute) => boolean;
  /** What "no valid token" answers on a route: 401, except where a protocol says otherwise (Open311: 403). */
  unauthenticatedStatus?: (route: NestRoute) => number;
  /**
   * Public routes that check a credential of their own (a signed link in the query): with
   * none they refuse with 403 whoever calls, so there only 401 counts as a wrong answer.
   */
  ownCredential?: (route: NestRoute) => boolean;
  start(): Promise<MatrixApp>;
}

interface Caller {
  name: string;
  headers: Record<string, string>;
  role?: string;
  otherDepartment?: boolean;
  badToken?: boolean;
}

type Expectation = 'unauthenticated' | 'forbidden' | 'allowed' | 'not-2xx' | 'not-401';

function expectationOf(route: NestRoute, caller: Caller, scoped: boolean): Expectation {
  const { policy } = route;
  if (caller.badToken) return 'unauthenticated';
  if (!caller.role) return policy.public && policy.roles.length === 0 ? 'allowed' : 'unauthenticated';
  if (policy.roles.length > 0 && !policy.roles.includes(caller.role)) return 'forbidden';
  if (caller.otherDepartment && scoped) return 'not-2xx';
  return 'allowed';
}

function violates(status: number, expectation: Expectation, unauthenticated: number): boolean {
  switch (expectation) {
    case 'unauthenticated':
      return status !== unauthenticated;
    case 'forbidden':
      return status !== 403;
    case 'not-2xx':
      return status >= 200 && status < 300;
    case 'allowed':
      return status === 401 || status === 403;
    case 'not-401':
      return status === 401;
  }
}

/**
 * The authorization matrix, generated from the routes' own metadata: every route × every
 * caller (anonymous, each role, a case worker of another department, an expired token, a
 * token signed by a key the service does not trust, an unsigned `alg: none` token) gets the
 * class of answer its declared policy implies. A route that declares no policy fails.
 */
export function describeAuthorizationMatrix(target: MatrixTarget): void {
  describe(`authorization matrix: ${target.name}`, () => {
    let m: MatrixApp;
    let routes: NestRoute[];
    const callers: Caller[] = [];

    beforeAll(async () => {
      m = await target.start();
      routes = routesOfNestApp(m.app);
      const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
      callers.push({ name: 'anonymous', headers: {} });
      for (const role of target.roles) {
        callers.push({ name: role, role, headers: bearer(await m.token(role, role === 'case_worker' ? [target.department] : [])) });
      }
      callers.push({
        name: `case_worker of ${target.otherDepartment}`,
        role: 'case_worker',
        otherDepartment: true,
        headers: bearer(await m.token('case_worker', [target.otherDepartment])),
      });
      const bad = await attackerTokens(await m.token('admin'), m.keysDir);
      callers.push({ name: 'expired token', badToken: true, headers: bearer(bad.expired) });
      callers.push({ name: 'token signed by a wrong key', badToken: true, headers: bearer(bad.wrongKey) });
      callers.push({ name: 'alg=none token', badToken: true, headers: bearer(bad.algNone) });
    });

    afterAll(async () => {
      await m?.close();
    });

    it('finds the routes and each declares who may call it (@Public, @Roles or @Authenticated)', () => {
      expect(routes.length).toBeGreaterThan(0);
      const undeclared = routes.filter((r) => !hasDeclaredPolicy(r.policy)).map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`);
      expect(undeclared).toEqual([]);
    });

    it('answers every route × caller as its policy says: 401 without a valid token, 403 for a wrong role, never 2xx where refused', async () => {
      const violations: string[] = [];
      for (const route of routes) {
        const path = route.path
          .replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(m.params?.[name] ?? randomUUID()))
          .replace(/\*/g, 'unknown-resource');
        // A catch-all (@All) route is asked with GET.
        const method = route.method === 'ALL' ? 'GET' : route.method;
        const scoped = target.departmentScoped?.(route) ?? false;
        // The callers of one route at once: a service with many routes took over a minute
        // one request at a time on a loaded CI machine.
        await Promise.all(
          callers.map(async (caller) => {
            let expectation = expectationOf(route, caller, scoped);
            if (expectation === 'allowed' && target.ownCredential?.(route)) expectation = 'not-401';
            const given = m.bodyFor?.(route) ?? { contentType: 'application/json', payload: '{}' };
            const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.from(given.payload);
            const response = await sendRaw(
              m.baseUrl,
              {
                method,
                path,
                headers: { ...caller.headers, ...(body ? { 'content-type': given.contentType, 'content-length': String(body.length) } : {}) },
                body,
                note: caller.name,
              },
              15_000,
            );
            if (violates(response.status, expectation, target.unauthenticatedStatus?.(route) ?? 401)) {
              violations.push(`${route.method} ${route.path} as ${caller.name}: expected ${expectation}, got ${response.status} ${response.body.slice(0, 120)}`);
            }
          }),
        );
      }
      expect(violations.sort()).toEqual([]);
    }, 300_000);
  });
}
