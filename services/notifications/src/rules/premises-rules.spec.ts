import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { PremisesEvents } from '@vaikuta/contracts';
import { attachmentsOf } from '../channels/channel';
import { TemplateRenderer } from '../templates/template-renderer';
import { LANGUAGES, ruleFor } from './notification-rules';
import { PREMISES_SAMPLE_VIEWS } from './premises-rules';

const context = { portalUrl: 'https://p', mailFrom: 'Vaikuta <no-reply@osallistu.example.fi>' };
const links = { unsubscribeUrl: 'https://u', unsubscribeAllUrl: 'https://a', preferencesUrl: 'https://pr' };
const renderer = new TemplateRenderer();
const bookingId = randomUUID();
// 17:00–19:00 in Helsinki in winter (UTC+2) and in summer (UTC+3).
const winter = { begin: '2027-01-15T15:00:00.000Z', end: '2027-01-15T17:00:00.000Z' };
const summer = { begin: '2027-06-15T14:00:00.000Z', end: '2027-06-15T16:00:00.000Z' };
const ref = { bookingId, spaceId: randomUUID(), spaceName: 'Kallion nuorisotalo, sali', ...winter, bookerSub: 'booker-1' };

/** The view a rule gives for an event (checked against the event's own schema first). */
function viewOf(definition: (typeof PremisesEvents)[keyof typeof PremisesEvents], data: Record<string, unknown>) {
  expect(definition.schema.safeParse(data).success).toBe(true);
  return ruleFor(definition.type)!.view!(data, context) as Record<string, unknown>;
}

/** The .ics attachment read with an independent parser: the calendar's method and its one event. */
function calendarOf(view: Record<string, unknown>) {
  const [attachment] = attachmentsOf(view);
  const calendar = new ICAL.Component(ICAL.parse(attachment.content));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  return {
    attachment,
    method: calendar.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue('status'),
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    zone: event.startDate.zone?.tzid,
    summary: event.summary,
    organizer: vevent.getFirstPropertyValue('organizer'),
    raw: attachment.content,
  };
}

