// Builds dist/rules-snapshot.json: the built-in rules parsed, validated (schemas, pattern
// safety, references) and their inline examples run, once, at build time (src/rules/
// snapshot.ts says how runs use it). Run by `npm run build` after the tokenizer's dictionary.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'dist');
const load = (p) => import(pathToFileURL(path.join(dist, p)).href);
const { loadRuleFiles } = await load('rules/load.js');
const { compileRuleSet } = await load('rules/compile.js');
const { checkExamples } = await load('rules/examples.js');
const { ensureTokenizer } = await load('tokenize/domain.js');
const { makeSnapshot, SNAPSHOT_FILE } = await load('rules/snapshot.js');

const loaded = loadRuleFiles([], undefined, false);
if (!loaded.ok) {
  for (const e of loaded.errors) console.error(`lawreport: ${e.file}: ${e.path}: ${e.message}`);
  process.exit(1);
}
const rules = compileRuleSet(loaded.files);
ensureTokenizer(rules);
const failed = checkExamples({ rules, divisions: null });
if (failed.length) {
  for (const e of failed) console.error(`lawreport: ${e.file}: ${e.path}: ${e.message}`);
  process.exit(1);
}
writeFileSync(SNAPSHOT_FILE, makeSnapshot(loaded.files));
console.log(`dist/rules-snapshot.json: ${loaded.files.files.length} rule files, ${rules.rules.length} rules, examples pass`);
