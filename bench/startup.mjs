// Start-up costs, measured in a fresh process: loading and validating the rules, the
// tokenizer (trimmed dictionary) and the division tables.
import { performance } from 'node:perf_hooks';
const t = () => performance.now();
const root = new URL('..', import.meta.url).pathname;
let t0 = t();
const { loadRules } = await import(`${root}dist/rules/load.js`);
const { ensureTokenizer } = await import(`${root}dist/tokenize/domain.js`);
const { loadDivisionIndex } = await import(`${root}dist/meta/load-divisions.js`);
const modules = t() - t0;
t0 = t();
const r = loadRules();
const rules = t() - t0;
t0 = t();
ensureTokenizer(r.rules);
const tokenizer = t() - t0;
t0 = t();
loadDivisionIndex();
const divisions = t() - t0;
console.log(JSON.stringify({ modules, rules, tokenizer, divisions }));
