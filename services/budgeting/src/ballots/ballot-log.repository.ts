import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BallotChannel } from './counting-policy';

/** One row of the append-only ballot log, as the service reads it. */
export interface BallotEntry {
  seq: number;
  id: string;
  kind: 'ballot' | 'withdrawal';
  channel: BallotChannel;
  districtCode: string | null;
  districtPlans: string[];
  cityPlans: string[];
  confirmedAt: Date;
}

/** A new entry; the log gives it its seq. */
export interface NewBallotEntry {
  id: string;
  roundId: string;
  personKey: string;
  kind: 'ballot' | 'withdrawal';
  channel: BallotChannel;
  districtCode: string | null;
  districtPlans: string[];
  cityPlans: string[];
  birthYear: number | null;
  enteredBy: string | null;
  place: string | null;
  sheetId: string | null;
  confirmedAt: Date;
}

/** A plan a ballot may choose: on the ballot in its district. */
export interface BallotPlanRow {
  id: string;
  districtCode: string;
  cost: number;
}

/** The counted row of a person, read under its lock. */
export interface CountedRow {
  ballotSeq: number;
  channels: BallotChannel[];
}

interface EntryRow {
  seq: string;
  id: string;
  kind: 'ballot' | 'withdrawal';
  channel: BallotChannel;
  district_code: string | null;
  district_plans: string[];
  city_plans: string[];
  confirmed_at: Date;
}

const ENTRY_COLUMNS = `seq, id, kind, channel, district_code, district_plans, city_plans, confirmed_at`;

function entryOf(row: EntryRow): BallotEntry {
  return {
    seq: Number(row.seq),
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    districtCode: row.district_code,
    districtPlans: row.district_plans,
    cityPlans: row.city_plans,
    confirmedAt: row.confirmed_at,
  };
}

/** The violation PostgreSQL reports when a paper sheet is entered a second time. */
export const PAPER_SHEET_CONSTRAINT = 'ballot_log_paper_sheet';

