// The headline choice and the unit-year merge, as pure functions on small hand-made inputs.
import { describe, expect, it } from 'vitest';
import { chooseHeadlines, type HeadlineFact, type Place } from '../src/tables/headline.js';
import { mergeUnits, type UnitDoc } from '../src/tables/units.js';

const MARKERS = { scope: /全区|我区|辖区/u, narrow: /专项|工作室/u };
const METRICS = ['mediation.cases', 'mediation.succeeded', 'mediation.success_rate', 'mediation.amount', 'legal_aid.cases'];

function doc(rows: Array<[string, string, { total?: boolean; part?: number; s: number; p: number }]>) {
  const facts: HeadlineFact[] = [];
  const places: Place[] = [];
  const sentences = new Map<number, string>();
  rows.forEach(([metric, sentence, o], i) => {
    sentences.set(o.s, sentence);
    facts.push({ id: `f${i}`, metric, total: o.total ?? false, part_of: o.part === undefined ? null : `f${o.part}`, sentence });
    places.push({ sentence: o.s, paragraph: o.p });
  });
  return { facts, places };
}

describe('headline figures', () => {
  it('take the family statement about the whole unit, not a programme two paragraphs earlier (fixture 003)', () => {
    const { facts, places } = doc([
      ['mediation.succeeded', '通过调解在劳动仲裁前深度介入劳动争议案件，上半年调解成功案件120宗。', { s: 3, p: 1 }],
      ['mediation.cases', '上半年，我区人民调解受理总数7683宗，调解成功7660宗，成功率达99.7%。', { total: true, s: 7, p: 3 }],
      ['mediation.succeeded', '上半年，我区人民调解受理总数7683宗，调解成功7660宗，成功率达99.7%。', { s: 7, p: 3 }],
      ['mediation.success_rate', '上半年，我区人民调解受理总数7683宗，调解成功7660宗，成功率达99.7%。', { s: 7, p: 3 }],
    ]);
    const h = chooseHeadlines(facts, places, METRICS, MARKERS);
    expect(h).toEqual([
      { metric: 'mediation.cases', index: 1, how: 'total' },
      { metric: 'mediation.succeeded', index: 2, how: 'together' },
      { metric: 'mediation.success_rate', index: 3, how: 'together' },
    ]);
  });

  it('keep a part of another metric (其中313宗调解成功) but never a part of the same metric', () => {
    const { facts, places } = doc([
      ['mediation.cases', 's', { s: 1, p: 1, total: true }],
      ['mediation.cases', 's', { s: 1, p: 1, part: 0 }],
      ['mediation.succeeded', 's', { s: 1, p: 1, part: 0 }],
    ]);
    const h = chooseHeadlines(facts, places, METRICS, MARKERS);
    expect(h.map((x) => x.index)).toEqual([0, 2]);
  });

  it('fall back to the same passage, then to a figure about the whole unit, a total, the first mention', () => {
    const { facts, places } = doc([
      ['mediation.cases', '全区共调解纠纷900件。', { s: 1, p: 1, total: true }],
      ['mediation.amount', '涉及金额300万元。', { s: 2, p: 1 }],
      ['legal_aid.cases', '某专项行动办理法援案件5件。', { s: 5, p: 4 }],
      ['legal_aid.cases', '全区办理法援案件70件。', { s: 6, p: 4 }],
    ]);
    const h = chooseHeadlines(facts, places, METRICS, MARKERS);
    expect(h).toEqual([
      { metric: 'mediation.cases', index: 0, how: 'total' },
      { metric: 'mediation.amount', index: 1, how: 'passage' },
      { metric: 'legal_aid.cases', index: 3, how: 'together' },
    ]);
  });
});

describe('unit-year rows', () => {
  const base: Omit<UnitDoc, 'doc' | 'doc_sha256' | 'fingerprint' | 'headlines'> = {
    doc_type: 'annual_report', province: '广东省', city: '深圳市', district: '南山区', street: '', division_code: '440305',
    level: 'district', year: 2023, period: 'annual',
  };
  const metrics = ['mediation.cases', 'mediation.succeeded'];

  it('count a text and an HTML copy of one report once', () => {
    const a: UnitDoc = { ...base, doc: 'r.txt', doc_sha256: 'a', fingerprint: 'F', headlines: [{ metric: 'mediation.cases', value: 10, fact_id: 'a:1' }] };
    const b: UnitDoc = { ...a, doc: 'r.html', doc_sha256: 'b' };
    const rows = mergeUnits([a, b], metrics);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ docs: 1, sources: 'r.txt (= r.html)', 'mediation.cases': 10, conflicts: '' });
  });

  it('prefer the annual report and say where another document disagrees', () => {
    const news: UnitDoc = { ...base, doc_type: 'other', doc: 'news.txt', doc_sha256: 'n', fingerprint: 'N', headlines: [{ metric: 'mediation.cases', value: 12, fact_id: 'n:1' }, { metric: 'mediation.succeeded', value: 9, fact_id: 'n:2' }] };
    const annual: UnitDoc = { ...base, doc: 'annual.txt', doc_sha256: 'y', fingerprint: 'Y', headlines: [{ metric: 'mediation.cases', value: 10, fact_id: 'y:1' }] };
    const [row] = mergeUnits([news, annual], metrics);
    expect(row).toMatchObject({ docs: 2, sources: 'annual.txt; news.txt', 'mediation.cases': 10, 'mediation.succeeded': 9 });
    expect(row!.conflicts).toBe('mediation.cases: kept 10 (annual.txt); 12 (news.txt)');
  });

  it('keep other years, periods and unknown units apart', () => {
    const d = (over: Partial<UnitDoc>, i: number): UnitDoc => ({ ...base, doc: `${i}.txt`, doc_sha256: String(i), fingerprint: String(i), headlines: [], ...over });
    const rows = mergeUnits([d({ year: 2022 }, 1), d({ year: 2023 }, 2), d({ period: 'H1' }, 3), d({ province: '', city: '', district: '', division_code: '' }, 4), d({ province: '', city: '', district: '', division_code: '' }, 5)], metrics);
    expect(rows).toHaveLength(5);
  });
});
