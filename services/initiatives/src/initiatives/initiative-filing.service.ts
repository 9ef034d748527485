import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '@vaikuta/auth';
import { InitiativeEvents, InitiativesHttp } from '@vaikuta/contracts';
import { OutboxWriter } from '@vaikuta/messaging';
import { ValidationProblem } from '@vaikuta/http';
import { z } from 'zod';
import { Clock } from '@vaikuta/domain';
import { isTerminal } from '../domain/initiative-status';
import { deadlineFor, nearestDue } from '../domain/legal-clocks';
import { INITIATIVES_CONFIG, InitiativesConfig } from '../initiatives-config';
import { InitiatorRecord, InitiativeRecord } from './initiative.record';
import { InitiativeRepository } from './initiative.repository';
import { initiativeEventRef } from './initiative-event-ref';
import { InitiativeReader } from './initiative-reader.service';
import { staffActor } from './staff-scope';

type FileRequest = z.infer<typeof InitiativesHttp.fileInitiativeRequest>;
type PaperRequest = z.infer<typeof InitiativesHttp.paperInitiativeRequest>;

/** A new initiative's facts, whoever files it (a resident, staff, the import). */
export interface NewInitiative {
  type: InitiativesHttp.InitiativeType;
  advocacyBody?: InitiativesHttp.AdvocacyBody | null;
  language: 'fi' | 'sv' | 'en';
  title: InitiativesHttp.LocalizedText;
  body: string;
  status: 'filed' | 'collecting';
  filedAt: Date | null;
  sortAt: Date;
  supportCount: number;
  createdBy: string | null;
  source?: { externalId: string; url: string; fingerprint: string; public: boolean };
}

/** Filing: by a resident online, by staff for a person on paper, and supporting one. */
@Injectable()
export class InitiativeFilingService {
  constructor(
    private readonly repository: InitiativeRepository,
    private readonly outbox: OutboxWriter,
    private readonly reader: InitiativeReader,
    private readonly clock: Clock,
    @Inject(INITIATIVES_CONFIG) private readonly config: InitiativesConfig,
  ) {}

  /**
   * `requestId` (IdempotentRequestId) is the same for every retry of one keyed request and
   * becomes the initiative's id: a retry whose first answer never reached Redis (docs/adr/0007)
   * finds the initiative instead of filing it, and announcing it, a second time.
   */
  async fileByResident(input: FileRequest, user: AuthUser, requestId?: string): Promise<InitiativesHttp.InitiativeDetail> {
    if (input.type !== 'resident') {
      throw ValidationProblem.field('type', 'Council-member and advocacy-body initiatives are entered by the registry (staff)');
    }
    const now = this.clock.now();
    const id = requestId ?? randomUUID();
    await this.repository.transaction(async (m) => {
      const record = await this.createWithId(m, id, { ...this.newOf(input, now), createdBy: user.sub }, [
        { role: 'initiator', name: input.initiatorName, namePublic: input.namePublic, email: input.email ?? null, language: input.language, userSub: user.sub, enteredBy: null },
      ]);
      if (record) await this.repository.audit(m, record.id, { id: user.sub, role: 'resident' }, 'filed', { channel: 'web' });
    });
    return this.reader.publicDetail(id);
  }

  /** Staff enter an initiative that came on paper (or by a council member or body) for its initiators. */
  async fileOnPaper(input: PaperRequest, user: AuthUser): Promise<InitiativesHttp.StaffInitiativeDetail> {
    if (input.type === 'advocacy_body' && !input.advocacyBody) throw ValidationProblem.field('advocacyBody', 'Name the advocacy body');
    if (input.type !== 'advocacy_body' && input.advocacyBody) throw ValidationProblem.field('advocacyBody', 'Only an advocacy-body initiative has a body');
    const filedAt = input.filedAt ? new Date(input.filedAt) : this.clock.now();
    if (filedAt.getTime() > this.clock.now().getTime()) throw ValidationProblem.field('filedAt', 'The filing date cannot be in the future');
    const firstRole = input.type === 'council_member' ? 'first_signer' : input.type === 'advocacy_body' ? 'body' : 'initiator';
    const initiators: InitiatorRecord[] = [
      { role: firstRole, name: input.initiatorName, namePublic: input.namePublic, email: input.email ?? null, language: input.language, userSub: null, enteredBy: user.sub },
      // Council members sign in a public role; anyone else who co-signed on paper is a private
      // person whose name was never offered for publication.
      ...input.coSigners.map((name) => ({ role: 'co_signer' as const, name, namePublic: input.type === 'council_member', email: null, language: input.language, userSub: null, enteredBy: user.sub })),
    ];
    const record = await this.repository.transaction(async (m) => {
      const r = await this.create(
        m,
        { ...this.newOf(input, filedAt), supportCount: Math.max(input.supportCount, initiators.length), createdBy: user.sub },
        initiators,
      );
      await this.repository.audit(m, r.id, staffActor(user), 'filed_on_paper', { coSigners: input.coSigners.length });
      return r;
    });
    return this.reader.staffDetailOf(record);
  }