/** Every query of ballot_log, counted_ballots and voters, so the services hold no SQL. */
@Injectable()
export class BallotLogRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /** The plans on the ballot in these districts of the round. */
  async plansOnBallot(roundId: string, districtCodes: string[]): Promise<BallotPlanRow[]> {
    const rows: { id: string; district_code: string; cost: string | null }[] = await this.dataSource.query(
      `SELECT id, district_code, cost FROM plans WHERE round_id = $1 AND status = 'on_ballot' AND district_code = ANY($2::text[])`,
      [roundId, districtCodes],
    );
    // A plan goes on the ballot with its cost estimate; a missing one counts as nothing rather than failing the ballot.
    return rows.map((r) => ({ id: r.id, districtCode: r.district_code, cost: Number(r.cost ?? 0) }));
  }

  /** When the round's results were published (null: not yet), under a share lock on the round until the transaction ends. */
  async resultsPublishedAt(m: EntityManager, roundId: string): Promise<Date | null> {
    const [row]: { results_published_at: Date | null }[] = await m.query(`SELECT results_published_at FROM rounds WHERE id = $1 FOR SHARE`, [roundId]);
    return row?.results_published_at ?? null;
  }

  /** Appends an entry (the trigger keeps it there for good); answers its seq. */
  /**
   * Appends the entry and answers its seq, or null when an entry with this id is already in the
   * log: a retry of a request that committed (online ballots take their id from the
   * Idempotency-Key), which must not be entered twice.
   */
  async append(m: EntityManager, e: NewBallotEntry): Promise<number | null> {
    const rows: { seq: string }[] = await m.query(
      `INSERT INTO ballot_log (id, round_id, person_key, kind, channel, district_code, district_plans, city_plans, birth_year, entered_by, place, sheet_id, confirmed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8::uuid[], $9, $10, $11, $12, $13)
       ON CONFLICT (id) DO NOTHING
       RETURNING seq`,
      [e.id, e.roundId, e.personKey, e.kind, e.channel, e.districtCode, e.districtPlans, e.cityPlans, e.birthYear, e.enteredBy, e.place, e.sheetId, e.confirmedAt],
    );
    return rows.length ? Number(rows[0].seq) : null;
  }

  /** An entry by its id, with whether it is the one that counts for its person now. */
  async entryById(m: EntityManager, id: string): Promise<{ entry: BallotEntry; counts: boolean } | null> {
    const rows: (EntryRow & { counts: boolean })[] = await m.query(
      `SELECT l.seq, l.id, l.kind, l.channel, l.district_code, l.district_plans, l.city_plans, l.confirmed_at,
              EXISTS (SELECT 1 FROM counted_ballots c WHERE c.round_id = l.round_id AND c.person_key = l.person_key AND c.ballot_seq = l.seq) AS counts
         FROM ballot_log l WHERE l.id = $1`,
      [id],
    );
    return rows.length ? { entry: entryOf(rows[0]), counts: rows[0].counts } : null;
  }

  /**
   * Takes the lock on the person's counted row, creating it for their first entry. The insert
   * waits for a concurrent transaction that is creating the same row, and the SELECT … FOR
   * UPDATE for one that holds it, so every ballot of one person runs one after another.
   * Answers null when this entry created the row (it is the person's first and counts).
   */
  async lockCounted(m: EntityManager, roundId: string, personKey: string, seq: number, channel: BallotChannel, at: Date): Promise<CountedRow | null> {
    const created: unknown[] = await m.query(
      `INSERT INTO counted_ballots (round_id, person_key, ballot_seq, channels, updated_at) VALUES ($1, $2, $3, ARRAY[$4::text], $5)
       ON CONFLICT (round_id, person_key) DO NOTHING RETURNING ballot_seq`,
      [roundId, personKey, seq, channel, at],
    );
    if (created.length > 0) return null;
    const [row]: { ballot_seq: string; channels: BallotChannel[] }[] = await m.query(
      `SELECT ballot_seq, channels FROM counted_ballots WHERE round_id = $1 AND person_key = $2 FOR UPDATE`,
      [roundId, personKey],
    );
    return { ballotSeq: Number(row.ballot_seq), channels: row.channels };
  }

  async updateCounted(m: EntityManager, roundId: string, personKey: string, ballotSeq: number, channels: BallotChannel[], at: Date): Promise<void> {
    await m.query(`UPDATE counted_ballots SET ballot_seq = $3, channels = $4::text[], updated_at = $5 WHERE round_id = $1 AND person_key = $2`, [
      roundId,
      personKey,
      ballotSeq,
      channels,
      at,
    ]);
  }

  async entryBySeq(seq: number, m: EntityManager = this.dataSource.manager): Promise<BallotEntry> {
    const [row]: EntryRow[] = await m.query(`SELECT ${ENTRY_COLUMNS} FROM ballot_log WHERE seq = $1`, [seq]);
    return entryOf(row);
  }

  /** The entry that counts for the person, or null if they have none. */
  async countedEntry(roundId: string, personKey: string): Promise<BallotEntry | null> {
    const rows: EntryRow[] = await this.dataSource.query(
      `SELECT l.seq, l.id, l.kind, l.channel, l.district_code, l.district_plans, l.city_plans, l.confirmed_at
         FROM counted_ballots c JOIN ballot_log l ON l.seq = c.ballot_seq
        WHERE c.round_id = $1 AND c.person_key = $2`,
      [roundId, personKey],
    );
    return rows.length ? entryOf(rows[0]) : null;
  }

  /** A signed-in voter, so news of the plans they voted for can reach them (erasable). */
  async upsertVoter(m: EntityManager, roundId: string, personKey: string, sub: string, language: 'fi' | 'sv' | 'en'): Promise<void> {
    await m.query(
      `INSERT INTO voters (round_id, person_key, sub, language) VALUES ($1, $2, $3, $4)
       ON CONFLICT (round_id, person_key) DO UPDATE SET sub = EXCLUDED.sub, language = EXCLUDED.language`,
      [roundId, personKey, sub, language],
    );
  }

  async voter(m: EntityManager, roundId: string, personKey: string): Promise<{ sub: string; language: 'fi' | 'sv' | 'en' } | null> {
    const rows: { sub: string; language: 'fi' | 'sv' | 'en' }[] = await m.query(`SELECT sub, language FROM voters WHERE round_id = $1 AND person_key = $2`, [
      roundId,
      personKey,
    ]);
    return rows[0] ?? null;
  }

  /**
   * People seen in more than one channel, with every entry of theirs in log order. Few people
   * vote in two channels (a handful per thousand), so the report is read whole.
   */
  async multiChannelPeople(roundId: string): Promise<{ personKey: string; channels: BallotChannel[]; countedSeq: number; entries: BallotEntry[] }[]> {
    const people: { person_key: string; channels: BallotChannel[]; ballot_seq: string }[] = await this.dataSource.query(
      `SELECT person_key, channels, ballot_seq FROM counted_ballots WHERE round_id = $1 AND cardinality(channels) > 1 ORDER BY updated_at, person_key`,
      [roundId],
    );
    if (people.length === 0) return [];
    const entries: (EntryRow & { person_key: string })[] = await this.dataSource.query(
      `SELECT person_key, ${ENTRY_COLUMNS} FROM ballot_log WHERE round_id = $1 AND person_key = ANY($2::text[]) ORDER BY seq`,
      [roundId, people.map((p) => p.person_key)],
    );
    const byPerson = new Map<string, BallotEntry[]>();
    for (const row of entries) byPerson.set(row.person_key, [...(byPerson.get(row.person_key) ?? []), entryOf(row)]);
    return people.map((p) => ({ personKey: p.person_key, channels: p.channels, countedSeq: Number(p.ballot_seq), entries: byPerson.get(p.person_key) ?? [] }));
  }
}
