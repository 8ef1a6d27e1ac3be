// What a worker thread runs on, made from the rule files the main thread validated: no
// YAML parser or schemas are loaded in a worker, only the compiler, the tokenizer and the
// division tables.
import { loadDivisionIndex } from '../meta/load-divisions.js';
import type { PipelineContext } from '../pipeline.js';
import { compileRuleSet, type RuleFiles } from '../rules/compile.js';
import { readSnapshot } from '../rules/snapshot.js';
import { ensureTokenizer } from '../tokenize/domain.js';

/**
 * The rules a worker runs on: rule files the main thread validated, or 'built-in': the
 * built-in rules alone, which the worker reads from the rules snapshot itself (so it can
 * start before the main thread has read them: prestart.ts).
 */
export type WorkerRules = RuleFiles | 'built-in';

export function workerContext(ruleFiles: WorkerRules): PipelineContext {
  const files = ruleFiles === 'built-in' ? readSnapshot() : ruleFiles;
  if (!files) throw new Error('the built-in rules changed since the build (the rules snapshot is out of date): run npm run build');
  const rules = compileRuleSet(files);
  ensureTokenizer(rules);
  return { rules, divisions: loadDivisionIndex() };
}
