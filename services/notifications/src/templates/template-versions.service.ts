import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LANGUAGES, templateNames } from '../rules/notification-rules';
import { TemplateRenderer, TemplateSource } from './template-renderer';

/** How soon a version saved through one process is used by the others (delivery workers). */
export const TEMPLATE_REFRESH_MS = 5_000;

export interface TemplateVersion {
  version: number;
  /** True for a version that went back to the built-in template. */
  builtin: boolean;
  createdBy: string;
  createdAt: string;
}

/**
 * Admins' versions of the message templates. Every save adds a version; the newest one of a
 * template in a language is handed to the renderer, which uses it instead of the built-in
 * file (and the file again after a "back to built-in" version). Every process polls one
 * cheap statement, so a save reaches the delivery workers within TEMPLATE_REFRESH_MS.
 */
@Injectable()
export class TemplateVersionService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TemplateVersionService.name);
  private timer?: NodeJS.Timeout;
  private seen?: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly renderer: TemplateRenderer,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh().catch((e) => this.logger.warn(`template versions not loaded: ${(e as Error).message}`));
    this.timer = setInterval(() => void this.refresh().catch((e) => this.logger.warn(`template versions: ${(e as Error).message}`)), TEMPLATE_REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Loads the current versions when anything changed since the last look. */
  async refresh(): Promise<void> {
    const [{ stamp }] = await this.dataSource.query(`SELECT count(*) || '/' || coalesce(max(created_at)::text, '') AS stamp FROM template_versions`);
    if (stamp === this.seen) return;
    const rows: { template: string; language: string; subject: string | null; txt: string | null; html: string | null }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (template, language) template, language, subject, txt, html
         FROM template_versions ORDER BY template, language, version DESC`,
    );
    const current = new Map(rows.map((r) => [`${r.template}|${r.language}`, r]));
    for (const template of templateNames()) {
      for (const language of LANGUAGES) {
        const row = current.get(`${template}|${language}`);
        if (!this.renderer.has(template, language)) continue;
        this.renderer.setOverride(template, language, row?.subject != null ? { subject: row.subject, text: row.txt!, html: row.html! } : undefined);
      }
    }
    this.seen = stamp;
  }

  /** The current version number of each edited template and language. */
  async currentVersions(): Promise<Map<string, TemplateVersion>> {
    const rows = await this.dataSource.query(
      `SELECT DISTINCT ON (template, language) template, language, version, subject IS NULL AS builtin, created_by AS "createdBy", created_at AS "createdAt"
         FROM template_versions ORDER BY template, language, version DESC`,
    );
    return new Map(rows.map((r: TemplateVersion & { template: string; language: string }) => [`${r.template}|${r.language}`, versionOf(r)]));
  }

  /** Every version of a template in a language, newest first. */
  async history(template: string, language: string): Promise<TemplateVersion[]> {
    const rows = await this.dataSource.query(
      `SELECT version, subject IS NULL AS builtin, created_by AS "createdBy", created_at AS "createdAt"
         FROM template_versions WHERE template = $1 AND language = $2 ORDER BY version DESC LIMIT 200`,
      [template, language],
    );
    return rows.map(versionOf);
  }

  /** The source of a version (undefined parts: it went back to the built-in). */
  async source(template: string, language: string, version: number): Promise<{ source?: TemplateSource } | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT subject, txt, html FROM template_versions WHERE template = $1 AND language = $2 AND version = $3`,
      [template, language, version],
    );
    if (!row) return undefined;
    return { source: row.subject === null ? undefined : { subject: row.subject, text: row.txt, html: row.html } };
  }

  /**
   * Saves a new version (`undefined`: back to the built-in) and uses it at once in this
   * process. Two admins saving at once both get a version: the number is taken under a lock.
   */
  async save(template: string, language: string, source: TemplateSource | undefined, by: string): Promise<number> {
    const version = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('template_versions:' || $1 || '|' || $2))`, [template, language]);
      const [row] = await manager.query(
        `INSERT INTO template_versions (template, language, version, subject, txt, html, created_by)
         SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6 FROM template_versions WHERE template = $1 AND language = $2
         RETURNING version`,
        [template, language, source?.subject ?? null, source?.text ?? null, source?.html ?? null, by],
      );
      return row.version as number;
    });
    await this.refresh();
    return version;
  }
}

function versionOf(r: TemplateVersion): TemplateVersion {
  return { version: r.version, builtin: r.builtin, createdBy: r.createdBy, createdAt: new Date(r.createdAt).toISOString() };
}
