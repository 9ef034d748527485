import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { OutboxRow } from '@vaikuta/messaging';
import { ROUND_RECORD_COLUMNS, RoundRecord, RoundRecordRow, roundRecordOf } from '../rounds/round.repository';
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
  /** The plan's number in counted rows' keys (plans.tally_number). */
  tallyNumber: number;
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

/**
 * What a counted row keeps of the entry that counts (migration 1765000000170), so the
 * tally reads counted_ballots alone: the entry's kind and district, and each part's plans as
 * their tally numbers in the entry's order, space-separated ('' for none). Every statement that
 * sets `ballot_seq` sets these from the same entry.
 */
const COUNTED_CHOICE_COLUMNS = `kind, district_code, district_key, city_key`;

/** The counted row's keys of a ballot's parts, built in Node from the plans on its ballot (a first online ballot's statement takes them as parameters). */
export interface CountedKeys {
  district: string;
  city: string;
}

/** The counted keys of an entry's plans, from the plans on its ballot (the same text planKey builds in SQL). */
export function countedKeys(plans: readonly BallotPlanRow[], entry: Pick<NewBallotEntry, 'districtPlans' | 'cityPlans'>): CountedKeys {
  const numbers = new Map(plans.map((p) => [p.id, p.tallyNumber]));
  const key = (ids: string[]) =>
    ids
      .map((id) => {
        const number = numbers.get(id);
        if (number === undefined) throw new Error(`Plan ${id} is not among the plans on the ballot`);
        return number;
      })
      .join(' ');
  return { district: key(entry.districtPlans), city: key(entry.cityPlans) };
}

/** SQL: the tally key of a uuid[] of plans (an expression naming it), on the plans' primary key. */
function planKey(plans: string): string {
  return `(SELECT coalesce(string_agg(p.tally_number::text, ' ' ORDER BY o.n), '') FROM unnest(${plans}) WITH ORDINALITY o (id, n) JOIN plans p ON p.id = o.id)`;
}

/** The violation PostgreSQL reports when a paper sheet is entered a second time. */
export const PAPER_SHEET_CONSTRAINT = 'ballot_log_paper_sheet';

