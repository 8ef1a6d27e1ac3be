// The quantity layer: every case of fixtures/specs/quantities/*.jsonl, and properties
// of the number parser over arbitrary input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chineseValue } from '../src/quantities/numerals.js';
import { scanCandidates } from '../src/quantities/scan.js';
import { context, pick, run, specCases } from './helpers.js';

const close = (a: unknown, b: unknown) =>
  typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) : a === b;

describe.each(['quantities'])('specs/%s', (stage) => {
  for (const { family, line, c } of specCases(stage)) {
    const inputs = Array.isArray(c.in) ? c.in : [c.in];
    for (const input of inputs) {
      const name = `${family}:${line} ${input}${c.why ? ` (${c.why})` : ''}`;
      (c.skip ? it.skip : it)(name, () => {
        const facts = run(input).facts;
        const got = facts.map((f) => ({ ...f } as Record<string, unknown>));
        expect(got.length, `${input} → ${JSON.stringify(facts.map((f) => f.text))}`).toBe(c.out.length);
        c.out.forEach((want, i) => {
          const keys = Object.keys(want).filter((k) => k !== 'text_is_input');
          const actual = pick(got[i]!, keys);
          for (const k of keys) {
            expect(close(actual[k], want[k]), `${input}: field ${k} is ${JSON.stringify(actual[k])}, want ${JSON.stringify(want[k])}`).toBe(true);
          }
          if (want.text_is_input) expect(got[i]!.text).toBe(input);
        });
      });
    }
  }
});

describe('number parser properties', () => {
  const lex = () => context().rules.lexicon;

  it('never throws on arbitrary text and every span slices to its text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        for (const c of scanCandidates(s, lex())) {
          expect(c.start).toBeGreaterThanOrEqual(0);
          expect(c.end).toBeLessThanOrEqual(s.length);
          expect(c.start).toBeLessThan(c.end);
          expect(Number.isFinite(c.value)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on report-like text made of numerals, units and markers', () => {
    const pieces = ['一', '二', '两', '十', '百', '千', '万', '亿', '零', '余', '多', '约', '近', '宗', '件', '人次', '%', '年', '第', '1', '2', '0', '.', ',', '-', '至', '半', '天', '分之', '成', '“', '”', '《', '》', '+', '·', ' ', '，', '。'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const s = parts.join('');
        const r = run(s);
        for (const f of r.facts) {
          expect(r.text!.slice(f.start, f.end)).toBe(f.text);
          expect(Number.isFinite(f.value)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a number written in Arabic and in Chinese numerals gives the same value', () => {
    const digits = '零一二三四五六七八九';
    const toChinese = (n: number): string => {
      if (n === 0) return '零';
      const units = ['', '十', '百', '千'];
      const section = (x: number): string => {
        let out = '';
        let zero = false;
        for (let p = 3; p >= 0; p--) {
          const d = Math.floor(x / 10 ** p) % 10;
          if (d === 0) {
            if (out) zero = true;
            continue;
          }
          if (zero) out += '零';
          zero = false;
          out += (d === 1 && p === 1 && !out ? '' : digits[d]) + units[p];
        }
        return out;
      };
      const high = Math.floor(n / 10000);
      const low = n % 10000;
      if (!high) return section(low);
      return section(high) + '万' + (low && low < 1000 ? '零' : '') + (low ? section(low) : '');
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99999999 }), (n) => {
        const zh = toChinese(n);
        expect(chineseValue(zh, lex())?.value, zh).toBe(n);
        const a = run(`${n}件`).facts;
        const c = run(`${zh}件`).facts;
        expect(a.length).toBe(1);
        expect(c.length).toBe(n === 1 ? 0 : 1); // a lone 一 is an article, not a count
        if (n !== 1) expect(c[0]!.value).toBe(a[0]!.value);
      }),
      { numRuns: 300 },
    );
  });

  it('scans a long line without punctuation in linear time', () => {
    const line = '调解纠纷'.repeat(50000) + '1'.repeat(100000) + '余'.repeat(100000);
    const t0 = performance.now();
    scanCandidates(line, lex());
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
