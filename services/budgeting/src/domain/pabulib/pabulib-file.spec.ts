import fc from 'fast-check';
import { analysePabulib, parsePabulib, PabulibFormatError, writePabulib, type PabulibFileToWrite } from './pabulib-file';

// A small district written by hand in the format's style (spaces after ';' as pabulib.org's
// example has them, a quoted name with a ';' and doubled quotes, a blank vote, CRLF on one line).
const DISTRICT = [
  'META',
  'key; value',
  'description; Asukasbudjetti, Koillinen',
  'country; Finland',
  'unit; Helsinki',
  'instance; 2026',
  'num_projects; 3',
  'num_votes; 4',
  'budget; 100',
  'vote_type; approval',
  'rule; greedy',
  'PROJECTS',
  'project_id; cost; votes; name',
  'a; 60; 3; Skeittiparkki',
  'b; 50; 3; "Penkit; ja ""roskikset"""',
  'c; 40.0; 2; Valot\r',
  'VOTES',
  'voter_id; vote',
  '1; a,b,c',
  '2; a, b',
  '3; a,b,c',
  '4; ',
  '',
].join('\n');

function errorOf(text: string, options = {}): PabulibFormatError {
  try {
    parsePabulib(text, options);
  } catch (error) {
    if (error instanceof PabulibFormatError) return error;
    throw error;
  }
  throw new Error('parsed without an error');
}

describe('parsePabulib', () => {
  it('reads meta, projects and votes, trimming unquoted fields and unquoting quoted ones', () => {
    const file = parsePabulib(DISTRICT);
    expect(file.meta).toMatchObject({ description: 'Asukasbudjetti, Koillinen', budget: '100', vote_type: 'approval', num_votes: '4' });
    expect(file.projects).toEqual([
      { project_id: 'a', cost: 60, votes: '3', name: 'Skeittiparkki' },
      { project_id: 'b', cost: 50, votes: '3', name: 'Penkit; ja "roskikset"' },
      { project_id: 'c', cost: 40, votes: '2', name: 'Valot' },
    ]);
    expect(file.votes).toEqual([
      { voter_id: '1', vote: ['a', 'b', 'c'] },
      { voter_id: '2', vote: ['a', 'b'] },
      { voter_id: '3', vote: ['a', 'b', 'c'] },
      { voter_id: '4', vote: [] },
    ]);
  });

  const replace = (from: string, to: string) => {
    expect(DISTRICT).toContain(from);
    return DISTRICT.replace(from, to);
  };

  it.each([
    ['an unsupported vote type', replace('vote_type; approval', 'vote_type; ordinal'), 10, /vote_type "ordinal" is not supported; only approval and choose-1/],
    ['a malformed cost', replace('a; 60;', 'a; 6,0;'), 14, /cost of project a must be a whole number, not "6,0"/],
    ['a negative budget', replace('budget; 100', 'budget; -100'), 9, /budget must be a whole number/],
    ['a vote for an unknown project', replace('2; a, b', '2; a, x'), 20, /"x", which is not in PROJECTS/],
    ['a vote naming a project twice', replace('2; a, b', '2; a, a'), 20, /names "a" twice/],
    ['num_votes that does not match', replace('num_votes; 4', 'num_votes; 5'), 8, /num_votes says 5 but the VOTES section has 4/],
    ['num_projects that does not match', replace('num_projects; 3', 'num_projects; 2'), 7, /num_projects says 2 but the PROJECTS section has 3/],
    ['a project twice', replace('c; 40.0', 'a; 40.0'), 16, /project_id "a" appears twice/],
    ['a voter twice', replace('3; a,b,c', '1; a,b,c'), 21, /voter_id "1" appears twice/],
    ['a missing cost column', replace('project_id; cost; votes; name', 'project_id; price; votes; name'), 13, /no cost column/],
    ['a row with a field too many', replace('a; 60; 3; Skeittiparkki', 'a; 60; 3; Skeittiparkki; extra'), 14, /expected 4 fields as in the header, found 5/],
    ['a missing VOTES section', DISTRICT.slice(0, DISTRICT.indexOf('VOTES')), 17, /VOTES section is missing/],
    ['a quote never closed', replace('roskikset"""', 'roskikset""'), 15, /quoted field is never closed/],
    ['a stray quote', replace('Skeittiparkki', 'Skeitti"parkki'), 14, /quote inside an unquoted field/],
    ['data before any section', `hello;world\n${DISTRICT}`, 1, /data before the first section/],
    ['no budget', replace('budget; 100\n', ''), 1, /META has no budget/],
  ])('refuses %s, naming the line', (_, text, line, message) => {
    const error = errorOf(text);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`line ${line}: `)).toBe(true);
  });

  it('refuses a choose-1 vote naming two projects, and reads one naming one', () => {
    const choose1 = DISTRICT.replace('vote_type; approval', 'vote_type; choose-1');
    expect(errorOf(choose1)).toMatchObject({ line: 19, reason: 'a choose-1 vote names 3 projects' });
    const valid = choose1.replace('1; a,b,c', '1; a').replace('2; a, b', '2; b').replace('3; a,b,c', '3; a');
    expect(parsePabulib(valid).votes.map((v) => v.vote)).toEqual([['a'], ['b'], ['a'], []]);
  });

  it('refuses a file over the size the caller allows before reading it', () => {
    const bytes = Buffer.byteLength(DISTRICT, 'utf8');
    expect(errorOf(DISTRICT, { maxBytes: bytes - 1 })).toMatchObject({ line: 0, message: `the file is larger than ${bytes - 1} bytes` });
    expect(() => parsePabulib(DISTRICT, { maxBytes: bytes })).not.toThrow();
  });

  it('accepts a byte-order mark, CRLF line ends and lower-case section titles', () => {
    const file = parsePabulib('\uFEFF' + DISTRICT.replace(/\n/g, '\r\n').replace('PROJECTS', 'projects'));
    expect(file.projects.map((p) => p.project_id)).toEqual(['a', 'b', 'c']);
  });
});

