import { Injectable, Logger } from '@nestjs/common';
import { sectionNumber } from '../initiatives/decision-section';
import { InitiativeCaseService } from '../initiatives/initiative-case.service';
import { InitiativeRepository } from '../initiatives/initiative.repository';
import { AhjoClient } from './ahjo.client';
import { AHJO_CASE_ID, AhjoDecision, decisionBodyOf, decisionText } from './ahjo.schemas';

const AHJO = { id: 'ahjo', role: 'system' };

/**
 * Turns Ahjo's change notifications into timeline entries: a decision on a linked case
 * becomes the initiative's decision (when it awaits one) or a timeline entry (when the
 * preparer has not brought it to a body here). A repeated notification changes nothing.
 */
@Injectable()
export class AhjoSyncService {
  private readonly logger = new Logger('AhjoSync');

  constructor(
    private readonly ahjo: AhjoClient,
    private readonly repository: InitiativeRepository,
    private readonly cases: InitiativeCaseService,
  ) {}

  /** Answers how many initiatives the notification changed. */
  async handle(updatetype: string, id: string): Promise<number> {
    if (/^removed$/i.test(updatetype)) return 0;
    if (AHJO_CASE_ID.test(id)) {
      const found = await this.ahjo.case(id);
      const decisionIds = (found?.Records ?? []).filter((r) => /päätös/i.test(r.Type ?? '') && r.NativeId).map((r) => r.NativeId!);
      let changed = 0;
      for (const nativeId of decisionIds) changed += await this.applyDecision(nativeId);
      return changed;
    }
    return this.applyDecision(id);
  }

  private async applyDecision(nativeId: string): Promise<number> {
    const decision = await this.ahjo.decision(nativeId);
    if (!decision?.CaseID) return 0;
    const initiatives = await this.repository.findByAhjoCase(decision.CaseID.replace(' ', '-'));
    let changed = 0;
    const facts = this.factsOf(decision);
    const note = `${facts.body}${facts.section ? ` § ${facts.section}` : ''} ${facts.decidedAt} (Ahjo ${decision.NativeId}): ${facts.text}`.slice(0, 2000);
    for (const initiative of initiatives) {
      // Ahjo repeats notifications (Added, then Updated): a decision already taken in is skipped.
      if (initiative.decision?.ahjoDecisionId === decision.NativeId) continue;
      if (await this.repository.hasTimelineEntry(this.repository.dataSource.manager, initiative.id, 'ahjo_decision', note)) continue;
      await this.cases.change(
        initiative.id,
        null,
        null,
        async (r, m) => {
          if (r.status === 'proposed') return this.cases.decisionStep(r, m, facts, AHJO);
          return { action: 'ahjo_decision', details: { ahjoDecisionId: decision.NativeId }, timeline: { kind: 'ahjo_decision', note } };
        },
        { actor: AHJO },
      );
      changed += 1;
    }
    if (!initiatives.length) this.logger.log(`Ahjo decision ${nativeId} is on case ${decision.CaseID}, linked to no initiative`);
    return changed;
  }

  private factsOf(d: AhjoDecision) {
    const decidedAt = (d.DateDecision ?? '').slice(0, 10);
    return {
      body: decisionBodyOf(d.Organization),
      decidedAt: /^\d{4}-\d{2}-\d{2}$/.test(decidedAt) ? decidedAt : new Date().toISOString().slice(0, 10),
      // Ahjo may write the section as "§ 45"; the timeline and emails add the "§" themselves.
      section: d.Section !== null && d.Section !== undefined ? sectionNumber(String(d.Section)) || undefined : undefined,
      text: decisionText(d.Content ?? '') || (d.Title ?? 'Päätös'),
      ahjoCaseId: d.CaseID?.replace(' ', '-') ?? undefined,
      ahjoDecisionId: d.NativeId,
    };
  }
}
