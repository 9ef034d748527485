import type { PremisesHttp } from '@vaikuta/contracts';

/** The feeds' words in Finnish, Finland Swedish and English. */
export const calendarWords: Record<
  PremisesHttp.FeedLanguage,
  {
    busy: string;
    spaceCalendar: (space: string) => string;
    ownCalendar: string;
    access: Record<PremisesHttp.AccessType, string>;
    keyPickup: (where: string, when: string) => string;
    waiting: string;
  }
> = {
  fi: {
    busy: 'Varattu',
    spaceCalendar: (space) => `${space}: varaukset`,
    ownCalendar: 'Omat tilavaraukseni',
    access: {
      door_code: 'Ovikoodi: katso varauksesi tiedoista',
      key_pickup: 'Avain noudetaan',
      opened_by_staff: 'Henkilökunta avaa oven',
      unrestricted: 'Vapaa pääsy',
    },
    keyPickup: (where, when) => `Avain noudetaan: ${where}, ${when}`,
    waiting: 'Odottaa käsittelyä',
  },
  sv: {
    busy: 'Bokad',
    spaceCalendar: (space) => `${space}: bokningar`,
    ownCalendar: 'Mina lokalbokningar',
    access: {
      door_code: 'Dörrkod: se din bokning',
      key_pickup: 'Nyckeln hämtas',
      opened_by_staff: 'Personalen öppnar dörren',
      unrestricted: 'Fritt tillträde',
    },
    keyPickup: (where, when) => `Nyckeln hämtas: ${where}, ${when}`,
    waiting: 'Väntar på behandling',
  },
  en: {
    busy: 'Booked',
    spaceCalendar: (space) => `${space}: bookings`,
    ownCalendar: 'My space bookings',
    access: {
      door_code: 'Door code: see your booking',
      key_pickup: 'Pick up the key',
      opened_by_staff: 'Staff open the door',
      unrestricted: 'Open access',
    },
    keyPickup: (where, when) => `Pick up the key: ${where}, ${when}`,
    waiting: 'Waiting for approval',
  },
};

/** A text in the reader's language, else Finnish, Swedish or English. */
export function textIn(text: PremisesHttp.PremisesText, lang: PremisesHttp.FeedLanguage): string {
  return text[lang] || text.fi || text.sv || text.en || '';
}
