// Loads everything a run needs once (per process or worker): rules, tokenizer, divisions.
import path from 'node:path';
import type { PipelineContext } from './pipeline.js';
import { loadDivisionIndex } from './meta/load-divisions.js';
import { checkExamples } from './rules/examples.js';
import { BUILTIN_RULES_DIR, loadRules, type RuleError } from './rules/load.js';
import { loadTokenizer } from './tokenize/jieba.js';

export type SetupResult = { ok: true; ctx: PipelineContext } | { ok: false; errors: RuleError[] };

export interface SetupOptions {
  rulesDirs?: string[];
  /** skip the division tables (metadata then leaves the unit empty) */
  divisions?: boolean;
  /** run the rules' inline examples (default true) */
  examples?: boolean;
}

export function setup(opts: SetupOptions = {}): SetupResult {
  const loaded = loadRules(opts.rulesDirs ?? []);
  if (!loaded.ok) return loaded;
  const rules = loaded.rules;
  const words = new Set<string>();
  for (const t of rules.topics) words.add(t.word);
  loadTokenizer(path.join(BUILTIN_RULES_DIR, 'lexicon', 'jieba-user.utf8'), words, path.join(BUILTIN_RULES_DIR, '..', 'dist', 'jieba'));
  const ctx: PipelineContext = { rules, divisions: opts.divisions === false ? null : loadDivisionIndex() };
  if (opts.examples !== false) {
    const errors = checkExamples(ctx);
    if (errors.length) return { ok: false, errors };
  }
  return { ok: true, ctx };
}
