// The context of each quantity: its own stretch of the clause (left and right), the
// sentence before it, the topic of the passage, lists with 分别, and 其中 parts.
import type { RuleSet } from '../rules/compile.js';
import type { Candidate } from '../quantities/scan.js';
import { spanIndexAt, type Paragraph, type Span, type Structure } from '../segment/structure.js';
import { lastAtOrBefore } from '../util/search.js';

/** How far (in characters) a quantity's own context reaches, at most. */
export const MAX_CONTEXT = 200;

export interface TopicHit extends Span {
  family: string;
  word: string;
  /** the parenthesis (…) the word stands in, if any: an aside, a topic only for figures inside it */
  paren: Span | null;
}

export interface QuantityContext {
  /**
   * the quantity's words before it, its own stretch last (from the clause start or the previous
   * quantity); before it, the list item 分别 hands it, or the words of the quantity it follows
   * directly (接待来访群众156批次312人次)
   */
  left: Span[];
  /** after it, up to the next quantity or the clause end */
  right: Span;
  /** the sentence up to the quantity (for governors such as 审查 … 合同19件) */
  sentence: Span;
  sentenceIndex: number;
  paragraph: Paragraph;
  topic: TopicHit | null;
  /** the topic word stands in this or the previous sentence, or in the paragraph's own heading */
  topicNear: boolean;
  /** the subject 分别 hands this value, when the quantity is one of a distributed list */
  listSubject?: Span;
  /** the clause the quantity stands in (index into structure.clauses) */
  clauseIndex: number;
  /**
   * The phrase the quantity counts, where a counted noun stands: the end of its own stretch
   * before it (审查规范性文件|22份), and, when the number modifies what follows it, the start of
   * its stretch after it (提出6份|意见).
   */
  countedBefore: Span;
  countedAfter: Span | null;
}

/** Every occurrence of a topic word in the document body, sorted by end. One pass: at each
 * position only the words starting with that character are tried, longest first. */
export function findTopicHits(norm: string, structure: Structure, rules: RuleSet): TopicHit[] {
  const { byFirst, first } = topicIndex(rules);
  const hits: TopicHit[] = [];
  for (const p of structure.paragraphs) {
    let parens: Span[] | null = null; // found when the paragraph's first topic word is
    let i = p.start;
    while (i < p.end) {
      const c = norm.charCodeAt(i);
      const words = first[c] ? byFirst.get(c) : undefined;
      let matched = 0;
      if (words) {
        for (const t of words) {
          if (i + t.word.length <= p.end && norm.startsWith(t.word, i)) {
            parens ??= parenGroups(norm, p);
            const g = lastAtOrBefore(parens, i, (x) => x.start);
            const paren = g >= 0 && parens[g]!.end > i ? parens[g]! : null;
            hits.push({ start: i, end: i + t.word.length, family: t.family, word: t.word, paren });
            matched = t.word.length;
            break;
          }
        }
      }
      // a shorter word inside a longer hit is not a second hit
      i += matched || 1;
    }
  }
  hits.sort((a, b) => a.end - b.end || a.start - b.start);
  return hits;
}

/** Longest parenthesis a topic word counts as an aside in: longer groups are passages of their own. */
const PAREN_MAX = 60;
const PARENS = /[()（）]/g;

/** The (…) and （…） groups of a paragraph, in order, not nested, at most PAREN_MAX long. */
function parenGroups(norm: string, p: Span): Span[] {
  const out: Span[] = [];
  let open = -1;
  PARENS.lastIndex = p.start;
  for (let m = PARENS.exec(norm); m !== null && m.index < p.end; m = PARENS.exec(norm)) {
    const c = m[0];
    if (c === '(' || c === '（') open = m.index;
    else if (open >= 0) {
      if (m.index + 1 - open <= PAREN_MAX) out.push({ start: open, end: m.index + 1 });
      open = -1;
    }
  }
  return out;
}

interface TopicIndex {
  /** topic words by their first character */
  byFirst: Map<number, RuleSet['topics']>;
  /** 1 for each character some topic word starts with: most characters need no map lookup */
  first: Uint8Array;
}

const topicIndexes = new WeakMap<RuleSet, TopicIndex>();
function topicIndex(rules: RuleSet): TopicIndex {
  let idx = topicIndexes.get(rules);
  if (!idx) {
    idx = { byFirst: new Map(), first: new Uint8Array(0x10000) };
    for (const t of rules.topics) {
      const c = t.word.charCodeAt(0);
      const list = idx.byFirst.get(c) ?? [];
      list.push(t); // rules.topics is longest first, so each list is too
      idx.byFirst.set(c, list);
      idx.first[c] = 1;
    }
    topicIndexes.set(rules, idx);
  }
  return idx;
}

type Accept = (hit: TopicHit) => boolean;

function lastHitBefore(hits: TopicHit[], from: number, to: number, accept: Accept): TopicHit | null {
  for (let k = lastAtOrBefore(hits, to, (h) => h.end); k >= 0; k--) {
    const h = hits[k]!;
    if (h.end <= from) break;
    if (h.start >= from && accept(h)) return h;
  }
  return null;
}

