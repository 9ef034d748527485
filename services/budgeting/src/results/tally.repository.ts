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

// The ballots that count: one counted row per person, pointing at their log entry; a withdrawal
// counts as no ballot. MATERIALIZED so the join runs once for the three aggregates below.
const COUNTED = `
  WITH counted AS MATERIALIZED (
    SELECT l.district_code, l.district_plans, l.city_plans
      FROM counted_ballots c JOIN ballot_log l ON l.seq = c.ballot_seq
     WHERE c.round_id = $1 AND l.kind = 'ballot'
  )`;

/**
 * The tally in SQL. A district's ballots are the counted entries that chose it (their
 * district_plans); the city-wide district's are every counted entry (their city_plans). Votes
 * per plan come from unnest + GROUP BY over both arrays at once (a plan belongs to one district,
 * so its id appears in one of them only); the approval sets (what equal shares needs) from a
 * GROUP BY on the arrays themselves, so a million ballots come back as a few thousand rows.
 */
@Injectable()
export class TallyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  tally(roundId: string, cityWideCode: string | null, db: Queryable = this.dataSource): Promise<Tally> {
    return tallyRound(db, roundId, cityWideCode);
  }
}

export async function tallyRound(db: Queryable, roundId: string, cityWideCode: string | null): Promise<Tally> {
  const rows: { part: 'district' | 'city' | 'votes'; code: string | null; plans: string[]; n: number }[] = await db.query(
    `${COUNTED}
     SELECT 'district' AS part, district_code AS code, district_plans AS plans, count(*)::int AS n FROM counted GROUP BY district_code, district_plans
     UNION ALL
     SELECT 'city', NULL, city_plans, count(*)::int FROM counted GROUP BY city_plans
     UNION ALL
     SELECT 'votes', NULL, ARRAY[plan_id], count(*)::int FROM counted, unnest(district_plans || city_plans) AS plan_id GROUP BY plan_id`,
    [roundId],
  );
  const tally: Tally = { sets: new Map(), ballots: new Map(), votes: new Map() };
  for (const row of rows) {
    if (row.part === 'votes') {
      tally.votes.set(row.plans[0], row.n);
      continue;
    }
    // A round without a city-wide district has only blank city parts: nothing to count there.
    const code = row.part === 'city' ? cityWideCode : row.code;
    if (code === null) continue;
    const sets = tally.sets.get(code) ?? [];
    sets.push({ plans: row.plans, ballots: row.n });
    tally.sets.set(code, sets);
    tally.ballots.set(code, (tally.ballots.get(code) ?? 0) + row.n);
  }
  return tally;
}
