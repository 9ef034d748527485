import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { GrantEvents, GrantsHttp } from '@vaikuta/contracts';
import { AuditActor, Clock, VersionedChange } from '@vaikuta/domain';
import { ValidationProblem } from '@vaikuta/http';
import { OutboxWriter } from '@vaikuta/messaging';
import { GRANTS_CONFIG, GrantsConfig } from '../grants-config';
import { GrantRoundEntity } from './grant-round.entity';
import { GrantRoundRepository } from './grant-round.repository';
import { grantRoundProblems } from './grant-round-rules';
import { grantRoundDetailOf, grantRoundSummaryOf } from './grant-round-views';
import { vuosikelloEntries } from './vuosikello';
import { vuosikelloFeed } from './vuosikello-feed';
import type { FeedLanguage } from './vuosikello-words';

function officerOf(user: AuthUser): AuditActor {
  return { id: user.sub, role: user.roles.includes('admin') ? 'admin' : 'grants_officer' };
}

/** The description fields of a request as the row holds them. */
function rowFields(body: GrantsHttp.CreateGrantRoundRequest): Partial<GrantRoundEntity> {
  return {
    type: body.type,
    title: body.title,
    description: body.description ?? null,
    department: body.department,
    budgetCents: String(body.budgetCents),
    continuous: body.continuous,
    opensAt: new Date(body.opensAt),
    closesAt: body.closesAt ? new Date(body.closesAt) : null,
    reportDue: body.reportDue ?? null,
    criteria: body.criteria,
    requiredAttachments: body.requiredAttachments,
    formFields: body.formFields,
  };
}

/** Grant rounds: announced and amended by grants officers, read by anyone; and the year's calendar of them. */
@Injectable()
export class GrantRoundService {
  private readonly changes: VersionedChange<GrantRoundEntity>;

  constructor(
    private readonly repository: GrantRoundRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    @Inject(GRANTS_CONFIG) private readonly config: GrantsConfig,
  ) {
    this.changes = new VersionedChange(repository.dataSource, outbox, {
      entity: GrantRoundEntity,
      audit: repository.auditLog,
      notFound: (id) => new NotFoundException(`No grant round ${id}`),
      clock,
    });
  }

  async list(query: GrantsHttp.RoundListQuery): Promise<GrantsHttp.GrantRoundList> {
    const now = this.clock.now();
    const rounds = await this.repository.list({ year: query.year, type: query.type, openAt: query.open === 'true' ? now : undefined });
    // "open=false" asks for the ones not taking applications now.
    const items = rounds.map((r) => grantRoundSummaryOf(r, now)).filter((r) => query.open !== 'false' || !r.openNow);
    return { items };
  }

  async detail(id: string): Promise<GrantsHttp.GrantRoundDetail> {
    return grantRoundDetailOf(await this.round(id), this.clock.now());
  }

  /** The round, or 404. Applications read rounds (form fields, criteria, the window) through this. */
  async round(id: string): Promise<GrantRoundEntity> {
    const round = await this.repository.find(id);
    if (!round) throw new NotFoundException(`No grant round ${id}`);
    return round;
  }

  async create(body: GrantsHttp.CreateGrantRoundRequest, user: AuthUser): Promise<GrantsHttp.GrantRoundDetail> {
    assertRound(body);
    const now = this.clock.now();
    const round = Object.assign(new GrantRoundEntity(), {
      id: randomUUID(),
      ...rowFields(body),
      version: 1,
      createdBy: user.sub,
      createdAt: now,
      updatedAt: now,
    });
    await this.repository.dataSource.transaction(async (m) => {
      await this.repository.insert(m, round);
      await this.repository.auditLog.write(m, { entityId: round.id, version: 1, action: 'created', actor: officerOf(user) });
      await this.outbox.append(m, GrantEvents.grantRoundCreated, {
        roundId: round.id,
        type: round.type,
        department: round.department,
        opensAt: round.opensAt.toISOString(),
        closesAt: round.closesAt?.toISOString() ?? null,
        at: now.toISOString(),
      });
    });
    return grantRoundDetailOf(round, now);
  }

  /** An officer rewrites the round's description with the version they saw; the audit keeps the dates it replaced. */
  async update(id: string, body: GrantsHttp.UpdateGrantRoundRequest, user: AuthUser): Promise<GrantsHttp.GrantRoundDetail> {
    assertRound(body);
    const saved = await this.changes.apply({ id, expectedVersion: body.version, actor: officerOf(user) }, async (round) => {
      const from = { opensAt: round.opensAt.toISOString(), closesAt: round.closesAt?.toISOString() ?? null, reportDue: round.reportDue, budgetCents: Number(round.budgetCents) };
      Object.assign(round, rowFields(body));
      return { action: 'updated', details: { from, to: { opensAt: body.opensAt, closesAt: body.closesAt ?? null, reportDue: body.reportDue ?? null, budgetCents: body.budgetCents } } };
    });
    return grantRoundDetailOf(saved, this.clock.now());
  }

  async calendar(year: number): Promise<GrantsHttp.GrantsCalendar> {
    const now = this.clock.now();
    const rounds = await this.repository.ofCalendarYear(year);
    return { year, entries: vuosikelloEntries(rounds, year), rounds: rounds.map((r) => grantRoundSummaryOf(r, now)) };
  }

  async calendarFeed(year: number, lang: FeedLanguage): Promise<string> {
    const entries = vuosikelloEntries(await this.repository.ofCalendarYear(year), year);
    return vuosikelloFeed(year, entries, { lang, portalUrl: this.config.portalUrl, now: this.clock.now() });
  }
}

function assertRound(body: GrantsHttp.CreateGrantRoundRequest): void {
  const problems = grantRoundProblems(body);
  if (problems.length) throw new ValidationProblem(problems);
}
