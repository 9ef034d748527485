import { createHash } from 'node:crypto';
import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InitiativeEvents, InitiativesHttp } from '@vaikuta/contracts';
import { OutboxWriter } from '@vaikuta/messaging';
import { Clock } from '@vaikuta/domain';
import { InitiativeFilingService } from '../initiatives/initiative-filing.service';
import { InitiatorRecord, InitiativeRecord } from '../initiatives/initiative.record';
import { InitiativeRepository } from '../initiatives/initiative.repository';
import { initiativeEventRef } from '../initiatives/initiative-event-ref';
import { KuntalaisaloiteClient } from './kuntalaisaloite.client';
import { externalIdOf, KuntalaisaloiteDetail, KuntalaisaloiteListItem } from './kuntalaisaloite.schemas';
import { ImportRunRepository } from './import-run.repository';

type Outcome = 'created' | 'updated' | 'unchanged' | 'failed';
const SYSTEM = { id: 'kuntalaisaloite.fi', role: 'system' };

/** A kuntalaisaloite.fi date (yyyy-MM-dd) as the start of that day in Helsinki (noon UTC is always that day). */
const dayOf = (date: string) => new Date(`${date.slice(0, 10)}T10:00:00Z`);

/**
 * kuntalaisaloite.fi names no language. A text with several of Swedish's most common small
 * words, and none of Finnish's, is taken as Swedish; anything else as Finnish. Only the
 * stemming of the title and the fallback language depend on it.
 */
export function guessLanguage(text: string): 'fi' | 'sv' {
  const words = text.toLowerCase().split(/[^\p{L}]+/u);
  const sv = words.filter((w) => ['och', 'att', 'för', 'på', 'till', 'med', 'av', 'en', 'ett', 'som', 'det'].includes(w)).length;
  const fi = words.filter((w) => ['ja', 'on', 'että', 'kun', 'tai', 'ei', 'se', 'sekä'].includes(w)).length;
  return sv >= 2 && fi === 0 ? 'sv' : 'fi';
}

/**
 * Imports the city's initiatives from kuntalaisaloite.fi: upsert by the URL id, so a run is
 * idempotent; `sentTime` set means filed with the city; participant counts follow; one that
 * stops being public (403) is marked, never deleted. Each initiative commits on its own, so
 * one bad record fails alone.
 */
@Injectable()
export class KuntalaisaloiteImportService {
  private readonly logger = new Logger('KuntalaisaloiteImport');

