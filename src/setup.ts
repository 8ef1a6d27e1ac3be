// Loads what a run needs once (per process or worker thread): rules, tokenizer, divisions.
import type { PipelineContext } from './pipeline.js';
import { loadDivisionIndex } from './meta/load-divisions.js';
import { checkExamples } from './rules/examples.js';
import { loadRules, type RuleError } from './rules/load.js';
import { ensureTokenizer } from './tokenize/domain.js';

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

export function setup(opts: SetupOptions = {}): SetupResult {
  const loaded = loadRules(opts.rulesDirs ?? []);
  if (!loaded.ok) return loaded;
  const rules = loaded.rules;
  const tokenizer = opts.tokenizer !== false;
  if (tokenizer) ensureTokenizer(rules);
  const ctx: PipelineContext = { rules, divisions: opts.divisions === false ? null : loadDivisionIndex() };
  // (the built-in rules' examples passed when the snapshot was built: snapshot.ts)
  if (tokenizer && opts.examples !== false && !rules.verified) {
    const errors = checkExamples(ctx);
    if (errors.length) return { ok: false, errors };
  }
  return { ok: true, ctx };
}