describe('analysePabulib', () => {
  it('computes greedy and equal shares with the file ids', () => {
    // Greedy: a and b tie on 3 votes; b (50) is cheaper: 50 left; a (60) does not fit; c (40) does: [b, c], 90.
    expect(analysePabulib(DISTRICT, 'greedy')).toEqual({ rule: 'greedy', budget: 100, winners: ['b', 'c'], cost: 90 });
    // MES: 4 voters (one blank), share 25; the three supporters of a and b hold 75.
    //   b: ρ = (50/3)/50 = 1/3; a: (60/3)/60 = 1/3; c: 2 supporters, 40/2 = 20 ≤ 25, ρ = 20/40 = 1/2.
    //   a and b tie on ρ and votes; b is cheaper. Voters 1–3 keep 25 − 16.67 = 8.33; a (they hold 25 < 60)
    //   unaffordable; c: voters 1 and 3 hold 16.67 < 40. Outcome [b], 50; c (40) still fits: raise.
    //   Share 25 + k: b first again; then a needs 3 × (25 + k − 16.67) ≥ 60 and c 2 × (25 + k − 16.67) ≥ 40,
    //   both first true at k = 12 (share 37), where a (ρ 20/60 = 1/3) beats c (ρ 20/40 = 1/2): b + a = 110
    //   > 100, so the raise of 11 is kept: [b], 50. Greedy fill: a (60) does not fit in 50, c (40) does.
    expect(analysePabulib(DISTRICT, 'mes')).toEqual({ rule: 'mes', budget: 100, winners: ['b', 'c'], cost: 90 });
  });

  it('lets the minority win under equal shares where greedy gives the majority everything', () => {
    const classic = writePabulib({
      meta: { description: 'red and blue', country: 'Finland', unit: 'Test', instance: '2026', budget: 75, vote_type: 'approval' },
      projects: ['r1', 'r2', 'r3', 'b1', 'b2', 'b3'].map((project_id) => ({ project_id, cost: 25 })),
      votes: Array.from({ length: 10 }, (_, i) => ({ voter_id: String(i + 1), vote: i < 6 ? ['r1', 'r2', 'r3'] : ['b1', 'b2', 'b3'] })),
    });
    // Hand-checked in results/equal-shares.spec.ts ("gives the minority its share").
    expect(analysePabulib(classic, 'greedy').winners).toEqual(['r1', 'r2', 'r3']);
    expect(analysePabulib(classic, 'mes').winners).toEqual(['r1', 'r2', 'b1']);
  });

  it('applies our min_votes and incompatible_group when a file has them', () => {
    // Greedy without them: [b, c]. With a floor of 3, c (2 votes) is out: [b]; a (60) does not fit in 50.
    const floored = DISTRICT.replace('rule; greedy', 'rule; greedy\nmin_votes; 3');
    expect(analysePabulib(floored, 'greedy').winners).toEqual(['b']);
    // With a budget of 110 the votes alone fund b and a; a and b in one group, b wins it, a is out, c fits.
    const roomier = DISTRICT.replace('budget; 100', 'budget; 110');
    const grouped = roomier
      .replace('project_id; cost; votes; name', 'project_id; cost; votes; incompatible_group; name')
      .replace('a; 60; 3;', 'a; 60; 3; park;')
      .replace('b; 50; 3;', 'b; 50; 3; park;')
      .replace('c; 40.0; 2;', 'c; 40.0; 2; ;');
    expect(analysePabulib(roomier, 'greedy').winners).toEqual(['b', 'a']);
    expect(analysePabulib(grouped, 'greedy').winners).toEqual(['b', 'c']);
    expect(errorOf(DISTRICT.replace('rule; greedy', 'rule; greedy\nmin_votes; many'))).toMatchObject({ line: 12 });
  });
});

