import { at, DemoRoundContent } from './demo-content';

const FEASIBLE = 'feasible' as const;
const NOT_FEASIBLE = 'not_feasible' as const;

/**
 * This year's round, in voting: proposals in every district (a few still unscreened, some not
 * feasible with the public reason), and the plans made of them on the ballot. Our own writing;
 * places are real Helsinki places, the ideas are invented.
 */
export const CURRENT_ROUND: DemoRoundContent = {
  proposals: [
    {
      key: 'k-lights', district: 'keskinen', language: 'fi', roughCost: 90_000, location: at(60.1753, 24.9468),
      title: 'Valaistus Kaisaniemen puiston kävelyteille',
      description: 'Kaisaniemen puiston kävelytiet ovat syksyllä ja talvella pilkkopimeitä. Ehdotan matalia valaisimia pääreittien varrelle, jotta puiston läpi uskaltaa kulkea iltaisinkin.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa: valaisimet voidaan asentaa nykyisten kaapelireittien varteen.' },
    },
    {
      key: 'k-reading', district: 'keskinen', language: 'fi', roughCost: 40_000, location: at(60.1802, 24.9395),
      title: 'Kesäkirjasto Tokoinrantaan',
      description: 'Pieni lukukontti ja lainattavia kirjoja Tokoinrannan nurmelle kesäkuukausiksi, vaikkapa kirjaston ja nuorisotyön yhteistyönä.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa yhdessä kaupunginkirjaston kanssa kesäkaudeksi.' },
    },
    {
      key: 'k-benches', district: 'keskinen', language: 'sv', roughCost: 30_000, location: at(60.1785, 24.935),
      title: 'Fler bänkar längs Tölöviken',
      description: 'Promenadstigen runt Tölöviken har för få bänkar. Äldre och barnfamiljer behöver ställen att vila på med några hundra meters mellanrum.',
      // The idea came to the city first as the elderly council's initiative.
      source: { kind: 'initiative', id: 'demo-toolonlahti-benches' },
      screening: { outcome: FEASIBLE, reason: 'Genomförbart: bänkarna kan placeras längs den befintliga stigen.' },
    },
    {
      key: 'k-fountains', district: 'keskinen', language: 'en', roughCost: 35_000, location: at(60.1702, 24.9262),
      title: 'Drinking fountains along the Baana',
      description: 'Cyclists and runners on the Baana have nowhere to fill a water bottle. Two or three fountains along the route would help on hot days.',
      source: { kind: 'feedback', id: 'demo-baana-water' },
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa: vesijohto kulkee Baanan vieressä.' },
    },
    {
      key: 'k-pier', district: 'keskinen', language: 'fi', roughCost: 150_000, location: at(60.1722, 24.9067),
      title: 'Uimalaituri Hietaniemen rantaan',
      description: 'Hietaniemen rannalle tarvitaan kunnollinen laituri, josta pääsee uimaan myös matalan veden aikaan.',
      screening: { outcome: NOT_FEASIBLE, reason: 'Ei toteuteta tällä kierroksella: Hietaniemen rannan laiturit uusitaan jo kaupungin omana hankkeena ensi vuonna.' },
    },
    {
      key: 'k-boxes', district: 'keskinen', language: 'fi', roughCost: 25_000,
      title: 'Katutaidetta Kallion sähkökaappeihin',
      description: 'Kallion harmaat sähkökaapit voisi maalata yhdessä paikallisten taiteilijoiden ja koululaisten kanssa. Se vähentäisi töhrimistä ja tekisi kaduista viihtyisämpiä.',
    },
    {
      key: 'p-frisbee', district: 'pohjoinen', language: 'fi', roughCost: 60_000, location: at(60.2635, 24.9262),
      title: 'Frisbeegolfrata Paloheinään',
      description: 'Paloheinän ulkoilualueen kentän laitaan mahtuisi yhdeksän väylän frisbeegolfrata. Lähin rata on nyt ruuhkainen.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa kentän itälaidalle.' },
    },
    {
      key: 'p-dogs', district: 'pohjoinen', language: 'fi', roughCost: 45_000, location: at(60.2631, 24.9255),
      title: 'Aidattu koirapuisto Paloheinän kentän laitaan',
      description: 'Paloheinässä ulkoilee paljon koiria, mutta lähin aidattu koirapuisto on kaukana. Kentän laita olisi sopiva paikka.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa, mutta samalle paikalle kuin frisbeegolfrata: vain toinen voidaan rakentaa.' },
    },
    {
      key: 'p-gym', district: 'pohjoinen', language: 'en', roughCost: 70_000, location: at(60.2505, 25.0111),
      title: 'Outdoor gym for Malmi park',
      description: 'An outdoor gym with pull-up bars and benches near Malmi station, usable all year round and free for everyone.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa Malmin puiston eteläosaan.' },
    },
    {
      key: 'p-pool', district: 'pohjoinen', language: 'fi',
      title: 'Uusi uimahalli Pukinmäkeen',
      description: 'Pohjois-Helsingissä on liian vähän uimahalleja. Pukinmäkeen pitäisi rakentaa uusi uimahalli.',
      screening: { outcome: NOT_FEASIBLE, reason: 'Ei toteutettavissa: uimahalli maksaisi kymmeniä miljoonia euroja, moninkertaisesti koko kierroksen budjetin.' },
    },
    {
      key: 'p-bikes', district: 'pohjoinen', language: 'fi', roughCost: 15_000, location: at(60.2508, 25.0107),
      title: 'Pyöränkorjauspiste Malmin asemalle',
      description: 'Pumppu ja työkalut kiinni telineessä aseman pyöräparkin vieressä, jotta pienet korjaukset onnistuvat matkan varrella.',
    },
    {
      key: 'i-skate', district: 'itainen', language: 'fi', roughCost: 120_000, location: at(60.2107, 25.0805),
      title: 'Skeittiparkin kunnostus Itäkeskukseen',
      description: 'Itäkeskuksen skeittiparkin rampit ovat rikki ja vaarallisia. Parkki pitäisi kunnostaa ja valaista.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa: parkki on kaupungin maalla ja kunnostus on suunniteltu valmiiksi.' },
    },
    {
      key: 'i-garden', district: 'itainen', language: 'fi', roughCost: 25_000, location: at(60.2093, 25.1434),
      title: 'Yhteisöpuutarha Vuosaaren kirjaston pihalle',
      description: 'Kasvatuslaatikoita kirjaston pihalle, joissa naapurit voivat kasvattaa yrttejä ja vihanneksia yhdessä.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa kirjaston kanssa sovitulle pihan osalle.' },
    },
    {
      key: 'i-trees', district: 'itainen', language: 'sv', roughCost: 40_000, location: at(60.2091, 25.1449),
      title: 'Skuggande träd till Nordsjö lekpark',
      description: 'Lekparken i Nordsjö ligger i full sol hela sommaren. Några träd skulle ge barnen och föräldrarna skugga.',
      screening: { outcome: FEASIBLE, reason: 'Genomförbart: träden planteras hösten efter omröstningen.' },
    },
    {
      key: 'i-rink', district: 'itainen', language: 'fi',
      title: 'Jäähalli Mellunmäkeen',
      description: 'Mellunmäen nuoret tarvitsevat oman jäähallin, jotta harjoitusvuoroja riittäisi kaikille.',
      screening: { outcome: NOT_FEASIBLE, reason: 'Ei toteutettavissa: jäähallin rakentaminen ja ylläpito ylittävät kierroksen budjetin; tarve on mukana kaupungin liikuntapaikkaselvityksessä.' },
    },
    {
      key: 'c-swim', district: 'city', language: 'fi', roughCost: 300_000,
      title: 'Maksuton uimakoulu jokaiselle ekaluokkalaiselle',
      description: 'Jokainen helsinkiläinen ekaluokkalainen pääsisi maksuttomaan uimakouluun, jotta uimataito ei riipu perheen varoista.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa liikuntapalveluiden uimakouluina yhden vuoden ajan.' },
    },
    {
      key: 'c-water', district: 'city', language: 'fi', roughCost: 150_000,
      title: 'Lisää juomapisteitä kaupungin puistoihin',
      description: 'Helteellä puistoissa ei ole mistä juoda. Juomapisteitä tarvitaan ainakin suurimpiin puistoihin ja leikkipuistoihin.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa: Helsingin Vesi on valinnut sopivat paikat.' },
    },
    {
      key: 'c-library', district: 'city', language: 'en', roughCost: 250_000,
      title: 'A summer library bus for the suburbs',
      description: 'A library bus that tours the suburbs in summer, with books, games and a reading corner, stopping at parks and beaches.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa kaupunginkirjaston kirjastoautolla kesäkaudella.' },
    },
    {
      key: 'c-transit', district: 'city', language: 'fi',
      title: 'Ilmainen joukkoliikenne alle 18-vuotiaille',
      description: 'Alle 18-vuotiaiden pitäisi päästä busseihin ja raitiovaunuihin ilmaiseksi.',
      screening: { outcome: NOT_FEASIBLE, reason: 'Ei toteutettavissa osallistuvassa budjetoinnissa: lippujen hinnoista päättää HSL, ja kustannus toistuisi joka vuosi.' },
    },
    {
      key: 'c-toilets', district: 'city', language: 'sv',
      title: 'Fler offentliga toaletter i centrum',
      description: 'Det finns för få offentliga toaletter i centrum, särskilt på kvällarna. Fler toaletter behövs vid torgen och parkerna.',
    },
  ],
  plans: [
    {
      key: 'k-lights', district: 'keskinen', proposals: ['k-lights'], cost: 95_000,
      title: { fi: 'Valoisat puistopolut Kaisaniemeen', sv: 'Ljusa parkstigar i Kajsaniemi', en: 'Lit park paths in Kaisaniemi' },
      description: {
        fi: 'Matalat valaisimet Kaisaniemen puiston pääreittien varteen.',
        sv: 'Låga lampor längs huvudstigarna i Kajsaniemi park.',
        en: 'Low lamps along the main paths of Kaisaniemi park.',
      },
    },
    {
      key: 'k-reading', district: 'keskinen', proposals: ['k-reading', 'k-benches'], cost: 75_000,
      title: { fi: 'Lukemista ja levähdyspaikkoja Töölönlahdelle', sv: 'Läsning och viloplatser vid Tölöviken', en: 'Reading and resting places by Töölönlahti' },
      description: {
        fi: 'Kesäkirjasto Tokoinrantaan ja uusia penkkejä Töölönlahden rantareitille.',
        sv: 'Ett sommarbibliotek på Tokoinranta och nya bänkar längs strandstigen runt Tölöviken.',
        en: 'A summer library at Tokoinranta and new benches along the Töölönlahti shore path.',
      },
    },
    {
      key: 'k-fountains', district: 'keskinen', proposals: ['k-fountains'], cost: 35_000,
      title: { fi: 'Juomapisteet Baanalle', sv: 'Dricksvattenposter längs Banan', en: 'Drinking fountains along the Baana' },
      description: { fi: 'Kolme juomapistettä Baanan varteen.', sv: 'Tre dricksvattenposter längs Banan.', en: 'Three drinking fountains along the Baana.' },
    },
    {
      key: 'p-frisbee', district: 'pohjoinen', proposals: ['p-frisbee'], cost: 65_000, incompatibleGroup: 'paloheina-field',
      title: { fi: 'Frisbeegolfrata Paloheinään', sv: 'Frisbeegolfbana i Svedängen', en: 'A disc golf course in Paloheinä' },
      description: {
        fi: 'Yhdeksän väylän rata Paloheinän kentän laitaan. Samalle paikalle ehdotetaan koirapuistoa: vain toinen voidaan rakentaa.',
        sv: 'En bana med nio hål vid planen i Svedängen. En hundpark föreslås på samma plats: bara den ena kan byggas.',
        en: 'A nine-hole course by the Paloheinä field. A dog park is proposed for the same spot: only one of them can be built.',
      },
    },
    {
      key: 'p-dogs', district: 'pohjoinen', proposals: ['p-dogs'], cost: 50_000, incompatibleGroup: 'paloheina-field',
      title: { fi: 'Koirapuisto Paloheinään', sv: 'Hundpark i Svedängen', en: 'A dog park in Paloheinä' },
      description: {
        fi: 'Aidattu koirapuisto Paloheinän kentän laitaan. Samalle paikalle ehdotetaan frisbeegolfrataa: vain toinen voidaan rakentaa.',
        sv: 'En inhägnad hundpark vid planen i Svedängen. En frisbeegolfbana föreslås på samma plats: bara den ena kan byggas.',
        en: 'A fenced dog park by the Paloheinä field. A disc golf course is proposed for the same spot: only one of them can be built.',
      },
    },
    {
      key: 'p-gym', district: 'pohjoinen', proposals: ['p-gym'], cost: 80_000,
      title: { fi: 'Ulkokuntosali Malmin puistoon', sv: 'Utegym i Malms park', en: 'An outdoor gym in Malmi park' },
      description: { fi: 'Ympäri vuoden käytettävä ulkokuntosali Malmin aseman lähelle.', sv: 'Ett utegym nära Malms station, öppet året runt.', en: 'An outdoor gym near Malmi station, open all year round.' },
    },
    {
      key: 'i-skate', district: 'itainen', proposals: ['i-skate'], cost: 130_000,
      title: { fi: 'Skeittiparkki kuntoon Itäkeskuksessa', sv: 'Skateparken i Östra centrum rustas upp', en: 'Renovating the Itäkeskus skatepark' },
      description: { fi: 'Uudet rampit ja valaistus Itäkeskuksen skeittiparkkiin.', sv: 'Nya ramper och belysning i skateparken i Östra centrum.', en: 'New ramps and lighting for the Itäkeskus skatepark.' },
    },
    {
      key: 'i-green', district: 'itainen', proposals: ['i-garden', 'i-trees'], cost: 70_000,
      title: { fi: 'Vihreämpi Vuosaari', sv: 'Grönare Nordsjö', en: 'A greener Vuosaari' },
      description: {
        fi: 'Yhteisöpuutarha Vuosaaren kirjaston pihalle ja varjoa antavia puita leikkipuistoon.',
        sv: 'En gemenskapsträdgård vid Nordsjö bibliotek och skuggande träd i lekparken.',
        en: 'A community garden by the Vuosaari library and shade trees for the playground.',
      },
    },
    {
      key: 'c-swim', district: 'city', proposals: ['c-swim'], cost: 320_000,
      title: { fi: 'Uimakoulu jokaiselle ekaluokkalaiselle', sv: 'Simskola för varje förstaklassare', en: 'Swimming lessons for every first-grader' },
      description: { fi: 'Maksuton uimakoulu kaikille ekaluokkalaisille yhden vuoden ajan.', sv: 'Avgiftsfri simskola för alla förstaklassare under ett år.', en: 'Free swimming lessons for all first-graders for one year.' },
    },
    {
      key: 'c-water', district: 'city', proposals: ['c-water'], cost: 160_000,
      title: { fi: 'Juomapisteet puistoihin', sv: 'Dricksvattenposter i parkerna', en: 'Drinking water in the parks' },
      description: { fi: 'Kaksikymmentä juomapistettä suurimpiin puistoihin ja leikkipuistoihin.', sv: 'Tjugo dricksvattenposter i de största parkerna och lekparkerna.', en: 'Twenty drinking fountains in the largest parks and playgrounds.' },
    },
    {
      key: 'c-library', district: 'city', proposals: ['c-library'], cost: 240_000,
      title: { fi: 'Kesäkirjastoauto lähiöihin', sv: 'Sommarbokbuss till förorterna', en: 'A summer library bus for the suburbs' },
      description: { fi: 'Kirjastoauto kiertää kesällä lähiöiden puistoissa ja rannoilla.', sv: 'En bokbuss besöker förorternas parker och stränder på sommaren.', en: 'A library bus visits the parks and beaches of the suburbs in summer.' },
    },
  ],
};
