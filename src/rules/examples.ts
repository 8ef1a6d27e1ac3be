// Runs every metric rule's inline examples through the real pipeline at load time
// (prh's Rule.check): a rule whose examples fail does not load.
import { Buffer } from 'node:buffer';
import { processDocument, type PipelineContext } from '../pipeline.js';
import type { RuleError } from './load.js';

export function checkExamples(ctx: PipelineContext): RuleError[] {
  const errors: RuleError[] = [];
  const exampleCtx: PipelineContext = { ...ctx, divisions: null };
  for (const rule of ctx.rules.rules) {
    rule.source.examples.forEach((ex, i) => {
      const res = processDocument('(example)', Buffer.from(ex.in, 'utf8'), exampleCtx);
      const facts = res.facts;
      const got = facts.map((f) => `${f.text}→${f.metric}${f.metric === rule.metric ? ` (${f.rule})` : ''}`).join(', ') || 'no quantity';
      const where = `rules -> ${rule.source.id} -> examples -> ${i}`;
      if (ex.out === null) {
        if (facts.some((f) => f.metric === rule.metric && f.rule === rule.id)) {
          errors.push({ file: rule.file, path: where, message: `example failed: "${ex.in}" should not give ${rule.metric} by this rule, but got ${got}` });
        }
        return;
      }
      const want = ex.out;
      const ok = facts.some((f) =>
        f.metric === rule.metric &&
        (want.value === undefined || Math.abs(f.value - want.value) <= 1e-9 * Math.max(1, Math.abs(want.value))) &&
        (want.unit === undefined || f.unit === want.unit));
      if (!ok) {
        errors.push({ file: rule.file, path: where, message: `example failed: "${ex.in}" should give ${rule.metric}${want.value !== undefined ? ` = ${want.value}` : ''}${want.unit ? ` ${want.unit}` : ''}, but got ${got}` });
      }
    });
  }
  return errors;
}
