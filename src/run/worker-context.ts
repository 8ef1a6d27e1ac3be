// What a worker thread runs on, made from the rule files the main thread validated: no
// YAML parser or schemas are loaded in a worker, only the compiler, the tokenizer and the
// division tables.
import { loadDivisionIndex } from '../meta/load-divisions.js';
import type { PipelineContext } from '../pipeline.js';
import { compileRuleSet, type RuleFiles } from '../rules/compile.js';
import { ensureTokenizer } from '../tokenize/domain.js';

export function workerContext(ruleFiles: RuleFiles): PipelineContext {
  const rules = compileRuleSet(ruleFiles);
  ensureTokenizer(rules);
  return { rules, divisions: loadDivisionIndex() };
}
