// Pabulib (.pb) files, the common format of participatory-budgeting data (pabulib.org/format):
// three sections, META, PROJECTS and VOTES, each a title line, a header line of column names and
// data lines, fields separated by ';' and quoted CSV-style ("a;b", "say ""hi""") where needed.
// Unquoted fields are trimmed (the format's own example writes "key; value").
//
// We read what our results rules can count — vote_type `approval` and `choose-1` (an approval of
// one) — and refuse anything else with a PabulibFormatError naming the line. We write our own
// districts' anonymised ballots in the same format, and the writer's output always parses back.
//
// Two additions of ours, which other readers skip as unknown (the format allows extra META keys
// and PROJECTS columns): META `min_votes`, the vote floor below which no project is funded, and
// the PROJECTS column `incompatible_group` (at most one project of a group wins). The analysis
// applies both when a file has them, so our own exports analyse to the rounds' results.
import { equalSharesResult } from '../results/equal-shares';
import { greedyResult } from '../results/greedy';
import type { ResultRule } from '../results/election';

export const SUPPORTED_VOTE_TYPES = ['approval', 'choose-1'] as const;

/**
 * A file we cannot read. `line` is 1-based; 0 means the file as a whole (too large, empty).
 * The service answers it with a 4xx problem naming the line.
 */
export class PabulibFormatError extends Error {
  override readonly name = 'PabulibFormatError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(line > 0 ? `line ${line}: ${message}` : message);
  }
  /** The message without the "line n:" prefix, for a problem's detail next to its line field. */
  get reason(): string {
    return this.line > 0 ? this.message.replace(/^line \d+: /, '') : this.message;
  }
}

/** Every column of a project as read (strings), except cost, which is whole euros. */
export interface PabulibProject {
  project_id: string;
  cost: number;
  [column: string]: string | number;
}

/** Every column of a vote as read (strings), except vote, the approved project ids. */
export interface PabulibVote {
  voter_id: string;
  vote: string[];
  [column: string]: string | string[];
}

export interface PabulibFile {
  meta: Record<string, string>;
  projects: PabulibProject[];
  votes: PabulibVote[];
}

export interface PabulibReadOptions {
  /** Files larger than this many bytes (UTF-8) are refused before parsing. */
  maxBytes?: number;
}

type Field = { value: string; quoted: boolean };
type CsvRecord = { line: number; fields: Field[] };

