import { INestApplicationContext } from '@nestjs/common';
import type { AuthUser } from '@vaikuta/auth';
import type { PremisesHttp } from '@vaikuta/contracts';
import { BookingIntakeService } from '../bookings/booking-intake.service';
import { addDays, localInstant, readLocal } from '../bookings/helsinki-time';
import { SpaceRepository } from './space.repository';
import { SpaceService } from './space.service';

/** The demo premises manager and residents (the portal's dev sign-in knows demo-resident-aino). */
const MANAGER: AuthUser = { sub: 'demo-premises-manager', roles: ['premises_manager'], departments: [], associations: [] };
const AINO = 'demo-resident-aino';
const residentNamed = (sub: string): AuthUser => ({ sub, roles: ['resident'], departments: [], associations: [] });

const week = (weekdays: [string, string], weekend: [string, string] | null): PremisesHttp.OpeningHours['weekly'] => {
  const day = ([opens, closes]: [string, string]) => [{ opens, closes }];
  return {
    mon: day(weekdays),
    tue: day(weekdays),
    wed: day(weekdays),
    thu: day(weekdays),
    fri: day(weekdays),
    ...(weekend ? { sat: day(weekend), sun: day(weekend) } : {}),
  };
};

/** Public holidays the demo spaces close on, for this year and the next. */
function holidays(today: string): PremisesHttp.OpeningHours['exceptions'] {
  const year = Number(today.slice(0, 4));
  return [year, year + 1].flatMap((y) => [
    { date: `${y}-01-01`, periods: [], note: 'Uudenvuodenpäivä' },
    { date: `${y}-12-06`, periods: [], note: 'Itsenäisyyspäivä' },
    { date: `${y}-12-24`, periods: [], note: 'Jouluaatto' },
    { date: `${y}-12-25`, periods: [], note: 'Joulupäivä' },
  ]);
}

const RULES: PremisesHttp.BookingRules = {
  minDurationMinutes: 60,
  maxDurationMinutes: 180,
  startIntervalMinutes: 30,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 15,
  minDaysAhead: 0,
  maxDaysAhead: 90,
  maxActiveBookingsPerPerson: 4,
  whoMayBook: 'anyone',
  price: { kind: 'free' },
  cancellationDeadlineHours: 24,
};

function demoSpaces(today: string): PremisesHttp.SpaceRequest[] {
  const exceptions = holidays(today);
  return [
    {
      name: { fi: 'Kallion liikuntasali', sv: 'Berghälls idrottssal', en: 'Kallio sports hall' },
      unit: 'Liikuntapalvelut',
      address: 'Porvoonkatu 12, 00510 Helsinki',
      location: { lat: 60.1868, lon: 24.9503 },
      capacity: 60,
      accessibility: {
        features: ['step_free', 'accessible_toilet', 'lift'],
        description: { fi: 'Sisäänkäynti pihan puolelta, hissi saliin.', sv: 'Ingång från gården, hiss till salen.', en: 'Entrance from the yard, lift to the hall.' },
      },
      openingHours: { weekly: week(['07:00', '22:00'], ['09:00', '20:00']), exceptions },
      rules: { ...RULES, bufferBeforeMinutes: 15, bufferAfterMinutes: 15, price: { kind: 'hourly', cents: 2500 } },
      requiresApproval: false,
      accessType: 'door_code',
    },
    {
      name: { fi: 'Aleksis Kiven koulu, luokka 204', sv: 'Aleksis Kivi skola, klassrum 204', en: 'Aleksis Kivi School, classroom 204' },
      unit: 'Kasvatuksen ja koulutuksen toimiala',
      address: 'Kirstinkatu 2, 00510 Helsinki',
      location: { lat: 60.1901, lon: 24.9456 },
      capacity: 30,
      accessibility: { features: ['induction_loop'] },
      openingHours: { weekly: week(['16:00', '21:00'], null), exceptions },
      rules: { ...RULES, minDaysAhead: 2, cancellationDeadlineHours: 48 },
      requiresApproval: true,
      accessType: 'key_pickup',
      keyPickup: {
        where: { fi: 'Koulun vahtimestari, pääovi', sv: 'Skolans vaktmästare, huvudingången', en: "The school's caretaker, main door" },
        when: { fi: 'Arkisin klo 14–16 varauspäivänä', sv: 'Vardagar kl. 14–16 på bokningsdagen', en: 'Weekdays 14:00–16:00 on the day of the booking' },
      },
    },
    {
      name: { fi: 'Oodin kokoushuone Kuusi', sv: 'Odes mötesrum Gran', en: 'Oodi meeting room Spruce' },
      unit: 'Kirjastopalvelut',
      address: 'Töölönlahdenkatu 4, 00100 Helsinki',
      location: { lat: 60.1738, lon: 24.9381 },
      capacity: 12,
      accessibility: { features: ['step_free', 'accessible_toilet', 'induction_loop', 'lift'] },
      openingHours: { weekly: week(['08:00', '21:00'], ['10:00', '20:00']), exceptions },
      rules: { ...RULES, minDurationMinutes: 30, maxDurationMinutes: 240, maxActiveBookingsPerPerson: 2 },
      requiresApproval: false,
      accessType: 'opened_by_staff',
    },
    {
      name: { fi: 'Brahenkentän tekonurmi', sv: 'Brahe plans konstgräs', en: 'Brahe field artificial turf' },
      unit: 'Liikuntapalvelut',
      address: 'Helsinginkatu 25, 00510 Helsinki',
      location: { lat: 60.1862, lon: 24.9461 },
      capacity: 100,
      accessibility: { features: ['step_free', 'accessible_parking'] },
      openingHours: { weekly: week(['07:00', '22:00'], ['08:00', '22:00']), exceptions: [] },
      rules: { ...RULES, startIntervalMinutes: 60, maxDurationMinutes: 120, whoMayBook: 'associations', price: { kind: 'fixed', cents: 3000 } },
      requiresApproval: false,
      accessType: 'unrestricted',
    },
  ];
}

