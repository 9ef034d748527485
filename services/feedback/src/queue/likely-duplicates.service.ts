import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, canActForDepartment } from '@vaikuta/auth';
import { FeedbackRequest } from '../intake/feedback-request.entity';

/** How near and how close in time another open report must be to look like the same thing. */
export const DUPLICATE_RADIUS_METRES = 200;
export const DUPLICATE_WINDOW_DAYS = 30;
const M_PER_DEG_LAT = 111_320;

export interface LikelyDuplicate {
  id: string;
  trackingCode: string;
  title: string | null;
  excerpt: string;
  status: string;
  submittedAt: string;
  /** Rounded to 10 m; null when matched by district (no point on one of them). */
  distanceMetres: number | null;
}

/**
 * Reports that look like the same thing as a case: same category, open and not merged,
 * sent within DUPLICATE_WINDOW_DAYS of it, and near it — within DUPLICATE_RADIUS_METRES when
 * both have a point, else in the same district. Only cases the caller may act on (a merge
 * target must be in their scope), so a case worker never learns of another department's.
 */
@Injectable()
export class LikelyDuplicates {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(request: FeedbackRequest, user: AuthUser): Promise<LikelyDuplicate[]> {
    if (request.mergedIntoId || request.status === 'resolved' || request.status === 'rejected') return [];
    const hasPoint = request.lat !== null && request.lon !== null;
    if (!hasPoint && !request.districtCode) return [];
    const lat = Number(request.lat);
    const distance = hasPoint ? `sqrt(((r.lat - $4) * ${M_PER_DEG_LAT}) ^ 2 + ((r.lon - $5) * ${M_PER_DEG_LAT} * cos(radians($4))) ^ 2)` : 'NULL::float';
    const near = hasPoint
      ? `r.lat IS NOT NULL AND ${distance} <= ${DUPLICATE_RADIUS_METRES}`
      : `r.district_code = $4`;
    const params: unknown[] = [request.id, request.categoryCode, request.submittedAt];
    if (hasPoint) params.push(lat, Number(request.lon));
    else params.push(request.districtCode);
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT r.id, r.tracking_code, r.title, left(r.description, 160) AS excerpt, r.status, r.submitted_at, r.department_code, ${distance} AS distance
         FROM feedback_requests r
        WHERE r.id <> $1 AND r.category_code = $2 AND r.status IN ('received', 'in_process') AND r.merged_into_id IS NULL
          AND r.submitted_at BETWEEN $3::timestamptz - make_interval(days => ${DUPLICATE_WINDOW_DAYS}) AND $3::timestamptz + make_interval(days => ${DUPLICATE_WINDOW_DAYS})
          AND ${near}
        ORDER BY distance NULLS LAST, r.submitted_at
        LIMIT 20`,
      params,
    );
    return rows
      .filter((r) => canActForDepartment(user, r.department_code))
      .slice(0, 5)
      .map((r) => ({
        id: r.id,
        trackingCode: r.tracking_code,
        title: r.title,
        excerpt: r.excerpt,
        status: r.status,
        submittedAt: new Date(r.submitted_at).toISOString(),
        distanceMetres: r.distance === null ? null : Math.round(Number(r.distance) / 10) * 10,
      }));
  }
}
