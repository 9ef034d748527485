import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { polygonToRing } from './district-boundaries';

function nameColumn(lang: string): string {
  return `name_${lang === 'sv' ? 'sv' : lang === 'en' ? 'en' : 'fi'}`;
}

/** Districts by place: which one a point is in, and their outlines for the maps. */
@Injectable()
export class DistrictLocator {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The district whose outline holds the point. Outlines should not overlap; where they do
   * (a city drawing its boundaries roughly), the smaller one wins, as the more specific.
   */
  async districtAt(lat: number, lon: number, lang = 'fi', manager: EntityManager = this.dataSource.manager): Promise<{ code: string; name: string } | undefined> {
    const [row]: { code: string; name: string }[] = await manager.query(
      `SELECT code, ${nameColumn(lang)} AS name FROM districts
        WHERE boundary @> point($1, $2)
        ORDER BY area(box(boundary)), code LIMIT 1`,
      [lon, lat],
    );
    return row;
  }

  /** Every outlined district as a GeoJSON FeatureCollection (RFC 7946: [lon, lat]). */
  async outlines(lang: string) {
    const rows: { code: string; name: string; boundary: string }[] = await this.dataSource.query(
      `SELECT code, ${nameColumn(lang)} AS name, boundary::text AS boundary FROM districts WHERE boundary IS NOT NULL ORDER BY code`,
    );
    return {
      type: 'FeatureCollection' as const,
      features: rows.map((r) => ({
        type: 'Feature' as const,
        id: r.code,
        properties: { code: r.code, name: r.name },
        geometry: { type: 'Polygon' as const, coordinates: [polygonToRing(r.boundary)] },
      })),
    };
  }
}
