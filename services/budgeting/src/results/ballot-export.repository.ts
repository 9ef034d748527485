import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BudgetingHttp } from '@vaikuta/contracts';

/** One counted ballot as published: a number, never a person key, birth year or channel. */
export interface AnonymousBallot {
  /** 1..n in the order of md5(ballot id): stable from export to export, unrelated to who voted or when. */
  number: number;
  districtCode: string;
  districtPlans: string[];
  cityPlans: string[];
}

// md5 of the log entry's random id orders the ballots in a way that is the same every time it is
// exported but says nothing about the order of voting (seq) or the voter (person_key).
const ANONYMOUS = `
  SELECT row_number() OVER (ORDER BY md5(l.id::text))::int AS number, l.district_code, l.district_plans, l.city_plans
    FROM counted_ballots c JOIN ballot_log l ON l.seq = c.ballot_seq
   WHERE c.round_id = $1 AND l.kind = 'ballot'`;

/** The published data about the counted ballots: anonymised ballots and turnout counts. */
@Injectable()
export class BallotExportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async anonymousBallots(roundId: string): Promise<AnonymousBallot[]> {
    const rows: { number: number; district_code: string; district_plans: string[]; city_plans: string[] }[] = await this.dataSource.query(
      `${ANONYMOUS} ORDER BY 1`,
      [roundId],
    );
    return rows.map((r) => ({ number: r.number, districtCode: r.district_code, districtPlans: r.district_plans, cityPlans: r.city_plans }));
  }

  /**
   * Turnout in one query: counted ballots by district, by age band (age reached in the voting
   * year; under 18 goes in 12-17, the youngest band a round admits in practice) and by channel.
   * The channel is the counted entry's own.
   */
  async turnout(roundId: string, votingYear: number): Promise<BudgetingHttp.Turnout> {
    const rows: { part: 'district' | 'band' | 'channel'; key: string; n: number }[] = await this.dataSource.query(
      `WITH counted AS MATERIALIZED (
         SELECT l.district_code, l.channel,
                CASE WHEN l.birth_year IS NULL THEN 'unknown'
                     WHEN $2 - l.birth_year < 18 THEN '12-17'
                     WHEN $2 - l.birth_year < 30 THEN '18-29'
                     WHEN $2 - l.birth_year < 45 THEN '30-44'
                     WHEN $2 - l.birth_year < 65 THEN '45-64'
                     ELSE '65+' END AS band
           FROM counted_ballots c JOIN ballot_log l ON l.seq = c.ballot_seq
          WHERE c.round_id = $1 AND l.kind = 'ballot')
       SELECT 'district' AS part, district_code AS key, count(*)::int AS n FROM counted GROUP BY district_code
       UNION ALL SELECT 'band', band, count(*)::int FROM counted GROUP BY band
       UNION ALL SELECT 'channel', channel, count(*)::int FROM counted GROUP BY channel`,
      [roundId, votingYear],
    );
    const of = (part: string) => new Map(rows.filter((r) => r.part === part).map((r) => [r.key, r.n]));
    const districts = of('district');
    const bands = of('band');
    const channels = of('channel');
    return {
      ballots: [...districts.values()].reduce((a, b) => a + b, 0),
      byDistrict: [...districts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([code, ballots]) => ({ code, ballots })),
      byAgeBand: BUDGETING_AGE_BANDS.map((band) => ({ band, ballots: bands.get(band) ?? 0 })),
      byChannel: (['online', 'assisted', 'paper'] as const).map((channel) => ({ channel, ballots: channels.get(channel) ?? 0 })),
    };
  }
}

const BUDGETING_AGE_BANDS: readonly BudgetingHttp.AgeBand[] = BudgetingHttp.AGE_BANDS;
