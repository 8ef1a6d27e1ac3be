// Decides which candidates are quantities: a fixed chain of small filters from
// rules/filters (dates, ordinals, names, formulas, titles ...), applied in order.
import type { CompiledFilter } from '../rules/compile.js';
import type { Span } from '../segment/structure.js';
import type { Candidate } from './scan.js';
import { lastAtOrBefore } from '../util/search.js';

export interface Rejection {
  candidate: Candidate;
  filter: string;
  code: string;
}

const LOOK_BEHIND = 8;
const LOOK_AHEAD = 10;

/** Stretches of text a filter protects: inside 《…》 or “…”. */
export type ProtectedSpans = (f: CompiledFilter) => Span[];

function bracketSpans(text: string, open: string, close: string, maxLength: number): Span[] {
  const spans: Span[] = [];
  let i = text.indexOf(open);
  while (i >= 0) {
    const j = text.indexOf(close, i + 1);
    if (j < 0) break;
    const nextOpen = text.indexOf(open, i + 1);
    // an unclosed opener followed by another opener: skip to the later one
    if (nextOpen >= 0 && nextOpen < j) {
      i = nextOpen;
      continue;
    }
    if (j + 1 - i <= maxLength + 2) spans.push({ start: i, end: j + 1 });
    i = text.indexOf(open, j + 1);
  }
  return spans;
}

/** Whether one of the fixed expressions covers the candidate (looked up around it only). */
function withinExpression(text: string, c: Candidate, exprs: string[]): boolean {
  for (const e of exprs) {
    for (let at = Math.max(0, c.end - e.length); at <= c.start; at++) if (text.startsWith(e, at)) return true;
  }
  return false;
}

/** Bracketed stretches, computed on first use per filter. */
export function protectedSpans(text: string): ProtectedSpans {
  const cache = new Map<CompiledFilter, Span[]>();
  return (f) => {
    let spans = cache.get(f);
    if (!spans) {
      spans = f.enclosedBy ? bracketSpans(text, f.enclosedBy.open, f.enclosedBy.close, f.enclosedBy.maxLength) : [];
      cache.set(f, spans);
    }
    return spans;
  };
}

/** Whether c lies inside one of the spans (disjoint, sorted by start). */
function inside(spans: Span[], c: Candidate): boolean {
  const k = lastAtOrBefore(spans, c.start, (s) => s.start);
  return k >= 0 && spans[k]!.end >= c.end;
}

export function rejectedBy(c: Candidate, text: string, f: CompiledFilter, spans: ProtectedSpans): boolean {
  if (f.units && !f.units.has(c.unit)) return false;
  if (f.measures && !f.measures.has(c.measure)) return false;
  if (f.valueBetween && !(c.value >= f.valueBetween[0] && c.value <= f.valueBetween[1])) return false;
  if (f.numeral && !f.numeral.has(c.numeral)) return false;
  if (f.numeralPattern && !f.numeralPattern.test(c.numeral)) return false;
  if (f.arabic !== undefined && c.arabic !== f.arabic) return false;
  if (f.integer !== undefined && Number.isInteger(c.value) !== f.integer) return false;
  if (f.range !== undefined && (c.valueMax !== undefined) !== f.range) return false;
  if (f.before && !f.before.test(text.slice(Math.max(0, c.start - LOOK_BEHIND), c.start))) return false;
  if (f.after && !f.after.test(text.slice(c.end, c.end + LOOK_AHEAD))) return false;
  if (f.afterNumber && !f.afterNumber.test(text.slice(c.numberEnd, c.numberEnd + LOOK_AHEAD))) return false;
  if (f.within && !withinExpression(text, c, f.within)) return false;
  if (f.enclosedBy && !inside(spans(f), c)) return false;
  return true;
}

/**
 * The largest magnitude a figure may have: beyond 2^53 a double no longer holds every whole
 * number, so the value would not be the number written (99999999999999999999亿元 would come
 * out as 1e28, a 400-digit number as Infinity, which JSON writes as null). No report states
 * such a figure (China's whole GDP is about 1.3e14 yuan): it is a typo or junk, not a quantity.
 */
export const MAX_FIGURE = Number.MAX_SAFE_INTEGER;
export const TOO_LARGE = { filter: 'number_too_large', code: 'NUMBER_TOO_LARGE' } as const;

const representable = (c: Candidate) =>
  Math.abs(c.value) <= MAX_FIGURE && (c.valueMax === undefined || Math.abs(c.valueMax) <= MAX_FIGURE);

export function selectQuantities(
  candidates: Candidate[],
  text: string,
  filters: CompiledFilter[],
): { kept: Candidate[]; rejected: Rejection[] } {
  const spans = protectedSpans(text);
  const kept: Candidate[] = [];
  const rejected: Rejection[] = [];
  for (const c of candidates) {
    // (NaN and Infinity fail the comparison too)
    if (!representable(c)) {
      rejected.push({ candidate: c, ...TOO_LARGE });
      continue;
    }
    const f = filters.find((x) => rejectedBy(c, text, x, spans));
    if (f) rejected.push({ candidate: c, filter: f.id, code: f.code });
    else kept.push(c);
  }
  return { kept, rejected };
}