/** The first weekday that is no holiday, `days` or more from today, at a Helsinki time. */
function weekdayAt(today: string, days: number, minuteOfDay: number): Date {
  const closed = new Set(holidays(today).map((h) => h.date));
  let date = addDays(today, days);
  while (closed.has(date) || ['sat', 'sun'].includes(readLocal(localInstant(date, 12 * 60)!).weekday)) date = addDays(date, 1);
  return localInstant(date, minuteOfDay)!;
}

const HOUR = 3_600_000;

/**
 * The demo city's premises: one space of each access type (a sports hall with a door code, a
 * classroom with a key picked up, a meeting room staff open, an open field), and bookings made
 * through the real services (audit and events as in live use): Aino's confirmed hall booking and
 * classroom request, a maintenance block, a booking made by phone for another resident.
 * Idempotent: a space already there by its Finnish name is left alone, bookings with it.
 */
export async function seedDemoPremises(app: INestApplicationContext): Promise<string> {
  const spaces = app.get(SpaceService);
  const repository = app.get(SpaceRepository);
  const intake = app.get(BookingIntakeService);
  const today = readLocal(new Date()).date;
  const created: string[] = [];
  for (const request of demoSpaces(today)) {
    if (await repository.findByFinnishName(request.name.fi!)) continue;
    created.push((await spaces.create(request, MANAGER)).id);
  }
  if (created.length < 4) return created.length ? `premises: ${created.length} spaces added, no bookings` : 'premises: already seeded';
  const [hall, classroom, meetingRoom, field] = created;
  const at = (days: number, hh: number) => weekdayAt(today, days, hh * 60);
  const iso = (d: Date) => d.toISOString();
  await intake.book(hall, { begin: iso(at(3, 17)), end: iso(new Date(at(3, 17).getTime() + 1.5 * HOUR)), purpose: 'Sählyvuoro' }, residentNamed(AINO));
  await intake.block(hall, { begin: iso(at(3, 8)), end: iso(at(3, 12)), reason: 'Lattian huolto' }, MANAGER);
  await intake.book(classroom, { begin: iso(at(4, 18)), end: iso(at(4, 20)), purpose: 'Kuoroharjoitus' }, residentNamed(AINO));
  await intake.bookOnBehalf(meetingRoom, { begin: iso(at(2, 10)), end: iso(at(2, 11)), bookerSub: 'demo-resident-eero', purpose: 'Asukasyhdistyksen kokous' }, MANAGER);
  await intake.bookOnBehalf(field, { begin: iso(at(5, 18)), end: iso(at(5, 20)), bookerSub: 'demo-resident-eero' }, MANAGER);
  return 'premises: 4 spaces (door code, key pick-up, opened by staff, unrestricted), 4 bookings and a maintenance block';
}