describe('premises notification rules', () => {
  it('tells every booking step to the booker alone, by sub, at once, and keeps the sub out of the message', () => {
    const { bookingRequested, bookingConfirmed, bookingDenied, bookingCancelled, accessCodeIssued, accessCodeRevoked } = PremisesEvents;
    const bookingEvents = [bookingRequested, bookingConfirmed, bookingDenied, bookingCancelled, accessCodeIssued, accessCodeRevoked];
    for (const definition of bookingEvents) {
      const rule = ruleFor(definition.type)!;
      expect(rule.addressedTo!(ref)).toEqual(['booker-1']);
      expect(rule.immediate).toBe(true);
      expect(rule.topic).toBe('premises');
      expect(rule.itemKey(ref)).toBe(`premises-booking:${bookingId}`);
    }
    const confirmed = viewOf(PremisesEvents.bookingConfirmed, { ...ref, access: 'door_code', confirmedAt: '2027-01-02T10:00:00.000Z' });
    expect(JSON.stringify(confirmed)).not.toContain('booker-1');
  });

  it('confirms with the Helsinki time in each language and an .ics entry at the same instants, in winter and in summer', () => {
    for (const times of [winter, summer]) {
      const view = viewOf(PremisesEvents.bookingConfirmed, { ...ref, ...times, access: 'unrestricted', confirmedAt: '2027-01-02T10:00:00.000Z' });
      expect(view.when).toEqual({
        fi: expect.stringMatching(/ klo 17\.00–19\.00$/),
        sv: expect.stringMatching(/ kl\. 17\.00–19\.00$/),
        en: expect.stringMatching(/ 17:00–19:00$/),
      });
      const ics = calendarOf(view);
      expect(ics).toMatchObject({ method: 'PUBLISH', uid: `${bookingId}@premises.vaikuta`, sequence: 0, status: 'CONFIRMED', zone: 'Europe/Helsinki' });
      expect(ics.summary).toBe('Kallion nuorisotalo, sali');
      expect(ics.organizer).toBe('mailto:no-reply@osallistu.example.fi');
      expect([ics.start, ics.end]).toEqual([times.begin, times.end]);
      expect(ics.raw).toContain('DTSTART;TZID=Europe/Helsinki:');
      expect(ics.raw).toMatch(/DTSTART;TZID=Europe\/Helsinki:2027\d{4}T170000/);
      // DTSTAMP is the confirmation's own time, in UTC.
      expect(ics.raw).toContain('DTSTAMP:20270102T100000Z');
      expect(ics.raw).not.toContain('booker-1');
      expect(ics.attachment.contentType).toBe('text/calendar; charset=utf-8; method=PUBLISH');
    }
  });

  it('writes a booking that runs past midnight with both dates', () => {
    const view = viewOf(PremisesEvents.bookingConfirmed, { ...ref, begin: '2027-01-15T20:00:00.000Z', end: '2027-01-16T01:00:00.000Z', access: 'unrestricted', confirmedAt: '2027-01-02T10:00:00.000Z' });
    expect((view.when as Record<string, string>).fi).toBe('pe 15.1.2027 klo 22.00 – la 16.1.2027 klo 03.00');
  });

  it('says how the booker gets in: a code still to come, where the key is picked up, or staff opening the door', () => {
    const confirmed = (data: Record<string, unknown>, language: 'fi' | 'sv' | 'en' = 'fi') =>
      renderer.render('grants.booking_confirmed', language, viewOf(PremisesEvents.bookingConfirmed, { ...ref, confirmedAt: '2027-01-02T10:00:00.000Z', ...data }), links).text;
    expect(confirmed({ access: 'door_code' })).toContain('Tilan ovi avautuu koodilla. Saat erillisen viestin, kun koodi on valmis.');
    expect(confirmed({ access: 'opened_by_staff' }, 'sv')).toContain('Personalen öppnar lokalens dörr för dig.');
    expect(confirmed({ access: 'key_pickup' }, 'en')).toContain('The key is picked up before the booking. Where and when is on your booking’s page.');
    // An event that carries the space's pick-up words: they are in the message, in the reader's language.
    const keyPickup = { where: { fi: 'Kirjaston asiakaspalvelu', sv: 'Bibliotekets kundtjänst' }, when: { fi: 'arkisin 9–16' } };
    expect(confirmed({ access: 'key_pickup', keyPickup }, 'sv')).toContain('Nyckeln hämtas före bokningen: Bibliotekets kundtjänst, arkisin 9–16.');
    expect(confirmed({ access: 'unrestricted' })).not.toMatch(/koodi|Avain|Henkilökunta/);
    expect(confirmed({ access: 'door_code' })).toContain(`https://p/premises/bookings/${bookingId}?lang=fi`);
  });

  it('tells a denial with its reason', () => {
    const view = viewOf(PremisesEvents.bookingDenied, { ...ref, reason: 'Salissa on kunnostustöitä.', deniedAt: '2027-01-02T10:00:00.000Z' });
    const text = renderer.render('grants.booking_denied', 'en', view, links).text;
    expect(text).toContain('unfortunately your booking request was declined:');
    expect(text).toMatch(/Reason:\nSalissa on kunnostustöitä\./);
  });

  it('tells who cancelled and sends a METHOD:CANCEL entry with the confirmation’s UID', () => {
    const byStaff = viewOf(PremisesEvents.bookingCancelled, { ...ref, by: 'staff', reason: 'Vesivahinko.', cancelledAt: '2027-01-10T08:00:00.000Z' });
    const staffText = renderer.render('grants.booking_cancelled', 'fi', byStaff, links).text;
    expect(staffText).toContain('tilan hoitaja on perunut varauksesi:');
    expect(staffText).toMatch(/Syy:\nVesivahinko\./);
    expect(staffText).not.toContain('perumisesi on vastaanotettu');
    const byBooker = viewOf(PremisesEvents.bookingCancelled, { ...ref, by: 'booker', cancelledAt: '2027-01-10T08:00:00.000Z' });
    const bookerText = renderer.render('grants.booking_cancelled', 'sv', byBooker, links).text;
    expect(bookerText).toContain('din avbokning har tagits emot.');
    expect(bookerText).not.toMatch(/den som sköter lokalen|Orsak/);

    const confirmed = calendarOf(viewOf(PremisesEvents.bookingConfirmed, { ...ref, access: 'door_code', confirmedAt: '2027-01-02T10:00:00.000Z' }));
    const cancelled = calendarOf(byStaff);
    expect(cancelled).toMatchObject({ method: 'CANCEL', uid: confirmed.uid, sequence: 1, status: 'CANCELLED', start: ref.begin, end: ref.end, organizer: confirmed.organizer });
    expect(cancelled.attachment.contentType).toBe('text/calendar; charset=utf-8; method=CANCEL');
  });

  it('tells the code is ready, when it works and where to read it signed in; and that it was revoked', () => {
    const accessUrl = `https://portal.example/premises/bookings/${bookingId}`;
    const issued = viewOf(PremisesEvents.accessCodeIssued, {
      ...ref,
      validFrom: '2027-01-15T14:45:00.000Z',
      validUntil: '2027-01-15T17:15:00.000Z',
      accessUrl,
      issuedAt: '2027-01-02T10:01:00.000Z',
    });
    const text = renderer.render('grants.access_code_issued', 'fi', issued, links).text;
    expect(text).toContain('Koodi toimii pe 15.1.2027 klo 16.45–19.15.');
    expect(text).toContain('Näet ovikoodin varauksesi sivulla, kun olet kirjautunut.');
    expect(text).toContain(`${accessUrl}?lang=fi`);
    // The code's message is the door-code booking's confirmation: it carries the calendar entry.
    expect(renderer.render('grants.access_code_issued', 'en', issued, links).subject).toBe('Your booking is confirmed, with its door code: Kallion nuorisotalo, sali, Fri 15.1.2027 17:00–19:00');
    expect(calendarOf(issued)).toMatchObject({ method: 'PUBLISH', uid: `${bookingId}@premises.vaikuta`, status: 'CONFIRMED' });
    const revoked = viewOf(PremisesEvents.accessCodeRevoked, { ...ref, revokedAt: '2027-01-10T08:00:01.000Z' });
    expect(renderer.render('grants.access_code_revoked', 'en', revoked, links).subject).toBe('The door code no longer works: Kallion nuorisotalo, sali, Fri 15.1.2027 17:00–19:00');
  });

  it('sends no confirmation for a week a season booked: the season’s own message tells the series', () => {
    const rule = ruleFor(PremisesEvents.bookingConfirmed.type)!;
    const confirmed = { ...ref, access: 'key_pickup', confirmedAt: '2027-01-02T10:00:00.000Z' };
    expect(PremisesEvents.bookingConfirmed.schema.safeParse({ ...confirmed, seasonApplicationId: randomUUID() }).success).toBe(true);
    expect(rule.when!({ ...confirmed, seasonApplicationId: randomUUID() })).toBe(false);
    // Nor for a door-code booking: the code's message confirms it, with the code and the calendar entry.
    expect(rule.when!({ ...confirmed, access: 'door_code' })).toBe(false);
    expect(rule.when!(confirmed)).toBe(true);
    expect(rule.when!(confirmed)).toBe(true);
  });

  it('lists a season’s weeks in each language with one weekly .ics entry that skips the weeks not booked', () => {
    const applicationId = randomUUID();
    const decided = {
      applicationId,
      seasonId: randomUUID(),
      seasonName: 'Kevätkausi 2027',
      associationId: randomUUID(),
      applicantSub: 'chair',
      spaceId: randomUUID(),
      spaceName: 'Kallion nuorisotalo, sali',
      weekday: 'mon',
      begins: '18:00',
      ends: '20:00',
      outcome: 'allocated',
      refusal: null,
      // Across the spring clock change (28.3.2027); Easter Monday closed.
      weeks: [
        { date: '2027-03-22', booked: true, note: null },
        { date: '2027-03-29', booked: false, note: 'Toinen pääsiäispäivä' },
        { date: '2027-04-05', booked: true, note: null },
      ],
      decidedAt: '2027-01-10T08:00:00.000Z',
    };
    const view = viewOf(PremisesEvents.seasonApplicationDecided, decided);
    const rendered = Object.fromEntries(LANGUAGES.map((l) => [l, renderer.render('grants.season_application_decided', l, view, links)]));
    expect(rendered.fi.text).toContain('Vuoro varataan yhdistyksellenne näinä päivinä (2 kertaa):\n- 22.3.2027\n- 5.4.2027');
    expect(rendered.sv.text).toContain('Dessa dagar finns ingen tur:\n- 29.3.2027 (Toinen pääsiäispäivä)');
    expect(rendered.en.html).toContain('<li>5.4.2027</li>');
    const calendar = calendarOf(view);
    expect(calendar).toMatchObject({ method: 'PUBLISH', uid: `${applicationId}@premises-season.vaikuta`, zone: 'Europe/Helsinki', summary: 'Kallion nuorisotalo, sali (Kevätkausi 2027)' });
    expect(calendar.raw).toContain('RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(calendar.raw)).getFirstSubcomponent('vevent')!);
    const starts: string[] = [];
    const iterator = event.iterator();
    for (let next = iterator.next(); next; next = iterator.next()) starts.push(next.toJSDate().toISOString());
    // 18:00 in Helsinki in winter (UTC+2), then in summer (UTC+3).
    expect(starts).toEqual(['2027-03-22T16:00:00.000Z', '2027-04-05T15:00:00.000Z']);
    expect(calendar.end).toBe('2027-03-22T18:00:00.000Z');
  });

  it('attaches no calendar entry to a refused season slot', () => {
    const view = viewOf(PremisesEvents.seasonApplicationDecided, {
      applicationId: randomUUID(), seasonId: randomUUID(), seasonName: 'Kevätkausi 2027', associationId: randomUUID(), applicantSub: 'chair',
      spaceId: randomUUID(), weekday: 'mon', begins: '18:00', ends: '20:00', outcome: 'rejected', refusal: 'clash', decidedAt: '2027-01-10T08:00:00.000Z',
    });
    expect(attachmentsOf(view)).toEqual([]);
  });

  it('names the space in the view’s language (the planner makes one per language), else in Finnish, else by spaceName', () => {
    const spaceNames = { fi: 'Kallion liikuntasali', sv: 'Berghälls idrottssal' };
    const viewIn = (language: 'fi' | 'sv' | 'en', definition: (typeof PremisesEvents)[keyof typeof PremisesEvents], data: Record<string, unknown>) => {
      expect(definition.schema.safeParse(data).success).toBe(true);
      return ruleFor(definition.type)!.view!(data, { ...context, language }) as Record<string, unknown>;
    };
    const issued = {
      ...ref, spaceName: 'Kallion liikuntasali', spaceNames, validFrom: winter.begin, validUntil: winter.end,
      accessUrl: `https://p/premises/bookings/${bookingId}`, issuedAt: '2027-01-10T08:00:00.000Z',
    };
    const sv = viewIn('sv', PremisesEvents.accessCodeIssued, issued);
    expect(sv).toMatchObject({ spaceName: 'Berghälls idrottssal', summary: 'Berghälls idrottssal, fre 15.1.2027 kl. 17.00–19.00' });
    expect(calendarOf(sv).summary).toBe('Berghälls idrottssal');
    expect(viewIn('en', PremisesEvents.accessCodeIssued, issued).spaceName).toBe('Kallion liikuntasali');
    // An event from before spaceNames: its one name.
    const { spaceNames: _, ...older } = issued;
    expect(viewIn('sv', PremisesEvents.accessCodeIssued, older).spaceName).toBe('Kallion liikuntasali');

    const season = {
      applicationId: randomUUID(), seasonId: randomUUID(), seasonName: 'Kevätkausi 2027', applicantSub: 'chair',
      spaceName: 'Kallion liikuntasali', spaceNames, weekday: 'mon', begins: '18:00', ends: '20:00',
    };
    const decided = viewIn('sv', PremisesEvents.seasonApplicationDecided, {
      ...season, associationId: randomUUID(), spaceId: randomUUID(), outcome: 'allocated', refusal: null,
      weeks: [{ date: '2027-03-22', booked: true, note: null }], decidedAt: '2027-01-10T08:00:00.000Z',
    });
    expect(decided.spaceName).toBe('Berghälls idrottssal');
    expect(calendarOf(decided).summary).toBe('Berghälls idrottssal (Kevätkausi 2027)');
    const seriesCancelled = viewIn('sv', PremisesEvents.seasonSeriesCancelled, {
      ...season, dates: ['2027-03-22'], cancelledDates: ['2027-03-22'], whole: true, cancelledAt: '2027-03-01T08:00:00.000Z',
    });
    expect(seriesCancelled.spaceName).toBe('Berghälls idrottssal');
    expect(calendarOf(seriesCancelled).summary).toBe('Berghälls idrottssal (Kevätkausi 2027)');
  });

  it('names the season in the view’s language, else in Finnish, else by seasonName (series cancellation too)', () => {
    const viewIn = (language: 'fi' | 'sv' | 'en', definition: (typeof PremisesEvents)[keyof typeof PremisesEvents], data: Record<string, unknown>) => {
      expect(definition.schema.safeParse(data).success).toBe(true);
      return ruleFor(definition.type)!.view!(data, { ...context, language }) as Record<string, unknown>;
    };
    const seasonNames = { fi: 'Kevätkausi 2027', sv: 'Vårsäsong 2027' };
    const cancelled = {
      applicationId: randomUUID(), seasonId: randomUUID(), seasonName: 'Kevätkausi 2027', seasonNames, applicantSub: 'chair',
      spaceName: 'Kallion liikuntasali', weekday: 'mon', begins: '18:00', ends: '20:00',
      dates: ['2027-03-22'], cancelledDates: ['2027-03-22'], whole: true, cancelledAt: '2027-03-01T08:00:00.000Z',
    };
    const sv = viewIn('sv', PremisesEvents.seasonSeriesCancelled, cancelled);
    expect(sv).toMatchObject({ seasonName: 'Vårsäsong 2027', summary: 'Vårsäsong 2027' });
    expect(calendarOf(sv).summary).toBe('Kallion liikuntasali (Vårsäsong 2027)');
    expect(viewIn('en', PremisesEvents.seasonSeriesCancelled, cancelled).seasonName).toBe('Kevätkausi 2027');
    // An event from before seasonNames: its one name.
    const { seasonNames: _, ...older } = cancelled;
    expect(viewIn('sv', PremisesEvents.seasonSeriesCancelled, older).seasonName).toBe('Kevätkausi 2027');
  });

  it('has every premises template in fi, sv and en, and each renders its sample without leaving a blank', () => {
    for (const [template, view] of Object.entries(PREMISES_SAMPLE_VIEWS)) {
      for (const language of LANGUAGES) {
        const message = renderer.render(template, language, view, links);
        expect(message.subject).not.toMatch(/, $|: ,|undefined/);
        expect(message.text).not.toMatch(/undefined|\n\n\n/);
        expect(message.text).toContain(`?lang=${language}`);
      }
    }
  });
});