  async support(id: string, user: AuthUser): Promise<{ supportCount: number; councilDeadline: string | null }> {
    return this.repository.transaction(async (m) => {
      const r = await this.repository.lock(m, id);
      if (!r || !r.public) throw new NotFoundException(`No initiative ${id}`);
      if (r.sourceSystem) throw new ConflictException('This initiative collects its supports on kuntalaisaloite.fi');
      if (isTerminal(r.status) || ['decided', 'measures_taken'].includes(r.status)) throw new ConflictException(`The initiative is ${r.status.replace(/_/g, ' ')}`);
      // Filing counted the initiator as the first support: their own support changes nothing.
      if (await this.repository.isOnlineInitiator(m, r.id, user.sub)) return { supportCount: r.supportCount, councilDeadline: r.councilDeadline };
      if (await this.repository.addSupport(m, r.id, user.sub)) {
        await this.applySupportCount(m, r, r.supportCount + 1);
        await this.repository.update(m, r);
      }
      return { supportCount: r.supportCount, councilDeadline: r.councilDeadline };
    });
  }

  /**
   * Sets the count, and the council deadline once the count reaches 2 % of the residents
   * entitled to vote (an event tells the preparer's queue and the initiators).
   */
  async applySupportCount(m: EntityManager, r: InitiativeRecord, count: number): Promise<void> {
    r.supportCount = count;
    const deadline = deadlineFor(r.councilDeadline, count, this.config.city.eligibleVoters, r.filedAt);
    if (deadline && deadline !== r.councilDeadline) {
      r.councilDeadline = deadline;
      if (!isTerminal(r.status)) r.nextDueAt = nearestDue([r.nextDueAt, deadline]);
      await this.repository.addTimeline(m, r.id, { at: this.clock.now(), kind: 'council_deadline', status: null, note: deadline });
      await this.outbox.append(m, InitiativeEvents.councilDeadlineSet, {
        ...initiativeEventRef(r),
        supportCount: count,
        councilDeadline: new Date(`${deadline}T12:00:00Z`).toISOString(),
      });
    }
  }

  /** Inserts a new initiative with its initiators, timeline entry and `filed` event. */
  async create(m: EntityManager, n: NewInitiative, initiators: InitiatorRecord[]): Promise<InitiativeRecord> {
    return (await this.createWithId(m, randomUUID(), n, initiators))!;
  }

  /** As create, under a given id; null, with nothing written, when an initiative with that id exists. */
  private async createWithId(m: EntityManager, id: string, n: NewInitiative, initiators: InitiatorRecord[]): Promise<InitiativeRecord | null> {
    const now = this.clock.now();
    const record: InitiativeRecord = {
      id,
      caseId: null,
      type: n.type,
      advocacyBody: n.advocacyBody ?? null,
      language: n.language,
      title: n.title,
      body: n.body,
      status: n.status,
      version: 1,
      supportCount: 0,
      filedAt: n.filedAt,
      sortAt: n.sortAt,
      councilDeadline: null,
      nextDueAt: null,
      departmentCode: null,
      preparerId: null,
      proposedTo: null,
      proposal: null,
      decision: null,
      measures: null,
      measuresAt: null,
      closingReason: null,
      combinedInto: null,
      ahjoCaseId: null,
      sourceSystem: n.source ? 'kuntalaisaloite' : null,
      externalId: n.source?.externalId ?? null,
      sourceUrl: n.source?.url ?? null,
      sourceFingerprint: n.source?.fingerprint ?? null,
      public: n.source?.public ?? true,
      createdBy: n.createdBy,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.repository.insert(m, record))) return null;
    await this.repository.addInitiators(m, record.id, initiators);
    await this.repository.addTimeline(m, record.id, { at: n.filedAt ?? n.sortAt, kind: n.status, status: n.status, note: null });
    await this.applySupportCount(m, record, n.supportCount);
    await this.repository.update(m, record);
    if (n.status === 'filed') await this.announceFiled(m, record, initiators);
    return record;
  }

  /** The `filed` event: the initiators who gave an email are told (and subscribed) by notifications. */
  async announceFiled(m: EntityManager, record: InitiativeRecord, initiators: InitiatorRecord[]): Promise<void> {
    const contacts = initiators.filter((p) => p.email).map((p) => ({ email: p.email!, language: p.language }));
    await this.outbox.append(m, InitiativeEvents.filed, {
      ...initiativeEventRef(record),
      initiativeType: record.type,
      filedAt: (record.filedAt ?? record.sortAt).toISOString(),
      supportCount: record.supportCount,
      ...(contacts.length ? { contacts } : {}),
      public: record.public,
    });
  }

  private newOf(input: FileRequest, filedAt: Date): NewInitiative {
    return {
      type: input.type,
      advocacyBody: input.advocacyBody ?? null,
      language: input.language,
      title: { [input.language]: input.title },
      body: input.body,
      status: 'filed',
      filedAt,
      sortAt: filedAt,
      supportCount: 1,
      createdBy: null,
    };
  }
}
