// The gold scores, guarded: the five seeds and the 61 dev openings from 27 provinces
// (fixtures/gold/dev, with the documents kept unstudied marked in split.tsv). The same
// figures print with `lawreport eval` (see the README).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGoldJsonl, parseMetaTsv, parseSplit, score, scoreMeta, type GoldFact } from '../src/eval/score.js';
import { processDocument, type DocResult } from '../src/pipeline.js';
import { context, fixture, REPORTS, reportFiles } from './helpers.js';

const DEV = fixture('gold', 'dev');
const run = (dir: string, name: string) => processDocument(name, readFileSync(path.join(dir, name)), context());
const metaOf = (rs: DocResult[]) =>
  new Map(rs.map((r) => [r.doc, Object.fromEntries(Object.entries(r.meta!).map(([k, v]) => [k, v === null ? '' : String(v)]))]));
const show = (s: ReturnType<typeof score>) =>
  [...s.misses.map((g) => `miss ${g.doc}@${g.start} ${g.text} ${g.metric}`), ...s.spurious.map((p) => `spurious ${p.doc}@${p.start} ${p.text} ${p.metric}`)].join('\n');

describe('seed gold (fixtures/gold/seeds.jsonl): nothing below the figures of issue 11', () => {
  const gold = parseGoldJsonl(readFileSync(fixture('gold', 'seeds.jsonl'), 'utf8'));
  const results = reportFiles().map((n) => run(REPORTS, n));
  const predicted = results.flatMap((r) => r.facts);

  it('quantity level: precision and recall 1.000', () => {
    const s = score(gold, predicted, 'quantity');
    expect(s.overall.precision, show(s)).toBe(1);
    expect(s.overall.recall, show(s)).toBe(1);
  });

  it('metric level: precision >= 0.989, recall 1.000, and F1 >= 0.95 for the four metrics users named', () => {
    const s = score(gold, predicted, 'metric');
    expect(s.overall.precision, show(s)).toBeGreaterThanOrEqual(0.989);
    expect(s.overall.recall, show(s)).toBe(1);
    for (const m of ['mediation.cases', 'mediation.success_rate', 'counsel.contracts_reviewed', 'mediation.amount']) {
      expect(s.perMetric[m]!.f1, m).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('metadata: every field of seeds-meta.tsv is right', () => {
    const s = scoreMeta(parseMetaTsv(readFileSync(fixture('gold', 'seeds-meta.tsv'), 'utf8')), metaOf(results));
    expect(s.mismatches).toEqual([]);
    expect(s.total).toBe(30);
  });
});

describe('dev gold (fixtures/gold/dev): 61 openings the rules were not written for', () => {
  const gold: GoldFact[] = parseGoldJsonl(readFileSync(path.join(DEV, 'gold.jsonl'), 'utf8'));
  const names = readdirSync(path.join(DEV, 'raw')).filter((f) => f.endsWith('.txt')).sort();
  const results = names.map((n) => run(path.join(DEV, 'raw'), n));
  const predicted = results.flatMap((r) => r.facts);
  const split = parseSplit(readFileSync(path.join(DEV, 'split.tsv'), 'utf8'));
  const heldout = new Set(names.filter((n) => split.get(n) === 'heldout'));

  it('covers every gold document, and keeps a third of them unstudied', () => {
    expect(names.length).toBe(61);
    expect(new Set(gold.map((g) => g.doc))).toEqual(new Set(names));
    expect(heldout.size).toBe(20);
  });

  it('quantity level: precision and recall >= 0.985', () => {
    const s = score(gold, predicted, 'quantity');
    expect(s.overall.precision, show(s)).toBeGreaterThanOrEqual(0.985);
    expect(s.overall.recall, show(s)).toBeGreaterThanOrEqual(0.985);
  });

  it('metric level: F1 >= 0.92 overall, and >= 0.88 on the held-out documents alone', () => {
    const all = score(gold, predicted, 'metric');
    expect(all.overall.f1).toBeGreaterThanOrEqual(0.92);
    expect(score(gold, predicted, 'metric', heldout).overall.f1).toBeGreaterThanOrEqual(0.88);
  });

  it('metadata: at least 97% of fields right', () => {
    const s = scoreMeta(parseMetaTsv(readFileSync(path.join(DEV, 'meta.tsv'), 'utf8')), metaOf(results));
    expect(s.total).toBe(61 * 6);
    expect(s.correct / s.total).toBeGreaterThanOrEqual(0.97);
  });
});

describe('the contract', () => {
  it('docs/contract.md is the shared contract, word for word (when ../shared is beside the project)', () => {
    const shared = path.resolve(fixture(), '..', '..', 'shared', 'spec', 'metrics.md');
    let text: string;
    try {
      text = readFileSync(shared, 'utf8');
    } catch {
      return; // a clone away from the team's shared folder has only its own copy
    }
    expect(readFileSync(path.resolve(fixture(), '..', 'docs', 'contract.md'), 'utf8')).toBe(text);
  });
});
