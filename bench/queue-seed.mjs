// One INSERT … SELECT generate_series that fills feedback_requests with a city's two years of
// requests, for the queue benchmark. Valid by construction (categories, departments and
// districts of the demo catalogue), so foreign-key triggers are skipped while it runs.

/**
 * Categories with their share of all requests (street faults dominate, as in Helsinki's
 * feedback statistics); the department and service level come from the catalogue table.
 */
const CATEGORY_SHARES = [
  ['171', 0.25], // KYMP street damage
  ['246', 0.15], // KYMP littering
  ['176', 0.08], // KYMP graffiti
  ['198', 0.07], // KYMP traffic signs and lights
  ['310', 0.1], // KUVA sports facilities
  ['320', 0.08], // KUVA libraries
  ['410', 0.15], // KASKO schools and day care
  ['510', 0.12], // SOTE health stations
];

function categoryCase(column) {
  let cumulative = 0;
  const branches = CATEGORY_SHARES.slice(0, -1).map(([code, share]) => {
    cumulative += share;
    return `WHEN ${column} < ${cumulative.toFixed(2)} THEN '${code}'`;
  });
  return `CASE ${branches.join(' ')} ELSE '${CATEGORY_SHARES.at(-1)[0]}' END`;
}

const DISTRICTS = ['kallio', 'kannelmaki', 'malmi', 'itakeskus', 'kamppi', 'lauttasaari'];

const DESCRIPTIONS = [
  'Syvä kuoppa pyörätiellä kirjaston edessä, pyöräilijä voi kaatua pimeällä.',
  'Roska-astia on ollut täynnä viikon ja roskat leviävät tuulen mukana puistoon.',
  'Bussipysäkin katos on töhritty ja lasi on rikki, sirpaleita maassa.',
  'Liikennevalot eivät toimi risteyksessä aamuisin, jalankulkijat joutuvat odottamaan pitkään.',
  'Uimahallin pukuhuoneen suihkut ovat olleet rikki kaksi viikkoa, korjatkaa pian.',
  'Kirjaston aukioloajat ovat liian lyhyet viikonloppuisin, toivoisimme pidempiä aikoja.',
  'Päiväkodin piha-alueen aita on rikki ja lapset pääsevät kadulle.',
  'Terveysasemalle on vaikea saada aikaa puhelimitse, jonotusaika yli tunnin.',
];

/** Adds n working days (Mon–Fri; holidays are left out here) to a timestamp, in SQL. */
const workingDays = (ts, n) =>
  `(${ts} + make_interval(days => ${n} + 2 * ((${n} + least(extract(isodow FROM ${ts})::int, 5) - 1) / 5) - greatest(extract(isodow FROM ${ts})::int - 5, 0)))`;

export function seedSql(rows) {
  return `
SET session_replication_role = replica;
INSERT INTO feedback_requests (id, tracking_code, kind, category_code, department_code, district_code, title, description,
  language, lat, lon, address, status, status_note, assignee_id, published_at, channel, submitted_by, contact_email,
  contact_phone, contact_consent, merged_into_id, submitted_at, updated_at, due_at, first_reply_at, closed_at, version)
SELECT g.id,
       'VKT-' || extract(year FROM g.submitted_at)::int || '-' || lpad(g.i::text, 7, '0'),
       g.kind, c.code, c.department_code, g.district, g.title,
       (ARRAY[${DESCRIPTIONS.map((d) => `'${d}'`).join(', ')}])[1 + g.i % ${DESCRIPTIONS.length}] || ' (#' || g.i || ')',
       g.language,
       CASE WHEN g.kind = 'fault' THEN 60.15 + g.r_geo * 0.12 END,
       CASE WHEN g.kind = 'fault' THEN 24.85 + g.r_geo2 * 0.25 END,
       NULL,
       g.status,
       CASE WHEN g.status IN ('resolved', 'rejected') THEN 'Käsitelty.' END,
       CASE WHEN g.status = 'in_process' OR (g.status = 'received' AND g.r_assign < 0.2) OR g.status IN ('resolved', 'rejected')
            THEN 'dev-case_worker-' || (g.i % 25) END,
       CASE WHEN g.status = 'resolved' AND g.r_pub < 0.6 THEN g.submitted_at + interval '1 day' END,
       g.channel,
       NULL,
       CASE WHEN g.consent THEN 'asukas' || g.i || '@example.fi' END,
       NULL,
       g.consent,
       NULL,
       g.submitted_at,
       g.submitted_at + interval '1 hour',
       ${workingDays('g.submitted_at', 'c.service_level_days')},
       CASE WHEN g.status <> 'received' THEN g.submitted_at + interval '1 day' END,
       CASE WHEN g.status IN ('resolved', 'rejected') THEN g.submitted_at + make_interval(days => 1 + (g.i % 20)) END,
       CASE g.status WHEN 'received' THEN 1 WHEN 'in_process' THEN 3 ELSE 5 END
  FROM (
    SELECT s.i,
           gen_random_uuid() AS id,
           ${categoryCase('s.r_cat')} AS category_code,
           -- ~15% still open (9% received, 6% in process), most resolved, some rejected
           CASE WHEN s.r_status < 0.09 THEN 'received' WHEN s.r_status < 0.15 THEN 'in_process'
                WHEN s.r_status < 0.95 THEN 'resolved' ELSE 'rejected' END AS status,
           -- over two years; open requests are mostly recent, closed ones spread evenly
           now() - make_interval(secs => (CASE WHEN s.r_status < 0.15 THEN power(s.r_time, 3) ELSE s.r_time END) * 730 * 86400) AS submitted_at,
           CASE WHEN s.r_kind < 0.5 THEN 'fault' WHEN s.r_kind < 0.85 THEN 'feedback' ELSE 'idea' END AS kind,
           CASE WHEN s.r_district < 0.9 THEN (ARRAY[${DISTRICTS.map((d) => `'${d}'`).join(', ')}])[1 + floor(s.r_district / 0.15)::int] END AS district,
           CASE WHEN s.r_title < 0.3 THEN 'Palaute ' || s.i END AS title,
           CASE WHEN s.r_lang < 0.85 THEN 'fi' WHEN s.r_lang < 0.95 THEN 'sv' ELSE 'en' END AS language,
           CASE WHEN s.r_channel < 0.7 THEN 'web' WHEN s.r_channel < 0.9 THEN 'open311' ELSE 'staff' END AS channel,
           s.r_consent < 0.3 AS consent,
           s.r_geo, s.r_geo2, s.r_assign, s.r_pub
      FROM (SELECT i, random() AS r_cat, random() AS r_status, random() AS r_time, random() AS r_kind, random() AS r_district,
                   random() AS r_title, random() AS r_lang, random() AS r_channel, random() AS r_consent, random() AS r_geo,
                   random() AS r_geo2, random() AS r_assign, random() AS r_pub
              FROM generate_series(1, ${Number(rows)}) AS i) s
  ) g
  JOIN categories c ON c.code = g.category_code;
-- a photo on one request in ten, so the queue's photo count has rows to count
INSERT INTO feedback_photos (id, request_id, storage_key, content_type, bytes, position, created_at)
SELECT gen_random_uuid(), id, id || '.jpg', 'image/jpeg', 200000, 0, submitted_at
  FROM feedback_requests TABLESAMPLE BERNOULLI (10);
SET session_replication_role = DEFAULT;
SELECT setval('feedback_tracking_seq', ${Number(rows)});
`;
}
