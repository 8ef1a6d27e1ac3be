// jieba with the project's domain dictionary and the rules' topic words, once per thread.
import path from 'node:path';
import type { RuleSet } from '../rules/compile.js';
import { BUILTIN_RULES_DIR } from '../rules/paths.js';
import { loadTokenizer } from './jieba.js';

export function ensureTokenizer(rules: RuleSet): void {
  loadTokenizer(
    path.join(BUILTIN_RULES_DIR, 'lexicon', 'jieba-user.utf8'),
    rules.topics.map((t) => t.word),
    path.join(BUILTIN_RULES_DIR, '..', 'dist', 'jieba'),
  );
}
