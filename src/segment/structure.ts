// Splits a normalized document into lines, paragraphs, headings, sentences and clauses.
// Page chrome lines are marked, not removed, so every offset stays that of the document.
import type { CompiledSections } from '../rules/compile.js';

export interface Span {
  start: number;
  end: number;
}

export interface Heading extends Span {
  level: number;
  text: string;
  plan: boolean;
}

export interface Paragraph extends Span {
  /** headings that enclose this paragraph, outermost first (its own heading last, if it opens with one) */
  headings: Heading[];
  plan: boolean;
}

export interface Structure {
  lines: Array<Span & { chrome: boolean }>;
  paragraphs: Paragraph[];
  /** split at 。！？!?；; and line ends */
  sentences: Span[];
  /** sentences split further at commas and colons */
  clauses: Span[];
}

const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '；', ';', '\n'].map((c) => c.charCodeAt(0)));
const CLAUSE_END = new Set([...SENTENCE_END, ...[',', '，', ':', '：'].map((c) => c.charCodeAt(0))]);
const HEADING_TEXT_MAX = 80;

function splitSpans(text: string, ranges: Span[], ends: Set<number>): Span[] {
  const out: Span[] = [];
  for (const r of ranges) {
    let s = r.start;
    for (let i = r.start; i < r.end; i++) {
      if (ends.has(text.charCodeAt(i))) {
        if (i + 1 > s) out.push({ start: s, end: i + 1 });
        s = i + 1;
      }
    }
    if (r.end > s) out.push({ start: s, end: r.end });
  }
  return out;
}

export function isChromeLine(line: string, sections: CompiledSections): boolean {
  if (line.length > sections.chrome.maxLineLength) return false;
  return sections.chrome.lines.some((re) => re.test(line));
}

export function analyzeStructure(norm: string, sections: CompiledSections): Structure {
  const lines: Structure['lines'] = [];
  let s = 0;
  for (let i = 0; i <= norm.length; i++) {
    if (i === norm.length || norm[i] === '\n') {
      let e = i;
      if (e > s && norm[e - 1] === '\r') e--;
      lines.push({ start: s, end: e, chrome: isChromeLine(norm.slice(s, e), sections) });
      s = i + 1;
    }
  }
  const paragraphs: Paragraph[] = [];
  const stack: Heading[] = [];
  for (const line of lines) {
    if (line.chrome) continue;
    const body = norm.slice(line.start, line.end);
    if (body.trim() === '') continue;
    const level = sections.headingLevels.findIndex((re) => re.test(body));
    if (level >= 0) {
      const stop = body.search(/[。!?！？]/);
      const textEnd = line.start + Math.min(stop >= 0 ? stop : body.length, HEADING_TEXT_MAX);
      const heading: Heading = {
        level,
        start: line.start,
        end: textEnd,
        text: norm.slice(line.start, textEnd).trim(),
        plan: false,
      };
      heading.plan = sections.planHeadings.test(heading.text);
      while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
      stack.push(heading);
    }
    const headings = stack.slice();
    paragraphs.push({ start: line.start, end: line.end, headings, plan: headings.some((h) => h.plan) });
  }
  const sentences = splitSpans(norm, paragraphs, SENTENCE_END);
  const clauses = splitSpans(norm, sentences, CLAUSE_END);
  return { lines, paragraphs, sentences, clauses };
}

/** Index of the span containing pos in a sorted list of disjoint spans, or -1. */
export function spanIndexAt(spans: Span[], pos: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const sp = spans[mid]!;
    if (pos < sp.start) hi = mid - 1;
    else if (pos >= sp.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
