// Numbers as written: Arabic (1,234 / 49.5438) and Chinese (二十三, 一百零五, 两千, 二〇二三).
// Each reader returns where the number ends, so the scanner never backtracks.
import type { Lexicon } from './lexicon.js';

export interface Numeral {
  value: number;
  start: number;
  end: number;
  arabic: boolean;
  /** written as a bare run of digits without 十/百/千 (二〇二三, 八五) */
  digitSequence: boolean;
  /** a Chinese numeral with decimals (九十七点六): a 万 or 亿 after it multiplies, as after an Arabic number */
  decimal?: boolean;
}

const isAsciiDigit = (c: number) => c >= 48 && c <= 57;

export function isNumeralStart(text: string, i: number, lex: Lexicon): boolean {
  return lex.numeralStart[text.charCodeAt(i)] === 1;
}

/** Reads an Arabic number at i: digits, optional thousands groups, optional decimals. */
export function readArabic(text: string, i: number, lex: Lexicon): Numeral | null {
  const n = text.length;
  let j = i;
  while (j < n && isAsciiDigit(text.charCodeAt(j))) j++;
  if (j === i) return null;
  let digits = text.slice(i, j);
  // thousands groups: only after a first group of 1-3 digits, each of exactly 3 digits
  if (j - i <= 3) {
    let k = j;
    let grouped = '';
    while (
      text[k] === lex.thousandsSeparator &&
      isAsciiDigit(text.charCodeAt(k + 1)) && isAsciiDigit(text.charCodeAt(k + 2)) && isAsciiDigit(text.charCodeAt(k + 3)) &&
      !isAsciiDigit(text.charCodeAt(k + 4))
    ) {
      grouped += text.slice(k + 1, k + 4);
      k += 4;
    }
    if (grouped) {
      digits += grouped;
      j = k;
    }
  }
  if (text[j] === lex.decimalPoint && isAsciiDigit(text.charCodeAt(j + 1))) {
    let k = j + 1;
    while (k < n && isAsciiDigit(text.charCodeAt(k))) k++;
    digits += '.' + text.slice(j + 1, k);
    j = k;
  }
  return { value: Number(digits), start: i, end: j, arabic: true, digitSequence: false };
}

/** The value of a Chinese numeral, or null when the characters do not form one (十四五). */
export function chineseValue(s: string, lex: Lexicon): { value: number; digitSequence: boolean } | null {
  if (s.length === 0) return null;
  let allDigits = true;
  for (const ch of s) if (!lex.digits.has(ch)) allDigits = false;
  if (allDigits) {
    let v = 0;
    for (const ch of s) v = v * 10 + lex.digits.get(ch)!;
    return { value: v, digitSequence: s.length > 1 };
  }
  let total = 0;
  let section = 0;
  let digit = -1;
  let lastSmall = Infinity;
  let lastWasZero = false;
  let any = false;
  for (const ch of s) {
    const d = lex.digits.get(ch);
    if (d !== undefined) {
      if (d === 0) {
        if (digit >= 0) return null;
        lastWasZero = true;
        continue;
      }
      if (digit >= 0) return null; // two digits in a row inside a numeral with units
      digit = d;
      any = true;
      continue;
    }
    const small = lex.smallUnits.get(ch);
    if (small !== undefined) {
      if (small >= lastSmall) return null;
      section += (digit >= 0 ? digit : 1) * small;
      digit = -1;
      lastSmall = small;
      lastWasZero = false;
      any = true;
      continue;
    }
    const big = lex.bigUnits.get(ch);
    if (big !== undefined) {
      if (digit >= 0) section += digit;
      digit = -1;
      if (section === 0 && total === 0) return null;
      if (big >= 100000000) total = (total + section) * big;
      else total += section * big;
      section = 0;
      lastSmall = Infinity;
      lastWasZero = false;
      continue;
    }
    return null;
  }
  if (!any && total === 0) return null;
  // 一千五 (colloquial 1500) is left as 1005 would be wrong: treat a trailing digit right
  // after a unit (no 零) as that unit's next place.
  if (digit >= 0) {
    if (!lastWasZero && lastSmall !== Infinity && lastSmall >= 100) section += digit * (lastSmall / 10);
    else section += digit;
  }
  return { value: total + section, digitSequence: false };
}

/** Reads a Chinese numeral at i (the longest run of numeral characters that starts there). */
export function readChinese(text: string, i: number, lex: Lexicon): Numeral | null {
  const first = text[i]!;
  if (!lex.digits.has(first) && !lex.smallUnits.has(first)) return null;
  let j = i;
  const n = text.length;
  while (j < n) {
    const ch = text[j]!;
    if (lex.digits.has(ch) || lex.smallUnits.has(ch) || lex.bigUnits.has(ch)) j++;
    else break;
  }
  // a big unit at the end may belong to the measure (三万元 is fine either way); keep it
  const parsed = chineseValue(text.slice(i, j), lex);
  if (!parsed) return null;
  const decimals = chineseDecimals(text, j, lex);
  if (decimals && !parsed.digitSequence && !lex.bigUnits.has(text[j - 1]!)) {
    return { value: Number(`${parsed.value}.${decimals.digits}`), start: i, end: decimals.end, arabic: false, digitSequence: false, decimal: true };
  }
  return { value: parsed.value, start: i, end: j, arabic: false, digitSequence: parsed.digitSequence };
}

/**
 * The decimals of a Chinese numeral ending at i: the decimal point, then digits only (九十七点六).
 * None when a 十/百/千 follows the digits: 三点二十分 is a clock time, not 3.2.
 */
function chineseDecimals(text: string, i: number, lex: Lexicon): { digits: string; end: number } | null {
  if (!lex.chineseDecimalPoint || text[i] !== lex.chineseDecimalPoint) return null;
  let k = i + 1;
  let digits = '';
  while (k < text.length && lex.digits.has(text[k]!)) digits += String(lex.digits.get(text[k++]!));
  if (!digits || lex.smallUnits.has(text[k] ?? '')) return null;
  return { digits, end: k };
}

export function readNumeral(text: string, i: number, lex: Lexicon): Numeral | null {
  return isAsciiDigit(text.charCodeAt(i)) ? readArabic(text, i, lex) : readChinese(text, i, lex);
}

/** End of the run of numeral characters starting at i (for skipping what did not parse). */
export function numeralRunEnd(text: string, i: number, lex: Lexicon): number {
  let j = i;
  const arabic = isAsciiDigit(text.charCodeAt(i));
  while (j < text.length) {
    const c = text.charCodeAt(j);
    const ch = text[j]!;
    if (arabic ? isAsciiDigit(c) || ch === lex.decimalPoint : lex.digits.has(ch) || lex.smallUnits.has(ch) || lex.bigUnits.has(ch)) j++;
    else break;
  }
  return Math.max(j, i + 1);
}
