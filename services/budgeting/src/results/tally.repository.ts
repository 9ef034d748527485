import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Anything that runs a query and answers its rows: an EntityManager, a DataSource, or a bench's pg client. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** Identical approval sets of one district part, with how many counted ballots hold each. */
export interface ApprovalSet {
  plans: string[];
  ballots: number;
}

/** A round's counted ballots, counted: what the results rules and the results page need. */
export interface Tally {
  /** Per district code (the city-wide district's code included): its approval sets, blank `[]` among them. */
  sets: Map<string, ApprovalSet[]>;
  /** Per district code: counted ballots in that part. */
  ballots: Map<string, number>;
  /** Per plan id: counted ballots approving it. */
  votes: Map<string, number>;
}

/**
 * The tally in SQL. A district's ballots are the counted entries that chose it (their district
 * plans); the city-wide district's are every counted entry (their city-wide plans). The approval
 * sets (what equal shares needs) come from a GROUP BY on the sets themselves, so identical ballots
 * come back as one row with their count; votes per plan are summed over the sets.
 */
@Injectable()
export class TallyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The tally and how many entries the round's ballot log held when it was taken, from one
   * snapshot (REPEATABLE READ): a paper sheet committed between the two reads would otherwise be
   * in one and not the other, and publishing could miss it.
   */
  tally(roundId: string, cityWideCode: string | null): Promise<Tally & { logEntries: number }> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const logEntries = await countLogEntries(m, roundId);
      return { ...(await tallyRound(m, roundId, cityWideCode)), logEntries };
    });
  }
}

/** Entries in the round's ballot log (append-only, so the count only grows); on the ballot_log_person index. */
export async function countLogEntries(db: Queryable, roundId: string): Promise<number> {
  const [row]: { n: string }[] = await db.query(`SELECT count(*) AS n FROM ballot_log WHERE round_id = $1`, [roundId]);
  return Number(row.n);
}

/**
 * The tally query. One pass over the round's counted rows, which keep their entry's choices as
 * short texts of plan tally numbers (migration 1765000000170; a withdrawal counts as no
 * ballot), grouped by two grouping sets at once, (district_code, district_key) and (city_key):
 * hashing a short text is one call where a uuid[] took one per element, no join with the log is
 * needed, and the keys travel to Node as they are. The votes per plan are summed in Node over the
 * sets, while it splits them anyway.
 */
const TALLY_SQL = `
  SELECT GROUPING(c.city_key) = 1 AS district_part, c.district_code AS code,
         CASE WHEN GROUPING(c.city_key) = 1 THEN c.district_key ELSE c.city_key END AS plans, count(*)::int AS n
    FROM counted_ballots c
   WHERE c.round_id = $1 AND c.kind = 'ballot'
   GROUP BY GROUPING SETS ((c.district_code, c.district_key), (c.city_key))`;

/** The round's plans by tally number (every status: a ballot may name a plan withdrawn since). */
const PLAN_NUMBERS_SQL = `SELECT tally_number AS number, id FROM plans WHERE round_id = $1`;

/**
 * The tally of a round. Run it inside a transaction: the memory it may use for its hash tables
 * is raised for that transaction only (a million ballots' approval sets do not fit the default
 * 4 MB and would spill to disk).
 */
export async function tallyRound(db: Queryable, roundId: string, cityWideCode: string | null): Promise<Tally> {
  await db.query(`SELECT set_config('work_mem', '256MB', true)`);
  const planRows: { number: number; id: string }[] = await db.query(PLAN_NUMBERS_SQL, [roundId]);
  const plans = new PlanNumbers(planRows);
  const rows: { district_part: boolean; code: string | null; plans: string; n: number }[] = await db.query(TALLY_SQL, [roundId]);
  const tally: Tally = { sets: new Map(), ballots: new Map(), votes: new Map() };
  for (const row of rows) {
    const set = plans.read(row.plans, row.n);
    // A round without a city-wide district has only blank city parts: nothing to count there.
    const code = row.district_part ? row.code : cityWideCode;
    if (code === null) continue;
    const sets = tally.sets.get(code) ?? [];
    sets.push({ plans: set, ballots: row.n });
    tally.sets.set(code, sets);
    tally.ballots.set(code, (tally.ballots.get(code) ?? 0) + row.n);
  }
  tally.votes = plans.votes();
  return tally;
}

/**
 * The round's plans indexed by tally number, and the votes each gathers while keys are read.
 * A key is read digit by digit into an array index: splitting 1.2 million numbers into strings
 * and hashing them into maps took as long as PostgreSQL's whole grouping (~0.5 s of CPU per
 * million ballots on the bench machine).
 */
class PlanNumbers {
  private readonly base: number;
  private readonly ids: string[] = [];
  private readonly counts: number[] = [];

  constructor(rows: readonly { number: number; id: string }[]) {
    this.base = Math.min(...rows.map((r) => r.number));
    for (const r of rows) {
      this.ids[r.number - this.base] = r.id;
      this.counts[r.number - this.base] = 0;
    }
  }

  /** The plan ids of a key ("12 7 30", '' for none), each credited with `ballots` votes. */
  read(key: string, ballots: number): string[] {
    const set: string[] = [];
    let number = 0;
    for (let i = 0; i <= key.length; i++) {
      const c = i < key.length ? key.charCodeAt(i) : 32;
      if (c !== 32) {
        number = number * 10 + (c - 48);
        continue;
      }
      if (i === 0) continue;
      const index = number - this.base;
      const id = this.ids[index];
      if (id === undefined) throw new Error(`Plan number ${number} of a counted ballot is not a plan of the round`);
      set.push(id);
      this.counts[index] += ballots;
      number = 0;
    }
    return set;
  }

  /** Per plan id: the votes read so far (only plans some counted ballot approves, as before). */
  votes(): Map<string, number> {
    const votes = new Map<string, number>();
    this.counts.forEach((count, index) => {
      if (count > 0) votes.set(this.ids[index], count);
    });
    return votes;
  }
}