/** Splits the text into records, CSV-style with ';', keeping each record's first line number. */
function records(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  const length = text.length;
  let i = 0;
  let line = 1;
  while (i < length) {
    const recordLine = line;
    const fields: Field[] = [];
    for (;;) {
      while (text[i] === ' ' || text[i] === '\t') i++;
      if (text[i] === '"') {
        const quoteLine = line;
        let value = '';
        i++;
        for (;;) {
          if (i >= length) throw new PabulibFormatError(quoteLine, 'a quoted field is never closed');
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        while (text[i] === ' ' || text[i] === '\t') i++;
        if (i < length && text[i] !== ';' && text[i] !== '\n' && text[i] !== '\r') throw new PabulibFormatError(line, 'unexpected text after a closing quote');
        fields.push({ value, quoted: true });
      } else {
        let end = i;
        while (end < length && text[end] !== ';' && text[end] !== '\n' && text[end] !== '\r') end++;
        const value = text.slice(i, end).trim();
        if (value.includes('"')) throw new PabulibFormatError(line, 'a quote inside an unquoted field (quote the whole field and double the quote)');
        fields.push({ value, quoted: false });
        i = end;
      }
      if (text[i] === ';') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    out.push({ line: recordLine, fields });
  }
  return out;
}

const SECTIONS = ['META', 'PROJECTS', 'VOTES'] as const;
type SectionName = (typeof SECTIONS)[number];

function sectionTitle(record: CsvRecord): SectionName | undefined {
  if (record.fields.length !== 1 || record.fields[0].quoted) return undefined;
  const title = record.fields[0].value.toUpperCase();
  return (SECTIONS as readonly string[]).includes(title) ? (title as SectionName) : undefined;
}

const isBlank = (record: CsvRecord) => record.fields.length === 1 && !record.fields[0].quoted && record.fields[0].value === '';

function wholeNumber(value: string, line: number, what: string): number {
  // "600" and "600.0" (some exports write floats); not "6e2", "-1", "600.5" or "".
  if (!/^\d+(\.0*)?$/.test(value)) throw new PabulibFormatError(line, `${what} must be a whole number, not ${JSON.stringify(value)}`);
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new PabulibFormatError(line, `${what} is too large`);
  return number;
}

interface Section {
  line: number;
  header: string[];
  headerLine: number;
  rows: CsvRecord[];
}

/** Parses a Pabulib file. Throws PabulibFormatError naming the line of the first problem. */
export function parsePabulib(text: string, options: PabulibReadOptions = {}): PabulibFile {
  if (options.maxBytes !== undefined && Buffer.byteLength(text, 'utf8') > options.maxBytes) {
    throw new PabulibFormatError(0, `the file is larger than ${options.maxBytes} bytes`);
  }
  const all = records(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const lastLine = all.length ? all[all.length - 1].line : 0;

  const sections = new Map<SectionName, Section>();
  let current: Section | undefined;
  for (const record of all) {
    if (isBlank(record)) continue;
    const title = sectionTitle(record);
    if (title) {
      if (sections.has(title)) throw new PabulibFormatError(record.line, `a second ${title} section`);
      current = { line: record.line, header: [], headerLine: 0, rows: [] };
      sections.set(title, current);
      continue;
    }
    if (!current) throw new PabulibFormatError(record.line, 'data before the first section (META, PROJECTS or VOTES)');
    if (current.headerLine === 0) {
      current.header = record.fields.map((f) => f.value.toLowerCase());
      current.headerLine = record.line;
      const duplicate = current.header.find((name, i) => current!.header.indexOf(name) !== i);
      if (duplicate !== undefined) throw new PabulibFormatError(record.line, `the column ${JSON.stringify(duplicate)} appears twice`);
      continue;
    }
    if (record.fields.length !== current.header.length) {
      throw new PabulibFormatError(record.line, `expected ${current.header.length} fields as in the header, found ${record.fields.length}`);
    }
    current.rows.push(record);
  }
  for (const name of SECTIONS) {
    const section = sections.get(name);
    if (!section) throw new PabulibFormatError(lastLine + 1, `the ${name} section is missing`);
    if (section.headerLine === 0) throw new PabulibFormatError(section.line + 1, `the ${name} section has no header line`);
  }
  const requireColumns = (name: SectionName, columns: string[]) => {
    const section = sections.get(name)!;
    for (const column of columns) {
      if (!section.header.includes(column)) throw new PabulibFormatError(section.headerLine, `the ${name} section has no ${column} column`);
    }
    return section;
  };

  // META
  const metaSection = requireColumns('META', ['key', 'value']);
  if (metaSection.header.length !== 2) throw new PabulibFormatError(metaSection.headerLine, 'the META header must be key;value');
  const keyAt = metaSection.header.indexOf('key');
  // Maps first, then Object.fromEntries: a key such as "__proto__" becomes a plain property.
  const metaValues = new Map<string, string>();
  const metaLines = new Map<string, number>();
  for (const row of metaSection.rows) {
    const key = row.fields[keyAt].value;
    if (key === '') throw new PabulibFormatError(row.line, 'a META line without a key');
    if (metaValues.has(key)) throw new PabulibFormatError(row.line, `the META key ${JSON.stringify(key)} appears twice`);
    metaValues.set(key, row.fields[1 - keyAt].value);
    metaLines.set(key, row.line);
  }
  for (const key of ['budget', 'vote_type', 'num_projects', 'num_votes']) {
    if (!metaValues.has(key)) throw new PabulibFormatError(metaSection.line, `META has no ${key}`);
  }
  const meta: Record<string, string> = Object.fromEntries(metaValues);
  const metaLine: Record<string, number> = Object.fromEntries(metaLines);
  const voteType = meta.vote_type.toLowerCase();
  if (!(SUPPORTED_VOTE_TYPES as readonly string[]).includes(voteType)) {
    throw new PabulibFormatError(metaLine.vote_type, `vote_type ${JSON.stringify(meta.vote_type)} is not supported; only ${SUPPORTED_VOTE_TYPES.join(' and ')}`);
  }
  wholeNumber(meta.budget, metaLine.budget, 'budget');
  if (meta.min_votes !== undefined) wholeNumber(meta.min_votes, metaLine.min_votes, 'min_votes');
  const declaredProjects = wholeNumber(meta.num_projects, metaLine.num_projects, 'num_projects');
  const declaredVotes = wholeNumber(meta.num_votes, metaLine.num_votes, 'num_votes');

  // PROJECTS
  const projectSection = requireColumns('PROJECTS', ['project_id', 'cost']);
  const projects: PabulibProject[] = [];
  const projectIds = new Set<string>();
  for (const row of projectSection.rows) {
    const project = Object.fromEntries(projectSection.header.map((column, i) => [column, row.fields[i].value])) as PabulibProject;
    if (project.project_id === '') throw new PabulibFormatError(row.line, 'a project without a project_id');
    if (projectIds.has(project.project_id)) throw new PabulibFormatError(row.line, `the project_id ${JSON.stringify(project.project_id)} appears twice`);
    projectIds.add(project.project_id);
    project.cost = wholeNumber(String(project.cost), row.line, `the cost of project ${project.project_id}`);
    projects.push(project);
  }
  if (projects.length !== declaredProjects) {
    throw new PabulibFormatError(metaLine.num_projects, `num_projects says ${declaredProjects} but the PROJECTS section has ${projects.length}`);
  }

  // VOTES
  const voteSection = requireColumns('VOTES', ['voter_id', 'vote']);
  const votes: PabulibVote[] = [];
  const voterIds = new Set<string>();
  for (const row of voteSection.rows) {
    const vote = Object.fromEntries(voteSection.header.map((column, i) => [column, row.fields[i].value])) as unknown as PabulibVote;
    const approved = vote.vote as unknown as string;
    if (vote.voter_id === '') throw new PabulibFormatError(row.line, 'a vote without a voter_id');
    if (voterIds.has(vote.voter_id)) throw new PabulibFormatError(row.line, `the voter_id ${JSON.stringify(vote.voter_id)} appears twice`);
    voterIds.add(vote.voter_id);
    const ids = approved === '' ? [] : approved.split(',').map((id) => id.trim());
    const seen = new Set<string>();
    for (const id of ids) {
      if (!projectIds.has(id)) throw new PabulibFormatError(row.line, `the vote names ${JSON.stringify(id)}, which is not in PROJECTS`);
      if (seen.has(id)) throw new PabulibFormatError(row.line, `the vote names ${JSON.stringify(id)} twice`);
      seen.add(id);
    }
    if (voteType === 'choose-1' && ids.length > 1) throw new PabulibFormatError(row.line, `a choose-1 vote names ${ids.length} projects`);
    vote.vote = ids;
    votes.push(vote);
  }
  if (votes.length !== declaredVotes) {
    throw new PabulibFormatError(metaLine.num_votes, `num_votes says ${declaredVotes} but the VOTES section has ${votes.length}`);
  }
  return { meta, projects, votes };
}

export interface PabulibFileToWrite {
  meta: Record<string, string | number>;
  projects: { project_id: string; cost: number; [column: string]: string | number }[];
  votes: { voter_id: string; vote: string[]; [column: string]: string | string[] }[];
}

function field(value: string | number): string {
  const text = String(value);
  // Quoted when the reader would otherwise split it, end the line, or trim it.
  return /[;"\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

function columnsOf(rows: Record<string, unknown>[], first: string[]): string[] {
  const columns = [...first];
  for (const row of rows) for (const column of Object.keys(row)) if (!columns.includes(column)) columns.push(column);
  for (const column of columns) {
    if (column === '' || column !== column.trim() || column !== column.toLowerCase() || /[;"\r\n]/.test(column)) {
      throw new Error(`The column name ${JSON.stringify(column)} cannot be written to a Pabulib file`);
    }
  }
  return columns;
}

/**
 * Writes a Pabulib file (META, PROJECTS, VOTES). num_projects and num_votes are always set from
 * the data, so the file is consistent; project columns in first-seen order after project_id and
 * cost, vote columns after voter_id, with vote last. A project id with a comma or surrounding
 * spaces cannot be written (the vote column lists ids separated by commas).
 */
export function writePabulib(file: PabulibFileToWrite): string {
  const lines: string[] = [];
  const meta = { ...file.meta, num_projects: file.projects.length, num_votes: file.votes.length };
  lines.push('META', 'key;value');
  for (const [key, value] of Object.entries(meta)) {
    if (key === '' || key !== key.trim()) throw new Error(`The META key ${JSON.stringify(key)} cannot be written`);
    lines.push(`${field(key)};${field(value)}`);
  }

  const projectColumns = columnsOf(file.projects, ['project_id', 'cost']);
  lines.push('PROJECTS', projectColumns.join(';'));
  for (const project of file.projects) {
    if (project.project_id === '' || project.project_id.includes(',') || project.project_id !== project.project_id.trim()) {
      throw new Error(`The project id ${JSON.stringify(project.project_id)} cannot be written to a Pabulib file`);
    }
    lines.push(projectColumns.map((column) => field(project[column] ?? '')).join(';'));
  }

  const voteColumns = columnsOf(
    file.votes.map(({ vote: _vote, ...rest }) => rest),
    ['voter_id'],
  ).concat('vote');
  lines.push('VOTES', voteColumns.join(';'));
  for (const vote of file.votes) {
    lines.push(voteColumns.map((column) => field(column === 'vote' ? vote.vote.join(',') : ((vote[column] as string | undefined) ?? ''))).join(';'));
  }
  return lines.join('\n') + '\n';
}

export interface PabulibAnalysis {
  rule: ResultRule;
  budget: number;
  /** Project ids as in the file, in the order funded. */
  winners: string[];
  cost: number;
}

/**
 * What a rule would have chosen in the election a Pabulib file holds (choose-1 counts as approval
 * of one), with the file's vote floor (`min_votes`) and incompatible groups if it has them.
 * Overrides are not in any file: a round whose coordinators funded or excluded plans published a
 * result the analysis of its export does not reproduce (the export's `comment` names them).
 */
export function analysePabulib(text: string, rule: ResultRule, options: PabulibReadOptions = {}): PabulibAnalysis {
  const file = parsePabulib(text, options);
  const election = {
    budget: Number(file.meta.budget),
    projects: file.projects.map((p) => ({ id: p.project_id, cost: p.cost })),
    ballots: file.votes.map((v) => v.vote),
  };
  const groups = new Map<string, string[]>();
  for (const p of file.projects) {
    const group = String(p.incompatible_group ?? '');
    if (group !== '') groups.set(group, [...(groups.get(group) ?? []), p.project_id]);
  }
  const resultOptions = {
    minimumVotes: file.meta.min_votes === undefined ? 0 : Number(file.meta.min_votes),
    incompatibleGroups: [...groups.values()].filter((g) => g.length > 1),
  };
  const outcome = rule === 'mes' ? equalSharesResult(election, resultOptions) : greedyResult(election, resultOptions);
  return { rule, budget: outcome.budget, winners: outcome.winners, cost: outcome.cost };
}
