import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ValidationProblem } from '@vaikuta/http';
import type { Localized } from '../catalog/catalog.entities';
import type { CannedResponseInput, CannedResponseListQuery, CannedResponsePatch } from './canned-response.schemas';

export interface CannedResponse {
  id: string;
  categoryCode: string | null;
  departmentCode: string | null;
  title: Localized;
  body: Localized;
  active: boolean;
  updatedAt: string;
}

interface Row {
  id: string;
  category_code: string | null;
  department_code: string | null;
  title_fi: string;
  title_sv: string;
  title_en: string;
  body_fi: string;
  body_sv: string;
  body_en: string;
  active: boolean;
  updated_at: Date;
}

const COLUMNS = `id, category_code, department_code, title_fi, title_sv, title_en, body_fi, body_sv, body_en, active, updated_at`;
/** The API's field names and the columns they are stored in, for a PATCH of some of them. */
const PATCHABLE: Record<keyof CannedResponsePatch, string> = {
  titleFi: 'title_fi',
  titleSv: 'title_sv',
  titleEn: 'title_en',
  bodyFi: 'body_fi',
  bodySv: 'body_sv',
  bodyEn: 'body_en',
  active: 'active',
};

function fromRow(r: Row): CannedResponse {
  return {
    id: r.id,
    categoryCode: r.category_code,
    departmentCode: r.department_code,
    title: { fi: r.title_fi, sv: r.title_sv, en: r.title_en },
    body: { fi: r.body_fi, sv: r.body_sv, en: r.body_en },
    active: r.active,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Canned responses (valmisvastaukset) per category or department; see the migration for why three languages. */
@Injectable()
export class CannedResponsesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** All of them for admins, inactive ones too, narrowed by where they belong. */
  async list(query: CannedResponseListQuery): Promise<CannedResponse[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM canned_responses
        WHERE ($1::text IS NULL OR department_code = $1 OR category_code IN (SELECT code FROM categories WHERE department_code = $1))
          AND ($2::text IS NULL OR category_code = $2)
        ORDER BY coalesce(category_code, ''), department_code NULLS LAST, title_fi, id`,
      [query.department ?? null, query.category ?? null],
    );
    return rows.map(fromRow);
  }

  /**
   * What a case worker may choose from on a case: the active ones of its category, then those
   * of the department that now handles it (a forwarded case offers the new department's).
   */
  async forCase(categoryCode: string, departmentCode: string): Promise<CannedResponse[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM canned_responses
        WHERE active AND (category_code = $1 OR department_code = $2)
        ORDER BY category_code NULLS LAST, title_fi, id`,
      [categoryCode, departmentCode],
    );
    return rows.map(fromRow);
  }

  async get(id: string): Promise<CannedResponse> {
    const [row]: Row[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM canned_responses WHERE id = $1`, [id]);
    if (!row) throw new NotFoundException(`No canned response ${id}`);
    return fromRow(row);
  }

  async create(input: CannedResponseInput, by: string): Promise<CannedResponse> {
    // A clear 400 naming the field, rather than the foreign key's error.
    if (input.categoryCode && !(await this.exists('categories', input.categoryCode))) throw ValidationProblem.field('categoryCode', `Unknown category ${input.categoryCode}`);
    if (input.departmentCode && !(await this.exists('departments', input.departmentCode))) throw ValidationProblem.field('departmentCode', `Unknown department ${input.departmentCode}`);
    const [row]: Row[] = await this.dataSource.query(
      `INSERT INTO canned_responses (category_code, department_code, title_fi, title_sv, title_en, body_fi, body_sv, body_en, active, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [input.categoryCode ?? null, input.departmentCode ?? null, input.titleFi, input.titleSv, input.titleEn, input.bodyFi, input.bodySv, input.bodyEn, input.active, by],
    );
    return fromRow(row);
  }

  async update(id: string, patch: CannedResponsePatch, by: string): Promise<CannedResponse> {
    const fields = (Object.keys(patch) as (keyof CannedResponsePatch)[]).filter((f) => patch[f] !== undefined);
    if (!fields.length) return this.get(id);
    const assignments = fields.map((f, i) => `${PATCHABLE[f]} = $${i + 3}`);
    // TypeORM's query() answers an UPDATE … RETURNING with [rows, count].
    const [[updated]]: [Row[], number] = await this.dataSource.query(
      `UPDATE canned_responses SET ${assignments.join(', ')}, updated_by = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, by, ...fields.map((f) => patch[f])],
    );
    if (!updated) throw new NotFoundException(`No canned response ${id}`);
    return fromRow(updated);
  }

  private async exists(table: 'categories' | 'departments', code: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM ${table} WHERE code = $1`, [code]);
    return rows.length > 0;
  }
}
