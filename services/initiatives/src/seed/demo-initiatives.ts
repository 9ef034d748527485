import { INestApplicationContext } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { InitiativesHttp } from '@vaikuta/contracts';
import { z } from 'zod';
import { InitiativeCaseService } from '../initiatives/initiative-case.service';
import { InitiativeFilingService } from '../initiatives/initiative-filing.service';
import { InitiativeRepository } from '../initiatives/initiative.repository';

const SEEDER: AuthUser = { sub: 'demo-seed', roles: ['admin'], departments: [], associations: [] };
const DAY = 24 * 60 * 60 * 1000;

type Stage = 'filed' | 'registered' | 'assigned' | 'statements_requested' | 'proposed' | 'decided' | 'measures_taken' | 'closed' | 'inadmissible' | 'withdrawn';

interface DemoInitiative {
  type: InitiativesHttp.InitiativeType;
  advocacyBody?: InitiativesHttp.AdvocacyBody;
  language: 'fi' | 'sv' | 'en';
  title: { fi: string; sv: string; en: string };
  body: string;
  initiator: string;
  namePublic?: boolean;
  coSigners?: string[];
  daysAgo: number;
  supports?: number;
  department?: string;
  stage: Stage;
  ahjoCaseId?: string;
}

/** The demo city's initiatives: every type and every stage, titles in fi, sv and en (our own writing). */
const DEMO: DemoInitiative[] = [
  {
    type: 'council_member', language: 'fi', stage: 'proposed', daysAgo: 200, department: 'KYMP', ahjoCaseId: 'HEL-2026-000900',
    title: { fi: 'Koirapuisto Malmille', sv: 'Hundpark i Malm', en: 'A dog park for Malmi' },
    body: 'Esitämme, että kaupunki rakentaa aidatun koirapuiston Malmin puistoon.', initiator: 'Valtuutettu Maija Mäkinen', coSigners: ['Valtuutettu Juha Järvinen', 'Ledamot Sara Sjöberg'],
  },
  {
    type: 'resident', language: 'fi', stage: 'measures_taken', daysAgo: 330, department: 'KYMP', supports: 12,
    title: { fi: 'Lisää pyöräpysäköintiä Kallioon', sv: 'Mer cykelparkering i Berghäll', en: 'More bike parking in Kallio' },
    body: 'Kallion kaduilla ei ole tarpeeksi pyörätelineitä. Ehdotamme 200 uutta telinettä.', initiator: 'Kaisa Kallio', namePublic: true,
  },
  {
    type: 'resident', language: 'sv', stage: 'statements_requested', daysAgo: 60, department: 'KUVA', supports: 10_500,
    title: { fi: 'Maksuton uimahalli alle 18-vuotiaille', sv: 'Avgiftsfri simhall för unga under 18 år', en: 'Free swimming for under-18s' },
    body: 'Unga under 18 år ska få simma gratis i stadens simhallar på vardagar.', initiator: 'Mikael Lindström',
  },
  {
    type: 'advocacy_body', advocacyBody: 'nuorisovaltuusto', language: 'fi', stage: 'assigned', daysAgo: 40, department: 'KUVA',
    title: { fi: 'Nuorisotila Kannelmäkeen', sv: 'En ungdomsgård i Gamlas', en: 'A youth centre for Kannelmäki' },
    body: 'Nuorisoneuvosto esittää, että Kannelmäkeen avataan nuorisotila iltaisin ja viikonloppuisin.', initiator: 'Helsingin nuorisoneuvosto',
  },
  {
    type: 'advocacy_body', advocacyBody: 'vanhusneuvosto', language: 'sv', stage: 'decided', daysAgo: 250, department: 'SOTE',
    title: { fi: 'Penkkejä Töölönlahden rantareitille', sv: 'Fler bänkar längs Tölöviken', en: 'More benches along Töölönlahti' },
    body: 'Äldrerådet föreslår fler bänkar längs promenadstigen runt Tölöviken.', initiator: 'Äldrerådet',
  },
  {
    type: 'advocacy_body', advocacyBody: 'vammaisneuvosto', language: 'en', stage: 'registered', daysAgo: 15,
    title: { fi: 'Esteetön sisäänkäynti pääkirjastoon', sv: 'Tillgänglig ingång till huvudbiblioteket', en: 'A step-free entrance to the central library' },
    body: 'The disability council proposes a step-free side entrance with an automatic door at the central library.', initiator: 'Disability council',
  },
  {
    type: 'resident', language: 'en', stage: 'filed', daysAgo: 3, supports: 4,
    title: { fi: 'Englanninkieliset kyltit satamaan', sv: 'Engelska skyltar i hamnen', en: 'English signs at the harbour' },
    body: 'Visitors and new residents cannot read the Finnish-only signs at the West Harbour. Please add English.', initiator: 'Alex Smith',
  },
  {
    type: 'council_member', language: 'sv', stage: 'closed', daysAgo: 400, department: 'KYMP',
    title: { fi: 'Kaksikielinen leikkipuisto Kruununhakaan', sv: 'En tvåspråkig lekpark i Kronohagen', en: 'A bilingual playground in Kruununhaka' },
    body: 'Vi föreslår en lekpark med skyltar på finska och svenska i Kronohagen.', initiator: 'Ledamot Sara Sjöberg',
  },
  {
    type: 'resident', language: 'fi', stage: 'inadmissible', daysAgo: 90,
    title: { fi: 'Valtion rautatieaseman remontti', sv: 'Renovering av statens järnvägsstation', en: 'Renovating the state railway station' },
    body: 'Rautatieasema pitää remontoida.', initiator: 'Matti Meikäläinen',
  },
  {
    type: 'resident', language: 'fi', stage: 'withdrawn', daysAgo: 120,
    title: { fi: 'Kesäkatu Fredrikinkadulle', sv: 'Sommargata på Fredriksgatan', en: 'A summer street on Fredrikinkatu' },
    body: 'Fredrikinkatu kävelykaduksi kesäisin.', initiator: 'Liisa Laine',
  },
];

