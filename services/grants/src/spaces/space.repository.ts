import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { PremisesHttp } from '@vaikuta/contracts';
import { AuditLog, decodeCursor, keysetPage, KeysetPage, SortKey, SqlConditions } from '@vaikuta/domain';
import { Space } from './space.entity';

/** The name the list sorts by: Finnish, or another language when a space has no Finnish name. */
const SORT_NAME = `coalesce(s.name->>'fi', s.name->>'sv', s.name->>'en')`;

/** Every query of `spaces`. */
@Injectable()
export class SpaceRepository {
  readonly auditLog = new AuditLog('space_audit');

  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  async insert(m: EntityManager, space: Space): Promise<void> {
    await m.insert(Space, space);
  }

  find(id: string, m: EntityManager = this.dataSource.manager): Promise<Space | null> {
    return m.getRepository(Space).findOneBy({ id });
  }

  /** The space of that Finnish name, if any (the demo seed finds its own spaces by it). */
  findByFinnishName(name: string): Promise<Space | null> {
    return this.dataSource.getRepository(Space).createQueryBuilder('s').where(`s.name->>'fi' = :name`, { name }).getOne();
  }

  /** A page of spaces by name, narrowed by capacity, accessibility features (all of them) and unit. */
  async list(query: PremisesHttp.SpaceListQuery): Promise<KeysetPage<Space>> {
    const where = new SqlConditions();
    if (query.capacity !== undefined) where.add('s.capacity >= ?', query.capacity);
    if (query.accessibility?.length) where.add('s.accessibility_features @> ?::text[]', query.accessibility);
    if (query.unit !== undefined) where.add('s.unit = ?', query.unit);
    if (query.cursor) where.after(SORT_NAME, 's.id', decodeCursor(query.cursor, SortKey.text(2000)), { sortType: 'text' });
    const limit = where.param(query.limit + 1);
    const rows: { id: string; sort_name: string }[] = await this.dataSource.query(
      `SELECT s.id, ${SORT_NAME} AS sort_name FROM spaces s WHERE ${where} ORDER BY ${SORT_NAME}, s.id LIMIT ${limit}`,
      where.params,
    );
    const spaces = new Map((await this.dataSource.getRepository(Space).findBy({ id: In(rows.map((r) => r.id)) })).map((s) => [s.id, s]));
    return keysetPage(
      rows,
      query.limit,
      (r) => ({ at: r.sort_name, id: r.id }),
      (r) => spaces.get(r.id)!,
    );
  }
}
