// Shared test set-up: the real rules, tokenizer and division tables, loaded once per file.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { processDocument, type DocResult, type PipelineContext } from '../src/pipeline.js';
import { setup } from '../src/setup.js';

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
