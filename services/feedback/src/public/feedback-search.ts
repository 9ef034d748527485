import { SqlConditions } from '@vaikuta/domain';

/** The configurations reports are indexed with, by language (migration 1764600000110). */
const CONFIG_OF = { fi: 'finnish', sv: 'swedish', en: 'english' } as const;

/** Tracking codes as residents read them out: VKT-2026-001255. */
const TRACKING_CODE = /^[A-Z]{2,10}-\d{4}-\d{1,9}$/i;

/**
 * Adds a text search to a list's conditions. Each report is matched against the query as
 * processed in the report's own language — the same stemming its search_vector was built
 * with — one arm per language, so each arm can use the GIN index (feedback_search).
 * websearch_to_tsquery takes anything a person types (quotes, "or", -word) without a syntax
 * error. A tracking code finds its report too.
 */
export function addTextSearch(where: SqlConditions, alias: string, query: string): void {
  const q = where.param(query);
  const arms = Object.entries(CONFIG_OF).map(
    ([lang, config]) => `(${alias}.language = '${lang}' AND ${alias}.search_vector @@ websearch_to_tsquery('${config}', ${q}))`,
  );
  if (TRACKING_CODE.test(query)) arms.push(`${alias}.tracking_code = ${where.param(query.toUpperCase())}`);
  where.raw(`(${arms.join(' OR ')})`);
}
