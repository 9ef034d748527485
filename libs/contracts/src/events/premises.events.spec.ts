import { randomUUID } from 'node:crypto';
import { EventCatalogue } from '../event-catalogue';
import { PremisesEvents } from './premises.events';

function envelope(type: string, data: unknown) {
  return { specversion: '1.0', id: randomUUID(), source: 'vaikuta/grants', type, time: new Date().toISOString(), data };
}

const confirmed = {
  bookingId: randomUUID(),
  spaceId: randomUUID(),
  spaceName: 'Kallion liikuntasali',
  begin: '2027-06-15T15:00:00.000Z',
  end: '2027-06-15T17:00:00.000Z',
  bookerSub: 'booker-sv',
  access: 'opened_by_staff',
  confirmedAt: '2027-06-01T10:00:00.000Z',
};

/** `spaceNames` was added beside `spaceName`: events already on the stream still read. */
describe('premises events: the space named in each language', () => {
  it('reads an event written before spaceNames', () => {
    const event = EventCatalogue.validate(envelope(PremisesEvents.bookingConfirmed.type, confirmed));
    expect(event.data).toMatchObject({ spaceName: 'Kallion liikuntasali' });
    expect(event.data).not.toHaveProperty('spaceNames');
  });

  it('carries the names in the languages the space has', () => {
    const spaceNames = { fi: 'Kallion liikuntasali', sv: 'Berghälls idrottssal' };
    const event = EventCatalogue.validate(envelope(PremisesEvents.bookingConfirmed.type, { ...confirmed, spaceNames }));
    expect(event.data).toMatchObject({ spaceName: 'Kallion liikuntasali', spaceNames });
  });

  it('refuses names in no language, naming the field', () => {
    expect(() => EventCatalogue.validate(envelope(PremisesEvents.bookingConfirmed.type, { ...confirmed, spaceNames: {} }))).toThrow(/spaceNames/);
  });

  it('is on every premises event that names the space', () => {
    for (const definition of Object.values(PremisesEvents)) {
      const shape = (definition.schema as unknown as { shape: Record<string, unknown> }).shape;
      if ('spaceName' in shape) expect(shape).toHaveProperty('spaceNames');
    }
  });
});

const decided = {
  applicationId: randomUUID(),
  seasonId: randomUUID(),
  seasonName: 'Kevätkausi 2027',
  associationId: randomUUID(),
  applicantSub: 'chair-sv',
  spaceId: randomUUID(),
  weekday: 'mon',
  begins: '18:00',
  ends: '20:00',
  outcome: 'rejected',
  refusal: 'clash',
  decidedAt: '2027-01-10T08:00:00.000Z',
};

/** `seasonNames` was added beside `seasonName`: events already on the stream still read. */
describe('premises events: the season named in each language', () => {
  it('reads an event written before seasonNames', () => {
    const event = EventCatalogue.validate(envelope(PremisesEvents.seasonApplicationDecided.type, decided));
    expect(event.data).toMatchObject({ seasonName: 'Kevätkausi 2027' });
    expect(event.data).not.toHaveProperty('seasonNames');
  });

  it('carries the names in the languages the season has', () => {
    const seasonNames = { fi: 'Kevätkausi 2027', sv: 'Vårsäsong 2027' };
    const event = EventCatalogue.validate(envelope(PremisesEvents.seasonApplicationDecided.type, { ...decided, seasonNames }));
    expect(event.data).toMatchObject({ seasonName: 'Kevätkausi 2027', seasonNames });
  });

  it('refuses names in no language, naming the field', () => {
    expect(() => EventCatalogue.validate(envelope(PremisesEvents.seasonApplicationDecided.type, { ...decided, seasonNames: {} }))).toThrow(/seasonNames/);
  });

  it('is on every premises event that names the season', () => {
    const naming = Object.values(PremisesEvents).filter((d) => 'seasonName' in (d.schema as unknown as { shape: Record<string, unknown> }).shape);
    expect(naming.length).toBeGreaterThan(0);
    for (const definition of naming) expect((definition.schema as unknown as { shape: Record<string, unknown> }).shape).toHaveProperty('seasonNames');
  });
});
