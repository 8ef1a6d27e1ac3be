// Attributes each quantity to a metric with the rules under rules/metrics, and marks
// totals, 其中 parts and subjects. Cue words must fall on jieba word boundaries.
import type { RuleSet } from '../rules/compile.js';
import type { UnitClass } from '../rules/schema.js';
import type { Candidate } from '../quantities/scan.js';
import type { Structure } from '../segment/structure.js';
import { Boundaries } from './boundaries.js';
import { chooseRule, TIER, type DocView } from './choose.js';
import { buildContexts, fullStopPositions } from './context.js';
import { findParts } from './parts.js';
import { subjectOf } from './subject.js';

export interface Attribution {
  metric: string;
  rule: string;
  unit: UnitClass;
  /** the evidence that decided the metric, labelled (counts「意见书」, cue, governor, topic, plan, target, part of), for `explain` */
  cues: string[];
  subject: string;
  total: boolean;
  /** index of the total this quantity is a 其中 part of */
  partOf: number | null;
  topic: string | null;
}

export const RULE_UNCLAIMED = 'other.unclaimed';
export const RULE_PLAN = 'other.plan-section';
export const RULE_TARGET = 'other.target';

export function attribute(
  norm: string,
  structure: Structure,
  quantities: Candidate[],
  rules: RuleSet,
): Attribution[] {
  const bounds = new Boundaries(norm, structure);
  const stops = fullStopPositions(norm);
  const contexts = buildContexts(norm, structure, quantities, rules, stops, (h) => bounds.notStraddling(h.start, h.end));
  const clauseHasQuantity = new Uint8Array(structure.clauses.length);
  for (const c of contexts) if (c.clauseIndex >= 0) clauseHasQuantity[c.clauseIndex] = 1;
  const doc: DocView = { norm, structure, bounds, clauseHasQuantity };
  const ownLeft = (i: number) => {
    const own = contexts[i]!.left[contexts[i]!.left.length - 1]!;
    return norm.slice(own.start, own.end);
  };
  const totals = quantities.map((q, i) => rules.sections.totalMarkers.test(ownLeft(i)) && q.unit !== 'percent');
  const parts = findParts(norm, quantities, contexts, totals, rules, stops);
  const out: Attribution[] = [];
  quantities.forEach((q, i) => {
    const ctx = contexts[i]!;
    const a: Attribution = {
      metric: 'other', rule: RULE_UNCLAIMED, unit: q.unit, cues: [],
      subject: subjectOf(ctx, norm, bounds), total: totals[i]!, partOf: parts[i]!, topic: ctx.topic?.family ?? null,
    };
    out.push(a);
    if (ctx.paragraph.plan) {
      const plan = ctx.paragraph.headings.find((h) => h.plan);
      a.rule = RULE_PLAN;
      if (plan) a.cues = [`plan「${plan.text}」`];
      return;
    }
    const target = rules.sections.targetMarkers.exec(ownLeft(i));
    if (target) {
      a.rule = RULE_TARGET;
      a.cues = [`target「${target[0]}」`];
      return;
    }
    const chosen = chooseRule(q, ctx, rules, doc);
    // a 其中 part that names nothing of its own (no counted noun, no cue) counts what its total
    // counts, unless its words make it another measure (其中已办结…, 其中多次协调处理的…)
    const total = a.partOf === null ? null : out[a.partOf]!;
    const own = () => ownLeft(i) + norm.slice(ctx.right.start, ctx.right.end);
    if (total && total.metric !== 'other' && (!chosen || chosen.tier < TIER.cue) && !rules.sections.partKeepsOwn.test(ownLeft(i)) && !rules.sections.partKeepsOwn.test(own())) {
      a.metric = total.metric;
      a.rule = total.rule;
      a.unit = total.unit;
      a.cues = [`part of「${norm.slice(quantities[a.partOf!]!.start, quantities[a.partOf!]!.end)}」`];
      return;
    }
    if (chosen) {
      a.metric = chosen.rule.metric;
      a.rule = chosen.rule.id;
      a.unit = (chosen.rule.unit ?? q.unit) as UnitClass;
      a.cues = chosen.cues;
    }
  });
  return out;
}