  constructor(
    private readonly client: KuntalaisaloiteClient,
    private readonly repository: InitiativeRepository,
    private readonly filing: InitiativeFilingService,
    private readonly runs: ImportRunRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async run(trigger: 'schedule' | 'admin'): Promise<InitiativesHttp.ImportResult> {
    const counts = await this.runs.exclusively(async () => {
      const startedAt = this.clock.now();
      const result = { created: 0, updated: 0, unchanged: 0, failed: 0 };
      try {
        for await (const item of this.client.listAll()) result[await this.importOne(item)] += 1;
      } catch (error) {
        // The list itself broke off: what came so far stands, the rest waits for the next run.
        this.logger.warn(`kuntalaisaloite.fi list failed: ${(error as Error).message}`);
        result.failed += 1;
      }
      await this.runs.record({ trigger, startedAt, finishedAt: this.clock.now(), ...result });
      return result;
    });
    if (!counts) throw new ConflictException('An import is already running; try again when it has finished');
    return counts;
  }

  private async importOne(item: KuntalaisaloiteListItem): Promise<Outcome> {
    const externalId = externalIdOf(item.id);
    if (!externalId) return 'failed';
    try {
      const result = await this.client.detail(item.id);
      return await this.repository.transaction(async (m) => {
        const existing = await this.repository.lockBySource(m, 'kuntalaisaloite', externalId);
        if (result.kind === 'not_public') return existing ? this.hide(m, existing) : 'unchanged';
        return existing ? this.update(m, existing, result.detail, item) : this.create(m, externalId, result.detail, item);
      });
    } catch (error) {
      this.logger.warn(`kuntalaisaloite.fi initiative ${externalId} not imported: ${(error as Error).message}`);
      return 'failed';
    }
  }

  private async create(m: EntityManager, externalId: string, d: KuntalaisaloiteDetail, item: KuntalaisaloiteListItem): Promise<Outcome> {
    const facts = this.factsOf(d, item);
    await this.filing.create(
      m,
      {
        type: 'resident',
        language: facts.language,
        title: { [facts.language]: facts.name },
        body: facts.proposal,
        status: facts.sentTime ? 'filed' : 'collecting',
        filedAt: facts.sentTime ? dayOf(facts.sentTime) : null,
        sortAt: dayOf(facts.sentTime ?? facts.publishDate ?? this.clock.now().toISOString()),
        supportCount: facts.supportCount,
        createdBy: SYSTEM.id,
        source: { externalId, url: facts.url, fingerprint: facts.fingerprint, public: true },
      },
      this.initiatorsOf(d, facts.language),
    );
    return 'created';
  }

  private async update(m: EntityManager, r: InitiativeRecord, d: KuntalaisaloiteDetail, item: KuntalaisaloiteListItem): Promise<Outcome> {
    const facts = this.factsOf(d, item);
    if (r.sourceFingerprint === facts.fingerprint && r.public) return 'unchanged';
    const now = this.clock.now();
    r.title = { ...r.title, [r.language]: facts.name };
    r.body = facts.proposal;
    r.sourceUrl = facts.url;
    r.sourceFingerprint = facts.fingerprint;
    r.public = true;
    const sent = r.status === 'collecting' && facts.sentTime;
    if (sent) {
      r.status = 'filed';
      r.filedAt = dayOf(facts.sentTime!);
      r.sortAt = r.filedAt;
    }
    await this.filing.applySupportCount(m, r, facts.supportCount);
    r.version += 1;
    r.updatedAt = now;
    await this.repository.update(m, r);
    await this.repository.audit(m, r.id, SYSTEM, 'imported_update', { supportCount: facts.supportCount, sent: Boolean(sent) });
    if (sent) {
      await this.repository.addTimeline(m, r.id, { at: r.filedAt!, kind: 'filed', status: 'filed', note: null });
      await this.outbox.append(m, InitiativeEvents.statusChanged, { ...initiativeEventRef(r), from: 'collecting', to: 'filed', by: SYSTEM, changedAt: now.toISOString() });
      await this.filing.announceFiled(m, r, []);
    }
    return 'updated';
  }

  private async hide(m: EntityManager, r: InitiativeRecord): Promise<Outcome> {
    if (!r.public) return 'unchanged';
    const now = this.clock.now();
    r.public = false;
    r.version += 1;
    r.updatedAt = now;
    await this.repository.update(m, r);
    await this.repository.audit(m, r.id, SYSTEM, 'imported_not_public', {});
    await this.outbox.append(m, InitiativeEvents.unpublished, { ...initiativeEventRef(r), unpublishedAt: now.toISOString() });
    return 'updated';
  }

  private factsOf(d: KuntalaisaloiteDetail, item: KuntalaisaloiteListItem) {
    // The detail is the authority: a field it sends (even null) wins over the list's.
    const pick = <K extends 'name' | 'sentTime' | 'publishDate'>(key: K) => (d[key] !== undefined ? d[key] : item[key]) ?? null;
    const name = (pick('name') ?? '').trim() || '(nimetön aloite)';
    const proposal = (d.proposal ?? '').trim();
    const sentTime = pick('sentTime');
    const publishDate = pick('publishDate');
    const supportCount = d.participantCount?.total ?? item.participantCount ?? 0;
    const url = d.url?.fi ?? item.url?.fi ?? '';
    const authors = (d.authors?.publicAuthors ?? []).map((a) => a.name ?? '').filter(Boolean);
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([name, proposal, sentTime, publishDate, supportCount, url, authors, d.authors?.privateNames ?? 0]))
      .digest('base64url');
    return { name, proposal, sentTime, publishDate, supportCount, url, fingerprint, language: guessLanguage(`${name} ${proposal}`) };
  }

  /** Authors who made their name public there are named here too; the others are counted only. */
  private initiatorsOf(d: KuntalaisaloiteDetail, language: 'fi' | 'sv'): InitiatorRecord[] {
    const base = { email: null, language, userSub: null, enteredBy: SYSTEM.id } as const;
    const named = (d.authors?.publicAuthors ?? []).filter((a) => a.name).map((a) => ({ ...base, role: 'initiator' as const, name: a.name!, namePublic: true }));
    const unnamed = Array.from({ length: Math.min(d.authors?.privateNames ?? 0, 100) }, () => ({ ...base, role: 'initiator' as const, name: null, namePublic: false }));
    return [...named, ...unnamed];
  }
}
