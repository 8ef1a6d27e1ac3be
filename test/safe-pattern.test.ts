// The static check that refuses rule patterns able to backtrack catastrophically.
import { describe, expect, it } from 'vitest';
import { unsafePattern } from '../src/rules/safe-pattern.js';
import { loadRuleFiles } from '../src/rules/load.js';

const REFUSED: string[] = [
  // nested quantifiers: a run splits into the repetitions in exponentially many ways
  '(公租房|(a+)+$)', '(a+)+', '(a*)*b', '(\\w+\\s?)+$', '^(([a-z])+.)+[A-Z]([a-z])+$', '(a?a)*', '(\\d{1,3})+',
  '([^,，。]{0,10}、)+', '(a+|b)+', '(.*a){12}', '(\\p{Script=Han}+，?)+', '(?:调解.*)+',
  // alternatives of a repeated group that match alike
  '(a|a)*', '(a|ab)*c', '(?:\\d|[0-9x])+', '(?:调解|调)+',
  // variable parts side by side inside a repetition
  '(x\\d?\\d?y)+',
  // unbounded quantifiers side by side: polynomial
  '\\d+\\d+', '.*x.*y', 'a*b*a*', '\\s*[:：]?\\s*$', '[^。]*[^，]*。',
];

const ACCEPTED: string[] = [
  '(公租房|保障性住房)', '(调解|调处)+', '(?:\\d{1,3},)*\\d', '^[ \\t]*[^。,，;；]{4,60}(报告|总结)[ \\t]*$', 'a+b+', '\\d+',
  '(?:ab?b)*', '(\\d{4})+', '[0-9]{4}年.{0,12}(计划|安排)', '(?:[a-z]+\\.)+com', '字体\\s*(?:[:：]\\s*)?(?:[【\\[]\\s*)?大\\s+中\\s+小',
  '排查(?!调处|化解|调解)|预防', '^\\s?(版|\\.0)', '(?<![0-9])[0-9]{4}(?![0-9])', '\\p{Script=Han}+[，。]',
];

describe('pattern safety', () => {
  it.each(REFUSED)('refuses %s, saying why', (p) => {
    expect(unsafePattern(p)).toMatch(/^pattern can backtrack catastrophically: .+; rewrite it/);
  });

  it.each(ACCEPTED)('accepts %s', (p) => {
    expect(unsafePattern(p)).toBeNull();
  });

  it('accepts every built-in rule (the check runs where the schema validates each pattern)', () => {
    const r = loadRuleFiles();
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it('names the part that overlaps and a character both sides take', () => {
    expect(unsafePattern('(公租房|(a+)+$)')).toContain('"(a+)+" repeats "(a+)"');
    expect(unsafePattern('(公租房|(a+)+$)')).toContain('(such as "a")');
    expect(unsafePattern('\\d+\\d+')).toContain('"\\d+" can take the same characters (such as "0")');
  });
});
