import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { BudgetingEvents, BudgetingHttp } from '@vaikuta/contracts';
import { Clock, outboxEvent, VersionedChange } from '@vaikuta/domain';
import { ValidationProblem } from '@vaikuta/http';
import { OutboxWriter } from '@vaikuta/messaging';
import { coordinatorActor } from '../rounds/round.service';
import { ProjectEntity } from './project.entity';
import { ProjectRepository } from './project.repository';
import { ProjectReader } from './project-reader.service';
import { firstWords } from './project-views';

/**
 * Coordinators report a project's progress: updates, milestones added and reached. Each is a
 * versioned change of the project — the row, its audit entry, the update or milestone row and
 * the event that tells the plan's voters and proposers commit together or not at all.
 */
@Injectable()
export class ProjectProgressService {
  private readonly changes: VersionedChange<ProjectEntity>;

  constructor(
    private readonly repository: ProjectRepository,
    private readonly reader: ProjectReader,
    outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {
    this.changes = new VersionedChange(repository.dataSource, outbox, {
      entity: ProjectEntity,
      audit: repository.auditLog,
      notFound: (id) => new NotFoundException(`No project ${id}`),
      clock,
    });
  }

  async publishUpdate(projectId: string, body: BudgetingHttp.ProjectUpdateRequest, user: AuthUser): Promise<BudgetingHttp.ProjectDetail> {
    // "Completed at 60 %" would be a contradiction on the public page.
    if (body.status === 'completed' && body.progress !== 100) throw ValidationProblem.field('progress', 'A completed project is at 100 %');
    const actor = coordinatorActor(user);
    await this.changes.apply({ id: projectId, expectedVersion: body.version, actor }, async (p, tx) => {
      const from = { status: p.status, progress: p.progress };
      const plan = (await this.repository.find(projectId, tx))!;
      p.status = body.status;
      p.progress = body.progress;
      const updateId = await this.repository.insertUpdate(tx, { projectId, status: body.status, progress: body.progress, text: body.text, at: this.clock.now(), by: actor.id });
      return {
        action: 'update_published',
        details: { updateId, from, to: { status: p.status, progress: p.progress } },
        events: (saved, at) => [
          outboxEvent(BudgetingEvents.projectProgressUpdated, {
            projectId,
            roundId: saved.roundId,
            title: firstWords(plan.title),
            titles: plan.title,
            progress: saved.status,
            percent: saved.progress,
            note: body.text.fi,
            texts: body.text,
            updatedAt: at,
          }),
        ],
      };
    });
    return this.reader.detail(projectId);
  }

  async addMilestone(projectId: string, body: BudgetingHttp.AddMilestoneRequest, user: AuthUser): Promise<BudgetingHttp.ProjectDetail> {
    await this.changes.apply({ id: projectId, expectedVersion: body.version, actor: coordinatorActor(user) }, async (_p, tx) => {
      const milestoneId = await this.repository.insertMilestone(tx, projectId, body.title, body.dueDate ?? null);
      return { action: 'milestone_added', details: { milestoneId, title: body.title, dueDate: body.dueDate ?? null } };
    });
    return this.reader.detail(projectId);
  }

  async markReached(projectId: string, milestoneId: string, body: BudgetingHttp.MilestoneReachedRequest, user: AuthUser): Promise<BudgetingHttp.ProjectDetail> {
    await this.changes.apply({ id: projectId, expectedVersion: body.version, actor: coordinatorActor(user) }, async (_p, tx) => {
      const milestone = await this.repository.milestone(tx, projectId, milestoneId);
      if (!milestone) throw new NotFoundException(`No milestone ${milestoneId} in project ${projectId}`);
      // Telling voters twice of one milestone would be noise; a correction is an update.
      if (milestone.reachedAt !== null) throw new ConflictException({ title: 'Milestone already reached', detail: `Milestone ${milestoneId} was reached on ${new Date(milestone.reachedAt).toISOString()}` });
      const plan = (await this.repository.find(projectId, tx))!;
      const reachedAt = this.clock.now();
      await this.repository.markReached(tx, milestoneId, reachedAt, body.note ?? null);
      return {
        action: 'milestone_reached',
        details: { milestoneId, note: body.note ?? null },
        events: (saved) => [
          outboxEvent(BudgetingEvents.milestoneReached, {
            projectId,
            roundId: saved.roundId,
            milestoneId,
            titles: plan.title,
            milestone: milestone.title,
            ...(body.note ? { note: body.note } : {}),
            reachedAt: reachedAt.toISOString(),
          }),
        ],
      };
    });
    return this.reader.detail(projectId);
  }
}
