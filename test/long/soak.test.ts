// Fuzzing at length and a bad-input soak (npm run test:long). The default suite fuzzes the
// same properties with a few hundred cases (test/fuzz.test.ts) and runs each hostile input
// once (test/hostile.test.ts); here thousands of cases, and a folder of every kind of bad
// file at once, at --jobs 1 and 2.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { neutralizeText } from '../../src/export/cells.js';
import { serializeRecords } from '../../src/export/writers.js';
import { FACT_FIELDS, processDocument } from '../../src/pipeline.js';
import { htmlToText } from '../../src/reader/html.js';
import { context, fixture, reportFiles } from '../helpers.js';
import { mutatedSeeds } from '../mutate.js';
import { cli } from '../run-cli.js';

const seeds = reportFiles().map((f) => readFileSync(fixture('reports', f), 'utf8'));
const tmp = () => mkdtempSync(path.join(tmpdir(), 'lawreport-soak-'));

/** A seed with random edits: cut, spliced with noise and cue words. */
const mutated = mutatedSeeds(seeds, {
  maxLength: 5000, maxEdits: 40, maxDelete: 30, maxNoise: 16,
  tokens: ['万', '亿', '余', '约', '%', '第', '其中', '分别', '、', '。', '\n', '“', '《', '年', '宗', '12', '三', '<p>', '</div>', '&amp;', '-', '=', '9'.repeat(40)],
});

function check(text: string, name: string): void {
  const r = processDocument(name, Buffer.from(text, 'utf8'), context(), { keepText: true });
  if (!r.ok) return;
  for (const f of r.facts) {
    expect(r.text!.slice(f.start, f.end)).toBe(f.text);
    expect(Number.isFinite(f.value) && Math.abs(f.value) <= Number.MAX_SAFE_INTEGER, String(f.value)).toBe(true);
  }
  const csv = stringify([[...FACT_FIELDS]]) + serializeRecords('csv', FACT_FIELDS, r.facts as unknown as Array<Record<string, unknown>>);
  const back = parse(csv, { columns: true }) as Array<Record<string, string>>;
  expect(back).toHaveLength(r.facts.length);
  back.forEach((row, i) => expect(row.sentence).toBe(neutralizeText(r.facts[i]!.sentence)));
}

describe('fuzzing at length', () => {
  it('mutated seed text, as text and as a saved page', () => {
    fc.assert(fc.property(mutated, (t) => {
      check(t, 'fuzz.txt');
      check(t, 'fuzz.html');
    }), { numRuns: 3000 });
  }, 600_000);

  it('random markup to text never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (t) => {
      htmlToText(t);
    }), { numRuns: 5000 });
  }, 300_000);
});

describe('a bad-input soak', () => {
  it('a folder of every kind of bad file: no crash, one line per skipped file, the same output at --jobs 1 and 2', async () => {
    const dir = tmp();
    const rnd = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 4000 }), { numRuns: 60, seed: 15 });
    rnd.forEach((b, i) => writeFileSync(path.join(dir, `random${i}.txt`), b));
    fc.sample(mutated, { numRuns: 60, seed: 15 }).forEach((t, i) => writeFileSync(path.join(dir, `mutated${i}.${i % 3 ? 'txt' : 'html'}`), t));
    writeFileSync(path.join(dir, 'nest.html'), '<html><body>' + '<div><i>'.repeat(100_000) + '<p>共调解纠纷12宗。</p>');
    writeFileSync(path.join(dir, 'big.txt'), `共调解纠纷${'9'.repeat(500)}宗，99999999999999999999亿元。`);
    writeFileSync(path.join(dir, 'mixed.txt'), Buffer.concat([iconv.encode(seeds[0]!.slice(0, 3000), 'gbk'), Buffer.from('\n' + seeds[0]!.slice(3000))]));
    writeFileSync(path.join(dir, 'big5.txt'), iconv.encode('全年共調解糾紛三百二十三宗，調解成功率為百分之九十七。'.repeat(5), 'big5'));
    writeFileSync(path.join(dir, '=formula.txt'), '=1+2共调解纠纷12宗。\n-3');
    writeFileSync(path.join(dir, 'ctrl\x1b[2J\n.txt'), '');
    writeFileSync(path.join(dir, 'good.txt'), seeds[0]!);
    const files = readdirSync(dir).length;
    const outs: string[][] = [];
    for (const jobs of ['1', '2']) {
      const out = path.join(tmp(), 'out');
      const r = await cli(['extract', '-v', dir, '-j', jobs, '-f', 'csv', '-o', out, '--timeout', '120']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/fatal|INTERNAL_ERROR|\x1b/);
      const m = /(\d+) of (\d+) files read, (\d+) skipped/.exec(r.stderr)!;
      expect(Number(m[2])).toBe(files);
      const skipped = r.stderr.split('\n').filter((l) => /: skipped \[/.test(l));
      expect(skipped).toHaveLength(Number(m[3]));
      outs.push(['facts.csv', 'summary.csv'].map((f) => readFileSync(path.join(out, f), 'utf8')));
    }
    expect(outs[1]).toEqual(outs[0]);
  }, 600_000);
});
