import { GrantsHttp } from '@vaikuta/contracts';
import type { FieldProblem } from '../clients/service-problem';
import { fromHelsinkiLocal, helsinkiLocal } from '../budgeting/budgeting-coordination.controller';
import { centsOf, typedEuros } from './grants-officer-view';

// The round form as plain HTML sends it: flat field names that mirror the API's paths
// (`title.fi`, `criteria.2.weight`), so a problem the service names (`criteria.2.weight`)
// lands on the input with the same path. Rows come as many as were posted; "add another"
// buttons post the form back with one more empty row, and a row left empty is dropped.

export const ROW_LISTS = ['criteria', 'requiredAttachments', 'formFields'] as const;
export type RowList = (typeof ROW_LISTS)[number];

type Posted = Record<string, unknown>;
const LANGS = ['fi', 'sv', 'en'] as const;

export interface RowValues {
  i: number;
  key: string;
  fi: string;
  sv: string;
  en: string;
  weight?: string;
  kind?: string;
  required?: boolean;
  /** One choice a line, `value = label`. */
  choices?: string;
}

/** What the form shows: the typed text, never a parsed value, so a refused form comes back as it was typed. */
export interface RoundFormValues {
  type: string;
  department: string;
  budget: string;
  title: Record<(typeof LANGS)[number], string>;
  description: Record<(typeof LANGS)[number], string>;
  continuous: boolean;
  opensAt: string;
  closesAt: string;
  reportDue: string;
  criteria: RowValues[];
  requiredAttachments: RowValues[];
  formFields: RowValues[];
}

const text = (body: Posted, name: string) => {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
};
const texts = (body: Posted, prefix: string) => Object.fromEntries(LANGS.map((l) => [l, text(body, `${prefix}.${l}`)])) as Record<(typeof LANGS)[number], string>;

/** The posted rows of one list, in their numbers' order, the empty ones left out. */
function postedRows(body: Posted, list: RowList, keepEmpty: boolean): RowValues[] {
  const numbers = new Set<number>();
  for (const name of Object.keys(body)) {
    const m = new RegExp(`^${list}\\.(\\d{1,2})\\.`).exec(name);
    if (m) numbers.add(Number(m[1]));
  }
  return [...numbers]
    .sort((a, b) => a - b)
    .map((n) => {
      const at = (field: string) => text(body, `${list}.${n}.${field}`);
      return { i: n, key: at('key'), ...texts(body, `${list}.${n}.label`), weight: at('weight'), kind: at('kind'), required: at('required') === 'on', choices: at('choices') };
    })
    .filter((r) => keepEmpty || r.key || r.fi || r.sv || r.en || r.weight || r.choices)
    .map((r, i) => ({ ...r, i }));
}

/** The posted form; `keepEmpty` while it is still being filled in (an "add another" press), so a row just added stays. */
export function postedRound(body: Posted, keepEmpty = false): RoundFormValues {
  return {
    type: text(body, 'type'),
    department: text(body, 'department').toUpperCase(),
    budget: text(body, 'budget'),
    title: texts(body, 'title'),
    description: texts(body, 'description'),
    continuous: text(body, 'continuous') === 'on',
    opensAt: text(body, 'opensAt'),
    closesAt: text(body, 'closesAt'),
    reportDue: text(body, 'reportDue'),
    criteria: postedRows(body, 'criteria', keepEmpty),
    requiredAttachments: postedRows(body, 'requiredAttachments', keepEmpty),
    formFields: postedRows(body, 'formFields', keepEmpty),
  };
}

const label = (r: { fi: string; sv: string; en: string }) => ({ fi: r.fi, ...(r.sv ? { sv: r.sv } : {}), ...(r.en ? { en: r.en } : {}) });
const optional = (t: Record<string, string>) => (t.fi || t.sv || t.en ? label(t as never) : undefined);