/** Every query of ballot_log, counted_ballots and voters, so the services hold no SQL. */
@Injectable()
export class BallotLogRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /**
   * A named statement on a pooled connection, for the two statements every online ballot sends:
   * PostgreSQL parses and plans it once per connection instead of once per ballot. TypeORM's
   * query cannot name a statement; the pool is the one TypeORM uses, outside any transaction.
   */
  private async prepared<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    return (await pool.query({ name, text, values })).rows as T[];
  }

  /**
   * The round and the plans on the ballot a choice of `districtCode` can name (that district's
   * and the city-wide part's) in one round trip: every ballot needs both, before its transaction.
   */
  async roundWithPlans(roundId: string, districtCode: string): Promise<{ record: RoundRecord; plans: BallotPlanRow[] } | null> {
    const [row] = await this.prepared<RoundRecordRow & { plans: { id: string; districtCode: string; cost: number | string | null; tallyNumber: number }[] }>(
      'budgeting-round-with-plans',
      `SELECT ${ROUND_RECORD_COLUMNS},
              (SELECT coalesce(json_agg(json_build_object('id', pl.id, 'districtCode', pl.district_code, 'cost', pl.cost, 'tallyNumber', pl.tally_number)), '[]')
                 FROM plans pl JOIN districts d ON d.round_id = pl.round_id AND d.code = pl.district_code
                WHERE pl.round_id = r.id AND pl.status = 'on_ballot' AND (d.city_wide OR d.code = $2)) AS plans
         FROM rounds r WHERE r.id = $1`,
      [roundId, districtCode],
    );
    if (!row) return null;
    return { record: roundRecordOf(row), plans: row.plans.map((p) => ({ id: p.id, districtCode: p.districtCode, cost: Number(p.cost ?? 0), tallyNumber: p.tallyNumber })) };
  }

  /** The plans on the ballot in these districts of the round. */
  async plansOnBallot(roundId: string, districtCodes: string[]): Promise<BallotPlanRow[]> {
    const rows: { id: string; district_code: string; cost: string | null; tally_number: number }[] = await this.dataSource.query(
      `SELECT id, district_code, cost, tally_number FROM plans WHERE round_id = $1 AND status = 'on_ballot' AND district_code = ANY($2::text[])`,
      [roundId, districtCodes],
    );
    // A plan goes on the ballot with its cost estimate; a missing one counts as nothing rather than failing the ballot.
    return rows.map((r) => ({ id: r.id, districtCode: r.district_code, cost: Number(r.cost ?? 0), tallyNumber: r.tally_number }));
  }

  /** When the round's results were published (null: not yet), under a share lock on the round until the transaction ends. */
  async resultsPublishedAt(m: EntityManager, roundId: string): Promise<Date | null> {
    const [row]: { results_published_at: Date | null }[] = await m.query(`SELECT results_published_at FROM rounds WHERE id = $1 FOR SHARE`, [roundId]);
    return row?.results_published_at ?? null;
  }

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

  /**
   * A person's first online ballot as one statement, which is a transaction of its own: the
   * counted row is created first (with the entry's seq taken from the log's sequence), and only
   * if it was created are the entry, the voter and the event written; the row's foreign key to
   * the entry is checked at the end of the statement. Answers the entry's seq, or null with
   * nothing written when the person already has a counted row (a change; also a concurrent
   * first ballot of theirs, which this waits for) or the entry's id is in the log (a retry):
   * the caller then takes the transaction of appendFirst and lockCounted. The counted row's keys
   * come from the caller (countedKeys over the plans it read with the round), so the busiest
   * statement does not look plans up again.
   */
  async castFirst(e: NewBallotEntry, voter: { sub: string; language: 'fi' | 'sv' | 'en' }, event: OutboxRow, keys: CountedKeys): Promise<number | null> {
    const rows = await this.prepared<{ seq: string }>(
      'budgeting-cast-first',
      `WITH next AS (SELECT nextval('ballot_log_seq_seq') AS seq),
       created AS (
         INSERT INTO counted_ballots (round_id, person_key, ballot_seq, channels, updated_at, ${COUNTED_CHOICE_COLUMNS})
         SELECT $2::uuid, $3::text, next.seq, ARRAY[$5::text], $13::timestamptz, $4::text, $6::text, $20::text, $21::text FROM next
          WHERE NOT EXISTS (SELECT 1 FROM ballot_log WHERE id = $1::uuid)
            -- A committed row (a change) is seen here without waiting: ON CONFLICT alone would
            -- wait for the transaction holding the row, and the caller would then queue again.
            AND NOT EXISTS (SELECT 1 FROM counted_ballots WHERE round_id = $2::uuid AND person_key = $3::text)
         ON CONFLICT (round_id, person_key) DO NOTHING
         RETURNING ballot_seq),
       entry AS (
         INSERT INTO ballot_log (seq, id, round_id, person_key, kind, channel, district_code, district_plans, city_plans, birth_year, entered_by, place, sheet_id, confirmed_at)
         SELECT ballot_seq, $1::uuid, $2::uuid, $3::text, $4::text, $5::text, $6::text, $7::uuid[], $8::uuid[], $9::smallint, $10::text, $11::text, $12::text, $13::timestamptz FROM created
         RETURNING seq),
       voter AS (
         INSERT INTO voters (round_id, person_key, sub, language) SELECT $2::uuid, $3::text, $14::text, $15::text FROM entry
         ON CONFLICT (round_id, person_key) DO UPDATE SET sub = EXCLUDED.sub, language = EXCLUDED.language),
       event AS (
         INSERT INTO outbox (id, subject, type, envelope) SELECT $16::uuid, $17::text, $18::text, $19::jsonb FROM entry)
       SELECT seq FROM entry`,
      [
        ...[e.id, e.roundId, e.personKey, e.kind, e.channel, e.districtCode, e.districtPlans, e.cityPlans, e.birthYear, e.enteredBy, e.place, e.sheetId, e.confirmedAt],
        ...[voter.sub, voter.language, event.id, event.subject, event.type, event.envelope],
        ...[keys.district, keys.city],
      ],
    );
    return rows.length ? Number(rows[0].seq) : null;
  }

  /**
   * Appends the entry and, in the same statement, creates the person's counted row pointing at
   * it if they have none (their first entry), and then remembers a signed-in voter. Answers null
   * for a retry of a committed request (the entry's id is already in the log: nothing is
   * written), else the entry's seq and whether it created the counted row. When it did not, the
   * caller takes the row's lock with lockCounted: a concurrent ballot of the same person that
   * created or changed the row may have committed after this statement's snapshot.
   * The voter is written only after the counted row is created (it reads from `created`), so
   * every ballot of one person takes the counted row before the voters row, as a change does.
   * `firstEvent` (prepared by OutboxWriter) goes into the outbox only with a created row: the
   * event of a first ballot is known before the statement; a change writes its own afterwards.
   */
  async appendFirst(
    m: EntityManager,
    e: NewBallotEntry,
    voter: { sub: string; language: 'fi' | 'sv' | 'en' } | null,
    firstEvent: OutboxRow | null,
  ): Promise<{ seq: number; created: boolean } | null> {
    const rows: { seq: string; created: boolean }[] = await m.query(
      `WITH entry AS (
         INSERT INTO ballot_log (id, round_id, person_key, kind, channel, district_code, district_plans, city_plans, birth_year, entered_by, place, sheet_id, confirmed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8::uuid[], $9, $10, $11, $12, $13)
         ON CONFLICT (id) DO NOTHING
         RETURNING seq, round_id, person_key, channel, confirmed_at, kind, district_code, district_plans, city_plans),
       created AS (
         INSERT INTO counted_ballots (round_id, person_key, ballot_seq, channels, updated_at, ${COUNTED_CHOICE_COLUMNS})
         SELECT round_id, person_key, seq, ARRAY[channel], confirmed_at, kind, district_code, ${planKey('entry.district_plans')}, ${planKey('entry.city_plans')} FROM entry
         ON CONFLICT (round_id, person_key) DO NOTHING
         RETURNING round_id, person_key),
       voter AS (
         INSERT INTO voters (round_id, person_key, sub, language)
         SELECT round_id, person_key, $14::text, $15::text FROM created WHERE $14::text IS NOT NULL
         ON CONFLICT (round_id, person_key) DO UPDATE SET sub = EXCLUDED.sub, language = EXCLUDED.language),
       event AS (
         INSERT INTO outbox (id, subject, type, envelope)
         SELECT $16::uuid, $17::text, $18::text, $19::jsonb FROM created WHERE $16::uuid IS NOT NULL)
       SELECT entry.seq, EXISTS (SELECT 1 FROM created) AS created FROM entry`,
      [
        ...[e.id, e.roundId, e.personKey, e.kind, e.channel, e.districtCode, e.districtPlans, e.cityPlans, e.birthYear, e.enteredBy, e.place, e.sheetId, e.confirmedAt],
        ...[voter?.sub ?? null, voter?.language ?? null],
        ...[firstEvent?.id ?? null, firstEvent?.subject ?? null, firstEvent?.type ?? null, firstEvent?.envelope ?? null],
      ],
    );
    return rows.length ? { seq: Number(rows[0].seq), created: rows[0].created } : null;
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
   * Takes the lock on the person's counted row, which an earlier entry created (appendFirst found
   * it there): it waits for a transaction that holds it, so every ballot of one person runs one
   * after another, and it reads the row as that transaction left it. Null if it is gone.
   */
  async lockCounted(m: EntityManager, roundId: string, personKey: string): Promise<CountedRow | null> {
    const [row]: { ballot_seq: string; channels: BallotChannel[] }[] = await m.query(
      `SELECT ballot_seq, channels FROM counted_ballots WHERE round_id = $1 AND person_key = $2 FOR UPDATE`,
      [roundId, personKey],
    );
    return row ? { ballotSeq: Number(row.ballot_seq), channels: row.channels } : null;
  }

  /**
   * Points the person's counted row (locked by lockCounted) at the entry that counts, with that
   * entry's choices read from the log, and remembers a signed-in voter in the same statement.
   */
  async updateCounted(
    m: EntityManager,
    roundId: string,
    personKey: string,
    ballotSeq: number,
    channels: BallotChannel[],
    at: Date,
    voter: { sub: string; language: 'fi' | 'sv' | 'en' } | null,
  ): Promise<void> {
    await m.query(
      `WITH counted AS (
         UPDATE counted_ballots c
            SET ballot_seq = l.seq, channels = $4::text[], updated_at = $5, (${COUNTED_CHOICE_COLUMNS}) =
                (SELECT l.kind, l.district_code, ${planKey('l.district_plans')}, ${planKey('l.city_plans')})
           FROM ballot_log l
          WHERE c.round_id = $1 AND c.person_key = $2 AND l.seq = $3
         RETURNING c.round_id, c.person_key)
       INSERT INTO voters (round_id, person_key, sub, language)
       SELECT round_id, person_key, $6::text, $7::text FROM counted WHERE $6::text IS NOT NULL
       ON CONFLICT (round_id, person_key) DO UPDATE SET sub = EXCLUDED.sub, language = EXCLUDED.language`,
      [roundId, personKey, ballotSeq, channels, at, voter?.sub ?? null, voter?.language ?? null],
    );
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
