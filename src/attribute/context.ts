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
}

export interface QuantityContext {
  /** the quantity's own stretch before it: from the clause start or the previous quantity */
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
}

/** Every occurrence of a topic word in the document body, sorted by end. One pass: at each
 * position only the words starting with that character are tried, longest first. */
export function findTopicHits(norm: string, structure: Structure, rules: RuleSet): TopicHit[] {
  const { byFirst, first } = topicIndex(rules);
  const hits: TopicHit[] = [];
  for (const p of structure.paragraphs) {
    let i = p.start;
    while (i < p.end) {
      const c = norm.charCodeAt(i);
      const words = first[c] ? byFirst.get(c) : undefined;
      let matched = 0;
      if (words) {
        for (const t of words) {
          if (i + t.word.length <= p.end && norm.startsWith(t.word, i)) {
            hits.push({ start: i, end: i + t.word.length, family: t.family, word: t.word });
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
  for (const h of hits) if (h.start >= from && h.end <= to && accept(h)) return h;
  return null;
}

/**
 * The topic of the passage a quantity stands in: the nearest topic word before it in its
 * paragraph, else in its enclosing headings (innermost first), else right after it.
 */
export function topicOf(hits: TopicHit[], q: Candidate, paragraph: Paragraph, right: Span, accept: Accept): TopicHit | null {
  const inPara = lastHitBefore(hits, paragraph.start, q.spanStart, accept);
  if (inPara) return inPara;
  for (let k = paragraph.headings.length - 1; k >= 0; k--) {
    const h = paragraph.headings[k]!;
    const hit = lastHitBefore(hits, h.start, h.end, accept);
    if (hit) return hit;
  }
  return firstHitIn(hits, right.start, right.end, accept);
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

/** Lists distributed by 分别: A、B分别下降26%、39% hands 26% to A and 39% to B. */
function distributedSubjects(
  norm: string,
  structure: Structure,
  quantities: Candidate[],
  rules: RuleSet,
): Map<number, Span> {
  const out = new Map<number, Span>();
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
        values.forEach(({ idx }, k) => out.set(idx, items[k]!));
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
    const rightEnd = Math.min(next && next.spanStart < clause.end ? next.spanStart : clause.end, q.spanEnd + MAX_CONTEXT);
    const right = { start: q.spanEnd, end: Math.max(q.spanEnd, rightEnd) };
    const listSubject = lists.get(i);
    const left: Span[] = listSubject
      ? [listSubject, { start: Math.min(leftStart, q.spanStart), end: q.spanStart }]
      : [{ start: Math.min(leftStart, q.spanStart), end: q.spanStart }];
    const topic = topicOf(hits, q, paragraph, right, accept);
    return {
      left,
      right,
      sentence: { start: Math.max(sentence.start, q.spanStart - MAX_CONTEXT), end: q.spanStart },
      sentenceIndex: si,
      paragraph,
      topic,
      topicNear: topic !== null && isNear(stops, topic, q, paragraph),
      listSubject,
    };
  });
}
