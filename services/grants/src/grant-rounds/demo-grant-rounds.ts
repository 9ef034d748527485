import type { INestApplicationContext } from '@nestjs/common';
import type { AuthUser } from '@vaikuta/auth';
import type { GrantsHttp } from '@vaikuta/contracts';
import { Clock } from '@vaikuta/domain';
import { GrantRoundRepository } from './grant-round.repository';
import { GrantRoundService } from './grant-round.service';
import { dateInHelsinki } from './vuosikello';

const OFFICER: AuthUser = { sub: 'demo-grants_officer-liisa', roles: ['grants_officer'], departments: [], associations: [] };
const DAY = 24 * 60 * 60 * 1000;

/** A wall-clock time in Helsinki as an ISO time with its offset (+02:00 in winter, +03:00 in summer). */
export function helsinkiTime(date: string, time: string): string {
  const offset = ['+02:00', '+03:00'].find((o) => {
    const at = new Date(`${date}T${time}:00${o}`);
    return dateInHelsinki(at) === date && at.toLocaleTimeString('en-GB', { timeZone: 'Europe/Helsinki', hour: '2-digit', minute: '2-digit' }) === time;
  });
  return `${date}T${time}:00${offset ?? '+02:00'}`;
}

const label = (fi: string, sv: string, en: string) => ({ fi, sv, en });

/**
 * This year's rounds of the demo city: the project grants open now (opened two weeks ago,
 * close in a month), next year's operating grants in the autumn, premises grants in the
 * spring and the small grants taken continuously until the end of November.
 */
function demoRounds(today: Date): GrantsHttp.CreateGrantRoundRequest[] {
  const year = Number(dateInHelsinki(today).slice(0, 4));
  const culture = { department: 'KUVA', continuous: false, requiredAttachments: [], formFields: [], criteria: [] };
  return [
    {
      ...culture,
      type: 'project',
      title: label(`Projektiavustukset ${year}`, `Projektunderstöd ${year}`, `Project grants ${year}`),
      description: label(
        'Avustusta yhdistysten ja ryhmien kertaluonteisiin hankkeisiin, jotka tuovat kaupunkilaisia yhteen.',
        'Understöd för föreningars och gruppers engångsprojekt som för stadsborna samman.',
        'Grants for one-off projects by associations and groups that bring residents together.',
      ),
      budgetCents: 15_000_000,
      opensAt: helsinkiTime(dateInHelsinki(new Date(today.getTime() - 14 * DAY)), '09:00'),
      closesAt: helsinkiTime(dateInHelsinki(new Date(today.getTime() + 30 * DAY)), '16:00'),
      reportDue: `${year + 1}-05-31`,
      criteria: [
        { key: 'impact', label: label('Vaikuttavuus', 'Effekt', 'Impact'), weight: 40 },
        { key: 'reach', label: label('Tavoittavuus', 'Räckvidd', 'Reach'), weight: 30 },
        { key: 'feasibility', label: label('Toteutettavuus', 'Genomförbarhet', 'Feasibility'), weight: 30 },
      ],
      requiredAttachments: [
        { key: 'budget', label: label('Talousarvio', 'Budget', 'Budget') },
        { key: 'plan', label: label('Toimintasuunnitelma', 'Verksamhetsplan', 'Plan of action') },
      ],
      formFields: [
        { key: 'summary', label: label('Hankkeen kuvaus', 'Beskrivning av projektet', 'About the project'), kind: 'text', required: true },
        { key: 'participants', label: label('Osallistujia arviolta', 'Uppskattat antal deltagare', 'Expected participants'), kind: 'number', required: true },
        { key: 'starts_on', label: label('Alkamispäivä', 'Startdatum', 'Start date'), kind: 'date', required: false },
        {
          key: 'audience',
          label: label('Pääasiallinen kohderyhmä', 'Huvudsaklig målgrupp', 'Main audience'),
          kind: 'choice',
          required: true,
          choices: [
            { value: 'children', label: label('Lapset', 'Barn', 'Children') },
            { value: 'youth', label: label('Nuoret', 'Unga', 'Young people') },
            { value: 'adults', label: label('Aikuiset', 'Vuxna', 'Adults') },
            { value: 'seniors', label: label('Ikäihmiset', 'Äldre', 'Older people') },
            { value: 'everyone', label: label('Kaikki', 'Alla', 'Everyone') },
          ],
        },
      ],
    },
    {
      ...culture,
      type: 'operating',
      title: label(`Toiminta-avustukset ${year + 1}`, `Verksamhetsunderstöd ${year + 1}`, `Operating grants ${year + 1}`),
      budgetCents: 60_000_000,
      opensAt: helsinkiTime(`${year}-09-01`, '09:00'),
      closesAt: helsinkiTime(`${year}-10-15`, '16:00'),
      reportDue: `${year + 2}-04-30`,
      criteria: [
        { key: 'activity', label: label('Toiminnan laajuus', 'Verksamhetens omfattning', 'Extent of activity'), weight: 50 },
        { key: 'members', label: label('Jäsenmäärä ja avoimuus', 'Medlemmar och öppenhet', 'Members and openness'), weight: 50 },
      ],
      requiredAttachments: [
        { key: 'annual_report', label: label('Toimintakertomus', 'Verksamhetsberättelse', 'Annual report') },
        { key: 'financial_statements', label: label('Tilinpäätös', 'Bokslut', 'Financial statements') },
      ],
    },
    {
      ...culture,
      type: 'premises',
      title: label(`Tila-avustukset ${year}`, `Lokalunderstöd ${year}`, `Premises grants ${year}`),
      department: 'KUVA',
      budgetCents: 20_000_000,
      opensAt: helsinkiTime(`${year}-02-01`, '09:00'),
      closesAt: helsinkiTime(`${year}-03-15`, '16:00'),
      reportDue: `${year + 1}-03-31`,
      requiredAttachments: [{ key: 'lease', label: label('Vuokrasopimus', 'Hyresavtal', 'Lease') }],
    },
    {
      ...culture,
      type: 'small',
      title: label(`Pienavustukset ${year}`, `Småunderstöd ${year}`, `Small grants ${year}`),
      budgetCents: 3_000_000,
      continuous: true,
      opensAt: helsinkiTime(`${year}-01-02`, '09:00'),
      closesAt: helsinkiTime(`${year}-11-30`, '16:00'),
      reportDue: null,
    },
  ];
}

/**
 * The demo rounds, announced through the real service by a demo officer; answers the titles
 * added and the open project round's id. Idempotent: a round of the same title is left alone.
 */
export async function seedDemoGrantRounds(app: INestApplicationContext): Promise<{ added: string[]; projectRoundId: string | null }> {
  const rounds = app.get(GrantRoundService);
  const repository = app.get(GrantRoundRepository);
  const added: string[] = [];
  let projectRoundId: string | null = null;
  for (const round of demoRounds(app.get(Clock).now())) {
    let [{ id } = { id: null as string | null }] = await repository.withTitle(round.title.fi);
    if (!id) {
      id = (await rounds.create(round, OFFICER)).id;
      added.push(round.title.fi);
    }
    if (round.type === 'project') projectRoundId = id;
  }
  return { added, projectRoundId };
}
