// Word boundaries from nodejieba with the domain dictionary under rules/lexicon.
// Loaded once per process (and so once per worker thread).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

interface Jieba {
  load(opts: { dict?: string; idfDict?: string; stopWordDict?: string; userDict?: string }): unknown;
  cut(text: string, strict?: boolean): string[];
  insertWord(word: string, tag?: string): boolean;
}

const require = createRequire(import.meta.url);
let jieba: Jieba | null = null;
const inserted = new Set<string>();

/**
 * Loads the tokenizer with a user dictionary and extra words (topic and cue words from the
 * rules). `trimmedDir` holds the trimmed dictionary scripts/build-dict.mjs writes; without
 * it nodejieba's full dictionary is used (same boundaries, slower to load).
 */
export function loadTokenizer(userDict: string | undefined, words: Iterable<string> = [], trimmedDir?: string): void {
  if (!jieba) {
    jieba = require('nodejieba') as Jieba;
    const opts: Parameters<Jieba['load']>[0] = {};
    if (userDict && existsSync(userDict)) opts.userDict = userDict;
    if (trimmedDir && existsSync(path.join(trimmedDir, 'dict.utf8'))) {
      opts.dict = path.join(trimmedDir, 'dict.utf8');
      opts.idfDict = path.join(trimmedDir, 'idf.utf8');
      opts.stopWordDict = path.join(trimmedDir, 'stop_words.utf8');
    }
    jieba.load(opts);
  }
  for (const w of words) {
    if (!inserted.has(w)) {
      jieba.insertWord(w);
      inserted.add(w);
    }
  }
}

export function tokenize(text: string): string[] {
  if (!jieba) loadTokenizer(undefined);
  return jieba!.cut(text, true);
}

/**
 * Offsets (relative to `text`) where a word starts or ends. Cue words must start and
 * end on these, so 调解 does not match inside 调解员.
 */
export function wordBoundaries(text: string): Set<number> {
  return boundariesOf(text, tokenize(text));
}

/**
 * The same from the dictionary alone (no HMM guessing of unknown words): characters no
 * dictionary word covers stand alone, so an unknown place name is never merged with its
 * neighbour (2023年江厦街道 would be 年江厦/街道 with the HMM), while 示范县 stays one word.
 */
export function dictionaryWordBoundaries(text: string): Set<number> {
  if (!jieba) loadTokenizer(undefined);
  return boundariesOf(text, jieba!.cut(text, false));
}

function boundariesOf(text: string, tokens: string[]): Set<number> {
  const out = new Set<number>([0, text.length]);
  let pos = 0;
  for (const tok of tokens) {
    const at = text.indexOf(tok, pos);
    if (at < 0) continue; // the tokenizer dropped or changed something: skip that token
    out.add(at);
    pos = at + tok.length;
    out.add(pos);
  }
  return out;
}
