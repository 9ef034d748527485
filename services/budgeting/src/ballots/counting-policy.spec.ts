import { outranks, RankedEntry, whyCounted } from './counting-policy';

const online = (seq: number): RankedEntry => ({ seq, channel: 'online' });
const paper = (seq: number): RankedEntry => ({ seq, channel: 'paper' });
const assisted = (seq: number): RankedEntry => ({ seq, channel: 'assisted' });

describe('which entry counts', () => {
  it('latest: the higher seq wins whatever the channel', () => {
    expect(outranks('latest', online(5), paper(4))).toBe(true);
    expect(outranks('latest', paper(4), online(5))).toBe(false);
    expect(outranks('latest', online(3), online(2))).toBe(true);
  });

  it('paper_first: in person beats online either way round; among equals the higher seq', () => {
    expect(outranks('paper_first', online(9), paper(4))).toBe(false);
    expect(outranks('paper_first', paper(4), online(9))).toBe(true);
    expect(outranks('paper_first', assisted(7), paper(6))).toBe(true);
    expect(outranks('paper_first', paper(6), assisted(7))).toBe(false);
    expect(outranks('paper_first', online(8), online(7))).toBe(true);
  });

  it('gives the same winner whatever order the entries arrive in (a total order)', () => {
    // By hand: of online 1, paper 2, online 3, assisted 4, online 5 under paper_first the
    // in-person ones are 2 and 4, and 4 is newer; under latest 5 is newest.
    const entries = [online(1), paper(2), online(3), assisted(4), online(5)];
    const orders = [entries, [...entries].reverse(), [entries[2], entries[4], entries[0], entries[3], entries[1]]];
    for (const order of orders) {
      const win = (policy: 'latest' | 'paper_first') => order.reduce((best, e) => (outranks(policy, e, best) ? e : best)).seq;
      expect(win('paper_first')).toBe(4);
      expect(win('latest')).toBe(5);
    }
  });

  it('says why, naming the policy and a counted withdrawal', () => {
    expect(whyCounted('paper_first', { ...paper(2), kind: 'ballot' }, [online(1), paper(2)]).en).toMatch(/^Policy paper_first: an in-person ballot/);
    expect(whyCounted('paper_first', { ...online(3), kind: 'withdrawal' }, [online(1), online(3)]).en).toMatch(/no in-person entry.*withdrawal/);
    expect(whyCounted('latest', { ...online(3), kind: 'ballot' }, [paper(1), online(3)]).en).toMatch(/^Policy latest/);
  });

  it('says it in Finnish and Swedish too, withdrawal included', () => {
    const why = whyCounted('paper_first', { ...paper(2), kind: 'withdrawal' }, [online(1), paper(2)]);
    expect(Object.keys(why).sort()).toEqual(['en', 'fi', 'sv']);
    expect(why.fi).toMatch(/^Käytäntö paper_first: henkilökohtaisesti annettu ääni .* äänen peruutus/);
    expect(why.sv).toMatch(/^Principen paper_first: en röst som getts personligen .* återkallelse/);
    expect(whyCounted('latest', { ...online(3), kind: 'ballot' }, [paper(1), online(3)]).sv).toBe('Principen latest: den nyaste posten räknas, oberoende av kanal.');
  });
});
