// Finds candidate quantities: a number, an optional multiplier (万/亿), approximation markers
// and a measure word from the unit table. One left-to-right pass over the normalized text;
// every step only moves forward, so worst-case time is linear in the text.
import type { Approx, UnitClass, UnitEntry } from '../rules/schema.js';
import type { Lexicon } from './lexicon.js';
import { isNumeralStart, numeralRunEnd, readNumeral, type Numeral } from './numerals.js';

export interface Candidate {
  /** `text` is doc.slice(start, end): from the first numeral to the end of the measure word */
  start: number;
  end: number;
  /** end of the first number as written (before a range, multiplier or measure) */
  numberEnd: number;
  /** start/end including approximation markers around the number */
  spanStart: number;
  spanEnd: number;
  value: number;
  valueMax?: number;
  unit: UnitClass;
  measure: string;
  approx: Approx | '';
  /** the first number exactly as written */
  numeral: string;
  arabic: boolean;
  digitSequence: boolean;
}

const SPACE = /[ \t]/;
const MAX_SPACES = 2;
const HALF_UNITS = new Set<UnitClass>(['day', 'year', 'month', 'hour']);

function matchMeasure(text: string, p: number, lex: Lexicon, arabic: boolean): UnitEntry | null {
  const list = lex.measures.get(text[p] ?? '');
  if (!list) return null;
  for (const u of list) {
    if (u.arabic_only && !arabic) continue;
    if (text.startsWith(u.measure, p)) return u;
  }
  return null;
}

function prefixApprox(text: string, start: number, lex: Lexicon): { approx: Approx; at: number } | null {
  let p = start;
  if (p > 0 && SPACE.test(text[p - 1]!)) p--;
  for (const [marker, approx] of lex.prefixApprox) {
    const at = p - marker.length;
    if (at < 0 || !text.startsWith(marker, at)) continue;
    const blockers = lex.prefixBlockers.get(marker);
    if (blockers && at > 0 && blockers.has(text[at - 1]!)) continue;
    return { approx, at };
  }
  return null;
}

function skipSpaces(text: string, p: number): number {
  let q = p;
  while (q < text.length && q - p < MAX_SPACES && SPACE.test(text[q]!)) q++;
  return q;
}

/** Tries to read a quantity whose number starts at i. */
export function readQuantity(text: string, i: number, lex: Lexicon): Candidate | null {
  const first = readNumeral(text, i, lex);
  if (!first) return null;
  let value = first.value;
  let valueMax: number | undefined;
  let p = first.end;
  let approx: Approx | '' = '';

  // fractions and percentages written out: 三分之一, 百分之九十五
  if (text.startsWith(lex.fractionInfix, p)) {
    const q = p + lex.fractionInfix.length;
    const second = q < text.length && isNumeralStart(text, q, lex) ? readNumeral(text, q, lex) : null;
    if (second && first.value > 0) {
      const isPercent = first.value === 100;
      return finish(text, lex, first, {
        value: second.value / first.value, end: second.end, unit: 'percent',
        measure: isPercent ? text.slice(first.start, q) : lex.fractionInfix, approx: '',
      });
    }
    return null;
  }
  // tenths: 两成, 九成以上
  if (!first.arabic && text[p] === lex.tenthsSuffix && first.value > 0 && first.value <= 10 &&
      !lex.tenthsNotBefore.has(text[p + 1] ?? '')) {
    return finish(text, lex, first, { value: first.value / 10, end: p + 1, unit: 'percent', measure: lex.tenthsSuffix, approx: '' });
  }

  // ranges: 3至5人, 3-5次
  if (lex.rangeSeparators.has(text[p] ?? '') && p + 1 < text.length && isNumeralStart(text, p + 1, lex)) {
    const second = readNumeral(text, p + 1, lex);
    if (second && second.arabic === first.arabic && second.value > first.value) {
      valueMax = second.value;
      p = second.end;
    }
  }
  // 余/多 before a multiplier or the measure word: 6734余万元, 123多宗
  const infix = lex.infixApprox.get(text[p] ?? '');
  if (infix) {
    approx = infix;
    p++;
  }
  // multipliers: 18.4万, 3千. A Chinese numeral already holds its own 万/亿, unless 余 came
  // between them (三千余万元).
  let multiplierText = '';
  let multiplier = 1;
  if (first.arabic || first.decimal || infix) {
    for (;;) {
      const ch = text[p] ?? '';
      let m = lex.bigUnits.get(ch);
      if (m === undefined && first.arabic && !multiplierText && !infix) m = lex.smallUnits.get(ch);
      // a measure word that opens with a multiplier character is the measure (5.94百分点, 3千米)
      if (m === undefined || matchMeasure(text, p, lex, first.arabic)) break;
      multiplier *= m;
      multiplierText += ch;
      p++;
    }
  }
  if (!approx) {
    const after = lex.infixApprox.get(text[p] ?? '');
    if (after && multiplierText) {
      approx = after;
      p++;
    }
  }
  const mStart = skipSpaces(text, p);
  const unit = matchMeasure(text, mStart, lex, first.arabic);
  if (!unit) return null;
  let end = mStart + unit.measure.length;
  value *= multiplier;
  if (valueMax !== undefined) valueMax *= multiplier;
  if (unit.scale !== undefined) {
    value *= unit.scale;
    if (valueMax !== undefined) valueMax *= unit.scale;
  }
  if (text[end] === lex.half && HALF_UNITS.has(unit.unit)) {
    value += 0.5;
    end++;
  }
  const measure = unit.keep_multiplier && multiplierText ? multiplierText + unit.measure : unit.measure;
  const c = finish(text, lex, first, { value, end, unit: unit.unit, measure, approx });
  if (valueMax !== undefined) c.valueMax = round(valueMax);
  return c;
}

function round(v: number): number {
  // an integer of up to 12 digits is already what toPrecision(12) would give (most counts)
  if (Number.isInteger(v) && Math.abs(v) < 1e12) return v;
  // 49.5438 * 10000 must be 495438, not 495437.99999999994
  return Number(v.toPrecision(12));
}

function finish(
  text: string,
  lex: Lexicon,
  first: Numeral,
  q: { value: number; end: number; unit: UnitClass; measure: string; approx: Approx | '' },
): Candidate {
  let approx = q.approx;
  let spanStart = first.start;
  let spanEnd = q.end;
  const pre = prefixApprox(text, first.start, lex);
  if (pre) {
    approx = pre.approx; // the prefix wins: 近6734余万元 -> near
    spanStart = pre.at;
  }
  for (const [marker, a] of lex.suffixApprox) {
    if (text.startsWith(marker, q.end)) {
      if (!approx) approx = a;
      spanEnd = q.end + marker.length;
      break;
    }
  }
  return {
    start: first.start,
    end: q.end,
    numberEnd: first.end,
    spanStart,
    spanEnd,
    value: round(q.value),
    unit: q.unit,
    measure: q.measure,
    approx,
    numeral: text.slice(first.start, first.end),
    arabic: first.arabic,
    digitSequence: first.digitSequence,
  };
}

/** All candidate quantities in the normalized text, in order, without overlaps. */
export function scanCandidates(text: string, lex: Lexicon, from = 0, to = text.length): Candidate[] {
  const out: Candidate[] = [];
  let i = from;
  while (i < to) {
    if (!isNumeralStart(text, i, lex)) {
      i++;
      continue;
    }
    const c = readQuantity(text, i, lex);
    if (c && c.end <= to) {
      out.push(c);
      i = c.end;
    } else {
      i = numeralRunEnd(text, i, lex);
    }
  }
  return out;
}
