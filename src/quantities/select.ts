// Decides which candidates are quantities: a fixed chain of small filters from
// rules/filters (dates, ordinals, names, formulas, titles ...), applied in order.
import type { CompiledFilter } from '../rules/compile.js';
import type { Span } from '../segment/structure.js';
import type { Candidate } from './scan.js';

export interface Rejection {
  candidate: Candidate;
  filter: string;
  code: string;
}

const LOOK_BEHIND = 8;
const LOOK_AHEAD = 10;

/** Ranges enclosed by each bracket pair used by the filters (《…》, “…”). */
export function enclosures(text: string, filters: CompiledFilter[]): Map<string, Span[]> {
  const out = new Map<string, Span[]>();
  for (const f of filters) {
    const e = f.enclosedBy;
    if (!e) continue;
    const key = e.open + e.close;
    if (out.has(key)) continue;
    const spans: Span[] = [];
    let i = text.indexOf(e.open);
    while (i >= 0) {
      const j = text.indexOf(e.close, i + 1);
      if (j < 0) break;
      const nextOpen = text.indexOf(e.open, i + 1);
      // an unclosed opener followed by another opener: skip to the later one
      if (nextOpen >= 0 && nextOpen < j) {
        i = nextOpen;
        continue;
      }
      spans.push({ start: i, end: j + 1 });
      i = text.indexOf(e.open, j + 1);
    }
    out.set(key, spans);
  }
  return out;
}

function inside(spans: Span[], c: Candidate, maxLength: number): boolean {
  // spans are sorted and disjoint; a linear probe is fine for the handful per document
  for (const s of spans) {
    if (s.start > c.start) break;
    if (c.end <= s.end && s.end - s.start <= maxLength + 2) return true;
  }
  return false;
}

/** Whether an occurrence of the expression covers the candidate. */
function insideExpression(text: string, c: Candidate, expr: string): boolean {
  const from = Math.max(0, c.start - expr.length);
  let i = text.indexOf(expr, from);
  while (i >= 0 && i <= c.start) {
    if (i + expr.length >= c.end) return true;
    i = text.indexOf(expr, i + 1);
  }
  return false;
}

export function rejectedBy(
  c: Candidate,
  text: string,
  f: CompiledFilter,
  encl: Map<string, Span[]>,
): boolean {
  if (f.units && !f.units.has(c.unit)) return false;
  if (f.valueBetween && !(c.value >= f.valueBetween[0] && c.value <= f.valueBetween[1])) return false;
  if (f.numeral && !f.numeral.has(c.numeral)) return false;
  if (f.integer !== undefined && Number.isInteger(c.value) !== f.integer) return false;
  if (f.range !== undefined && (c.valueMax !== undefined) !== f.range) return false;
  if (f.before && !f.before.test(text.slice(Math.max(0, c.start - LOOK_BEHIND), c.start))) return false;
  if (f.after && !f.after.test(text.slice(c.end, c.end + LOOK_AHEAD))) return false;
  if (f.afterNumber && !f.afterNumber.test(text.slice(c.numberEnd, c.numberEnd + LOOK_AHEAD))) return false;
  if (f.within && !f.within.some((w) => insideExpression(text, c, w))) return false;
  if (f.enclosedBy) {
    const spans = encl.get(f.enclosedBy.open + f.enclosedBy.close) ?? [];
    if (!inside(spans, c, f.enclosedBy.maxLength)) return false;
  }
  return true;
}

export function selectQuantities(
  candidates: Candidate[],
  text: string,
  filters: CompiledFilter[],
): { kept: Candidate[]; rejected: Rejection[] } {
  const encl = enclosures(text, filters);
  const kept: Candidate[] = [];
  const rejected: Rejection[] = [];
  for (const c of candidates) {
    const f = filters.find((x) => rejectedBy(c, text, x, encl));
    if (f) rejected.push({ candidate: c, filter: f.id, code: f.code });
    else kept.push(c);
  }
  return { kept, rejected };
}
