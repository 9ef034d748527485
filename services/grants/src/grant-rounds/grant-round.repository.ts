import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { GrantsHttp } from '@vaikuta/contracts';
import { AuditLog } from '@vaikuta/domain';
import { GrantRoundEntity } from './grant-round.entity';

export interface RoundFilter {
  /** Rounds taking applications at some time of this calendar year (Europe/Helsinki). */
  year?: number;
  type?: GrantsHttp.GrantRoundType;
  /** Only those taking applications at this instant. */
  openAt?: Date;
}

// The first instant of a year in Helsinki, whatever the server's zone.
const yearStart = (param: string) => `make_timestamptz(${param}, 1, 1, 0, 0, 0, 'Europe/Helsinki')`;

/** Every query of `grant_rounds`, so services and controllers hold no SQL. */
@Injectable()
export class GrantRoundRepository {
  readonly auditLog = new AuditLog('grant_round_audit');

  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  async insert(m: EntityManager, round: GrantRoundEntity): Promise<void> {
    await m.insert(GrantRoundEntity, round);
  }

  async find(id: string, m: EntityManager = this.dataSource.manager): Promise<GrantRoundEntity | null> {
    return m.getRepository(GrantRoundEntity).findOneBy({ id });
  }

  /** Rounds of that Finnish title (the demo seed finds its own by it). */
  async withTitle(fi: string, m: EntityManager = this.dataSource.manager): Promise<GrantRoundEntity[]> {
    return m.getRepository(GrantRoundEntity).createQueryBuilder('r').where(`r.title->>'fi' = :fi`, { fi }).getMany();
  }

  /** Rounds by opening time (a city runs tens a year: no paging needed). */
  async list(filter: RoundFilter, m: EntityManager = this.dataSource.manager): Promise<GrantRoundEntity[]> {
    const q = m.getRepository(GrantRoundEntity).createQueryBuilder('r');
    if (filter.year !== undefined) {
      q.andWhere(`r.opens_at < ${yearStart(':nextYear')} AND (r.closes_at IS NULL OR r.closes_at >= ${yearStart(':year')})`, {
        year: filter.year,
        nextYear: filter.year + 1,
      });
    }
    if (filter.type) q.andWhere('r.type = :type', { type: filter.type });
    if (filter.openAt) q.andWhere('r.opens_at <= :at AND (r.closes_at IS NULL OR r.closes_at > :at)', { at: filter.openAt });
    return q.orderBy('r.opens_at').addOrderBy('r.id').getMany();
  }

  /**
   * The rounds the vuosikello of a year shows: open at some time of it, or with reports due
   * in it (last year's grants report this spring).
   */
  async ofCalendarYear(year: number, m: EntityManager = this.dataSource.manager): Promise<GrantRoundEntity[]> {
    return m
      .getRepository(GrantRoundEntity)
      .createQueryBuilder('r')
      .where(`r.opens_at < ${yearStart(':nextYear')} AND (r.closes_at IS NULL OR r.closes_at >= ${yearStart(':year')})`)
      .orWhere(`extract(year FROM r.report_due) = :year`)
      .setParameters({ year, nextYear: year + 1 })
      .orderBy('r.opens_at')
      .addOrderBy('r.id')
      .getMany();
  }
}
