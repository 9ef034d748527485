import { Injectable, NotFoundException } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import type { InitiativesHttp } from '@vaikuta/contracts';
import { Clock } from '@vaikuta/domain';
import { isOverdue } from '../domain/legal-clocks';
import { InitiativeListRepository, PublicListFilter } from './initiative-list.repository';
import { InitiativeRecord } from './initiative.record';
import { InitiativeRepository } from './initiative.repository';
import { DetailParts, detailOf, listItemOf, staffDetailOf } from './initiative-views';
import { assertCanPrepare } from './staff-scope';

export interface QueueQuery {
  department?: string;
  includeUnassigned?: boolean;
  status?: InitiativesHttp.InitiativeStatus;
  overdue?: boolean;
  limit: number;
  cursor?: string;
}

/** Reads initiatives for the public, for preparers and for the lists. */
@Injectable()
export class InitiativeReader {
  constructor(
    private readonly repository: InitiativeRepository,
    private readonly lists: InitiativeListRepository,
    private readonly clock: Clock,
  ) {}

  async publicList(filter: PublicListFilter): Promise<InitiativesHttp.InitiativeListPage> {
    const page = await this.lists.publicPage(filter);
    return { items: page.items.map(listItemOf), nextCursor: page.nextCursor };
  }

  /** Not public (kuntalaisaloite.fi hid it) is the same 404 as never there. */
  async publicDetail(id: string): Promise<InitiativesHttp.InitiativeDetail> {
    const record = await this.repository.find(id);
    if (!record || !record.public) throw new NotFoundException(`No initiative ${id}`);
    return detailOf(record, await this.parts(record), this.clock.now());
  }

  async staffDetail(id: string, user: AuthUser): Promise<InitiativesHttp.StaffInitiativeDetail> {
    const record = await this.repository.find(id);
    if (!record) throw new NotFoundException(`No initiative ${id}`);
    assertCanPrepare(user, record.departmentCode);
    return this.staffDetailOf(record);
  }

  async staffDetailOf(record: InitiativeRecord): Promise<InitiativesHttp.StaffInitiativeDetail> {
    return staffDetailOf(record, await this.parts(record), this.clock.now());
  }

  async queue(query: QueueQuery, user: AuthUser): Promise<InitiativesHttp.PreparerQueuePage> {
    const now = this.clock.now();
    const admin = user.roles.includes('admin');
    const page = await this.lists.queuePage({
      departments: admin ? undefined : user.departments,
      department: query.department,
      includeUnassigned: query.includeUnassigned,
      status: query.status,
      overdueAt: query.overdue ? now : undefined,
      limit: query.limit,
      cursor: query.cursor,
    });
    const open = await this.repository.openStatementCounts(page.items.map((r) => r.id));
    const items = page.items.map((r) => ({
      ...listItemOf(r),
      version: r.version,
      preparerId: r.preparerId,
      nextDueAt: r.nextDueAt ? new Date(r.nextDueAt).toISOString() : null,
      overdue: isOverdue(r.nextDueAt, now),
      openStatements: open.get(r.id) ?? 0,
    }));
    return { items, nextCursor: page.nextCursor };
  }

  private async parts(record: InitiativeRecord): Promise<DetailParts> {
    const [initiators, statements, timeline, combinedWith] = await Promise.all([
      this.repository.initiators(record.id),
      this.repository.statements(record.id),
      this.repository.timeline(record.id),
      this.repository.combinedWith(record.id),
    ]);
    return { initiators, statements, timeline, combinedWith };
  }
}