function firstHitIn(hits: TopicHit[], from: number, to: number, accept: Accept): TopicHit | null {
  // hits are sorted by end; a word in [from, to) ends after from
  for (let k = lastAtOrBefore(hits, from, (h) => h.end) + 1; k < hits.length; k++) {
    const h = hits[k]!;
    if (h.end > to) break;
    if (h.start >= from && accept(h)) return h;
  }
  return null;
}

/**
 * The topic of the passage a quantity stands in: the sentence says it first (the nearest
 * topic word before the quantity in its sentence, else the first after it), then the
 * paragraph before it, then its enclosing headings (innermost first). A word inside a
 * parenthesis is an aside: it is a topic only for figures in the same parenthesis.
 */
export function topicOf(hits: TopicHit[], q: Candidate, sentence: Span, paragraph: Paragraph, accept: Accept): TopicHit | null {
  const ok: Accept = (h) => (h.paren === null || (q.spanStart >= h.paren.start && q.spanEnd <= h.paren.end)) && accept(h);
  const before = Math.max(paragraph.start, sentence.start);
  return (
    lastHitBefore(hits, before, q.spanStart, ok) ??
    firstHitIn(hits, q.spanEnd, sentence.end, ok) ??
    lastHitBefore(hits, paragraph.start, q.spanStart, ok) ??
    headingHit(hits, paragraph, ok)
  );
}

function headingHit(hits: TopicHit[], paragraph: Paragraph, accept: Accept): TopicHit | null {
  for (let k = paragraph.headings.length - 1; k >= 0; k--) {
    const h = paragraph.headings[k]!;
    const hit = lastHitBefore(hits, h.start, h.end, accept);
    if (hit) return hit;
  }
  return null;
}

/** Sentence-final punctuation (not ；: a 其中 list or a topic reaches across it). */
const FULL_STOP = /[。!?！？]/g;

/** Where the full stops of a text stand, in order: one pass, then binary searches. */
export function fullStopPositions(norm: string): Int32Array {
  const at: number[] = [];
  FULL_STOP.lastIndex = 0;
  while (FULL_STOP.exec(norm) !== null) at.push(FULL_STOP.lastIndex - 1);
  return Int32Array.from(at);
}

/** Index in `stops` of the last full stop before `pos`, or -1. */
export const lastStopBefore = (stops: Int32Array, pos: number): number => lastAtOrBefore(stops, pos - 1, (x: number) => x);

/** Whether the topic word is in the quantity's own or previous sentence, its paragraph's heading, or right after it. */
function isNear(stops: Int32Array, topic: TopicHit, q: Candidate, paragraph: Paragraph): boolean {
  if (topic.start >= q.spanEnd) return true;
  const own = paragraph.headings[paragraph.headings.length - 1];
  if (own && topic.start >= own.start && topic.end <= own.end) return true;
  // not when two full stops stand between: only this sentence and the one before it count
  const lowest = Math.max(paragraph.start, topic.end - 1, q.spanStart - 2 * MAX_CONTEXT);
  const k = lastStopBefore(stops, q.spanStart);
  if (k >= 1 && stops[k - 1]! >= lowest) return false;
  return topic.start >= Math.max(paragraph.start, q.spanStart - 2 * MAX_CONTEXT);
}

/**
 * Lists distributed by 分别: A、B分别下降26%、39% hands 26% to A and 39% to B. `after`: where
 * the words after 分别 begin — the value's own words start there, not before the list.
 */
function distributedSubjects(
  norm: string,
  structure: Structure,
  quantities: Candidate[],
  rules: RuleSet,
): Map<number, { subject: Span; after: number }> {
  const out = new Map<number, { subject: Span; after: number }>();
  const word = rules.sections.distributive;
  let at = norm.indexOf(word);
  while (at >= 0) {
    const ci = spanIndexAt(structure.clauses, at);
    if (ci >= 0) {
      const clause = structure.clauses[ci]!;
      // the subjects stand before 分别 in its clause, or in the clause before when 分别 opens it
      let subj: Span = { start: Math.max(clause.start, at - MAX_CONTEXT), end: at };
      if (norm.slice(subj.start, subj.end).trim() === '' && ci > 0) {
        const prev = structure.clauses[ci - 1]!;
        subj = { start: Math.max(prev.start, prev.end - 1 - MAX_CONTEXT), end: prev.end - 1 };
      }
      const items = splitList(norm, subj, rules.sections.listSeparators);
      const values = quantities
        .map((q, idx) => ({ q, idx }))
        .filter(({ q }) => q.spanStart > at && q.end <= Math.min(clause.end, at + MAX_CONTEXT));
      if (items.length >= 2 && items.length === values.length) {
        values.forEach(({ idx }, k) => out.set(idx, { subject: items[k]!, after: at + word.length }));
      }
    }
    at = norm.indexOf(word, at + word.length);
  }
  return out;
}

