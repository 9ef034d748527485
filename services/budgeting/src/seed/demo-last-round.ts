import { at, DemoRoundContent } from './demo-content';

const FEASIBLE = 'feasible' as const;
const NOT_FEASIBLE = 'not_feasible' as const;

/**
 * Last year's round (rule `mes`), voted and published: every plan went on the ballot. `appeal`
 * shapes how the synthetic voters chose, so the winners are the popular plans and a few
 * expensive ones lose. Our own writing; places are real Helsinki places, the ideas invented.
 */
export const LAST_ROUND: DemoRoundContent = {
  proposals: [
    {
      key: 'k-playground', district: 'keskinen', language: 'fi', roughCost: 200_000, location: at(60.1841, 24.9494),
      title: 'Uusi leikkipuisto Kallion kirjaston taakse',
      description: 'Kallion kirjaston takana on tyhjä hiekkakenttä. Siihen mahtuisi leikkipuisto, jota lähialueen lapsiperheet kaipaavat.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa: alue on kaupungin puistoaluetta.' },
    },
    {
      key: 'k-bikes-en', district: 'keskinen', language: 'en', roughCost: 100_000, location: at(60.1688, 24.9313),
      title: 'Covered bike parking at Kamppi',
      description: 'The racks at Kamppi metro station are always full and bikes get wet. A covered bike shelter with more racks would help.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa aseman itäpuolelle.' },
    },
    {
      key: 'k-bikes-fi', district: 'keskinen', language: 'fi', roughCost: 50_000, location: at(60.1691, 24.9318),
      title: 'Lisää pyörätelineitä Kamppiin',
      description: 'Kampin keskuksen ympärillä pyörät pysäköidään jalkakäytäville, koska telineitä on liian vähän.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa; yhdistetään Kampin katoksellisen pyöräpysäköinnin kanssa.' },
    },
    {
      key: 'k-roofs', district: 'keskinen', language: 'fi', roughCost: 120_000,
      title: 'Viherkatot bussipysäkeille',
      description: 'Maksaruohokatot pysäkkikatoksiin keräisivät sadevettä ja toisivat pölyttäjille ruokaa keskellä kaupunkia.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa noin kahteenkymmeneen katokseen.' },
    },
    {
      key: 'k-concerts', district: 'keskinen', language: 'sv', roughCost: 90_000, location: at(60.1586, 24.9322),
      title: 'Sommarkonserter i Sinebrychoffs park',
      description: 'Gratis konserter på söndagseftermiddagar i Sinebrychoffs park under sommaren, med lokala musiker.',
      screening: { outcome: FEASIBLE, reason: 'Genomförbart i samarbete med kulturtjänsterna.' },
    },
    {
      key: 'k-winter-swim', district: 'keskinen', language: 'fi', roughCost: 180_000, location: at(60.1781, 24.9019),
      title: 'Talviuintipaikka Hietarantaan',
      description: 'Avantouintipaikka pukukopin kanssa Hietarannan uimarannalle, auki koko talven.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa uimarannan nykyiseen rakennukseen tukeutuen.' },
    },
    {
      key: 'k-tram', district: 'keskinen', language: 'fi',
      title: 'Raitiovaunulinja Eiraan',
      description: 'Eiraan tarvitaan oma raitiovaunulinja, jotta alueelle pääsisi helpommin.',
      screening: { outcome: NOT_FEASIBLE, reason: 'Ei toteutettavissa: raitiolinjoista päättävät HSL ja kaupunginvaltuusto, ja rata maksaisi moninkertaisesti kierroksen budjetin.' },
    },
    {
      key: 'p-sports', district: 'pohjoinen', language: 'fi', roughCost: 200_000, location: at(60.2372, 25.0101),
      title: 'Lähiliikuntapaikka Pihlajamäkeen',
      description: 'Pihlajamäen koulun kentälle monitoimikenttä, kuntoilulaitteita ja juoksurata kaikenikäisille.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa koulun kentälle iltakäyttöön.' },
    },
    {
      key: 'p-turf', district: 'pohjoinen', language: 'fi', roughCost: 220_000, location: at(60.2369, 25.0098),
      title: 'Tekonurmi Pihlajamäen kentälle',
      description: 'Pihlajamäen hiekkakenttä tekonurmeksi, jotta jalkapalloa voi pelata myös keväällä ja syksyllä.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa, mutta samalle kentälle kuin lähiliikuntapaikka: vain toinen voidaan rakentaa.' },
    },
    {
      key: 'p-trail', district: 'pohjoinen', language: 'fi', roughCost: 80_000, location: at(60.2663, 24.9496),
      title: 'Luontopolku Haltialaan',
      description: 'Opastettu luontopolku Haltialan aarniometsään: pitkospuut, opastetaulut ja levähdyspaikka.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa yhdessä ympäristöpalveluiden kanssa.' },
    },
    {
      key: 'p-band', district: 'pohjoinen', language: 'en', roughCost: 110_000, location: at(60.2391, 24.8789),
      title: 'A band room for young people in Kannelmäki',
      description: 'A soundproofed rehearsal room with instruments at the Kannelmäki youth centre, free for young bands to book.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa nuorisotalon kellaritiloihin.' },
    },
    {
      key: 'p-dogs', district: 'pohjoinen', language: 'fi', roughCost: 90_000, location: at(60.2514, 25.0153),
      title: 'Koirapuisto Malmille',
      description: 'Aidattu koirapuisto Malmin puistoon erikseen isoille ja pienille koirille.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa Malmin puiston pohjoisosaan.' },
    },
    {
      key: 'p-airport', district: 'pohjoinen', language: 'fi',
      title: 'Malmin lentokenttä takaisin lentokäyttöön',
      description: 'Malmin lentokenttä pitäisi avata uudelleen pienkoneille.',
      screening: { outcome: NOT_FEASIBLE, reason: 'Ei toteutettavissa: alueen käytöstä on päätetty asemakaavassa, eikä se kuulu osallistuvaan budjetointiin.' },
    },
    {
      key: 'i-shore', district: 'itainen', language: 'fi', roughCost: 250_000, location: at(60.2041, 25.1418),
      title: 'Esteetön rantareitti Vuosaareen',
      description: 'Vuosaaren rantareitti on pyörätuolilla ja rollaattorilla mahdoton. Reitti pitäisi päällystää ja varustaa levähdyspaikoin.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa noin kilometrin matkalle.' },
    },
    {
      key: 'i-parkour', district: 'itainen', language: 'fi', roughCost: 180_000, location: at(60.2111, 25.0815),
      title: 'Parkour-puisto Itäkeskukseen',
      description: 'Itäkeskuksen nuoret harrastavat parkouria parkkihalleissa. Oma puisto olisi turvallisempi.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa Itäkeskuksen liikuntapuistoon.' },
    },
    {
      key: 'i-cinema', district: 'itainen', language: 'sv', roughCost: 60_000, location: at(60.2245, 25.0768),
      title: 'Utomhusbio i Kvarnbäcken',
      description: 'Filmkvällar under bar himmel i Kvarnbäcken under augusti, med filmer på finska, svenska och engelska.',
      screening: { outcome: FEASIBLE, reason: 'Genomförbart som ett evenemang under tre sommarveckor.' },
    },
    {
      key: 'i-pier', district: 'itainen', language: 'fi', roughCost: 150_000, location: at(60.1987, 25.1271),
      title: 'Kalastuslaituri Kallahteen',
      description: 'Esteetön kalastuslaituri Kallahdenniemen rantaan, jossa myös pyörätuolilla pääsee onkimaan.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa: vesialueen lupa on kaupungilla.' },
    },
    {
      key: 'i-ski', district: 'itainen', language: 'fi', roughCost: 230_000, location: at(60.2278, 25.1102),
      title: 'Valaistu latu Mustavuoreen',
      description: 'Mustavuoren metsään valaistu hiihtolatu, jota voi käyttää myös juoksuun kesällä.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa nykyisen ulkoilureitin pohjalle.' },
    },
    {
      key: 'c-trees', district: 'city', language: 'fi', roughCost: 400_000,
      title: 'Kaupunkipuita jokaiseen kaupunginosaan',
      description: 'Katupuita istutetaan jokaiseen kaupunginosaan, etenkin kuumimmille ja kivisimmille kaduille.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa kahdessa istutuskaudessa.' },
    },
    {
      key: 'c-hobbies', district: 'city', language: 'fi', roughCost: 350_000,
      title: 'Kesäharrastukset nuorille',
      description: 'Maksuttomia kesäkursseja 12–17-vuotiaille: sirkusta, pelikehitystä, melontaa ja ruoanlaittoa.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa nuorisopalveluiden kesätoimintana.' },
    },
    {
      key: 'c-toilets', district: 'city', language: 'sv', roughCost: 300_000,
      title: 'Offentliga toaletter i parkerna',
      description: 'Året runt öppna toaletter i de mest besökta parkerna, så att barnfamiljer och äldre kan stanna längre.',
      screening: { outcome: FEASIBLE, reason: 'Genomförbart i tio parker.' },
    },
    {
      key: 'c-solar', district: 'city', language: 'en', roughCost: 500_000,
      title: 'Solar panels on school roofs',
      description: 'Solar panels on the roofs of schools, with a screen in the lobby showing how much power they make.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa viiteen kouluun.' },
    },
    {
      key: 'c-beaches', district: 'city', language: 'fi', roughCost: 250_000,
      title: 'Esteettömät uimarannat',
      description: 'Rantamatot, uintituolit ja esteettömät pukukopit viidelle uimarannalle.',
      screening: { outcome: FEASIBLE, reason: 'Toteutettavissa viidelle rannalle.' },
    },
  ],
  plans: [
    {
      key: 'k-playground', district: 'keskinen', proposals: ['k-playground'], cost: 240_000, appeal: 0.6,
      title: { fi: 'Leikkipuisto Kallioon', sv: 'Lekpark i Berghäll', en: 'A playground for Kallio' },
      description: { fi: 'Leikkipuisto Kallion kirjaston taakse.', sv: 'En lekpark bakom Berghälls bibliotek.', en: 'A playground behind the Kallio library.' },
    },
    {
      key: 'k-bikes', district: 'keskinen', proposals: ['k-bikes-en', 'k-bikes-fi'], cost: 150_000, appeal: 0.45,
      title: { fi: 'Pyöräparkki Kampin metroasemalle', sv: 'Cykelparkering vid Kampens metrostation', en: 'Bike parking at Kamppi metro station' },
      description: { fi: 'Katoksellinen pyöräparkki ja lisää telineitä Kamppiin.', sv: 'Ett cykeltak och fler ställ i Kampen.', en: 'A covered bike shelter and more racks in Kamppi.' },
    },
    {
      key: 'k-roofs', district: 'keskinen', proposals: ['k-roofs'], cost: 120_000, appeal: 0.3,
      title: { fi: 'Viherkatot bussipysäkeille', sv: 'Gröna tak på busshållplatser', en: 'Green roofs on bus shelters' },
      description: { fi: 'Maksaruohokatot kahteenkymmeneen pysäkkikatokseen.', sv: 'Fetknoppstak på tjugo busskurer.', en: 'Sedum roofs on twenty bus shelters.' },
    },
    {
      key: 'k-concerts', district: 'keskinen', proposals: ['k-concerts'], cost: 90_000, appeal: 0.35,
      title: { fi: 'Ulkoilmakonsertit Sinebrychoffin puistoon', sv: 'Utomhuskonserter i Sinebrychoffs park', en: 'Open-air concerts in Sinebrychoff Park' },
      description: { fi: 'Maksuttomat sunnuntaikonsertit kesällä.', sv: 'Gratis söndagskonserter på sommaren.', en: 'Free Sunday concerts in summer.' },
    },
    {
      key: 'k-winter-swim', district: 'keskinen', proposals: ['k-winter-swim'], cost: 180_000, appeal: 0.25,
      title: { fi: 'Talviuintipaikka Hietarantaan', sv: 'Vinterbadplats i Sandudd', en: 'A winter swimming spot at Hietaranta' },
      description: { fi: 'Avanto ja pukukoppi Hietarannan uimarannalle.', sv: 'En vak och ett omklädningsrum på Sandudds strand.', en: 'An ice-hole and a changing room at Hietaranta beach.' },
    },
    {
      key: 'p-sports', district: 'pohjoinen', proposals: ['p-sports'], cost: 200_000, appeal: 0.5, incompatibleGroup: 'pihlajamaki-field',
      title: { fi: 'Lähiliikuntapaikka Pihlajamäkeen', sv: 'Närmotionsplats i Rönnbacka', en: 'A local sports ground in Pihlajamäki' },
      description: {
        fi: 'Monitoimikenttä ja kuntoilulaitteet Pihlajamäen koulun kentälle. Samalle kentälle ehdotetaan tekonurmea: vain toinen voidaan rakentaa.',
        sv: 'En mångsidig plan och motionsredskap vid Rönnbacka skola. Konstgräs föreslås för samma plan: bara det ena kan byggas.',
        en: 'A multi-use court and fitness equipment at the Pihlajamäki school field. Artificial turf is proposed for the same field: only one can be built.',
      },
    },
    {
      key: 'p-turf', district: 'pohjoinen', proposals: ['p-turf'], cost: 220_000, appeal: 0.3, incompatibleGroup: 'pihlajamaki-field',
      title: { fi: 'Tekonurmi Pihlajamäen kentälle', sv: 'Konstgräs på Rönnbacka plan', en: 'Artificial turf for the Pihlajamäki field' },
      description: {
        fi: 'Hiekkakenttä tekonurmeksi. Samalle kentälle ehdotetaan lähiliikuntapaikkaa: vain toinen voidaan rakentaa.',
        sv: 'Grusplanen blir konstgräs. En närmotionsplats föreslås för samma plan: bara det ena kan byggas.',
        en: 'The gravel field becomes artificial turf. A local sports ground is proposed for the same field: only one can be built.',
      },
    },
    {
      key: 'p-trail', district: 'pohjoinen', proposals: ['p-trail'], cost: 80_000, appeal: 0.45,
      title: { fi: 'Luontopolku Haltialaan', sv: 'Naturstig i Haltiala', en: 'A nature trail in Haltiala' },
      description: { fi: 'Pitkospuut ja opastetaulut Haltialan aarniometsään.', sv: 'Spång och informationstavlor i Haltiala urskog.', en: 'Duckboards and signs in the Haltiala old-growth forest.' },
    },
    {
      key: 'p-band', district: 'pohjoinen', proposals: ['p-band'], cost: 110_000, appeal: 0.3,
      title: { fi: 'Nuorten bänditila Kannelmäkeen', sv: 'Replokal för unga i Gamlas', en: 'A band room for young people in Kannelmäki' },
      description: { fi: 'Äänieristetty treenikämppä soittimineen nuorisotaloon.', sv: 'En ljudisolerad replokal med instrument på ungdomsgården.', en: 'A soundproofed rehearsal room with instruments at the youth centre.' },
    },
    {
      key: 'p-dogs', district: 'pohjoinen', proposals: ['p-dogs'], cost: 90_000, appeal: 0.35,
      title: { fi: 'Koirapuisto Malmille', sv: 'Hundpark i Malm', en: 'A dog park for Malmi' },
      description: { fi: 'Aidattu koirapuisto isoille ja pienille koirille.', sv: 'En inhägnad hundpark för stora och små hundar.', en: 'A fenced dog park for large and small dogs.' },
    },
    {
      key: 'i-shore', district: 'itainen', proposals: ['i-shore'], cost: 260_000, appeal: 0.2,
      title: { fi: 'Esteetön rantareitti Vuosaareen', sv: 'Tillgänglig strandled i Nordsjö', en: 'A step-free shore path in Vuosaari' },
      description: { fi: 'Päällystetty rantareitti levähdyspaikkoineen.', sv: 'En belagd strandled med viloplatser.', en: 'A paved shore path with resting places.' },
    },
    {
      key: 'i-parkour', district: 'itainen', proposals: ['i-parkour'], cost: 180_000, appeal: 0.5,
      title: { fi: 'Parkour-puisto Itäkeskukseen', sv: 'Parkourpark i Östra centrum', en: 'A parkour park in Itäkeskus' },
      description: { fi: 'Parkour-puisto Itäkeskuksen liikuntapuistoon.', sv: 'En parkourpark i idrottsparken i Östra centrum.', en: 'A parkour park in the Itäkeskus sports park.' },
    },
    {
      key: 'i-cinema', district: 'itainen', proposals: ['i-cinema'], cost: 60_000, appeal: 0.4,
      title: { fi: 'Ulkoilmaelokuvat Myllypuroon', sv: 'Utomhusbio i Kvarnbäcken', en: 'Open-air cinema in Myllypuro' },
      description: { fi: 'Elokuvailtoja taivasalla elokuussa.', sv: 'Filmkvällar under bar himmel i augusti.', en: 'Film nights under the open sky in August.' },
    },
    {
      key: 'i-pier', district: 'itainen', proposals: ['i-pier'], cost: 150_000, appeal: 0.35,
      title: { fi: 'Kalastuslaituri Kallahteen', sv: 'Fiskebrygga i Kallvik', en: 'A fishing pier in Kallahti' },
      description: { fi: 'Esteetön kalastuslaituri Kallahdenniemeen.', sv: 'En tillgänglig fiskebrygga på Kallviksudden.', en: 'A step-free fishing pier at Kallahdenniemi.' },
    },
    {
      key: 'i-ski', district: 'itainen', proposals: ['i-ski'], cost: 230_000, appeal: 0.3,
      title: { fi: 'Valaistu latu Mustavuoreen', sv: 'Upplyst skidspår på Svarta backen', en: 'A lit ski track on Mustavuori' },
      description: { fi: 'Valaistu latu, kesällä juoksureitti.', sv: 'Ett upplyst skidspår, på sommaren en löparslinga.', en: 'A lit ski track, a running trail in summer.' },
    },
    {
      key: 'c-trees', district: 'city', proposals: ['c-trees'], cost: 400_000, appeal: 0.55,
      title: { fi: 'Kaupunkipuita jokaiseen kaupunginosaan', sv: 'Stadsträd i varje stadsdel', en: 'Street trees for every neighbourhood' },
      description: { fi: 'Katupuita kuumimmille kaduille kaikkialla kaupungissa.', sv: 'Gatuträd på de hetaste gatorna i hela staden.', en: 'Street trees on the hottest streets all over the city.' },
    },
    {
      key: 'c-hobbies', district: 'city', proposals: ['c-hobbies'], cost: 350_000, appeal: 0.45,
      title: { fi: 'Kesäharrastukset nuorille', sv: 'Sommarhobbyer för unga', en: 'Summer hobbies for young people' },
      description: { fi: 'Maksuttomia kesäkursseja 12–17-vuotiaille.', sv: 'Avgiftsfria sommarkurser för 12–17-åringar.', en: 'Free summer courses for 12 to 17-year-olds.' },
    },
    {
      key: 'c-toilets', district: 'city', proposals: ['c-toilets'], cost: 300_000, appeal: 0.4,
      title: { fi: 'Yleisiä vessoja puistoihin', sv: 'Offentliga toaletter i parkerna', en: 'Public toilets in the parks' },
      description: { fi: 'Ympäri vuoden auki olevat vessat kymmeneen puistoon.', sv: 'Toaletter öppna året runt i tio parker.', en: 'Toilets open all year round in ten parks.' },
    },
    {
      key: 'c-solar', district: 'city', proposals: ['c-solar'], cost: 500_000, appeal: 0.3,
      title: { fi: 'Aurinkopaneelit koulujen katoille', sv: 'Solpaneler på skolornas tak', en: 'Solar panels on school roofs' },
      description: { fi: 'Aurinkopaneelit viiden koulun katolle.', sv: 'Solpaneler på fem skolors tak.', en: 'Solar panels on the roofs of five schools.' },
    },
    {
      key: 'c-beaches', district: 'city', proposals: ['c-beaches'], cost: 250_000, appeal: 0.25,
      title: { fi: 'Esteettömät uimarannat', sv: 'Tillgängliga badstränder', en: 'Step-free beaches' },
      description: { fi: 'Rantamatot ja uintituolit viidelle uimarannalle.', sv: 'Strandmattor och badstolar på fem stränder.', en: 'Beach mats and swimming chairs on five beaches.' },
    },
  ],
};

/**
 * The coordinators' one override: the step-free shore path is funded whatever its votes, with
 * the public reason shown on the results page.
 */
export const LAST_ROUND_OVERRIDE = {
  plan: 'i-shore',
  decision: 'fund' as const,
  reason: 'Kaupunginhallitus päätti rahoittaa esteettömän rantareitin äänistä riippumatta, koska reitti on osa kaupungin esteettömyyssuunnitelmaa.',
};

/** The plans the demo resident Aino voted for: popular ones, so they win and have milestones ahead. */
export const AINO_CHOICE = { district: 'keskinen', plans: ['k-playground'], cityWide: ['c-trees'] };

/** How far each winning project has got; the others are being designed. None of Aino's is finished. */
export const PROJECT_STAGES: Record<string, 'designing' | 'building' | 'completed'> = {
  'k-playground': 'building',
  'c-trees': 'building',
  'p-trail': 'completed',
  'i-cinema': 'completed',
  'i-parkour': 'building',
  'c-hobbies': 'building',
};
