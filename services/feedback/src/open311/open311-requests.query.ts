import { z } from 'zod';
import type { Language } from '../intake/feedback-request.entity';
import { fieldProblemsOf, Open311Error } from './open311-error';
import { Open311Params, open311Locale, paramOf } from './open311-params';

/**
 * Page numbers rather than the keyset paging our other lists use: page/page_size is what the
 * Open311 pagination extension and its clients speak. The 90-day window (or an id list) and
 * the page-size cap keep the OFFSET small; the feedback_published index serves the order.
 */
export const DEFAULT_PAGE_SIZE = 50;
/** The 6Aika reference server's ceiling; a bigger page is a 400, not a silent cut. */
export const MAX_PAGE_SIZE = 500;
/** The spec's longest start_date–end_date span, and the default window. */
export const MAX_RANGE_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_RADIUS_M = 100_000;
const MAX_CODES = 100;

export type Open311Status = 'open' | 'closed';

/** What GET requests asks for, checked and resolved (defaults applied, the 90-day window fixed). */
export interface RequestsFilter {
  /** When present, the only filter (the spec: service_request_id overrides all others). */
  ids?: string[];
  serviceCodes?: string[];
  statuses?: Open311Status[];
  requestedFrom?: Date;
  requestedTo?: Date;
  updatedAfter?: Date;
  updatedBefore?: Date;
  near?: { lat: number; lon: number; radius: number };
  bbox?: { left: number; bottom: number; right: number; top: number };
  page: number;
  pageSize: number;
  extensions: boolean;
  locale: Language;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

// The W3C profile of ISO 8601 the spec names: a date, or a date-time with a zone.
const W3C_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * A W3C date or date-time, or undefined when it is not one. A time needs its zone (the spec
 * requires one); a date alone is midnight UTC. A "+" of an offset that arrived unencoded in
 * a query string reads as a space; that common client slip is taken back rather than refused.
 */
export function parseW3cDateTime(text: string): Date | undefined {
  const match = W3C_DATETIME.exec(text.replace(/ (\d{2}:?\d{2})$/, '+$1'));
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = match;
  if (+mo < 1 || +mo > 12 || +d < 1 || +h > 23 || +mi > 59 || +s > 59) return undefined;
  // Date rolls 2024-02-31 over into March; a day that does not exist is not a date.
  if (new Date(Date.UTC(+y, +mo - 1, +d)).getUTCDate() !== +d) return undefined;
  const offset = zone === 'Z' || zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const millis = fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : '';
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${millis}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const dateParam = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return undefined;
    const date = parseW3cDateTime(value);
    if (!date) {
      ctx.addIssue({ code: 'custom', message: 'Give a W3C date-time with a zone, e.g. 2025-05-01T12:00:00Z or 2025-05-01T15:00:00+03:00' });
      return z.NEVER;
    }
    return date;
  });

