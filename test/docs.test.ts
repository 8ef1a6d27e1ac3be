// Whole documents: golden facts beside each seed (UPDATE_SNAPSHOT=1 npm test rewrites
// them; review the diff like code), offsets that slice to the text, and encodings that
// agree. The gold scores are in gold.test.ts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processDocument, type Fact } from '../src/pipeline.js';
import { context, fixture, REPORTS, reportFiles } from './helpers.js';

const processFile = (file: string) => processDocument(path.basename(file), readFileSync(file), context(), { keepText: true });
const golden = (f: Fact) => {
  const { doc_sha256: _sha, ...rest } = f;
  void _sha;
  return JSON.stringify(rest);
};

describe('seed reports', () => {
  it.each(reportFiles())('%s matches its golden facts', (name) => {
    const r = processFile(path.join(REPORTS, name));
    const actual = r.facts.map(golden).join('\n') + '\n';
    const file = path.join(REPORTS, name.replace(/\.txt$/, '.expected.jsonl'));
    if (process.env.UPDATE_SNAPSHOT) writeFileSync(file, actual);
    expect(existsSync(file), `${file} is missing: run UPDATE_SNAPSHOT=1 npm test and review it`).toBe(true);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });

  it.each(reportFiles())('%s: every fact has every contract field and slices to its text', (name) => {
    const r = processFile(path.join(REPORTS, name));
    expect(r.facts.length).toBeGreaterThan(0);
    for (const f of r.facts) {
      expect(r.text!.slice(f.start, f.end)).toBe(f.text);
      expect(f.id).toBe(`${r.doc_sha256.slice(0, 12)}:${f.start}`);
      expect(f.doc).toBe(name);
      expect(Number.isFinite(f.value)).toBe(true);
      expect(f.rule).toBeTruthy();
      if (f.metric === 'other') expect(f.subject, f.text).not.toBe('');
      if (f.part_of) expect(r.facts.some((t) => t.id === f.part_of)).toBe(true);
    }
  });
});

describe('encodings and formats', () => {
  const base = processFile(path.join(REPORTS, '000_c90d8c21b93b550a.txt'));
  const key = (f: Fact) => `${f.metric}|${f.value}|${f.unit}|${f.approx}|${f.total}|${f.rule}`;
  it.each(['000_gb18030.txt', '000_utf8_bom.txt', '000_utf16le_bom.txt', '000_fullwidth.txt', '000_saved_page.html'])('%s gives the same facts as the UTF-8 text', (name) => {
    const r = processFile(fixture('encodings', name));
    expect(r.ok).toBe(true);
    expect(r.facts.map(key)).toEqual(base.facts.map(key));
    for (const f of r.facts) expect(r.text!.slice(f.start, f.end)).toBe(f.text);
    expect(r.meta).toMatchObject({ district: '南山区', street: '招商街道', year: 2022, period: 'annual' });
  });

  it('the saved page loses its scripts, styles and navigation', () => {
    const r = processFile(fixture('encodings', '000_saved_page.html'));
    expect(r.text).not.toMatch(/document\.title|color: red|您现在的位置|ICP备案/);
    expect(r.facts.some((f) => f.value === 12345 || f.value === 98765)).toBe(false);
  });

  it('GB18030 input is flagged as such', () => {
    const r = processFile(fixture('encodings', '000_gb18030.txt'));
    expect(r.diagnostics.map((d) => d.code)).toContain('DECODE_FALLBACK_GB18030');
  });
});
