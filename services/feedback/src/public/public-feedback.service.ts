import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, keysetPage, SqlConditions } from '@vaikuta/domain';
import { FEEDBACK_CONFIG, FeedbackConfig } from '../feedback-config';
import { addTextSearch } from './feedback-search';
import { PublicListQuery, PublicMapQuery } from './public-feedback.schemas';

/** Points on the public map at most: the newest; filters narrow them down. */
export const MAP_POINTS = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Audit actions a resident may see on the timeline; the rest stay internal. */
const PUBLIC_TIMELINE = new Set(['submitted', 'claimed', 'status_changed', 'replied', 'forwarded', 'resolved', 'rejected', 'merged', 'reopened', 'published']);

function nameColumn(lang: string, alias: string): string {
  return `${alias}.name_${lang === 'sv' ? 'sv' : lang === 'en' ? 'en' : 'fi'}`;
}

/**
 * The public side: published requests with everything a resident may see and nothing
 * personal — no contact, no sender, no staff identities, no internal notes.
 */
@Injectable()
export class PublicFeedbackService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FEEDBACK_CONFIG) private readonly config: FeedbackConfig,
  ) {}

  /** Published requests matching the list's filters: the list and the map show the same ones. */
  private publishedMatching(query: PublicMapQuery): SqlConditions {
    const where = new SqlConditions().raw('r.published_at IS NOT NULL');
    if (query.kind) where.add('r.kind = ?', query.kind);
    if (query.category) where.add('r.category_code = ?', query.category);
    if (query.district) where.add('r.district_code = ?', query.district);
    if (query.status === 'open') where.raw(`r.status IN ('received', 'in_process')`);
    if (query.status === 'closed') where.raw(`r.status IN ('resolved', 'rejected')`);
    if (query.q) addTextSearch(where, 'r', query.q);
    return where;
  }

  async list(query: PublicListQuery) {
    const where = this.publishedMatching(query);
    if (query.cursor) where.after('r.submitted_at', 'r.id', decodeCursor(query.cursor), { descending: true });
    const limit = where.param(query.limit + 1);
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT r.id, r.tracking_code, r.kind, r.status, r.title, left(r.description, 200) AS excerpt, r.category_code,
              ${nameColumn(query.lang, 'c')} AS category_name, r.district_code, ${nameColumn(query.lang, 'd')} AS district_name,
              r.lat, r.lon, r.address, r.submitted_at, r.updated_at, ph.id AS photo_id
         FROM feedback_requests r
         JOIN categories c ON c.code = r.category_code
         LEFT JOIN districts d ON d.code = r.district_code
         LEFT JOIN LATERAL (
           SELECT p.id FROM feedback_photos p WHERE p.request_id = r.id AND p.display_key IS NOT NULL ORDER BY p.position LIMIT 1
         ) ph ON true
        WHERE ${where}
        ORDER BY r.submitted_at DESC, r.id DESC
        LIMIT ${limit}`,
      where.params,
    );
    return keysetPage(
      rows,
      query.limit,
      (last) => ({ at: new Date(last.submitted_at).toISOString(), id: last.id }),
      (r) => ({
        id: r.id,
        trackingCode: r.tracking_code,
        kind: r.kind,
        status: r.status,
        title: r.title,
        excerpt: r.excerpt,
        category: { code: r.category_code, name: r.category_name },
        district: r.district_code ? { code: r.district_code, name: r.district_name } : null,
        location: r.lat !== null ? { lat: Number(r.lat), lon: Number(r.lon) } : null,
        address: r.address,
        // The first photo, small: lists show a thumbnail, not a download.
        photo: r.photo_id ? { thumbnailUrl: this.photoUrl(r.photo_id, 'thumb') } : null,
        submittedAt: new Date(r.submitted_at).toISOString(),
        updatedAt: new Date(r.updated_at).toISOString(),
      }),
    );
  }

  /**
   * The map's points: the newest published requests that have a location and match the
   * list's filters, as GeoJSON ([lon, lat]). A location is public once its request is
   * (docs/adr/0003); the same fields as the list, nothing more. At most MAP_POINTS, with
   * `truncated` saying there were more, so one answer never grows with the city's history.
   */
  async map(query: PublicMapQuery) {
    const where = this.publishedMatching(query).raw('r.lat IS NOT NULL');
    const limit = where.param(MAP_POINTS + 1);
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT r.tracking_code, r.kind, r.status, r.title, r.category_code, ${nameColumn(query.lang, 'c')} AS category_name,
              r.lat, r.lon, r.submitted_at
         FROM feedback_requests r
         JOIN categories c ON c.code = r.category_code
        WHERE ${where}
        ORDER BY r.submitted_at DESC, r.id DESC
        LIMIT ${limit}`,
      where.params,
    );
    return {
      type: 'FeatureCollection' as const,
      truncated: rows.length > MAP_POINTS,
      features: rows.slice(0, MAP_POINTS).map((r) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [Number(r.lon), Number(r.lat)] },
        properties: {
          trackingCode: r.tracking_code,
          kind: r.kind,
          status: r.status,
          title: r.title,
          category: { code: r.category_code, name: r.category_name },
          submittedAt: new Date(r.submitted_at).toISOString(),
        },
      })),
    };
  }

  /**
   * One request by its id (the sender's tracking link, works before publication) or by
   * its tracking code (only once published: codes are sequential, so guessable).
   */
  async detail(idOrCode: string, lang: string) {
    const byId = UUID.test(idOrCode);
    const [r]: Record<string, any>[] = await this.dataSource.query(
      `SELECT r.*, ${nameColumn(lang, 'c')} AS category_name, ${nameColumn(lang, 'dep')} AS department_name,
              ${nameColumn(lang, 'd')} AS district_name, o.tracking_code AS merged_into_code,
              o.published_at IS NOT NULL AS merged_into_published
         FROM feedback_requests r
         JOIN categories c ON c.code = r.category_code
         JOIN departments dep ON dep.code = r.department_code
         LEFT JOIN districts d ON d.code = r.district_code
         LEFT JOIN feedback_requests o ON o.id = r.merged_into_id
        WHERE ${byId ? 'r.id = $1' : 'r.tracking_code = $1 AND r.published_at IS NOT NULL'}`,
      [byId ? idOrCode : idOrCode.toUpperCase()],
    );
    if (!r) throw new NotFoundException('No such feedback, or it is not public yet');
    const [replies, timeline, photos] = await Promise.all([
      this.dataSource.query(
        `SELECT body, created_at FROM feedback_messages WHERE request_id = $1 AND visibility = 'public' ORDER BY created_at`,
        [r.id],
      ),
      this.dataSource.query(`SELECT action, details, at FROM feedback_audit WHERE entity_id = $1 ORDER BY id`, [r.id]),
      r.published_at
        ? this.dataSource.query(
            // Only re-encoded photos: one stored before that is served to no one (stored-photo.ts).
            `SELECT id, width, height FROM feedback_photos WHERE request_id = $1 AND display_key IS NOT NULL ORDER BY position`,
            [r.id],
          )
        : Promise.resolve([]),
    ]);
    return {
      id: r.id,
      trackingCode: r.tracking_code,
      kind: r.kind,
      status: r.status,
      statusNote: r.status_note,
      published: r.published_at !== null,
      title: r.title,
      description: r.description,
      category: { code: r.category_code, name: r.category_name },
      department: { code: r.department_code, name: r.department_name },
      district: r.district_code ? { code: r.district_code, name: r.district_name } : null,
      location: r.lat !== null ? { lat: Number(r.lat), lon: Number(r.lon) } : null,
      address: r.address,
      // The original is another resident's report: its id is their private link, so it is
      // never given; its code leads to its public page, and only once that page exists.
      mergedInto: r.merged_into_code
        ? r.merged_into_published
          ? { published: true, trackingCode: r.merged_into_code }
          : { published: false }
        : null,
      submittedAt: new Date(r.submitted_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
      dueAt: new Date(r.due_at).toISOString(),
      replies: replies.map((m: { body: string; created_at: Date }) => ({ body: m.body, at: new Date(m.created_at).toISOString() })),
      timeline: timeline
        .filter((e: { action: string }) => PUBLIC_TIMELINE.has(e.action))
        .map((e: { action: string; details: Record<string, unknown>; at: Date }) => ({
          event: e.action,
          at: new Date(e.at).toISOString(),
          // Only non-personal details: department codes of a forward, the status reached.
          ...(e.action === 'forwarded' ? { from: e.details.from, to: e.details.to } : {}),
          ...(e.action === 'status_changed' ? { to: e.details.to } : {}),
        })),
      photos: photos.map((p: { id: string; width: number; height: number }) => ({
        url: this.photoUrl(p.id),
        thumbnailUrl: this.photoUrl(p.id, 'thumb'),
        width: p.width,
        height: p.height,
      })),
    };
  }

  /** The display size is the default, so `url` stays what Open311 clients were given. */
  private photoUrl(photoId: string, size?: 'thumb'): string {
    return `${this.config.publicUrl}/feedback/photos/${photoId}${size ? `?size=${size}` : ''}`;
  }
}
