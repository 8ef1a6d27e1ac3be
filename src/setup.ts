// Loads what a run needs once (per process or worker thread): rules, tokenizer, divisions.
import path from 'node:path';
import type { PipelineContext } from './pipeline.js';
import { loadDivisionIndex } from './meta/load-divisions.js';
import type { RuleSet } from './rules/compile.js';
import { checkExamples } from './rules/examples.js';
import { BUILTIN_RULES_DIR, loadRules, type RuleError } from './rules/load.js';
import { loadTokenizer } from './tokenize/jieba.js';

export type SetupResult = { ok: true; ctx: PipelineContext } | { ok: false; errors: RuleError[] };

export interface SetupOptions {
  rulesDirs?: string[];
  /** load the division tables (without them the unit stays empty or is resolved elsewhere) */
  divisions?: boolean;
  /** load the tokenizer and run the rules' inline examples (default true) */
  tokenizer?: boolean;
  /** run the inline examples (default: when the tokenizer is loaded) */
  examples?: boolean;
}

/** Loads jieba with the domain dictionary and the rules' topic words (once per thread). */
export function ensureTokenizer(rules: RuleSet): void {
  loadTokenizer(
    path.join(BUILTIN_RULES_DIR, 'lexicon', 'jieba-user.utf8'),
    rules.topics.map((t) => t.word),
    path.join(BUILTIN_RULES_DIR, '..', 'dist', 'jieba'),
  );
}

export function setup(opts: SetupOptions = {}): SetupResult {
  const loaded = loadRules(opts.rulesDirs ?? []);
  if (!loaded.ok) return loaded;
  const rules = loaded.rules;
  const tokenizer = opts.tokenizer !== false;
  if (tokenizer) ensureTokenizer(rules);
  const ctx: PipelineContext = { rules, divisions: opts.divisions === false ? null : loadDivisionIndex() };
  if (tokenizer && opts.examples !== false) {
    const errors = checkExamples(ctx);
    if (errors.length) return { ok: false, errors };
  }
  return { ok: true, ctx };
}
