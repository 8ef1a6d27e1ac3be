// Metric attribution, family by family: fixtures/specs/metrics/<family>.jsonl holds
// sentences written for the tests (not copied from the seeds), positive and negative.
import { describe, expect, it } from 'vitest';
import { run, specCases } from './helpers.js';

interface MetricCase {
  in: string;
  out: Array<{ value: number; metric: string; unit?: string; total?: boolean; approx?: string; rule?: string; subject?: string; part_of_value?: number }>;
  none?: string[];
  skip?: string;
}

describe('specs/metrics', () => {
  for (const { family, line, c } of specCases('metrics')) {
    const mc = c as unknown as MetricCase;
    (mc.skip ? it.skip : it)(`${family}:${line} ${mc.in.replace(/\n/g, ' / ')}`, () => {
      const r = run(mc.in);
      const shown = r.facts.map((f) => `${f.text}→${f.metric}(${f.rule})`).join(', ');
      for (const want of mc.out) {
        const f = r.facts.find((x) => Math.abs(x.value - want.value) < 1e-9 * Math.max(1, want.value));
        expect(f, `no fact with value ${want.value}; got ${shown}`).toBeDefined();
        expect(f!.metric, `${want.value}: ${shown}`).toBe(want.metric);
        if (want.unit) expect(f!.unit).toBe(want.unit);
        if (want.total !== undefined) expect(f!.total).toBe(want.total);
        if (want.approx !== undefined) expect(f!.approx).toBe(want.approx);
        if (want.rule) expect(f!.rule).toBe(want.rule);
        if (want.subject) expect(f!.subject).toBe(want.subject);
        if (want.part_of_value !== undefined) {
          const total = r.facts.find((x) => x.id === f!.part_of);
          expect(total?.value, `${want.value} should be part of ${want.part_of_value}`).toBe(want.part_of_value);
        }
      }
      for (const metric of mc.none ?? []) {
        expect(r.facts.filter((x) => x.metric === metric).map((x) => x.text), `${metric} must not appear; got ${shown}`).toEqual([]);
      }
    });
  }
});
