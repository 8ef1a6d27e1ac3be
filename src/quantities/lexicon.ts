// Compiles the lexicon tables (numerals, approximation markers, measure words) into
// lookup structures the scanner uses. Pure: takes validated rule files, returns data.
import type { ApproxFile, NumeralsFile, UnitEntry } from '../rules/schema.js';
import type { Approx } from '../rules/schema.js';

export interface Lexicon {
  digits: Map<string, number>;
  smallUnits: Map<string, number>;
  bigUnits: Map<string, number>;
  half: string;
  thousandsSeparator: string;
  decimalPoint: string;
  /** 点 in 九十七点六, if the numerals file names one */
  chineseDecimalPoint: string | undefined;
  rangeSeparators: Set<string>;
  fractionInfix: string;
  tenthsSuffix: string;
  /** measure words by their first character, longest first */
  measures: Map<string, UnitEntry[]>;
  /** approx markers before the number, longest first */
  prefixApprox: Array<[string, Approx]>;
  prefixBlockers: Map<string, Set<string>>;
  /** single-character approx markers between the number and its measure word */
  infixApprox: Map<string, Approx>;
  /** approx markers after the measure word, longest first */
  suffixApprox: Array<[string, Approx]>;
  tenthsNotBefore: Set<string>;
  /** by UTF-16 code: 1 where a number can start (ASCII digits, Chinese digits, 十/百/千) */
  numeralStart: Uint8Array;
}

const byLengthDesc = <T>(key: (t: T) => string) => (a: T, b: T) => key(b).length - key(a).length;

export function compileLexicon(numerals: NumeralsFile, approx: ApproxFile, units: UnitEntry[]): Lexicon {
  const measures = new Map<string, UnitEntry[]>();
  // later entries (user rule folders) override earlier ones with the same measure word
  const unique = new Map<string, UnitEntry>();
  for (const u of units) unique.set(u.measure, u);
  for (const u of unique.values()) {
    const first = u.measure[0]!;
    const list = measures.get(first) ?? [];
    list.push(u);
    measures.set(first, list);
  }
  for (const list of measures.values()) list.sort(byLengthDesc((u) => u.measure));
  const numeralStart = new Uint8Array(0x10000);
  for (let c = 48; c <= 57; c++) numeralStart[c] = 1;
  for (const ch of [...Object.keys(numerals.digits), ...Object.keys(numerals.small_units)]) numeralStart[ch.charCodeAt(0)] = 1;
  return {
    numeralStart,
    digits: new Map(Object.entries(numerals.digits)),
    smallUnits: new Map(Object.entries(numerals.small_units)),
    bigUnits: new Map(Object.entries(numerals.big_units)),
    half: numerals.half,
    thousandsSeparator: numerals.thousands_separator,
    decimalPoint: numerals.decimal_point,
    chineseDecimalPoint: numerals.chinese_decimal_point,
    rangeSeparators: new Set(numerals.range_separators),
    fractionInfix: numerals.fraction_infix,
    tenthsSuffix: numerals.tenths_suffix,
    measures,
    prefixApprox: Object.entries(approx.prefix).sort(byLengthDesc(([k]) => k)),
    prefixBlockers: new Map(Object.entries(approx.prefix_blockers).map(([k, v]) => [k, new Set(v)])),
    infixApprox: new Map(Object.entries(approx.suffix_before_measure)),
    suffixApprox: Object.entries(approx.suffix_after_measure).sort(byLengthDesc(([k]) => k)),
    tenthsNotBefore: new Set(numerals.tenths_not_before),
  };
}
