// Word boundaries come from jieba on short windows around the words checked (see
// Boundaries.around): they must be the boundaries jieba gives the whole sentence.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Boundaries } from '../src/attribute/boundaries.js';
import { readDocument } from '../src/reader/read-document.js';
import { analyzeStructure } from '../src/segment/structure.js';
import { wordBoundaries } from '../src/tokenize/jieba.js';
import { context, fixture, reportFiles } from './helpers.js';

describe('tokenizer windows', () => {
  it.each(reportFiles())('%s: every position has the next word boundary of the whole sentence', (file) => {
    const read = readDocument(readFileSync(fixture('reports', file)), file);
    if (!read.ok) throw new Error(`${file} does not read`);
    const norm = read.doc.norm;
    const structure = analyzeStructure(norm, context().rules.sections);
    const bounds = new Boundaries(norm, structure);
    let checked = 0;
    const wrong: string[] = [];
    for (const s of structure.sentences) {
      const whole = [...wordBoundaries(norm.slice(s.start, s.end))].map((x) => x + s.start).sort((a, b) => a - b);
      for (let p = s.start; p < s.end; p++) {
        const want = whole.find((x) => x >= p)!;
        const got = bounds.nextBoundary(p, s.end);
        checked++;
        if (got !== want && wrong.length < 5) wrong.push(`${norm.slice(Math.max(s.start, p - 8), p)}|${norm.slice(p, p + 8)}: ${got - p} not ${want - p}`);
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(wrong).toEqual([]);
  });
});
