import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BudgetingHttp } from '@vaikuta/contracts';

/** One budgeting round (a row of `rounds`); its phases and districts are rows of their own tables. */
@Entity('rounds')
export class Round {
  @PrimaryColumn('uuid') id: string;
  @Column('jsonb') title: BudgetingHttp.BudgetingText;
  @Column({ type: 'jsonb', nullable: true }) description: BudgetingHttp.BudgetingText | null;
  @Column({ name: 'voting_year', type: 'integer' }) votingYear: number;
  @Column('text') rule: BudgetingHttp.ResultRule;
  @Column({ name: 'ballot_rule', type: 'jsonb' }) ballotRule: BudgetingHttp.BallotRule;
  @Column('jsonb') eligibility: BudgetingHttp.EligibilityRules;
  @Column({ name: 'minimum_votes', type: 'integer' }) minimumVotes: number;
  @Column({ name: 'reconciliation_policy', type: 'text' }) reconciliationPolicy: BudgetingHttp.ReconciliationPolicy;
  @Column({ name: 'results_published_at', type: 'timestamptz', nullable: true }) resultsPublishedAt: Date | null;
  @Column('integer') version: number;
  @Column({ name: 'created_by', type: 'text' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