describe('writePabulib', () => {
  it('sets num_projects and num_votes from the data and quotes only what needs it', () => {
    const text = writePabulib({
      meta: { description: 'x', budget: 10, vote_type: 'approval', num_votes: 99 },
      projects: [{ project_id: 'p1', cost: 5, name: ' spaced ' }],
      votes: [{ voter_id: 'v1', vote: ['p1'] }],
    });
    expect(text).toBe(['META', 'key;value', 'description;x', 'budget;10', 'vote_type;approval', 'num_votes;1', 'num_projects;1', 'PROJECTS', 'project_id;cost;name', 'p1;5;" spaced "', 'VOTES', 'voter_id;vote', 'v1;p1', ''].join('\n'));
  });

  it('refuses a project id it could not write in a vote', () => {
    expect(() => writePabulib({ meta: { budget: 1, vote_type: 'approval' }, projects: [{ project_id: 'a,b', cost: 1 }], votes: [] })).toThrow(/cannot be written/);
  });

  // Any text except that ids avoid commas and surrounding spaces (the vote column's syntax).
  const text = fc.string({ unit: fc.constantFrom('a', 'ä', ' ', ';', '"', '\n', '\r', ',', 'x', '1', '€') });
  const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/);
  const file: fc.Arbitrary<PabulibFileToWrite> = fc
    .record({
      metaExtra: fc.dictionary(fc.stringMatching(/^[a-z_]{1,10}$/), text, { maxKeys: 4 }),
      projects: fc.uniqueArray(fc.record({ project_id: id, cost: fc.nat({ max: 10 ** 9 }), name: text }), { selector: (p) => p.project_id, maxLength: 6 }),
      voterIds: fc.uniqueArray(id, { maxLength: 8 }),
      picks: fc.array(fc.array(fc.nat({ max: 5 }), { maxLength: 4 }), { minLength: 8, maxLength: 8 }),
      sex: fc.constantFrom('f', 'm', ''),
    })
    .map(({ metaExtra, projects, voterIds, picks, sex }) => {
      const meta: Record<string, string> = { ...metaExtra, budget: '1000', vote_type: 'approval' };
      delete meta.num_projects;
      delete meta.num_votes;
      return {
        meta,
        projects,
        votes: voterIds.map((voter_id, i) => ({
          voter_id,
          sex,
          vote: [...new Set(picks[i].filter((p) => p < projects.length).map((p) => projects[p].project_id))],
        })),
      };
    });

  it('round-trips through the parser', () => {
    fc.assert(
      fc.property(file, (written) => {
        const parsed = parsePabulib(writePabulib(written));
        expect(parsed).toEqual({
          meta: { ...written.meta, num_projects: String(written.projects.length), num_votes: String(written.votes.length) },
          projects: written.projects,
          votes: written.votes,
        });
      }),
      { numRuns: 300, seed: 1202 },
    );
  });
});