const numberParam = (min: number, max: number, what: string, integer = false) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const n = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(value) ? Number(value) : Number.NaN;
      if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
        ctx.addIssue({ code: 'custom', message: `Give ${what} from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const listParam = <T extends string>(check: (item: string) => boolean, max: number, what: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const items = [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
      const bad = items.filter((item) => !check(item));
      if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `Not ${what}: ${bad.slice(0, 5).join(', ')}` });
        return z.NEVER;
      }
      if (items.length > max) {
        ctx.addIssue({ code: 'custom', message: `Give at most ${max} values` });
        return z.NEVER;
      }
      return items.length ? (items as T[]) : undefined;
    });

const bboxParam = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return undefined;
    const parts = value.split(',').map((s) => (/^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(s) ? Number(s) : Number.NaN));
    const [left, bottom, right, top] = parts;
    const valid =
      parts.length === 4 &&
      parts.every(Number.isFinite) &&
      left >= -180 && right <= 180 && bottom >= -90 && top <= 90 &&
      left < right && bottom < top;
    if (!valid) {
      ctx.addIssue({ code: 'custom', message: 'Give left,bottom,right,top in WGS84 degrees (longitude, latitude), left < right and bottom < top' });
      return z.NEVER;
    }
    return { left, bottom, right, top };
  });

const querySchema = z
  .object({
    service_request_id: listParam((s) => UUID.test(s), MAX_PAGE_SIZE, 'a service_request_id of this endpoint'),
    service_code: listParam((s) => s.length <= 64, MAX_CODES, 'a service_code'),
    status: listParam<Open311Status>((s) => s === 'open' || s === 'closed', 2, 'open or closed'),
    start_date: dateParam,
    end_date: dateParam,
    updated_after: dateParam,
    updated_before: dateParam,
    lat: numberParam(-90, 90, 'a latitude'),
    long: numberParam(-180, 180, 'a longitude'),
    radius: numberParam(1, MAX_RADIUS_M, 'a radius in metres'),
    bbox: bboxParam,
    extensions: z.enum(['true', 'false', 'all'], { error: 'Give true or false' }).optional(),
    page: numberParam(1, 1_000_000, 'a page number', true),
    page_size: numberParam(1, MAX_PAGE_SIZE, 'a page size', true),
    per_page: numberParam(1, MAX_PAGE_SIZE, 'a page size', true),
  })
  .superRefine((q, ctx) => {
    const near = { lat: q.lat, long: q.long, radius: q.radius };
    const given = Object.entries(near).filter(([, v]) => v !== undefined);
    if (given.length > 0 && given.length < 3) {
      for (const [name, value] of Object.entries(near)) {
        if (value === undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'lat, long and radius go together' });
      }
    }
    if (q.start_date && q.end_date) {
      if (q.end_date < q.start_date) {
        ctx.addIssue({ code: 'custom', path: ['end_date'], message: 'end_date is before start_date' });
      } else if (q.end_date.getTime() - q.start_date.getTime() > MAX_RANGE_DAYS * DAY_MS) {
        ctx.addIssue({ code: 'custom', path: ['end_date'], message: `start_date and end_date may be at most ${MAX_RANGE_DAYS} days apart` });
      }
    }
    if (q.updated_after && q.updated_before && q.updated_before < q.updated_after) {
      ctx.addIssue({ code: 'custom', path: ['updated_before'], message: 'updated_before is before updated_after' });
    }
  });

const PARAMS = Object.keys(querySchema.shape) as (keyof typeof querySchema.shape)[];

/**
 * Reads GET requests' parameters. Every invalid one is reported (400) by name. Resolves the
 * time window: start_date and end_date span at most 90 days; either alone extends 90 days
 * from it; with neither (and no updated_after/updated_before) the last 90 days.
 */
export function parseRequestsQuery(raw: Open311Params | undefined, now = new Date()): RequestsFilter {
  const input = Object.fromEntries(PARAMS.map((name) => [name, paramOf(raw, name)]));
  const parsed = querySchema.safeParse(input);
  if (!parsed.success) throw Open311Error.invalid(fieldProblemsOf(parsed.error.issues));
  const q = parsed.data;

  const common = {
    page: q.page ?? 1,
    pageSize: q.page_size ?? q.per_page ?? DEFAULT_PAGE_SIZE,
    extensions: q.extensions === 'true' || q.extensions === 'all',
    locale: open311Locale(paramOf(raw, 'locale')),
  };
  if (q.service_request_id) return { ...common, ids: q.service_request_id };

  const span = MAX_RANGE_DAYS * DAY_MS;
  let requestedFrom = q.start_date;
  let requestedTo = q.end_date;
  if (requestedFrom && !requestedTo) requestedTo = new Date(requestedFrom.getTime() + span);
  else if (requestedTo && !requestedFrom) requestedFrom = new Date(requestedTo.getTime() - span);
  else if (!requestedFrom && !requestedTo && !q.updated_after && !q.updated_before) requestedFrom = new Date(now.getTime() - span);

  return {
    ...common,
    serviceCodes: q.service_code,
    // Both statuses is no filter at all.
    statuses: q.status?.length === 1 ? q.status : undefined,
    requestedFrom,
    requestedTo,
    updatedAfter: q.updated_after,
    updatedBefore: q.updated_before,
    near: q.lat !== undefined && q.long !== undefined && q.radius !== undefined ? { lat: q.lat, lon: q.long, radius: q.radius } : undefined,
    bbox: q.bbox,
  };
}

/**
 * A request is closed for Open311 when resolved or rejected, and also when merged into
 * another (it is then followed through the original), whatever its own status says.
 */
export const CLOSED_SQL = `(r.status IN ('resolved', 'rejected') OR r.merged_into_id IS NOT NULL)`;

/** Mean Earth radius (IUGG) for the haversine distance: metres, accurate to ~0.5 % at city scale. */
const EARTH_RADIUS_M = 6371008.8;

/**
 * The WHERE clause of the public list, with its parameters. Only published requests are ever
 * listed (pre-moderation); the by-id look-up does not come through here. No PostGIS: the
 * radius filter is a haversine in SQL behind a bounding box that an index could serve.
 */
export function requestsWhere(filter: RequestsFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = ['r.published_at IS NOT NULL'];
  if (filter.ids) {
    where.push(`r.id = ANY(${p(filter.ids)}::uuid[])`);
    return { sql: where.join(' AND '), params };
  }
  if (filter.serviceCodes) where.push(`r.category_code = ANY(${p(filter.serviceCodes)}::text[])`);
  if (filter.statuses) where.push(filter.statuses[0] === 'closed' ? CLOSED_SQL : `NOT ${CLOSED_SQL}`);
  if (filter.requestedFrom) where.push(`r.submitted_at >= ${p(filter.requestedFrom)}`);
  if (filter.requestedTo) where.push(`r.submitted_at <= ${p(filter.requestedTo)}`);
  if (filter.updatedAfter) where.push(`r.updated_at >= ${p(filter.updatedAfter)}`);
  if (filter.updatedBefore) where.push(`r.updated_at <= ${p(filter.updatedBefore)}`);
  if (filter.near) {
    const { lat, lon, radius } = filter.near;
    const dLat = (radius / EARTH_RADIUS_M) * (180 / Math.PI);
    const dLon = dLat / Math.max(Math.cos((lat * Math.PI) / 180), 1e-6);
    const latP = p(lat);
    const lonP = p(lon);
    where.push(`r.lat BETWEEN ${p(lat - dLat)} AND ${p(lat + dLat)}`);
    where.push(`r.lon BETWEEN ${p(lon - dLon)} AND ${p(lon + dLon)}`);
    where.push(
      `${EARTH_RADIUS_M} * 2 * asin(least(1, sqrt(` +
        `power(sin(radians(r.lat - ${latP}::float8) / 2), 2) + ` +
        `cos(radians(${latP}::float8)) * cos(radians(r.lat)) * power(sin(radians(r.lon - ${lonP}::float8) / 2), 2)` +
        `))) <= ${p(radius)}`,
    );
  }
  if (filter.bbox) {
    const { left, bottom, right, top } = filter.bbox;
    where.push(`r.lon BETWEEN ${p(left)} AND ${p(right)}`, `r.lat BETWEEN ${p(bottom)} AND ${p(top)}`);
  }
  return { sql: where.join(' AND '), params };
}
