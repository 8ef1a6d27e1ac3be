// Start-up costs by stage, in a fresh process: the command line's own modules (the main
// thread), then what a worker thread loads before its first document: its modules, the rules
// (snapshot, compiled), the tokenizer's dictionary and the division index.
import { performance } from 'node:perf_hooks';
const t = () => performance.now();
const root = new URL('..', import.meta.url).pathname;
const r = {};
let t0 = t();
await import(`${root}dist/cli/main.js`);
r['main modules'] = t() - t0;
t0 = t();
const { readSnapshot } = await import(`${root}dist/rules/snapshot.js`);
const { compileRuleSet } = await import(`${root}dist/rules/compile.js`);
const { ensureTokenizer } = await import(`${root}dist/tokenize/domain.js`);
const { loadDivisionIndex } = await import(`${root}dist/meta/load-divisions.js`);
await import(`${root}dist/pipeline.js`);
r['worker modules'] = t() - t0;
t0 = t();
const files = readSnapshot();
if (!files) throw new Error('no rules snapshot: run npm run build');
const rules = compileRuleSet(files);
r.rules = t() - t0;
t0 = t();
ensureTokenizer(rules);
r.tokenizer = t() - t0;
t0 = t();
loadDivisionIndex();
r.divisions = t() - t0;
console.log(JSON.stringify(r));
