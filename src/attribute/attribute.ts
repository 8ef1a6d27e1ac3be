// Attributes each quantity to a metric with the rules under rules/metrics, and marks
// totals, 其中 parts and subjects. Cue words must fall on jieba word boundaries.
import type { CompiledRule, RuleSet } from '../rules/compile.js';
import type { UnitClass } from '../rules/schema.js';
import type { Candidate } from '../quantities/scan.js';
import { spanIndexAt, type Span, type Structure } from '../segment/structure.js';
import { tokenize, wordBoundaries } from '../tokenize/jieba.js';
import { buildContexts, MAX_CONTEXT, type QuantityContext } from './context.js';

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

/**
 * Word boundaries from jieba, per sentence (cached). A cue matched in the text counts when
 * it ends on a word boundary (经济合同 is a 合同, 共调/处 is 调处), or when it starts on one and
 * runs into a following word (成功率/达); not when it is the head of a longer word (调解 in
 * 调解员) or straddles two words (调处 in 协调/处理).
 */
/** Longer sentences (a line of megabytes without punctuation) are tokenized in windows. */
const GIANT_SENTENCE = 4000;
const WINDOW_STEP = 500;

class Boundaries {
  private cache = new Map<string, number[]>();
  constructor(private norm: string, private structure: Structure) {}

  /** Word boundaries around pos: its whole sentence, or for a giant sentence a window of it. */
  private sentence(pos: number): { list: number[]; base: number } | null {
    const si = spanIndexAt(this.structure.sentences, pos);
    if (si < 0) return null;
    const s = this.structure.sentences[si]!;
    let start = s.start;
    let end = s.end;
    let key = `${si}`;
    if (end - start > GIANT_SENTENCE) {
      const bucket = Math.floor((pos - s.start) / WINDOW_STEP);
      start = Math.max(s.start, s.start + (bucket - 1) * WINDOW_STEP);
      end = Math.min(s.end, s.start + (bucket + 2) * WINDOW_STEP);
      key = `${si}:${bucket}`;
    }
    let list = this.cache.get(key);
    if (!list) {
      list = [...wordBoundaries(this.norm.slice(start, end))].sort((a, b) => a - b);
      this.cache.set(key, list);
    }
    return { list, base: start };
  }

  /** A topic word only must not straddle two words (调处 in 协调/处理). */
  notStraddling(start: number, end: number): boolean {
    const b = this.sentence(start);
    if (!b) return true;
    return isBoundary(b.list, start - b.base) || isBoundary(b.list, end - b.base);
  }

  aligned(start: number, end: number): boolean {
    const b = this.sentence(start);
    if (!b) return true; // outside any sentence (headings of chrome lines): nothing to check against
    const s = start - b.base;
    const e = end - b.base;
    if (isBoundary(b.list, e)) return true;
    if (!isBoundary(b.list, s)) return false;
    // the word holding the cue's last character must start after the cue does
    return b.list[lastAtOrBefore(b.list, e - 1)]! > s;
  }
}

/** Index of the last element <= x in a sorted list (the list always holds 0). */
function lastAtOrBefore(list: number[], x: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! <= x) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

const isBoundary = (list: number[], x: number) => list[lastAtOrBefore(list, x)] === x;

const globalCache = new WeakMap<RegExp, RegExp>();
function globalOf(re: RegExp): RegExp {
  let g = globalCache.get(re);
  if (!g) {
    g = new RegExp(re.source, 'gu');
    globalCache.set(re, g);
  }
  return g;
}

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
      g.lastIndex++;
      continue;
    }
    const start = span.start + m.index;
    const end = start + m[0].length;
    if (bounds.aligned(start, end)) out.push({ start, end, text: m[0] });
    g.lastIndex = m.index + 1; // overlapping: a later, aligned match may start inside this one
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
  if (rule.topic !== undefined && ctx.topic?.family !== rule.topic) return null;
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

