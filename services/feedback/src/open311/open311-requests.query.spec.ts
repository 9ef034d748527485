import { Open311Error } from './open311-error';
import { DEFAULT_PAGE_SIZE, parseRequestsQuery, parseW3cDateTime, requestsWhere } from './open311-requests.query';

const NOW = new Date('2025-06-01T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

/** The descriptions of the 400 a query gets (each begins with the parameter's name). */
function problemsOf(query: Record<string, string | string[]>): string[] {
  try {
    parseRequestsQuery(query, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(Open311Error);
    expect((error as Open311Error).getStatus()).toBe(400);
    return (error as Open311Error).errors.map((e) => e.description);
  }
  throw new Error('expected a 400');
}

describe('W3C date-times', () => {
  it.each([
    ['2025-05-01T12:00:00Z', '2025-05-01T12:00:00.000Z'],
    ['2025-05-01T15:00:00+03:00', '2025-05-01T12:00:00.000Z'],
    ['2025-05-01T15:00:00+0300', '2025-05-01T12:00:00.000Z'],
    ['2025-05-01T15:00:00 03:00', '2025-05-01T12:00:00.000Z'],
    ['2025-05-01T12:00Z', '2025-05-01T12:00:00.000Z'],
    ['2025-05-01T12:00:00.25Z', '2025-05-01T12:00:00.250Z'],
    ['2025-05-01', '2025-05-01T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseW3cDateTime(text)?.toISOString()).toBe(iso);
  });

  it.each(['2025-05-01T12:00:00', '2025-02-30', '2025-13-01', '01.05.2025', 'yesterday', '2025-05-01T25:00:00Z'])('refuses %s', (text) => {
    expect(parseW3cDateTime(text)).toBeUndefined();
  });
});

describe('GET requests parameters', () => {
  it('defaults to the last 90 days, page 1 of 50, English, no extensions', () => {
    const filter = parseRequestsQuery({}, NOW);
    expect(filter).toMatchObject({ page: 1, pageSize: DEFAULT_PAGE_SIZE, extensions: false, locale: 'en' });
    expect(filter.requestedFrom?.getTime()).toBe(NOW.getTime() - 90 * DAY);
    expect(filter.requestedTo).toBeUndefined();
  });

  it('treats empty parameters as absent', () => {
    expect(parseRequestsQuery({ status: '', start_date: '', page: '', service_code: ' ' }, NOW)).toEqual(parseRequestsQuery({}, NOW));
  });

  it('extends start_date or end_date alone by 90 days, and drops the default window for updated_*', () => {
    const fromStart = parseRequestsQuery({ start_date: '2025-01-01T00:00:00Z' }, NOW);
    expect(fromStart.requestedTo?.toISOString()).toBe('2025-04-01T00:00:00.000Z');
    const toEnd = parseRequestsQuery({ end_date: '2025-04-01T00:00:00Z' }, NOW);
    expect(toEnd.requestedFrom?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    const updated = parseRequestsQuery({ updated_after: '2020-01-01T00:00:00Z' }, NOW);
    expect(updated.requestedFrom).toBeUndefined();
    expect(updated.updatedAfter?.toISOString()).toBe('2020-01-01T00:00:00.000Z');
  });

  it('allows exactly 90 days between start_date and end_date, not more', () => {
    expect(() => parseRequestsQuery({ start_date: '2025-01-01T00:00:00Z', end_date: '2025-04-01T00:00:00Z' }, NOW)).not.toThrow();
    expect(problemsOf({ start_date: '2025-01-01T00:00:00Z', end_date: '2025-04-01T00:00:01Z' })).toEqual([
      'end_date: start_date and end_date may be at most 90 days apart',
    ]);
    expect(problemsOf({ start_date: '2025-02-01T00:00:00Z', end_date: '2025-01-01T00:00:00Z' })).toEqual(['end_date: end_date is before start_date']);
  });

  it('lets service_request_id override every other filter, but not paging', () => {
    const id = '0b8f5a1e-3c1d-4d8e-9a55-6f1f6f0f9f01';
    const filter = parseRequestsQuery({ service_request_id: `${id},${id}`, service_code: '171', status: 'open', page_size: '5' }, NOW);
    expect(filter).toEqual({ ids: [id], page: 1, pageSize: 5, extensions: false, locale: 'en' });
    expect(requestsWhere(filter)).toEqual({ sql: 'r.published_at IS NOT NULL AND r.id = ANY($1::uuid[])', params: [[id]] });
  });

  it('reads comma lists and repeated parameters alike', () => {
    expect(parseRequestsQuery({ service_code: '171, 246', status: ['open', 'closed'] }, NOW)).toMatchObject({
      serviceCodes: ['171', '246'],
      statuses: undefined,
    });
    expect(parseRequestsQuery({ status: 'closed' }, NOW).statuses).toEqual(['closed']);
  });

  it('reads extensions, locale, page and page_size (or per_page)', () => {
    expect(parseRequestsQuery({ extensions: 'true', locale: 'fi_FI', page: '3', per_page: '20' }, NOW)).toMatchObject({
      extensions: true,
      locale: 'fi',
      page: 3,
      pageSize: 20,
    });
  });

  it.each([
    [{ status: 'pending' }, 'status'],
    [{ service_request_id: '638344' }, 'service_request_id'],
    [{ start_date: '1.5.2025' }, 'start_date'],
    [{ updated_before: '2025-05-01T12:00:00' }, 'updated_before'],
    [{ lat: '60.17', long: '24.94' }, 'radius'],
    [{ lat: '91', long: '24.94', radius: '100' }, 'lat'],
    [{ lat: '60.17', long: 'east', radius: '100' }, 'long'],
    [{ lat: '60.17', long: '24.94', radius: '0' }, 'radius'],
    [{ bbox: '24.9,60.1,24.8,60.2' }, 'bbox'],
    [{ bbox: '24.9,60.1,25.0' }, 'bbox'],
    [{ extensions: 'yes' }, 'extensions'],
    [{ page: '0' }, 'page'],
    [{ page: '1.5' }, 'page'],
    [{ page_size: '501' }, 'page_size'],
    [{ updated_after: '2025-05-02T00:00:00Z', updated_before: '2025-05-01T00:00:00Z' }, 'updated_before'],
  ])('answers %j with a 400 naming %s', (query, name) => {
    expect(problemsOf(query as Record<string, string>).map((d) => d.split(':')[0])).toContain(name);
  });

  it('reports every bad parameter at once', () => {
    expect(problemsOf({ status: 'x', page_size: '900' }).map((d) => d.split(':')[0])).toEqual(['status', 'page_size']);
  });
});

describe('the public list query', () => {
  it('always keeps to published requests and parameterises every value', () => {
    const filter = parseRequestsQuery(
      {
        service_code: '171',
        status: 'open',
        start_date: '2025-05-01T00:00:00Z',
        end_date: '2025-05-31T00:00:00Z',
        updated_after: '2025-05-02T00:00:00Z',
        lat: '60.17',
        long: '24.94',
        radius: '500',
        bbox: '24.9,60.1,25.0,60.2',
      },
      NOW,
    );
    const { sql, params } = requestsWhere(filter);
    expect(sql.startsWith('r.published_at IS NOT NULL AND ')).toBe(true);
    expect(sql).toContain('NOT (r.status IN');
    expect(sql).not.toMatch(/60\.17|24\.94|171|2025/);
    expect(params).toContain(500);
    expect(params).toEqual(expect.arrayContaining([['171'], new Date('2025-05-01T00:00:00Z'), 60.17, 24.94]));
  });
});
