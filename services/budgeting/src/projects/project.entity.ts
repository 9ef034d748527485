import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BudgetingHttp } from '@vaikuta/contracts';

/**
 * A winning plan being built: a row of `projects`, whose id is the plan's (results
 * publication inserts it, status planned). Updates and milestones hang off it; each change
 * bumps its version, so two coordinators cannot publish over each other unseen.
 */
@Entity('projects')
export class ProjectEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'round_id', type: 'uuid' }) roundId: string;
  @Column('text') status: BudgetingHttp.ProjectStatus;
  @Column('smallint') progress: number;
  @Column('integer') version: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
