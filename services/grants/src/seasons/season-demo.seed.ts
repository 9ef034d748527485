import { INestApplicationContext } from '@nestjs/common';
import type { AuthUser } from '@vaikuta/auth';
import { readLocal } from '../bookings/helsinki-time';
import { SpaceRepository } from '../spaces/space.repository';
import { SeasonRepository } from './season.repository';
import { SeasonService } from './season.service';

const MANAGER: AuthUser = { sub: 'demo-premises-manager', roles: ['premises_manager'], departments: [], associations: [] };
const NAME = 'Kevätkausi (demo)';

/**
 * The demo's season in allocation: next spring on the sports hall and the field, the demo
 * associations' weekly slots (one losing a clash to an earlier application, one outside the
 * hall's hours), allocated but not published, so a manager can look, re-allocate and publish.
 * Made through the service; idempotent by the season's Finnish name.
 */
export async function seedDemoSeason(app: INestApplicationContext, applicants: readonly { associationId: string; representativeSub: string }[]): Promise<string> {
  const seasons = app.get(SeasonService);
  if (await app.get(SeasonRepository).findByFinnishName(NAME)) return 'season: already seeded';
  const spaces = app.get(SpaceRepository);
  const hall = await spaces.findByFinnishName('Kallion liikuntasali');
  const field = await spaces.findByFinnishName('Brahenkentän tekonurmi');
  if (!hall || !field || applicants.length < 2) return 'season: no demo spaces or associations to use';
  const year = Number(readLocal(new Date()).date.slice(0, 4)) + 1;
  const season = await seasons.create(
    {
      name: { fi: NAME, sv: 'Vårsäsong (demo)', en: 'Spring season (demo)' },
      spaceIds: [hall.id, field.id],
      startsOn: `${year}-01-11`,
      endsOn: `${year}-05-16`,
      skipDates: [`${year}-02-22`, `${year}-02-23`, `${year}-02-24`, `${year}-02-25`, `${year}-02-26`],
    },
    MANAGER,
  );
  const [first, second, third = first] = applicants;
  const as = (a: { representativeSub: string }): AuthUser => ({ sub: a.representativeSub, roles: ['resident'], departments: [], associations: [] });
  const wishes = [
    { who: first, spaceId: hall.id, weekday: 'tue' as const, begins: '17:00', ends: '18:30', purpose: 'Juniorisählyn harjoitukset' },
    { who: second, spaceId: hall.id, weekday: 'tue' as const, begins: '18:00', ends: '19:30', purpose: 'Aikuisten lentopallo' },
    { who: second, spaceId: field.id, weekday: 'thu' as const, begins: '18:00', ends: '20:00', purpose: 'Jalkapallotreenit' },
    { who: third, spaceId: hall.id, weekday: 'wed' as const, begins: '21:00', ends: '23:00', purpose: 'Iltatanssi' },
  ];
  for (const { who, ...wish } of wishes) await seasons.apply(season.id, { associationId: who.associationId, ...wish }, as(who));
  await seasons.allocate(season.id, { version: season.version }, MANAGER);
  return `season: "${NAME}" with ${wishes.length} applications, allocated`;
}
