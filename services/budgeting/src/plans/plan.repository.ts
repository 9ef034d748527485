import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { BudgetingHttp } from '@vaikuta/contracts';
import { AuditLog } from '@vaikuta/domain';
import { PlanEntity } from './plan.entity';

/** Every query of `plans`; the proposals' side of a plan is ProposalRepository's. */
@Injectable()
export class PlanRepository {
  /** plan_audit (libs/domain's shared shape), written in the change's transaction. */
  readonly auditLog = new AuditLog('plan_audit');

  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  async insert(m: EntityManager, plan: PlanEntity): Promise<void> {
    await m.insert(PlanEntity, plan);
  }

  /** A round's plans in the order a ballot lists them: by district, then oldest first. */
  list(roundId: string, f: { district?: string; statuses: readonly BudgetingHttp.PlanStatus[] }): Promise<PlanEntity[]> {
    return this.dataSource.getRepository(PlanEntity).find({
      where: { roundId, status: In([...f.statuses]), ...(f.district ? { districtCode: f.district } : {}) },
      order: { districtCode: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
  }
}
