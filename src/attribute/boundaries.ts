// Word boundaries from jieba around cue words, in small cached windows, and the matches of
// a cue pattern that begin and end on them (调解 does not match inside 调解员).
import type { Span, Structure } from '../segment/structure.js';
import { spanIndexAt } from '../segment/structure.js';
import { lastAtOrBefore } from '../util/search.js';
import { wordBoundaries } from '../tokenize/jieba.js';

export interface CueMatch extends Span {
  text: string;
}

/** How far a tokenizer window reaches beyond the words it checks when no hard stop comes first. */
const MARGIN = 16;

/**
 * Characters jieba never joins to a neighbour: ASCII other than letters, digits and the
 * decimal point (its HMM splits there and reads letter and digit runs whole), and 。.
 * Everything else (Han characters, “”、, letters, numbers) may belong to a word with the
 * characters next to it.
 */
const tokenStop = (c: number) =>
  c === 0x3002 || (c < 0x80 && !((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2e));

/** CJK unified ideographs (and extension A): where jieba has to decide the word edges. */
const isHan = (c: number) => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);

/**
 * Word boundaries from jieba (small cached windows, see around()). A cue counts when
 * it ends on a word boundary (经济合同 is a 合同, 共调/处 is 调处), or when it starts on one and
 * runs into a following word (成功率/达); not when it is the head of a longer word (调解 in
 * 调解员) or straddles two words (调处 in 协调/处理).
 */
export class Boundaries {
  private cache = new Map<string, number[]>();
  constructor(private norm: string, private structure: Structure) {}

  /**
   * Word boundaries around [start, end): jieba on the stretch holding it up to the nearest
   * hard stops (tokenStop) on either side, or MARGIN characters beyond the checked words when
   * the stretch goes on. jieba never joins characters across a hard stop, so the stretch
   * segments as it does inside its sentence, and a cut MARGIN characters away leaves the
   * words near the check as they are. Windows are cached; short windows keep the
   * tokenizer, the costliest step per character, to a fraction of the text.
   */
  private around(start: number, end: number): { list: number[]; base: number } | null {
    const si = spanIndexAt(this.structure.sentences, start);
    if (si < 0) return null;
    const s = this.structure.sentences[si]!;
    const norm = this.norm;
    let from = Math.max(s.start, Math.min(start, end - 1));
    const floor = Math.max(s.start, start - MARGIN);
    while (from > floor && !tokenStop(norm.charCodeAt(from - 1))) from--;
    const cutBefore = from > s.start && !tokenStop(norm.charCodeAt(from - 1));
    let to = Math.min(s.end, Math.max(end, start + 1));
    const ceil = Math.min(s.end, end + MARGIN);
    while (to < ceil && !tokenStop(norm.charCodeAt(to))) to++;
    const cutAfter = to < s.end && !tokenStop(norm.charCodeAt(to));
    const key = `${from}:${to}`;
    let list = this.cache.get(key);
    if (!list) {
      list = [...wordBoundaries(norm.slice(from, to))].sort((a, b) => a - b);
      // a window cut short of a hard stop: its own ends are not word boundaries
      if (cutBefore) list.shift();
      if (cutAfter) list.pop();
      this.cache.set(key, list);
    }
    return { list, base: from };
  }

  /**
   * A boundary jieba always makes: the text's ends and every edge between a Han character
   * and anything else (digits, punctuation, Latin letters, spaces). Most cue words end
   * right before their number, so most checks need no tokenizer call at all.
   */
  private obvious(pos: number): boolean {
    return pos <= 0 || pos >= this.norm.length || !isHan(this.norm.charCodeAt(pos - 1)) || !isHan(this.norm.charCodeAt(pos));
  }

  private boundary(pos: number, start: number, end: number): boolean {
    if (this.obvious(pos)) return true;
    const b = this.around(start, end);
    return !b || isBoundary(b.list, pos - b.base);
  }

  /** Whether [start, end) begins and ends on word boundaries (is one or more whole words). */
  wholeWords(start: number, end: number): boolean {
    return this.boundary(start, start, end) && this.boundary(end, start, end);
  }

  /** The first word boundary at or after pos (and before limit), else limit. */
  nextBoundary(pos: number, limit: number): number {
    const b = this.around(pos, Math.min(limit, pos + 1));
    if (!b) return pos;
    const i = lastAtOrBefore(b.list, pos - b.base, self);
    if (i >= 0 && b.list[i] === pos - b.base) return pos;
    const next = b.list[i + 1];
    return next === undefined ? limit : Math.min(limit, b.base + next);
  }

  /** A topic word only must not straddle two words (调处 in 协调/处理). */
  notStraddling(start: number, end: number): boolean {
    return this.boundary(start, start, end) || this.boundary(end, start, end);
  }

  aligned(start: number, end: number): boolean {
    if (this.boundary(end, start, end)) return true;
    if (!this.boundary(start, start, end)) return false;
    const b = this.around(start, end);
    if (!b) return true; // outside any sentence (headings of chrome lines): nothing to check against
    const s = start - b.base;
    const e = end - b.base;
    // the word holding the cue's last character must start after the cue does
    const i = lastAtOrBefore(b.list, e - 1, self);
    return i >= 0 && b.list[i]! > s;
  }
}

const self = (x: number) => x;

const isBoundary = (list: number[], x: number) => {
  const i = lastAtOrBefore(list, x, self);
  return i >= 0 && list[i] === x;
};

const globalCache = new WeakMap<RegExp, RegExp>();
export function globalOf(re: RegExp): RegExp {
  let g = globalCache.get(re);
  if (!g) {
    g = new RegExp(re.source, 'gu');
    globalCache.set(re, g);
  }
  return g;
}

/** The index after the code point at i (two UTF-16 units for a surrogate pair). */
const afterCodePoint = (text: string, i: number) => i + ((text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);

/** Matches of re inside span whose both ends are word boundaries. */
export function alignedMatches(re: RegExp, norm: string, span: Span, bounds: Boundaries): CueMatch[] {
  if (span.end <= span.start) return [];
  const text = norm.slice(span.start, span.end);
  const g = globalOf(re);
  g.lastIndex = 0;
  const out: CueMatch[] = [];
  let m: RegExpExecArray | null;
  while ((m = g.exec(text)) !== null) {
    if (m[0].length === 0) {
      g.lastIndex = afterCodePoint(text, m.index);
      continue;
    }
    const start = span.start + m.index;
    const end = start + m[0].length;
    if (bounds.aligned(start, end)) out.push({ start, end, text: m[0] });
    // overlapping: a later, aligned match may start inside this one. One whole code point on:
    // inside a surrogate pair (𠦯, an Extension B character) a /u expression starts again at
    // the pair, finds the same match and never ends
    g.lastIndex = afterCodePoint(text, m.index);
  }
  return out;
}

