import { Injectable, NotFoundException } from '@nestjs/common';
import type { BudgetingHttp } from '@vaikuta/contracts';
import { RoundService } from '../rounds/round.service';
import { ProjectRepository } from './project.repository';
import { milestoneViewOf, projectSummaryOf } from './project-views';

/** What anyone reads of projects: the round's list and one project's page. */
@Injectable()
export class ProjectReader {
  constructor(
    private readonly repository: ProjectRepository,
    private readonly rounds: RoundService,
  ) {}

  async list(roundId: string): Promise<BudgetingHttp.ProjectList> {
    await this.rounds.record(roundId); // 404 for an unknown round, not an empty list
    const projects = await this.repository.listByRound(roundId);
    const milestones = await this.repository.milestones(projects.map((p) => p.id));
    return { items: projects.map((p) => projectSummaryOf(p, milestones.get(p.id) ?? [])) };
  }

  async detail(id: string): Promise<BudgetingHttp.ProjectDetail> {
    const p = await this.repository.find(id);
    if (!p) throw new NotFoundException(`No project ${id}`);
    const milestones = (await this.repository.milestones([id])).get(id) ?? [];
    const [updates, proposals] = await Promise.all([this.repository.updates(id), this.repository.proposalsOf(id)]);
    return {
      ...projectSummaryOf(p, milestones),
      plan: { id: p.id, title: p.title, description: p.description, cost: p.cost === null ? null : Number(p.cost), districtCode: p.districtCode },
      proposals,
      milestones: milestones.map(milestoneViewOf),
      updates: updates.map((u) => ({ id: u.id, status: u.status, progress: u.progress, text: u.text, publishedAt: new Date(u.publishedAt).toISOString() })),
    };
  }
}