const SUBJECT_NOISE = /^[\s,，:：;；、。“”"'《》()（）]+|[\s,，:：;；、。“”"'《》()（）]+$/gu;
/** words that open or close a stretch before a number without being what it counts */
const SUBJECT_LEAD = new Set(['其中', '截至目前', '截至', '目前', '迄今为止', '今年以来', '今年', '以来', '上半年', '下半年', '全年', '年内', '累计', '共计', '共', '共为', '已', '已有', '有', '为', '对', '在', '并', '还', '又', '另']);
const SUBJECT_TAIL = new Set(['共计', '总计', '合计', '累计', '共', '达到', '达', '为', '约为', '有', '了', '的']);
const SUBJECT_MAX = 16;

/** Strips punctuation, then leading and trailing function words, word by word. */
function cleanSubject(s: string): string {
  const words = tokenize(s.replace(SUBJECT_NOISE, ''));
  let a = 0;
  let b = words.length;
  while (a < b && SUBJECT_LEAD.has(words[a]!)) a++;
  while (b > a && SUBJECT_TAIL.has(words[b - 1]!)) b--;
  return words.slice(a, b).join('').replace(SUBJECT_NOISE, '');
}

/** At most SUBJECT_MAX characters of s, whole words, from its end (or its start). */
function clip(s: string, fromEnd: boolean): string {
  if (s.length <= SUBJECT_MAX) return s;
  const words = tokenize(s);
  let out = '';
  if (fromEnd) {
    for (let i = words.length - 1; i >= 0 && out.length + words[i]!.length <= SUBJECT_MAX; i--) out = words[i] + out;
  } else {
    for (let i = 0; i < words.length && out.length + words[i]!.length <= SUBJECT_MAX; i++) out += words[i];
  }
  return out || (fromEnd ? s.slice(-SUBJECT_MAX) : s.slice(0, SUBJECT_MAX));
}

/** The noun phrase a quantity counts: its own words before it (or after it, for 12个典型案例). */
function subjectOf(ctx: QuantityContext, norm: string): string {
  const clean = cleanSubject;
  if (ctx.listSubject) return clip(clean(norm.slice(ctx.listSubject.start, ctx.listSubject.end)), true);
  const own = ctx.left[ctx.left.length - 1]!;
  const left = clean(norm.slice(own.start, own.end).replace(/^.*?[0-9]{4}年(度)?(以来)?/u, ''));
  const right = clean(norm.slice(ctx.right.start, ctx.right.end));
  // …物业纠纷等12个典型案例: the list before 等 names examples, the noun after counts them
  if (left && !(left.endsWith('等') && right)) return clip(left, true);
  return clip(right, false);
}

const SENTENCE_STOPS = new Set(['。', '!', '?', '！', '？'].map((c) => c.charCodeAt(0)));

/** 其中 parts: each quantity after 其中 (up to the sentence end) belongs to the nearest earlier total of its unit. */
function findParts(
  norm: string,
  quantities: Candidate[],
  contexts: QuantityContext[],
  totals: boolean[],
  rules: RuleSet,
): Array<number | null> {
  const out: Array<number | null> = quantities.map(() => null);
  const marker = rules.sections.partMarkers;
  quantities.forEach((q, i) => {
    const ctx = contexts[i]!;
    const para = ctx.paragraph;
    // the 其中 must stand in this quantity's sentence (up to 。), before it
    let from = q.spanStart;
    const floor = Math.max(para.start, q.spanStart - MAX_CONTEXT);
    while (from > floor && !SENTENCE_STOPS.has(norm.charCodeAt(from - 1))) from--;
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
  const contexts = buildContexts(norm, structure, quantities, rules, (h) => bounds.notStraddling(h.start, h.end));
  const totals = quantities.map((q, i) => {
    const own = contexts[i]!.left[contexts[i]!.left.length - 1]!;
    return rules.sections.totalMarkers.test(norm.slice(own.start, own.end)) && q.unit !== 'percent';
  });
  const parts = findParts(norm, quantities, contexts, totals, rules);
  return quantities.map((q, i) => {
    const ctx = contexts[i]!;
    const base = {
      subject: subjectOf(ctx, norm),
      total: totals[i]!,
      partOf: parts[i]!,
      topic: ctx.topic?.family ?? null,
    };
    if (ctx.paragraph.plan) {
      const plan = ctx.paragraph.headings.find((h) => h.plan);
      return { ...base, metric: 'other', rule: RULE_PLAN, unit: q.unit, cues: plan ? [plan.text] : [] };
    }
    const chosen = chooseRule(q, ctx, norm, rules, bounds);
    if (!chosen) return { ...base, metric: 'other', rule: RULE_UNCLAIMED, unit: q.unit, cues: [] };
    return {
      ...base,
      metric: chosen.rule.metric,
      rule: chosen.rule.id,
      unit: (chosen.rule.unit ?? q.unit) as UnitClass,
      cues: chosen.cues,
    };
  });
}

export { Boundaries };
