// Builds dist/jieba/: nodejieba's own dictionary without its rarest words, and empty IDF
// and stop-word lists (lawreport only needs word boundaries, not keywords). Loading it
// takes ~0.12 s and ~50 MB instead of ~0.9 s and ~240 MB per process or worker, with the
// same boundaries around the domain's words. Run by `npm run build` (and so on install).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const MIN_FREQUENCY = 30;
const require = createRequire(import.meta.url);
const jieba = require('nodejieba');
const out = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'dist', 'jieba');
mkdirSync(out, { recursive: true });
const kept = readFileSync(jieba.DEFAULT_DICT, 'utf8')
  .split('\n')
  .filter((line) => {
    const freq = Number(line.split(' ')[1]);
    return line && freq >= MIN_FREQUENCY;
  });
writeFileSync(path.join(out, 'dict.utf8'), kept.join('\n') + '\n');
writeFileSync(path.join(out, 'idf.utf8'), '的 1.0\n');
writeFileSync(path.join(out, 'stop_words.utf8'), '的\n');
console.log(`dist/jieba/dict.utf8: ${kept.length} words (frequency >= ${MIN_FREQUENCY})`);
