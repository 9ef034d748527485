import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, assertDepartment } from '@vaikuta/auth';

/** How long a recorded sign-in stands before the same person is written again. */
const REFRESH_MS = 10 * 60_000;
const MAX_REMEMBERED = 10_000;

export interface StaffMember {
  id: string;
  name: string;
  role: 'case_worker' | 'admin';
  departments: string[];
}

/**
 * Who works here, learnt from their own requests: each staff request records its caller's
 * name and departments as the token carries them. Written only when something changed or
 * the last write is older than REFRESH_MS, so a busy case worker costs one upsert per ten
 * minutes, not one per page.
 */
@Injectable()
export class StaffDirectory {
  private readonly logger = new Logger(StaffDirectory.name);
  private readonly recorded = new Map<string, { fingerprint: string; at: number }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(user: AuthUser): Promise<void> {
    const role = user.roles.includes('admin') ? 'admin' : user.roles.includes('case_worker') ? 'case_worker' : undefined;
    if (!role) return;
    const departments = [...user.departments].sort();
    const name = (user.name ?? '').trim().slice(0, 200);
    const fingerprint = JSON.stringify([name, role, departments]);
    const last = this.recorded.get(user.sub);
    if (last && last.fingerprint === fingerprint && Date.now() - last.at < REFRESH_MS) return;
    try {
      await this.dataSource.query(
        `INSERT INTO staff_members (sub, name, role, departments, last_seen_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (sub) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, departments = EXCLUDED.departments, last_seen_at = now()`,
        [user.sub, name, role, departments],
      );
      if (this.recorded.size >= MAX_REMEMBERED) this.recorded.delete(this.recorded.keys().next().value as string);
      this.recorded.set(user.sub, { fingerprint, at: Date.now() });
    } catch (error) {
      // The directory is a convenience: a failed write must not fail the case worker's request.
      this.logger.warn(`could not record a staff sign-in: ${(error as Error).message}`);
    }
  }

  /**
   * The colleagues of a department (its case workers and the admins), or — without one —
   * everyone who shares a department with the caller (admins: everyone).
   */
  async list(user: AuthUser, department?: string): Promise<StaffMember[]> {
    if (department) assertDepartment(user, department);
    const isAdmin = user.roles.includes('admin');
    const rows: { sub: string; name: string; role: StaffMember['role']; departments: string[] }[] = department
      ? await this.dataSource.query(
          `SELECT sub, name, role, departments FROM staff_members WHERE $1 = ANY (departments) OR role = 'admin' ORDER BY lower(name), sub LIMIT 500`,
          [department],
        )
      : isAdmin
        ? await this.dataSource.query(`SELECT sub, name, role, departments FROM staff_members ORDER BY lower(name), sub LIMIT 500`)
        : await this.dataSource.query(`SELECT sub, name, role, departments FROM staff_members WHERE departments && $1 ORDER BY lower(name), sub LIMIT 500`, [
            [...user.departments],
          ]);
    return rows.map((r) => ({ id: r.sub, name: r.name, role: r.role, departments: r.departments }));
  }

  /** Names of the given people, for a case's history (unknown ids are left out). */
  async names(ids: string[]): Promise<Record<string, { name: string; role: StaffMember['role'] }>> {
    const unique = [...new Set(ids.filter(Boolean))];
    if (unique.length === 0) return {};
    const rows: { sub: string; name: string; role: StaffMember['role'] }[] = await this.dataSource.query(
      `SELECT sub, name, role FROM staff_members WHERE sub = ANY ($1::text[])`,
      [unique],
    );
    return Object.fromEntries(rows.map((r) => [r.sub, { name: r.name, role: r.role }]));
  }
}
