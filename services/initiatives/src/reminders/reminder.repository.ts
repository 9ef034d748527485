import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface DueSoon {
  initiativeId: string;
  kind: 'statement' | 'council';
  dueAt: Date;
}

/** Deadlines near enough to remind of, and the reminders already sent. */
@Injectable()
export class ReminderRepository {
  /** Open statements and council deadlines of assigned, open initiatives due before `until`, not yet past `now`. */
  async dueSoon(m: EntityManager, now: Date, statementUntil: Date, councilUntil: Date): Promise<DueSoon[]> {
    const rows = await m.query(
      `SELECT i.id AS initiative_id, 'statement' AS kind, s.due_at
         FROM initiative_statements s JOIN initiatives i ON i.id = s.initiative_id
        WHERE s.answered_at IS NULL AND i.preparer_id IS NOT NULL AND s.due_at > $1 AND s.due_at <= $2
          AND i.status NOT IN ('closed', 'inadmissible', 'withdrawn', 'combined')
       UNION ALL
       SELECT i.id, 'council', (i.council_deadline + time '23:59:59') AT TIME ZONE 'Europe/Helsinki'
         FROM initiatives i
        WHERE i.council_deadline IS NOT NULL AND i.preparer_id IS NOT NULL
          AND i.status NOT IN ('decided', 'measures_taken', 'closed', 'inadmissible', 'withdrawn', 'combined')
          AND (i.council_deadline + time '23:59:59') AT TIME ZONE 'Europe/Helsinki' > $1
          AND (i.council_deadline + time '23:59:59') AT TIME ZONE 'Europe/Helsinki' <= $3`,
      [now, statementUntil, councilUntil],
    );
    return rows.map((r: Record<string, any>) => ({ initiativeId: r.initiative_id, kind: r.kind, dueAt: new Date(r.due_at) }));
  }

  /** True the first time for a deadline: every replica may sweep, one reminder goes out. */
  async claim(m: EntityManager, d: DueSoon): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO initiative_reminders (initiative_id, kind, due_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [d.initiativeId, d.kind, d.dueAt],
    );
    return rows.length > 0;
  }
}