function splitList(norm: string, span: Span, sep: RegExp): Span[] {
  const items: Span[] = [];
  const text = norm.slice(span.start, span.end);
  let s = 0;
  sep.lastIndex = 0;
  for (const m of text.matchAll(sep)) {
    items.push({ start: span.start + s, end: span.start + m.index! });
    s = m.index! + m[0].length;
  }
  items.push({ start: span.start + s, end: span.end });
  return items.filter((it) => norm.slice(it.start, it.end).trim() !== '');
}

/** Where a quantity's own words after it end: a list separator (审查合同15份、文件22份) or an opening parenthesis. */
const RIGHT_STOPS = new Set([0x3001, 0x28, 0xff08]);
/** How much of a stretch the counted phrase takes, at most. */
const COUNTED_MAX = 24;
/** Punctuation and quotes that may stand between a counted noun and its number (“微宣讲”60场次). */
const COUNTED_PUNCT = new Set([...' \t“”"\'‘’」』》)）']);
const isHanAt = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
};

/** The end of the own stretch before a quantity, without the function words and quotes before the number. */
function countedBefore(norm: string, own: Span, trailing: RegExp): Span {
  let end = own.end;
  for (let changed = true; changed && end > own.start; ) {
    changed = false;
    while (end > own.start && COUNTED_PUNCT.has(norm[end - 1]!)) {
      end--;
      changed = true;
    }
    const m = trailing.exec(norm.slice(Math.max(own.start, end - 6), end));
    if (m && m[0].length > 0 && end - m[0].length >= own.start) {
      end -= m[0].length;
      changed = true;
    }
  }
  return { start: Math.max(own.start, end - COUNTED_MAX), end };
}

export function buildContexts(
  norm: string,
  structure: Structure,
  quantities: Candidate[],
  rules: RuleSet,
  stops: Int32Array,
  accept: Accept,
): QuantityContext[] {
  const hits = findTopicHits(norm, structure, rules);
  const lists = distributedSubjects(norm, structure, quantities, rules);
  /** where each quantity's own words before it begin */
  const ownStarts: number[] = [];
  return quantities.map((q, i) => {
    const ci = spanIndexAt(structure.clauses, q.start);
    const si = spanIndexAt(structure.sentences, q.start);
    const pi = spanIndexAt(structure.paragraphs, q.start);
    const clause = structure.clauses[ci] ?? { start: q.spanStart, end: q.spanEnd };
    const sentence = structure.sentences[si] ?? clause;
    const paragraph = structure.paragraphs[pi] ?? { ...sentence, headings: [], plan: false };
    const prev = quantities[i - 1];
    const next = quantities[i + 1];
    // bounded, so a line of megabytes without punctuation stays linear
    const leftStart = Math.max(
      prev && prev.spanEnd > clause.start ? Math.max(prev.spanEnd, clause.start) : clause.start,
      q.spanStart - MAX_CONTEXT,
    );
    ownStarts.push(leftStart);
    // a quantity right after another (接待来访群众156批次312人次) shares the words before that one
    const shared: Span | null = prev && prev.spanEnd === q.spanStart && prev.spanStart >= clause.start
      ? { start: ownStarts[i - 1]!, end: prev.spanStart }
      : null;
    // up to the next quantity, the clause end, a 、 (the next item of a list is not this one's)
    // or an opening parenthesis (an aside about the figure is not its own words)
    let rightEnd = Math.min(next && next.spanStart < clause.end ? next.spanStart : clause.end, q.spanEnd + MAX_CONTEXT);
    for (let k = q.spanEnd; k < rightEnd; k++) {
      if (RIGHT_STOPS.has(norm.charCodeAt(k))) {
        rightEnd = k;
        break;
      }
    }
    const right = { start: q.spanEnd, end: Math.max(q.spanEnd, rightEnd) };
    const list = lists.get(i);
    const listSubject = list?.subject;
    // a listed value's own words are its list item and what stands between 分别 and it (及时受理率、
    // 按期办结率分别达到99.8%、99.5%: 办结率 is the second value's, not the first's)
    const own: Span = { start: Math.min(list ? Math.max(leftStart, list.after) : leftStart, q.spanStart), end: q.spanStart };
    const left: Span[] = list ? [list.subject, own] : shared ? [shared, own] : [own];
    const topic = topicOf(hits, q, sentence, paragraph, accept);
    return {
      left,
      right,
      sentence: { start: Math.max(sentence.start, q.spanStart - MAX_CONTEXT), end: q.spanStart },
      sentenceIndex: si,
      paragraph,
      topic,
      topicNear: topic !== null && isNear(stops, topic, q, paragraph),
      listSubject,
      clauseIndex: ci,
      // a value 分别 hands out counts its subject (审查合同、规范性文件分别为40份、12件)
      countedBefore: countedBefore(norm, listSubject ?? left[left.length - 1]!, rules.sections.countedTrailing),
      countedAfter: isHanAt(norm, right.start) ? { start: right.start, end: Math.min(right.end, right.start + COUNTED_MAX) } : null,
    };
  });
}
