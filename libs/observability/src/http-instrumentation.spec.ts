import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { instrumentFastify } from './http-instrumentation';
import { createLogger } from './logger';

/** The request log lines a Fastify app writes for the given paths. */
async function requestLines(routes: string[], paths: string[]): Promise<Record<string, any>[]> {
  const lines: Record<string, any>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const app = Fastify();
  instrumentFastify(app, createLogger({ service: 'test', level: 'info', destination }));
  for (const route of routes) app.get(route, async () => ({ ok: true }));
  try {
    for (const url of paths) await app.inject({ method: 'GET', url });
  } finally {
    await app.close();
  }
  return lines.filter((line) => line.msg === 'request completed');
}

describe('the request log line', () => {
  it('names whom an admin looked up by the route template alone, as it does a credential', async () => {
    const lines = await requestLines(
      ['/feedback/privacy/admin/subjects/:subjectId/data', '/grants/calendar/:token.ics'],
      ['/feedback/privacy/admin/subjects/aino-asukas-123/data', '/grants/calendar/s3cret.ics'],
    );
    expect(lines.map((l) => l.req.path)).toEqual(['/feedback/privacy/admin/subjects/:subjectId/data', '/grants/calendar/:token.ics']);
    expect(JSON.stringify(lines)).not.toMatch(/aino-asukas-123|s3cret/);
  });

  it('keeps the real path when no parameter says whom it is about, without the query string', async () => {
    const lines = await requestLines(['/feedback/requests/:id'], ['/feedback/requests/42?email=aino%40example.fi']);
    expect(lines.map((l) => l.req.path)).toEqual(['/feedback/requests/42']);
  });
});
