// Picks the metric rule for one quantity. Evidence ranks in tiers: the counted noun
// (`counts`: 出具法律意见书|26份 counts 意见书) beats a cue word in the quantity's own stretch
// (`left` / `right`), which beats a verb governing a list from earlier in the sentence
// (`governor`), which beats the passage's topic alone. Within a tier, the higher
// `priority` wins, then the cue nearest the number, then the rule declared first.
import type { CompiledRule, RuleSet } from '../rules/compile.js';
import type { Candidate } from '../quantities/scan.js';
import { spanIndexAt, type Span, type Structure } from '../segment/structure.js';
import { alignedMatches, type Boundaries, type CueMatch } from './boundaries.js';
import type { QuantityContext } from './context.js';

export const TIER = { counts: 3, cue: 2, governor: 1, topic: 0 } as const;

export interface Scored {
  rule: CompiledRule;
  tier: number;
  distance: number;
  /** the evidence that matched, each labelled with its kind: counts「意见书」 governor「出具」 */
  cues: string[];
}

/** What rule scoring needs of the whole document. */
export interface DocView {
  norm: string;
  structure: Structure;
  bounds: Boundaries;
  /** 1 for each clause (index into structure.clauses) that holds a quantity */
  clauseHasQuantity: Uint8Array;
}

/** The counted noun: `counts` at the very end of the phrase before the number, or near the start of the phrase after it. */
function countedMatch(rule: CompiledRule, ctx: QuantityContext, doc: DocView): CueMatch | null {
  const { norm, bounds } = doc;
  const before = ctx.countedBefore;
  if (before.end > before.start) {
    const m = rule.countsBefore!.exec(norm.slice(before.start, before.end));
    if (m && m[0].length) {
      const start = before.start + m.index;
      if (bounds.wholeWords(start, before.end)) return { start, end: before.end, text: m[0] };
    }
  }
  const after = ctx.countedAfter;
  if (after) {
    const m = rule.countsAfter!.exec(norm.slice(after.start, after.end));
    if (m && m[0].length) {
      // the match runs from the phrase start over its modifiers to the noun, which must end on a word boundary
      const end = after.start + m.index + m[0].length;
      if (bounds.wholeWords(after.start, end)) return { start: after.start, end, text: m[0] };
    }
  }
  return null;
}

/**
 * A governing verb applies to the quantity when nothing but list items stands between
 * them: every clause after the verb's own, up to the quantity's, holds a figure
 * (审查合同42件，文件17件 — but not 放宽审核条件，扩大受案范围，受理案件70件).
 */
function governs(g: Span, ctx: QuantityContext, doc: DocView): boolean {
  const gc = spanIndexAt(doc.structure.clauses, g.start);
  if (gc < 0 || ctx.clauseIndex < 0) return true;
  for (let k = gc + 1; k < ctx.clauseIndex; k++) if (!doc.clauseHasQuantity[k]) return false;
  return true;
}

function scoreRule(rule: CompiledRule, q: Candidate, ctx: QuantityContext, doc: DocView): Scored | null {
  if (!rule.accepts.has(q.unit)) return null;
  if (rule.topic !== undefined && (ctx.topic?.family !== rule.topic || (rule.topicNear && !ctx.topicNear))) return null;
  const { norm, bounds } = doc;
  const cues: string[] = [];
  let tier: number = TIER.topic;
  let distance = Infinity;
  if (rule.countsBefore) {
    const c = countedMatch(rule, ctx, doc);
    if (!c) return null;
    cues.push(`counts「${c.text}」`);
    tier = TIER.counts;
    distance = c.end <= q.spanStart ? q.spanStart - c.end : c.start - q.spanEnd;
  }
  if (rule.left || rule.right) {
    let cue: CueMatch | undefined;
    let d = Infinity;
    if (rule.left) {
      for (const span of ctx.left) {
        const ms = alignedMatches(rule.left, norm, span, bounds);
        if (ms.length) cue = ms[ms.length - 1];
      }
      if (cue) d = q.spanStart - cue.end;
    }
    if (!cue && rule.right) {
      cue = alignedMatches(rule.right, norm, ctx.right, bounds)[0];
      if (cue) d = cue.start - q.spanEnd;
    }
    if (!cue) return null;
    cues.push(`cue「${cue.text}」`);
    tier = Math.max(tier, TIER.cue);
    distance = Math.min(distance, d);
  }
  if (rule.governor) {
    const gs = alignedMatches(rule.governor, norm, ctx.sentence, bounds);
    const g = gs[gs.length - 1];
    if (!g || !governs(g, ctx, doc)) return null;
    cues.push(`governor「${g.text}」`);
    tier = Math.max(tier, TIER.governor);
  }
  if (rule.unless) {
    const own = ctx.left.map((s) => norm.slice(s.start, s.end)).join('') + norm.slice(ctx.right.start, ctx.right.end);
    if (rule.unless.test(own)) return null;
  }
  if (rule.unlessSentence && rule.unlessSentence.test(norm.slice(ctx.sentence.start, ctx.sentence.end))) return null;
  if (rule.topic !== undefined && ctx.topic) cues.push(`topic「${ctx.topic.word}」`);
  return { rule, tier, distance, cues };
}

const better = (a: Scored, b: Scored) =>
  a.tier !== b.tier ? a.tier > b.tier
  : a.rule.priority !== b.rule.priority ? a.rule.priority > b.rule.priority
  : a.distance !== b.distance ? a.distance < b.distance
  : a.rule.order < b.rule.order;

/** Picks the metric rule for one quantity, or null when none claims it. */
export function chooseRule(q: Candidate, ctx: QuantityContext, rules: RuleSet, doc: DocView): Scored | null {
  let best: Scored | null = null;
  for (const rule of rules.rulesByUnit.get(q.unit) ?? []) {
    const s = scoreRule(rule, q, ctx, doc);
    if (s && (!best || better(s, best))) best = s;
  }
  return best;
}
