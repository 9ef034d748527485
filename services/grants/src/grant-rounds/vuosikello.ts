import type { GrantsHttp } from '@vaikuta/contracts';
import type { GrantRoundEntity } from './grant-round.entity';

const helsinkiDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date of an instant in Helsinki (YYYY-MM-DD): a deadline at 23:30 UTC is the next day there. */
export function dateInHelsinki(at: Date): string {
  return helsinkiDate.format(at);
}

/**
 * The vuosikello of a year: each round's opening, closing and report deadline that falls in
 * the year (by the Helsinki date), in date order; an opening before a closing on the same day.
 */
export function vuosikelloEntries(rounds: readonly GrantRoundEntity[], year: number): GrantsHttp.CalendarEntry[] {
  const order: Record<GrantsHttp.CalendarEntryKind, number> = { opens: 0, closes: 1, report_due: 2 };
  const entries = rounds.flatMap((r) => {
    const of = (kind: GrantsHttp.CalendarEntryKind, at: string, date: string): GrantsHttp.CalendarEntry => ({
      roundId: r.id,
      kind,
      at,
      date,
      type: r.type,
      title: r.title,
      department: r.department,
    });
    return [
      of('opens', r.opensAt.toISOString(), dateInHelsinki(r.opensAt)),
      ...(r.closesAt ? [of('closes', r.closesAt.toISOString(), dateInHelsinki(r.closesAt))] : []),
      ...(r.reportDue ? [of('report_due', r.reportDue, r.reportDue)] : []),
    ];
  });
  return entries
    .filter((e) => e.date.startsWith(`${year}-`))
    .sort((a, b) => a.date.localeCompare(b.date) || order[a.kind] - order[b.kind] || a.at.localeCompare(b.at) || a.roundId.localeCompare(b.roundId));
}