/**
 * Fills in the demo city's initiatives once (idempotent: nothing when they are there), each
 * taken through the real steps, so timelines, audit rows and events are what a preparer makes.
 */
export async function seedDemoInitiatives(app: INestApplicationContext): Promise<string> {
  const repository = app.get(InitiativeRepository);
  if ((await repository.countCreatedBy(SEEDER.sub)) > 0) return 'demo initiatives already there';
  const filing = app.get(InitiativeFilingService);
  const cases = app.get(InitiativeCaseService);
  const ids: string[] = [];
  for (const d of DEMO) {
    const filed = await filing.fileOnPaper(
      {
        type: d.type,
        ...(d.advocacyBody ? { advocacyBody: d.advocacyBody } : {}),
        language: d.language,
        title: d.title[d.language],
        body: d.body,
        initiatorName: d.initiator,
        namePublic: d.namePublic ?? false,
        coSigners: d.coSigners ?? [],
        filedAt: new Date(Date.now() - d.daysAgo * DAY).toISOString(),
        supportCount: d.supports ?? 1,
      } satisfies z.input<typeof InitiativesHttp.paperInitiativeRequest> as z.infer<typeof InitiativesHttp.paperInitiativeRequest>,
      SEEDER,
    );
    await repository.setTitle(filed.id, d.title);
    await advance(cases, filed.id, filed.version, d);
    ids.push(filed.id);
  }
  // The last resident one is handled together with the first council initiative.
  const lastFiled = (await repository.find(ids[6]))!;
  await cases.combine(ids[6], { version: lastFiled.version, intoId: ids[0] }, SEEDER);
  return `${ids.length} demo initiatives created`;
}

async function advance(cases: InitiativeCaseService, id: string, version: number, d: DemoInitiative): Promise<void> {
  const order: Stage[] = ['registered', 'assigned', 'statements_requested', 'proposed', 'decided', 'measures_taken', 'closed'];
  let v = version;
  if (d.stage === 'inadmissible') {
    await cases.inadmissible(id, { version: v, reason: 'Asia ei kuulu kunnan päätösvaltaan: rautatieasemat ovat valtion.' }, SEEDER);
    return;
  }
  if (d.stage === 'withdrawn') {
    await cases.withdraw(id, { version: v, reason: 'Aloitteen tekijä peruutti aloitteen.' }, SEEDER);
    return;
  }
  const target = order.indexOf(d.stage as (typeof order)[number]);
  for (const step of order.slice(0, target + 1)) {
    const department = d.department ?? 'KYMP';
    const done =
      step === 'registered' ? await cases.register(id, { version: v }, SEEDER)
      : step === 'assigned' ? await cases.assign(id, { version: v, departmentCode: department, preparerId: 'demo-preparer' }, SEEDER)
      : step === 'statements_requested' ? await cases.requestStatement(id, { version: v, requestedFrom: department === 'KUVA' ? 'KYMP' : 'KUVA', dueAt: new Date(Date.now() + 14 * DAY).toISOString() }, SEEDER)
      : step === 'proposed' ? await cases.propose(id, { version: v, body: d.type === 'council_member' ? 'valtuusto' : 'lautakunta', proposal: 'Valmistelija esittää aloitteen toteuttamista talousarvion puitteissa.' }, SEEDER)
      : step === 'decided' ? await cases.decide(id, { version: v, body: 'lautakunta', decidedAt: new Date(Date.now() - 20 * DAY).toISOString().slice(0, 10), section: '42', text: 'Lautakunta päätti toteuttaa aloitteen ehdotuksen.' }, SEEDER)
      : step === 'measures_taken' ? await cases.recordMeasures(id, { version: v, text: 'Toteutettu: 200 uutta pyörätelinettä asennettu.' }, SEEDER)
      : await cases.close(id, { version: v }, SEEDER);
    v = done.version;
  }
  if (d.ahjoCaseId) await cases.linkAhjo(id, { version: v, ahjoCaseId: d.ahjoCaseId }, SEEDER);
}
