import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BudgetingHttp } from '@vaikuta/contracts';
import { euros } from '../proposals/proposal.entity';

/** A plan on (or on its way to) the ballot: a row of `plans`; its proposals point at it by `plan_id`. */
@Entity('plans')
export class PlanEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'round_id', type: 'uuid' }) roundId: string;
  @Column({ name: 'district_code', type: 'text' }) districtCode: string;
  @Column('jsonb') title: BudgetingHttp.BudgetingText;
  @Column('jsonb') description: BudgetingHttp.BudgetingText;
  @Column({ type: 'bigint', nullable: true, transformer: euros }) cost: number | null;
  @Column({ type: 'jsonb', nullable: true }) location: BudgetingHttp.FinnishLocation | null;
  @Column({ name: 'incompatible_group', type: 'text', nullable: true }) incompatibleGroup: string | null;
  @Column('text') status: BudgetingHttp.PlanStatus;
  @Column('integer') version: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
