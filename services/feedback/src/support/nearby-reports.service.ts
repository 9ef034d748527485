import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NearbyQuery } from './support.schemas';

/** How near and how recent an open report must be to be suggested. */
export const NEARBY_RADIUS_METRES = 150;
export const NEARBY_MAX_AGE_DAYS = 90;
const M_PER_DEG_LAT = 111_320;

export type NearbyReport =
  | { ref: string; published: true; trackingCode: string; title: string; status: string; category: string; distanceMetres: number; supporterCount: number }
  | { ref: string; published: false; status: string; distanceMetres: number };

/**
 * "Is it one of these?": open reports of the same category near a point. A published one is
 * shown as the public list shows it. An unpublished one is someone's private report: only
 * that a report of this category is being handled near here, and a reference to support it
 * with (its tracking code, which opens nothing before publication) — no text, no address,
 * no exact point (the distance is rounded to 10 m), no link.
 */
@Injectable()
export class NearbyReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async near(query: NearbyQuery): Promise<NearbyReport[]> {
    const dLat = NEARBY_RADIUS_METRES / M_PER_DEG_LAT;
    const dLon = NEARBY_RADIUS_METRES / (M_PER_DEG_LAT * Math.cos((query.lat * Math.PI) / 180));
    const nameColumn = `c.name_${query.lang}`;
    // A box first (the index narrows by category and age), then the distance on a local plane,
    // which is within a metre of the great circle over 150 m.
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT r.tracking_code, r.status, r.published_at IS NOT NULL AS published,
                CASE WHEN r.published_at IS NOT NULL THEN coalesce(r.title, left(r.description, 120)) END AS title,
                ${nameColumn} AS category_name,
                sqrt(((r.lat - $2) * ${M_PER_DEG_LAT}) ^ 2 + ((r.lon - $3) * ${M_PER_DEG_LAT} * cos(radians($2))) ^ 2) AS distance,
                (SELECT count(*)::int FROM feedback_supporters s WHERE s.request_id = r.id) AS supporters
           FROM feedback_requests r JOIN categories c ON c.code = r.category_code
          WHERE r.category_code = $1 AND r.status IN ('received', 'in_process') AND r.merged_into_id IS NULL AND r.lat IS NOT NULL
            AND r.submitted_at > now() - make_interval(days => ${NEARBY_MAX_AGE_DAYS})
            AND r.lat BETWEEN $2 - $4 AND $2 + $4 AND r.lon BETWEEN $3 - $5 AND $3 + $5
       ) near WHERE distance <= ${NEARBY_RADIUS_METRES}
       ORDER BY distance, tracking_code LIMIT 5`,
      [query.category, query.lat, query.lon, dLat, dLon],
    );
    return rows.map((r) => {
      const distanceMetres = Math.round(Number(r.distance) / 10) * 10;
      return r.published
        ? { ref: r.tracking_code, published: true, trackingCode: r.tracking_code, title: r.title, status: r.status, category: r.category_name, distanceMetres, supporterCount: r.supporters }
        : { ref: r.tracking_code, published: false, status: r.status, distanceMetres };
    });
  }
}
