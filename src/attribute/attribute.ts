// Attributes each quantity to a metric with the rules under rules/metrics, and marks
// totals, 其中 parts and subjects. Cue words must fall on jieba word boundaries.
import type { CompiledRule, RuleSet } from '../rules/compile.js';
import type { UnitClass } from '../rules/schema.js';
import type { Candidate } from '../quantities/scan.js';
import { spanIndexAt, type Span, type Structure } from '../segment/structure.js';
import { lastAtOrBefore } from '../util/search.js';
import { wordBoundaries } from '../tokenize/jieba.js';
import { buildContexts, fullStopPositions, lastStopBefore, MAX_CONTEXT, type QuantityContext } from './context.js';

export interface Attribution {
  metric: string;
  rule: string;
  unit: UnitClass;
  /** the words that decided the metric (cue, governor, topic), for `explain` */
  cues: string[];
  subject: string;
  total: boolean;
  /** index of the total this quantity is a 其中 part of */
  partOf: number | null;
  topic: string | null;
}

export const RULE_UNCLAIMED = 'other.unclaimed';
export const RULE_PLAN = 'other.plan-section';

interface CueMatch extends Span {
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
class Boundaries {
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
function globalOf(re: RegExp): RegExp {
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
function alignedMatches(re: RegExp, norm: string, span: Span, bounds: Boundaries): CueMatch[] {
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

interface Scored {
  rule: CompiledRule;
  tier: number;
  distance: number;
  cues: string[];
}

function scoreRule(
  rule: CompiledRule,
  q: Candidate,
  ctx: QuantityContext,
  norm: string,
  bounds: Boundaries,
): Scored | null {
  if (!rule.accepts.has(q.unit)) return null;
  if (rule.topic !== undefined && (ctx.topic?.family !== rule.topic || (rule.topicNear && !ctx.topicNear))) return null;
  const cues: string[] = [];
  let tier = 0;
  let distance = Infinity;
  if (rule.left || rule.right) {
    let cue: CueMatch | undefined;
    if (rule.left) {
      for (const span of ctx.left) {
        const ms = alignedMatches(rule.left, norm, span, bounds);
        if (ms.length) cue = ms[ms.length - 1];
      }
      if (cue) distance = q.spanStart - cue.end;
    }
    if (!cue && rule.right) {
      cue = alignedMatches(rule.right, norm, ctx.right, bounds)[0];
      if (cue) distance = cue.start - q.spanEnd;
    }
    if (!cue) return null;
    cues.push(cue.text);
    tier = 2;
  }
  if (rule.governor) {
    const gs = alignedMatches(rule.governor, norm, ctx.sentence, bounds);
    if (!gs.length) return null;
    cues.push(gs[gs.length - 1]!.text);
    tier = Math.max(tier, 1);
  }
  if (rule.unless) {
    const own = ctx.left.map((s) => norm.slice(s.start, s.end)).join('') + norm.slice(ctx.right.start, ctx.right.end);
    if (rule.unless.test(own)) return null;
  }
  if (rule.topic !== undefined && ctx.topic) cues.push(ctx.topic.word);
  return { rule, tier, distance, cues };
}

const better = (a: Scored, b: Scored) =>
  a.tier !== b.tier ? a.tier > b.tier
  : a.rule.priority !== b.rule.priority ? a.rule.priority > b.rule.priority
  : a.distance !== b.distance ? a.distance < b.distance
  : a.rule.order < b.rule.order;

/** Picks the metric rule for one quantity, or null when none claims it. */
export function chooseRule(
  q: Candidate,
  ctx: QuantityContext,
  norm: string,
  rules: RuleSet,
  bounds: Boundaries,
): Scored | null {
  let best: Scored | null = null;
  for (const rule of rules.rulesByUnit.get(q.unit) ?? []) {
    const s = scoreRule(rule, q, ctx, norm, bounds);
    if (s && (!best || better(s, best))) best = s;
  }
  return best;
}

const SUBJECT_PUNCT = new Set([...' \t\r\n,，:：;；、。“”"\'《》()（）']);
/** words that open or close a stretch before a number without being what it counts */
const SUBJECT_LEAD = ['迄今为止', '截至目前', '今年以来', '上半年', '下半年', '截至', '目前', '今年', '以来', '全年', '年内', '其中', '累计', '共计', '共为', '已有', '共', '已', '有', '为', '对', '在', '并', '还', '又', '另'];
const SUBJECT_TAIL = ['共计', '总计', '合计', '累计', '达到', '约为', '共', '达', '为', '有', '了', '的'];
/** the words of a list by their first (or last) character, in list order */
const byChar = (words: string[], at: (w: string) => number) => {
  const m = new Map<number, string[]>();
  for (const w of words) m.set(at(w), [...(m.get(at(w)) ?? []), w]);
  return m;
};
const LEAD_BY_FIRST = byChar(SUBJECT_LEAD, (w) => w.charCodeAt(0));
const TAIL_BY_LAST = byChar(SUBJECT_TAIL, (w) => w.charCodeAt(w.length - 1));
const SUBJECT_MAX = 16;
const NONE: string[] = [];
const YEAR_LEAD = /^.*?[0-9]{4}年(度)?(以来)?/u;

/**
 * The noun phrase a quantity counts: its own stretch before it (or after it, for
 * …等12个典型案例), without punctuation, without leading and trailing function words, at
 * most SUBJECT_MAX characters of whole words. Word checks reuse the cue windows' boundaries.
 */
function subjectOf(ctx: QuantityContext, norm: string, bounds: Boundaries): string {
  const trim = (sp: Span): Span => {
    let { start, end } = sp;
    for (let changed = true; changed && start < end; ) {
      changed = false;
      while (start < end && SUBJECT_PUNCT.has(norm[start]!)) start++;
      while (end > start && SUBJECT_PUNCT.has(norm[end - 1]!)) end--;
      for (const w of LEAD_BY_FIRST.get(norm.charCodeAt(start)) ?? NONE) {
        if (end - start >= w.length && norm.startsWith(w, start) && bounds.wholeWords(start, start + w.length)) {
          start += w.length;
          changed = true;
          break;
        }
      }
      for (const w of TAIL_BY_LAST.get(norm.charCodeAt(end - 1)) ?? NONE) {
        if (end - start >= w.length && norm.startsWith(w, end - w.length) && bounds.wholeWords(end - w.length, end)) {
          end -= w.length;
          changed = true;
          break;
        }
      }
    }
    return { start, end };
  };
  const text = (sp: Span) => norm.slice(sp.start, sp.end);
  const fromEnd = (sp: Span) => text(sp.end - sp.start <= SUBJECT_MAX ? sp : { start: bounds.nextBoundary(sp.end - SUBJECT_MAX, sp.end), end: sp.end });
  if (ctx.listSubject) return fromEnd(trim(ctx.listSubject));
  const own = ctx.left[ctx.left.length - 1]!;
  const year = YEAR_LEAD.exec(text(own));
  const left = trim({ start: own.start + (year ? year[0].length : 0), end: own.end });
  const right = trim(ctx.right);
  // …物业纠纷等12个典型案例: the list before 等 names examples, the noun after counts them
  if (left.end > left.start && !(norm[left.end - 1] === '等' && right.end > right.start)) return fromEnd(left);
  if (right.end - right.start <= SUBJECT_MAX) return text(right);
  // from the start: whole words up to SUBJECT_MAX characters
  let end = right.start + SUBJECT_MAX;
  while (end > right.start && !bounds.wholeWords(right.start, end)) end--;
  return text({ start: right.start, end: end > right.start ? end : right.start + SUBJECT_MAX });
}

/** 其中 parts: each quantity after 其中 (up to the sentence end) belongs to the nearest earlier total of its unit. */
function findParts(
  norm: string,
  quantities: Candidate[],
  contexts: QuantityContext[],
  totals: boolean[],
  rules: RuleSet,
  stops: Int32Array,
): Array<number | null> {
  const out: Array<number | null> = quantities.map(() => null);
  const marker = rules.sections.partMarkers;
  quantities.forEach((q, i) => {
    const ctx = contexts[i]!;
    const para = ctx.paragraph;
    // the 其中 must stand in this quantity's sentence (up to 。), before it
    const k = lastStopBefore(stops, q.spanStart);
    const from = Math.max(para.start, q.spanStart - MAX_CONTEXT, k >= 0 ? stops[k]! + 1 : 0);
    const g = globalOf(marker);
    g.lastIndex = 0;
    const sentenceText = norm.slice(from, q.spanStart);
    let m: RegExpExecArray | null;
    let markerAt = -1;
    while ((m = g.exec(sentenceText)) !== null) markerAt = from + m.index;
    if (markerAt < 0) return;
    let fallback: number | null = null;
    for (let k = i - 1; k >= 0; k--) {
      const t = quantities[k]!;
      if (t.spanStart < para.start) break;
      if (t.spanEnd > markerAt || t.unit !== q.unit) continue;
      if (totals[k] && out[k] === null) {
        out[i] = k;
        return;
      }
      if (fallback === null && out[k] === null) fallback = k;
    }
    out[i] = fallback;
  });
  return out;
}

export function attribute(
  norm: string,
  structure: Structure,
  quantities: Candidate[],
  rules: RuleSet,
): Attribution[] {
  const bounds = new Boundaries(norm, structure);
  const stops = fullStopPositions(norm);
  const contexts = buildContexts(norm, structure, quantities, rules, stops, (h) => bounds.notStraddling(h.start, h.end));
  const totals = quantities.map((q, i) => {
    const own = contexts[i]!.left[contexts[i]!.left.length - 1]!;
    return rules.sections.totalMarkers.test(norm.slice(own.start, own.end)) && q.unit !== 'percent';
  });
  const parts = findParts(norm, quantities, contexts, totals, rules, stops);
  return quantities.map((q, i): Attribution => {
    const ctx = contexts[i]!;
    const subject = subjectOf(ctx, norm, bounds);
    const topic = ctx.topic?.family ?? null;
    let metric = 'other';
    let rule = RULE_UNCLAIMED;
    let unit = q.unit;
    let cues: string[] = [];
    if (ctx.paragraph.plan) {
      const plan = ctx.paragraph.headings.find((h) => h.plan);
      rule = RULE_PLAN;
      if (plan) cues = [plan.text];
    } else {
      const chosen = chooseRule(q, ctx, norm, rules, bounds);
      if (chosen) {
        metric = chosen.rule.metric;
        rule = chosen.rule.id;
        unit = (chosen.rule.unit ?? q.unit) as UnitClass;
        cues = chosen.cues;
      }
    }
    return { metric, rule, unit, cues, subject, total: totals[i]!, partOf: parts[i]!, topic };
  });
}

export { Boundaries };
