import { PortalTestEnv, startPortalTestEnv } from './portal-test-env';

/** A browser-like client: keeps the portal's cookies, reads a page's form token. */
class Visitor {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  has(cookie: string): boolean {
    return this.cookies.has(cookie);
  }

  async send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer | FormData | URLSearchParams } = {}): Promise<Response> {
    const res = await fetch(`${this.base}${path}`, {
      method: init.method ?? 'GET',
      headers: { cookie: this.cookieHeader, ...init.headers },
      body: init.body as never,
      redirect: 'manual',
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
    return res;
  }

  /** The `_csrf` of a page's forms, as the browser would post it. */
  async token(path = '/feedback/new'): Promise<string> {
    const html = await (await this.send(path)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no form token on ${path}`);
    return token;
  }

  async signIn(role: string, name: string, department?: string): Promise<void> {
    const form = new URLSearchParams({ _csrf: await this.token('/login'), role, name, ...(department ? { department } : {}) });
    const res = await this.send('/login', { method: 'POST', body: form });
    expect(res.status).toBe(303);
    expect(this.has('vaikuta_session')).toBe(true);
  }
}

/** A multipart body with its parts in the given order (a file part when the value is a Buffer). */
function multipart(parts: [string, string | Buffer][]): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----vaikutaTestBoundary7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const [name, value] of parts) {
    const file = Buffer.isBuffer(value);
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? '; filename="a.bin"\r\nContent-Type: application/octet-stream' : ''}\r\n\r\n`,
      ),
      Buffer.isBuffer(value) ? value : Buffer.from(value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * Every state-changing page request carries its page's token and is checked before anything
 * happens, whatever its content type. These are the forged requests that once went through:
 * multipart bodies without a token erased a resident's contact details, revoked an Open311
 * key, marked the inbox read and signed people out.
 */
describe('portal: CSRF on every form, whatever its content type', () => {
  let env: PortalTestEnv;
  let resident: Visitor;
  let admin: Visitor;

  beforeAll(async () => {
    env = await startPortalTestEnv('portal_csrf');
    resident = new Visitor(env.url);
    admin = new Visitor(env.url);
    await resident.signIn('resident', 'Aino Asukas');
    await admin.signIn('admin', 'Outi');
  });
  afterAll(() => env?.close());

  const contactsOf = async (email: string): Promise<number> =>
    (await env.feedback.dataSource.query(`SELECT 1 FROM feedback_requests WHERE contact_email = $1`, [email])).length;

  /** The resident sends feedback with contact details through the form (a valid multipart post). */
  async function sendFeedback(email: string): Promise<void> {
    const { body, headers } = multipart([
      ['_csrf', await resident.token()],
      ['kind', 'feedback'],
      ['categoryCode', '320'],
      ['description', 'Kirjaston lukusali on talvella liian kylmä.'],
      ['email', email],
      ['contactConsent', 'true'],
    ]);
    const res = await resident.send('/feedback/new', { method: 'POST', body, headers });
    expect([res.status, res.headers.get('location')]).toEqual([303, expect.stringMatching(/^\/feedback\/sent\//)]);
  }

  it('a multipart erasure without a token is refused and erases nothing; with the page’s token it erases', async () => {
    await sendFeedback('aino@example.fi');
    expect(await contactsOf('aino@example.fi')).toBe(1);

    const forged = multipart([['confirm', 'yes']]);
    expect((await resident.send('/my/erasure', { method: 'POST', ...forged })).status).toBe(403);
    // A token that is not the first part is not read: the check needs no buffering of the rest.
    const late = multipart([['confirm', 'yes'], ['_csrf', await resident.token()]]);
    expect((await resident.send('/my/erasure', { method: 'POST', ...late })).status).toBe(403);
    expect(await contactsOf('aino@example.fi')).toBe(1);

    const genuine = multipart([['_csrf', await resident.token('/my/erasure')]]);
    const res = await resident.send('/my/erasure', { method: 'POST', ...genuine });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/my/erasure?erased=1']);
    expect(await contactsOf('aino@example.fi')).toBe(0);
  });

  it('an Open311 key is not revoked by a forged post of any content type', async () => {
    const adminToken = await env.feedback.token('admin');
    const created = await env.feedback.http().post('/feedback/admin/open311-keys').set('Authorization', `Bearer ${adminToken}`).send({ label: 'Fiksu kaupunki' });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const revokedAt = async () => (await env.feedback.dataSource.query(`SELECT revoked_at FROM open311_api_keys WHERE id = $1`, [id]))[0].revoked_at;
    const path = `/admin/open311-keys/${id}/revoke`;

    const forgeries: { what: string; headers?: Record<string, string>; body?: string | Buffer }[] = [
      // Each says `confirm=yes`, as the confirmation step's form does: only the token is missing.
      { what: 'multipart', ...multipart([['confirm', 'yes']]) },
      { what: 'multipart, empty', ...multipart([]) },
      { what: 'multipart, file first', ...multipart([['photo', Buffer.alloc(256 * 1024, 1)]]) },
      { what: 'text/plain', headers: { 'content-type': 'text/plain' }, body: '_csrf=x' },
      { what: 'JSON', headers: { 'content-type': 'application/json' }, body: '{"confirm":"yes"}' },
      { what: 'urlencoded', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' },
      { what: 'urlencoded, token repeated', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=a&_csrf=b' },
      { what: 'no body' },
    ];
    const statuses = [];
    for (const f of forgeries) statuses.push([f.what, (await admin.send(path, { method: 'POST', headers: f.headers, body: f.body })).status]);
    expect(statuses).toEqual(forgeries.map((f) => [f.what, 403]));
    expect(await revokedAt()).toBeNull();

    // A browser saying the post comes from another site is refused even with a valid token.
    const crossSite = new URLSearchParams({ _csrf: await admin.token() });
    expect((await admin.send(path, { method: 'POST', body: crossSite, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect(await revokedAt()).toBeNull();

    const res = await admin.send(path, { method: 'POST', body: new URLSearchParams({ _csrf: await admin.token('/admin/open311-keys'), confirm: 'yes' }), headers: { 'sec-fetch-site': 'same-origin' } });
    expect(res.status).toBe(303);
    expect(await revokedAt()).not.toBeNull();
  });

  it('marking the inbox read needs the token (refused before the notification service is asked)', async () => {
    const forged = multipart([['x', '1']]);
    expect((await resident.send('/notifications/inbox/read-all', { method: 'POST', ...forged })).status).toBe(403);
    expect((await resident.send('/notifications/inbox/read-all', { method: 'POST' })).status).toBe(403);
  });

  it('a forged multipart logout does not sign anyone out; the page’s own logout form does', async () => {
    const visitor = new Visitor(env.url);
    await visitor.signIn('resident', 'Eero');
    const forged = multipart([['x', '1']]);
    const res = await visitor.send('/logout', { method: 'POST', ...forged });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie().join('\n')).not.toMatch(/vaikuta_session/);
    expect(visitor.has('vaikuta_session')).toBe(true);

    const logout = await visitor.send('/logout', { method: 'POST', ...multipart([['_csrf', await visitor.token('/my')]]) });
    expect([logout.status, visitor.has('vaikuta_session')]).toEqual([303, false]);
  });

  it('a multipart body the parser cannot read is a 400 page, not a server error', async () => {
    const noBoundary = await resident.send('/feedback/new', { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'x' });
    expect([noBoundary.status, noBoundary.headers.get('content-type')]).toEqual([400, 'text/html; charset=utf-8']);
    const { body, headers } = multipart([['_csrf', await resident.token()], ['description', 'katkeaa']]);
    const truncated = await resident.send('/feedback/new', { method: 'POST', headers, body: body.subarray(0, body.length - 30) });
    expect(truncated.status).toBe(400);
  });

  it('the one-click unsubscribe (its own credential, no cookie) stays exempt', async () => {
    const res = await new Visitor(env.url).send('/notifications/unsubscribe', { method: 'POST', body: new URLSearchParams({ token: 'nope' }) });
    expect(res.status).not.toBe(403);
  });
});
