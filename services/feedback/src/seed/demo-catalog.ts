import { DataSource } from 'typeorm';
import { ringToPolygon } from '../catalog/district-boundaries';
import { DEMO_DISTRICT_OUTLINES } from './demo-district-outlines';

/**
 * The demo city's organisation: a few departments, the categories residents choose from
 * (their codes double as Open311 service codes) and districts. Idempotent.
 */
export const DEMO_DEPARTMENTS = [
  { code: 'KYMP', fi: 'Kaupunkiympäristön toimiala', sv: 'Stadsmiljösektorn', en: 'Urban Environment Division' },
  { code: 'KASKO', fi: 'Kasvatuksen ja koulutuksen toimiala', sv: 'Fostrans- och utbildningssektorn', en: 'Education Division' },
  { code: 'KUVA', fi: 'Kulttuurin ja vapaa-ajan toimiala', sv: 'Kultur- och fritidssektorn', en: 'Culture and Leisure Division' },
  { code: 'SOTE', fi: 'Sosiaali- ja terveystoimiala', sv: 'Social- och hälsovårdssektorn', en: 'Social Services and Health Care Division' },
];

export const DEMO_CATEGORIES = [
  { code: '171', dept: 'KYMP', group: 'Kadut', days: 5, keywords: 'katu,kuoppa,asfaltti',
    fi: ['Katuvaurio', 'Kuopat, halkeamat ja muut vauriot kaduilla ja jalkakäytävillä.'],
    sv: ['Gatuskada', 'Gropar, sprickor och andra skador på gator och trottoarer.'],
    en: ['Street damage', 'Potholes, cracks and other damage on streets and pavements.'] },
  { code: '246', dept: 'KYMP', group: 'Puhtaanapito', days: 3, keywords: 'roska,jäte',
    fi: ['Roskaaminen', 'Suuret määrät roskia yleisillä alueilla, puistoissa tai metsissä.'],
    sv: ['Nedskräpning', 'Stora mängder skräp på allmänna områden, i parker eller skogar.'],
    en: ['Littering', 'Large amounts of litter in public areas, parks or forests.'] },
  { code: '176', dept: 'KYMP', group: 'Puhtaanapito', days: 10, keywords: 'töhry,graffiti',
    fi: ['Töhryjen poisto', 'Töhrityt seinät, kalusteet ja rakenteet.'],
    sv: ['Klotterborttagning', 'Klottrade väggar, möbler och konstruktioner.'],
    en: ['Graffiti removal', 'Graffiti on walls, furniture and structures.'] },
  { code: '198', dept: 'KYMP', group: 'Liikenne', days: 2, keywords: 'liikennemerkki,valo',
    fi: ['Liikennemerkit ja -valot', 'Vaurioituneet tai puuttuvat liikennemerkit ja liikennevalot.'],
    sv: ['Trafikmärken och trafikljus', 'Skadade eller saknade trafikmärken och trafikljus.'],
    en: ['Traffic signs and lights', 'Damaged or missing traffic signs and traffic lights.'] },
  { code: '310', dept: 'KUVA', group: 'Liikunta', days: 10, keywords: 'liikuntapaikka,kenttä,uimahalli',
    fi: ['Liikuntapaikat', 'Kentät, uimahallit ja ulkoilureitit.'],
    sv: ['Idrottsplatser', 'Planer, simhallar och friluftsleder.'],
    en: ['Sports facilities', 'Fields, swimming halls and outdoor trails.'] },
  { code: '320', dept: 'KUVA', group: 'Kirjastot', days: 10, keywords: 'kirjasto',
    fi: ['Kirjastot', 'Kirjastojen palvelut ja tilat.'],
    sv: ['Bibliotek', 'Bibliotekens tjänster och lokaler.'],
    en: ['Libraries', 'Library services and premises.'] },
  { code: '410', dept: 'KASKO', group: 'Koulut', days: 10, keywords: 'koulu,päiväkoti',
    fi: ['Koulut ja päiväkodit', 'Koulujen ja päiväkotien toiminta ja tilat.'],
    sv: ['Skolor och daghem', 'Skolornas och daghemmens verksamhet och lokaler.'],
    en: ['Schools and day care', 'Schools and day-care centres.'] },
  { code: '510', dept: 'SOTE', group: 'Terveys', days: 10, keywords: 'terveysasema',
    fi: ['Terveysasemat', 'Terveysasemien palvelut.'],
    sv: ['Hälsostationer', 'Hälsostationernas tjänster.'],
    en: ['Health stations', 'Health station services.'] },
];

export const DEMO_DISTRICTS = [
  { code: 'kallio', fi: 'Kallio', sv: 'Berghäll', en: 'Kallio' },
  { code: 'kannelmaki', fi: 'Kannelmäki', sv: 'Gamlas', en: 'Kannelmäki' },
  { code: 'malmi', fi: 'Malmi', sv: 'Malm', en: 'Malmi' },
  { code: 'itakeskus', fi: 'Itäkeskus', sv: 'Östra centrum', en: 'Itäkeskus' },
  { code: 'kamppi', fi: 'Kamppi', sv: 'Kampen', en: 'Kamppi' },
  { code: 'lauttasaari', fi: 'Lauttasaari', sv: 'Drumsö', en: 'Lauttasaari' },
];

export async function seedCatalog(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (m) => {
    for (const d of DEMO_DEPARTMENTS) {
      await m.query(
        `INSERT INTO departments (code, name_fi, name_sv, name_en) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
        [d.code, d.fi, d.sv, d.en],
      );
    }
    for (const d of DEMO_DISTRICTS) {
      await m.query(
        `INSERT INTO districts (code, name_fi, name_sv, name_en) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
        [d.code, d.fi, d.sv, d.en],
      );
      // An outline the city has drawn itself is kept.
      const outline = DEMO_DISTRICT_OUTLINES[d.code];
      if (outline) {
        await m.query(`UPDATE districts SET boundary = $2::polygon WHERE code = $1 AND boundary IS NULL`, [d.code, ringToPolygon(outline)]);
      }
    }
    for (const c of DEMO_CATEGORIES) {
      await m.query(
        `INSERT INTO categories (code, department_code, name_fi, name_sv, name_en, description_fi, description_sv, description_en,
                                 group_name, keywords, service_level_days)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (code) DO NOTHING`,
        [c.code, c.dept, c.fi[0], c.sv[0], c.en[0], c.fi[1], c.sv[1], c.en[1], c.group, c.keywords, c.days],
      );
    }
  });
}