/** `value = label` lines → the field's choices (the label in every language the officer gave it: fi | sv | en). */
function choicesOf(lines: string | undefined) {
  const rows = String(lines ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (!rows.length) return undefined;
  return rows.map((line) => {
    const [value, rest = ''] = line.split('=', 2).map((s) => s.trim());
    const [fi, sv, en] = rest.split('|').map((s) => s.trim());
    return { value, label: label({ fi: fi || value, sv: sv ?? '', en: en ?? '' }) };
  });
}

/**
 * The request the typed form makes, and the problems only the portal can see (a euro amount
 * or a time it cannot read), by the API's field path.
 */
export function roundRequest(values: RoundFormValues): { request: Record<string, unknown>; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const budgetCents = centsOf(values.budget);
  if (budgetCents === undefined || Number.isNaN(budgetCents)) problems.push({ field: 'budgetCents', message: 'euros' });
  const opensAt = fromHelsinkiLocal(values.opensAt);
  if (!opensAt) problems.push({ field: 'opensAt', message: 'time' });
  const closesAt = values.closesAt ? fromHelsinkiLocal(values.closesAt) : null;
  if (values.closesAt && !closesAt) problems.push({ field: 'closesAt', message: 'time' });
  const request = {
    type: values.type,
    title: label(values.title),
    description: optional(values.description),
    department: values.department,
    budgetCents,
    continuous: values.continuous,
    opensAt,
    closesAt,
    reportDue: values.reportDue || null,
    criteria: values.criteria.map((r) => ({ key: r.key, label: label(r), weight: /^\d{1,3}$/.test(r.weight ?? '') ? Number(r.weight) : Number.NaN })),
    requiredAttachments: values.requiredAttachments.map((r) => ({ key: r.key, label: label(r) })),
    formFields: values.formFields.map((r) => ({ key: r.key, label: label(r), kind: r.kind, required: Boolean(r.required), choices: choicesOf(r.choices) })),
  };
  return { request, problems };
}

const emptyRow = (i: number, list: RowList): RowValues => ({ i, key: '', fi: '', sv: '', en: '', ...(list === 'criteria' ? { weight: '' } : {}), ...(list === 'formFields' ? { kind: 'text', required: false, choices: '' } : {}) });

/** The form with one more empty row in `list` (the "add another" buttons). */
export function withEmptyRow(values: RoundFormValues, list: RowList): RoundFormValues {
  return { ...values, [list]: [...values[list], emptyRow(values[list].length, list)] };
}

/** A new round's form: a row of each list to start from. */
export function newRoundForm(): RoundFormValues {
  return {
    type: 'project',
    department: '',
    budget: '',
    title: { fi: '', sv: '', en: '' },
    description: { fi: '', sv: '', en: '' },
    continuous: false,
    opensAt: '',
    closesAt: '',
    reportDue: '',
    criteria: [emptyRow(0, 'criteria')],
    requiredAttachments: [emptyRow(0, 'requiredAttachments')],
    formFields: [emptyRow(0, 'formFields')],
  };
}

const all = (t: { fi: string; sv?: string; en?: string } | null | undefined) => ({ fi: t?.fi ?? '', sv: t?.sv ?? '', en: t?.en ?? '' });

/** A round as its edit form shows it. */
export function roundForm(round: GrantsHttp.GrantRoundDetail): RoundFormValues {
  return {
    type: round.type,
    department: round.department,
    budget: typedEuros(round.budgetCents),
    title: all(round.title),
    description: all(round.description),
    continuous: round.continuous,
    opensAt: helsinkiLocal(round.opensAt),
    closesAt: helsinkiLocal(round.closesAt),
    reportDue: round.reportDue ?? '',
    criteria: round.criteria.map((c, i) => ({ i, key: c.key, ...all(c.label), weight: String(c.weight) })),
    requiredAttachments: round.requiredAttachments.map((a, i) => ({ i, key: a.key, ...all(a.label) })),
    formFields: round.formFields.map((f, i) => ({
      i,
      key: f.key,
      ...all(f.label),
      kind: f.kind,
      required: f.required,
      // An English label without a Swedish one keeps the empty Swedish place: `v = fi |  | en`.
      choices: (f.choices ?? []).map((c) => [`${c.value} = ${c.label.fi}`, c.label.sv ?? '', c.label.en ?? ''].join(' | ').replace(/( \| )+$/, '')).join('\n'),
    })),
  };
}

/** The input a problem of the API's `field` path belongs to (its id in the form). */
export function inputOf(field: string): string {
  const path = field.split('.');
  if (field === 'budgetCents') return 'budget';
  if ((path[0] === 'title' || path[0] === 'description') && path.length === 1) return `${path[0]}-fi`;
  if ((ROW_LISTS as readonly string[]).includes(path[0]) && path.length > 2) {
    if (path[2] === 'label') return `${path[0]}-${path[1]}-label-${path[3] ?? 'fi'}`;
    if (path[2] === 'choices') return `${path[0]}-${path[1]}-choices`;
    return `${path[0]}-${path[1]}-${path[2]}`;
  }
  return path.join('-');
}

/** The message (a key under `gro.err.`) of a problem of the API's `field` path. */
export function messageOf(field: string): string {
  const path = field.split('.').filter((p) => !/^\d+$/.test(p));
  if (field === 'budgetCents') return 'budget';
  if (field === 'criteria') return 'weights';
  if (['type', 'department', 'opensAt', 'closesAt', 'reportDue', 'title', 'description'].includes(path[0])) return path[0];
  const last = path.includes('choices') ? 'choices' : path.includes('label') ? 'label' : path[path.length - 1];
  return ['key', 'weight', 'kind', 'choices', 'label'].includes(last) ? last : 'invalid';
}
