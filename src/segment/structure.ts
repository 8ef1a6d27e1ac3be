// Splits a normalized document into lines, paragraphs, headings, sentences and clauses.
// Page chrome lines are marked, not removed, so every offset stays that of the document.
import type { CompiledSections } from '../rules/compile.js';
import { lastAtOrBefore } from '../util/search.js';

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

/** What ends where, by character code: 2 a sentence (and its clause), 1 a clause only. */
const ENDS = new Uint8Array(0x10000);
for (const c of '。！？!?；;\n') ENDS[c.charCodeAt(0)] = 2;
for (const c of ',，:：') ENDS[c.charCodeAt(0)] = 1;
const HEADING_TEXT_MAX = 80;

/** Sentences (split at 。！？!?；; and line ends) and clauses (also at commas and colons), in one pass. */
function splitSentencesAndClauses(text: string, paragraphs: Span[]): { sentences: Span[]; clauses: Span[] } {
  const sentences: Span[] = [];
  const clauses: Span[] = [];
  for (const r of paragraphs) {
    let s = r.start;
    let c = r.start;
    for (let i = r.start; i < r.end; i++) {
      const kind = ENDS[text.charCodeAt(i)]!;
      if (kind === 0) continue;
      if (i + 1 > c) clauses.push({ start: c, end: i + 1 });
      c = i + 1;
      if (kind === 2) {
        if (i + 1 > s) sentences.push({ start: s, end: i + 1 });
        s = i + 1;
      }
    }
    if (r.end > c) clauses.push({ start: c, end: r.end });
    if (r.end > s) sentences.push({ start: s, end: r.end });
  }
  return { sentences, clauses };
}

export function isChromeLine(line: string, sections: CompiledSections): boolean {
  if (line.length > sections.chrome.maxLineLength) return false;
  return sections.chrome.lines.some((re) => re.test(line));
}

export function analyzeStructure(norm: string, sections: CompiledSections): Structure {
  const lines: Structure['lines'] = [];
  for (let s = 0; s <= norm.length; ) {
    let i = norm.indexOf('\n', s);
    if (i < 0) i = norm.length;
    let e = i;
    if (e > s && norm.charCodeAt(e - 1) === 0x0d) e--;
    lines.push({ start: s, end: e, chrome: isChromeLine(norm.slice(s, e), sections) });
    s = i + 1;
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
  return { lines, paragraphs, ...splitSentencesAndClauses(norm, paragraphs) };
}

/** Index of the span containing pos in a sorted list of disjoint spans, or -1. */
export function spanIndexAt(spans: Span[], pos: number): number {
  const i = lastAtOrBefore(spans, pos, (s) => s.start);
  return i >= 0 && pos < spans[i]!.end ? i : -1;
}
