// Shared test set-up: the real rules, tokenizer and division tables, loaded once per file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { processDocument, type DocResult, type PipelineContext } from '../src/pipeline.js';
import { setup } from '../src/setup.js';
import { afterAll } from 'vitest';

let ctx: PipelineContext | null = null;

export function context(): PipelineContext {
  if (!ctx) {
    const s = setup();
    if (!s.ok) throw new Error('rules do not load:\n' + s.errors.map((e) => `${e.file}: ${e.path}: ${e.message}`).join('\n'));
    ctx = s.ctx;
  }
  return ctx;
}

export function run(text: string, name = 'input.txt'): DocResult {
  return processDocument(name, Buffer.from(text, 'utf8'), context(), { keepText: true });
}

export const ROOT = path.resolve(import.meta.dirname, '..');
export const fixture = (...p: string[]) => path.join(ROOT, 'fixtures', ...p);
export const REPORTS = fixture('reports');
export const reportFiles = () => readdirSync(REPORTS).filter((f) => f.endsWith('.txt')).sort();

export interface SpecCase {
  in: string | string[];
  out: Array<Record<string, unknown>>;
  skip?: string;
  why?: string;
}

/** Reads fixtures/specs/<stage>/*.jsonl as [family, case] pairs. */
export function specCases(stage: string): Array<{ family: string; line: number; c: SpecCase }> {
  const dir = fixture('specs', stage);
  const out: Array<{ family: string; line: number; c: SpecCase }> = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) {
    readFileSync(path.join(dir, f), 'utf8').split('\n').forEach((l, i) => {
      if (l.trim()) out.push({ family: f.replace(/\.jsonl$/, ''), line: i + 1, c: JSON.parse(l) as SpecCase });
    });
  }
  return out;
}

/** Compares only the fields a spec case states. */
export function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

/** A rule family of the user's own (public housing, which the built-in rules lack): a rules change for the store's tests. */
export const HOUSING_RULES = `version: 1
kind: metrics
family: housing
topic: [住房保障, 公租房]
metrics:
  - { id: housing.units, unit: item, label: 公租房分配套数, description: "public housing units allocated" }
rules:
  - id: housing.units.cue
    metric: housing.units
    accepts: [item]
    left: '(保障性住房|公租房|人才住房)'
    examples:
      - { in: 全年分配公租房320套。, out: { value: 320 } }
      - { in: 全年建成道路5条。, out: null }
`;

/**
 * A 64 KB tmpfs for one suite, full after a few writes; unmounted and removed after the suite.
 * Only root can mount it: elsewhere `mounted` is false and the tests that need it skip.
 */
export function tinyDisk(name: string): { dir: string; mounted: boolean } {
  const dir = path.join(tmpdir(), `${name}-${process.pid}`);
  let mounted = false;
  if (process.getuid?.() === 0) {
    mkdirSync(dir, { recursive: true });
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status === 0;
  }
  afterAll(() => {
    if (mounted) spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, mounted };
}
