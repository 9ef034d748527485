import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { PortalTestEnv, startPortalTestEnv } from './portal-test-env';

/** A client that keeps the portal's cookies and reads a page's form token. */
class Visitor {
  readonly cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  async send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer | URLSearchParams } = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${this.base}${path}`, { method: init.method ?? 'GET', headers: { cookie, ...init.headers }, body: init.body as never, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [name, ...value] = line.split(';')[0].split('=');
      this.cookies.set(name.trim(), value.join('='));
    }
    return res;
  }

  async token(path = '/feedback/new'): Promise<string> {
    const token = /name="_csrf" value="([^"]+)"/.exec(await (await this.send(path)).text())?.[1];
    if (!token) throw new Error(`no form token on ${path}`);
    return token;
  }

  async post(path: string, form: Record<string, string> | string): Promise<Response> {
    const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
    return this.send(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  }

  async signIn(role: string, name: string, department?: string): Promise<Response> {
    return this.post('/login', { _csrf: await this.token('/login'), role, name, ...(department ? { department } : {}) });
  }

  /** The subject of the session's token. */
  get subject(): string {
    const token = this.cookies.get('vaikuta_session') ?? '';
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).sub;
  }
}

/** Sends raw bytes and reads the whole answer (the server closes or answers with a length). */
function rawRequest(url: string, request: string | Buffer, timeoutMs = 5000): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(request));
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer in ${timeoutMs} ms: ${answer.slice(0, 200)}`));
    }, timeoutMs);
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      const length = /content-length: (\d+)/i.exec(answer)?.[1];
      const head = answer.indexOf('\r\n\r\n');
      if (length && head >= 0 && Buffer.byteLength(answer.slice(head + 4)) >= Number(length)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

const statusLine = (answer: string) => answer.split('\r\n')[0];
const contentType = (answer: string) => /content-type: ([^\r]+)/i.exec(answer)?.[1];
const bodyOf = (answer: string) => answer.slice(answer.indexOf('\r\n\r\n') + 4);

/**
 * Bad input at the portal answers 4xx in the format of whoever asked — a page for people,
 * problem+json on /api/, Open311's errors on /open311/ — and never a 5xx or a hang.
 */
describe('portal: bad input is a client error, in the asker’s format', () => {
  let env: PortalTestEnv;
  let worker: Visitor;
  let admin: Visitor;

  beforeAll(async () => {
    env = await startPortalTestEnv('portal_hardening');
    worker = new Visitor(env.url);
    admin = new Visitor(env.url);
    await worker.signIn('case_worker', 'Kaisa', 'KYMP');
    await admin.signIn('admin', 'Outi');
  });
  afterAll(() => env?.close());

  describe('development login', () => {
    it('gives everyone who leaves the name empty a subject of their own; a chosen name keeps its subject', async () => {
      const subjects: string[] = [];
      for (let i = 0; i < 3; i++) {
        const v = new Visitor(env.url);
        expect((await v.signIn('resident', '')).status).toBe(303);
        subjects.push(v.subject);
      }
      expect(new Set(subjects).size).toBe(3);
      expect(subjects.every((s) => s.startsWith('demo-resident-'))).toBe(true);

      const named = async () => {
        const v = new Visitor(env.url);
        await v.signIn('resident', 'Aino Asukas');
        return v.subject;
      };
      expect(await named()).toBe('demo-resident-aino-asukas');
      expect(await named()).toBe('demo-resident-aino-asukas');
    });

    it('refuses a name given twice with a 400 page', async () => {
      const v = new Visitor(env.url);
      const form = `_csrf=${encodeURIComponent(await v.token('/login'))}&role=resident&name=a&name=b`;
      const res = await v.post('/login', form);
      expect([res.status, res.headers.get('content-type')]).toEqual([400, 'text/html; charset=utf-8']);
      expect(v.cookies.has('vaikuta_session')).toBe(false);
    });
  });

  it('a repeated query parameter is a 400 page', async () => {
    const res = await new Visitor(env.url).send('/feedback/track?code=a&code=b');
    expect([res.status, res.headers.get('content-type')]).toEqual([400, 'text/html; charset=utf-8']);
  });

  it('NUL bytes in a page’s query or form are a 400 page', async () => {
    const lookup = await new Visitor(env.url).send('/feedback/track?code=VKT%00');
    expect([lookup.status, lookup.headers.get('content-type')]).toEqual([400, 'text/html; charset=utf-8']);
    const res = await admin.post('/admin/open311-keys', `_csrf=${encodeURIComponent(await admin.token())}&label=a%00b`);
    expect(res.status).toBe(400);
  });

  it('URL segments that are names of Object.prototype are not found, not server errors', async () => {
    const id = randomUUID();
    for (const action of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const res = await worker.post(`/staff/cases/${id}/${action}`, { _csrf: await worker.token(), version: '1' });
      expect([action, res.status]).toEqual([action, 404]);
    }
    const shown = await worker.send(`/staff/cases/${id}?done=constructor`);
    expect(shown.status).toBeLessThan(500);

    for (const service of ['__proto__', 'constructor', 'toString']) {
      const res = await admin.post(`/admin/dead-letters/${service}/${id}/replay`, { _csrf: await admin.token() });
      expect([service, res.status, res.headers.get('location')]).toEqual([service, 303, '/admin/dead-letters']);
    }
  });

  describe('errors raised before routing', () => {
    it('bad percent-encoding: a page, problem+json, Open311', async () => {
      const page = await fetch(`${env.url}/feedback/%E0%A4%A`);
      expect([page.status, page.headers.get('content-type')]).toEqual([400, 'text/html; charset=utf-8']);
      const api = await fetch(`${env.url}/api/feedback/public/requests/%E0%A4%A`);
      expect([api.status, api.headers.get('content-type')]).toEqual([400, 'application/problem+json; charset=utf-8']);
      expect(await api.json()).toMatchObject({ status: 400, errors: [{ field: '(url)' }] });
      const open311 = await fetch(`${env.url}/open311/v2/requests/%E0%A4%A.json`);
      expect([open311.status, await open311.json()]).toEqual([400, [{ code: 400, description: expect.any(String) }]]);
    });

    it('a path segment over the length limit is a 414 in each format', async () => {
      const long = 'x'.repeat(600); // over libs/http's MAX_PATH_PARAM_LENGTH (512)
      const page = await fetch(`${env.url}/staff/cases/${long}`);
      expect([page.status, page.headers.get('content-type')]).toEqual([414, 'text/html; charset=utf-8']);
      const api = await fetch(`${env.url}/api/feedback/public/requests/${long}`);
      expect([api.status, api.headers.get('content-type')]).toEqual([414, 'application/problem+json; charset=utf-8']);
      // Behind the proxy's wildcard the service judges the id itself: unknown, in Open311's format.
      const open311 = await fetch(`${env.url}/open311/v2/requests/${long}.json`);
      expect(open311.status).toBeLessThan(500);
      expect(await open311.json()).toEqual([{ code: open311.status, description: expect.any(String) }]);
    });

    // Open311 clients know 400, 403, 404: too large headers are a 400 with code 431, as the
    // feedback service answers them itself (libs/http open311Status).
    it('headers too large are a 431 in each format (Open311: 400 with code 431)', async () => {
      const huge = `X-Filler: ${'a'.repeat(20_000)}\r\n`;
      const page = await rawRequest(env.url, `GET /feedback HTTP/1.1\r\nHost: x\r\n${huge}\r\n`);
      expect([statusLine(page), contentType(page)]).toEqual(['HTTP/1.1 431 Request Header Fields Too Large', 'text/html; charset=utf-8']);
      const api = await rawRequest(env.url, `GET /api/feedback/categories HTTP/1.1\r\nHost: x\r\n${huge}\r\n`);
      expect([statusLine(api), contentType(api), JSON.parse(bodyOf(api))]).toEqual([
        'HTTP/1.1 431 Request Header Fields Too Large',
        'application/problem+json; charset=utf-8',
        expect.objectContaining({ status: 431, errors: [expect.objectContaining({ field: '(headers)' })] }),
      ]);
      const open311 = await rawRequest(env.url, `GET /open311/v2/services.xml HTTP/1.1\r\nHost: x\r\n${huge}\r\n`);
      expect([statusLine(open311), contentType(open311)]).toEqual(['HTTP/1.1 400 Bad Request', 'text/xml; charset=utf-8']);
      expect(bodyOf(open311)).toMatch(/<errors>\s*<error>\s*<code>431<\/code>\s*<description>[^<]+<\/description>/);
      const open311Json = await rawRequest(env.url, `POST /open311/v2/requests.json HTTP/1.1\r\nHost: x\r\n${huge}\r\n`);
      expect([statusLine(open311Json), contentType(open311Json), JSON.parse(bodyOf(open311Json))]).toEqual([
        'HTTP/1.1 400 Bad Request',
        'application/json; charset=utf-8',
        [{ code: 431, description: expect.any(String) }],
      ]);
    });

    // The fuzzer's case: the request line itself is over the limit, so the parser stops before
    // " HTTP/1.1" and only the start of the path says whose format to answer in.
    it('a request line over the header limit is a 431 in the format its path names', async () => {
      const query = `q=${'x'.repeat(20_000)}`;
      const api = await rawRequest(env.url, `GET /api/feedback/public/requests?${query} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect([statusLine(api), contentType(api), JSON.parse(bodyOf(api)).status]).toEqual([
        'HTTP/1.1 431 Request Header Fields Too Large',
        'application/problem+json; charset=utf-8',
        431,
      ]);
      const open311 = await rawRequest(env.url, `GET /open311/v2/requests.json?${query} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect([statusLine(open311), contentType(open311), JSON.parse(bodyOf(open311))]).toEqual([
        'HTTP/1.1 400 Bad Request',
        'application/json; charset=utf-8',
        [{ code: 431, description: expect.any(String) }],
      ]);
      const page = await rawRequest(env.url, `GET /feedback?${query} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect([statusLine(page), contentType(page)]).toEqual(['HTTP/1.1 431 Request Header Fields Too Large', 'text/html; charset=utf-8']);
    });

    it('a form post in a content type no page reads is a 4xx page', async () => {
      const res = await worker.send('/staff/cases/' + randomUUID() + '/claim', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    });
  });

  describe('the API proxy', () => {
    const photoForm = (bytes: number) => {
      const boundary = 'vaikutaPhotoBoundary';
      const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      const head =
        field('api_key', 'no-such-key') +
        field('service_code', '171') +
        field('lat', '60.1841') +
        field('long', '24.9494') +
        field('description', 'Syvä kuoppa pyörätiellä') +
        `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
      const body = Buffer.concat([Buffer.from(head), Buffer.alloc(bytes, 0xff), Buffer.from(`\r\n--${boundary}--\r\n`)]);
      return { body, contentType: `multipart/form-data; boundary=${boundary}` };
    };

    it('passes an upload sent with Expect: 100-continue on, answered as the service answers it directly', async () => {
      const { body, contentType: type } = photoForm(2 * 1024 * 1024);
      const send = (base: string) =>
        rawRequest(
          base,
          // Bytes, not a string: written as UTF-8, the photo's 0xff bytes would double and the
          // bytes past Content-Length would race the answer as a malformed second request.
          Buffer.concat([
            Buffer.from(`POST /open311/v2/requests.json HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`),
            body,
          ]),
          20_000,
        );
      const direct = await send(env.feedback.url);
      const proxied = await send(env.url);
      const final = (answer: string) => answer.split('\r\n').filter((l) => /^HTTP\/1\.1 [2-5]/.test(l)).pop();
      expect(final(direct)).toMatch(/^HTTP\/1\.1 4\d\d/);
      const finalBody = (answer: string) => answer.slice(answer.lastIndexOf('\r\n\r\n') + 4);
      expect([final(proxied), finalBody(proxied)]).toEqual([final(direct), finalBody(direct)]);
    });

    it('answers a JSON body over the services’ limit with a prompt 413 problem, and keeps serving', async () => {
      const started = Date.now();
      const res = await fetch(`${env.url}/api/feedback/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ description: 'x'.repeat(3 * 1024 * 1024) }),
      });
      expect([res.status, res.headers.get('content-type')]).toEqual([413, 'application/problem+json; charset=utf-8']);
      expect((await res.json()).status).toBe(413);
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await fetch(`${env.url}/api/feedback/categories`)).status).toBe(200);
    });

    it('answers a body over the limit on Open311 as the service would: 400 with code 413, in JSON or XML', async () => {
      const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a='.padEnd(3 * 1024 * 1024, 'x') };
      const json = await fetch(`${env.url}/open311/v2/requests.json`, form);
      expect([json.status, json.headers.get('content-type'), await json.json()]).toEqual([
        400,
        'application/json; charset=utf-8',
        [{ code: 413, description: expect.any(String) }],
      ]);
      const xml = await fetch(`${env.url}/open311/v2/requests.xml`, form);
      expect([xml.status, xml.headers.get('content-type')]).toEqual([400, 'text/xml; charset=utf-8']);
      expect(await xml.text()).toMatch(/<errors>\s*<error>\s*<code>413<\/code>/);
      // The service answers the same body sent to it directly the same way.
      // (fetch, as the portal's client: the service answers before the body is all sent.)
      // The service may answer and close while fetch is still writing the 3 MB (EPIPE, seen once in
      // a full run): that is the client's write losing the race, not the answer; ask again then.
      const direct = await fetchDespiteEarlyAnswer(`${env.feedback.url}/open311/v2/requests.json`, form);
      expect([direct.status, await direct.json()]).toEqual([400, [{ code: 413, description: expect.any(String) }]]);
      expect((await fetch(`${env.url}/open311/v2/services.json`)).status).toBe(200);
    });
  });
});

/** fetch, asked again (up to three times) when the server answered and closed before the body was all written. */
async function fetchDespiteEarlyAnswer(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      const code = ((error as { cause?: { code?: string } }).cause ?? {}).code;
      if (attempt >= 3 || (code !== 'EPIPE' && code !== 'ECONNRESET')) throw error;
    }
  }
}
