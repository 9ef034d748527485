import { sendRaw } from '@vaikuta/testing';
import { FeedbackTestApp, startFeedbackTestApp } from './feedback-test-app';

// Regression tests for the server errors a fuzzer found (issue 8, section 2): each request
// below answered 500, or in Fastify's own JSON, before the shared layer (libs/http) was hardened.
describe('bad input answers 4xx naming the field, never 5xx', () => {
  let t: FeedbackTestApp;
  let baseUrl: string;
  let admin: string;
  const send = (method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer) => {
    const bytes = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
    return sendRaw(baseUrl, { method, path, headers: { ...headers, ...(bytes ? { 'content-length': String(bytes.length) } : {}) }, body: bytes, note: '' }, 10_000);
  };
  const problem = (r: { contentType: string; body: string }) => {
    expect(r.contentType).toMatch(/^application\/problem\+json/);
    return JSON.parse(r.body);
  };
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    t = await startFeedbackTestApp('badinput');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    admin = `Bearer ${await t.token('admin')}`;
  });
  afterAll(() => t?.close());

  it('refuses a NUL byte in a query filter and a lone surrogate in a JSON text, naming the field', async () => {
    const nul = await send('GET', '/feedback/public/requests?category=a%00b');
    expect(nul.status).toBe(400);
    expect(problem(nul).errors).toEqual([expect.objectContaining({ field: 'category' })]);
    const surrogate = await send('POST', '/feedback/requests', json, '{"kind":"idea","categoryCode":"171","description":"Lamppu \\ud800 ei pala kadulla"}');
    expect(surrogate.status).toBe(400);
    expect(problem(surrogate).errors).toEqual([expect.objectContaining({ field: 'description' })]);
  });

  it('refuses JSON nested 5,000 deep and JSON that does not parse as 400s about the body', async () => {
    const deep = await send('POST', '/feedback/requests', json, '['.repeat(5000) + ']'.repeat(5000));
    expect(deep.status).toBe(400);
    expect(problem(deep).errors[0].field).toBe('(body)');
    const proto = await send('POST', '/feedback/requests', { 'content-type': 'application/x-www-form-urlencoded' }, '__proto__=x');
    expect(proto.status).toBe(400);
    expect(problem(proto).errors[0].field).toBe('(body)');
    const broken = await send('POST', '/feedback/requests', json, '{"description":');
    expect(broken.status).toBe(400);
    expect(problem(broken).errors[0].field).toBe('(body)');
  });

  it('answers multipart without a boundary, truncated, or with a NUL in a field with 400', async () => {
    const noBoundary = await send('POST', '/feedback/requests', { 'content-type': 'multipart/form-data' }, '--x\r\n\r\n');
    expect(noBoundary.status).toBe(400);
    const truncated = await send('POST', '/feedback/requests', { 'content-type': 'multipart/form-data; boundary=b' }, '--b\r\nContent-Disposition: form-data; name="kind"\r\n\r\nid');
    expect(truncated.status).toBe(400);
    const form = ['kind=idea', 'categoryCode=171', 'description=Lamppu\u0000 ei pala kadulla']
      .map((f) => { const [k, v] = f.split('='); return `--b\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`; })
      .join('') + '--b--\r\n';
    const nulField = await send('POST', '/feedback/requests', { 'content-type': 'multipart/form-data; boundary=b' }, form);
    expect(nulField.status).toBe(400);
    expect(problem(nulField).errors).toEqual([expect.objectContaining({ field: 'description' })]);
  });

  it('names the path parameter that is not a UUID, and a fractional dead-letter limit', async () => {
    const id = await send('GET', '/feedback/cases/not-a-uuid', { authorization: admin });
    expect(id.status).toBe(400);
    expect(problem(id).errors).toEqual([{ field: 'id', message: 'Must be an id (a UUID)' }]);
    const limit = await send('GET', '/feedback/admin/dead-letters?limit=1.5', { authorization: admin });
    expect(limit.status).toBe(400);
    expect(problem(limit).errors).toEqual([expect.objectContaining({ field: 'limit' })]);
  });

  it('answers bad percent-encoding, 414 and 431 in problem+json, and in Open311 format under /open311/', async () => {
    const badUrl = await send('GET', '/feedback/public/requests/%E0%A4%A');
    expect(badUrl.status).toBe(400);
    expect(problem(badUrl).errors[0].field).toBe('(url)');
    const long = await send('GET', `/feedback/public/requests/${'a'.repeat(600)}`); // over MAX_PATH_PARAM_LENGTH (512)
    expect(long.status).toBe(414);
    problem(long);
    const huge = await send('GET', `/feedback/public/requests?q=${'a'.repeat(20_000)}`);
    expect(huge.status).toBe(431);
    problem(huge);
    const open311 = await send('GET', '/open311/v2/requests/%FF.json');
    expect(open311.status).toBe(400);
    expect(open311.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(open311.body)).toEqual([expect.objectContaining({ code: 400 })]);
    const open311Huge = await send('GET', `/open311/v2/requests.json?q=${'a'.repeat(20_000)}`);
    expect(open311Huge.status).toBe(400);
    expect(JSON.parse(open311Huge.body)).toEqual([expect.objectContaining({ code: 431 })]);
  });

  it('answers an Open311 resource asked with a method it does not have with Allow and code 405, in Open311 format', async () => {
    const wrong = await send('DELETE', '/open311/v2/requests.json');
    expect(wrong.status).toBe(400); // Open311 clients know 400, the real status in the code (open311Status)
    expect(wrong.allow).toBe('GET, HEAD, POST');
    expect(JSON.parse(wrong.body)).toEqual([{ code: 405, description: expect.stringContaining('DELETE') }]);
    const unknown = await send('DELETE', '/open311/v2/nothing-here.json');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toEqual([expect.objectContaining({ code: 404 })]);
  });
});
