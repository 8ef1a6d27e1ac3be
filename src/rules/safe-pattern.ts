// A static check of a rule pattern's syntax tree for catastrophic backtracking. JavaScript's
// regular expressions backtrack: a pattern that can match the same text in many ways takes
// exponential time on a text that almost matches ((a+)+$ on forty a's and an X: minutes),
// and nothing can stop it short of ending the thread. Rule files are data that users write,
// so every pattern is checked when the rules load, and a risky one is refused with the reason.
//
// What is refused (each is a way for one text to be matched in many ways):
//   - a repeated group whose end and its next start can take the same character:
//     (a+)+, (\w+\s?)*, (a|b+)+, (\d{1,3})+ — a run of such characters splits into the
//     repetitions in exponentially many ways (nested quantifiers);
//   - a repeated group whose alternatives can start alike: (a|ab)*, (\d|[0-9x])+;
//   - inside a repeated group, two variable-length parts that can take the same character
//     one after the other: (x\d?\d?y)+;
//   - anywhere, two unbounded quantifiers that can take the same character with nothing
//     between them that only one of them could take: \d+\d+, .*x.*, a*b*a* — quadratic
//     time per start, or worse with more of them.
// The check is conservative: it looks at which characters each part can take, not at the
// exact language, so a few safe patterns are refused too; each refusal says which parts
// overlap, and rewriting them so each character can be taken only one way passes it.
import { RegExpParser, type AST } from '@eslint-community/regexpp';

/** A quantifier above this many repetitions counts as unbounded. */
const UNBOUNDED = 100;
const MAX_CODE_POINT = 0x10ffff;

/**
 * A set of code points: sorted, disjoint, inclusive ranges [lo, hi, lo, hi, ...], plus
 * Unicode property escapes whose members are not enumerated (tested against when needed).
 */
interface CharSet {
  ranges: number[];
  props: RegExp[];
}

const EMPTY: CharSet = { ranges: [], props: [] };
const FULL: CharSet = { ranges: [0, MAX_CODE_POINT], props: [] };

function fromRanges(pairs: Array<[number, number]>): CharSet {
  pairs.sort((a, b) => a[0] - b[0]);
  const ranges: number[] = [];
  for (const [lo, hi] of pairs) {
    const n = ranges.length;
    if (n && lo <= ranges[n - 1]! + 1) ranges[n - 1] = Math.max(ranges[n - 1]!, hi);
    else ranges.push(lo, hi);
  }
  return { ranges, props: [] };
}

function union(a: CharSet | null, b: CharSet | null): CharSet | null {
  if (!a) return b;
  if (!b) return a;
  const pairs: Array<[number, number]> = [];
  for (const s of [a, b]) for (let i = 0; i < s.ranges.length; i += 2) pairs.push([s.ranges[i]!, s.ranges[i + 1]!]);
  return { ranges: fromRanges(pairs).ranges, props: [...a.props, ...b.props] };
}

function complement(s: CharSet): CharSet {
  // a negated class holding a property escape: its members are unknown, assume all
  if (s.props.length) return FULL;
  const ranges: number[] = [];
  let next = 0;
  for (let i = 0; i < s.ranges.length; i += 2) {
    if (s.ranges[i]! > next) ranges.push(next, s.ranges[i]! - 1);
    next = s.ranges[i + 1]! + 1;
  }
  if (next <= MAX_CODE_POINT) ranges.push(next, MAX_CODE_POINT);
  return { ranges, props: [] };
}

/** A character both sets hold, or null when they are disjoint (or -1: they overlap, which one is unknown). */
function common(a: CharSet, b: CharSet): number | null {
  let i = 0;
  let j = 0;
  while (i < a.ranges.length && j < b.ranges.length) {
    const lo = Math.max(a.ranges[i]!, b.ranges[j]!);
    const hi = Math.min(a.ranges[i + 1]!, b.ranges[j + 1]!);
    if (lo <= hi) return lo;
    if (a.ranges[i + 1]! < b.ranges[j + 1]!) i += 2;
    else j += 2;
  }
  for (const [x, y] of [[a, b], [b, a]] as const) {
    for (const p of x.props) {
      const hit = memberOf(p, y);
      if (hit !== null) return hit;
    }
  }
  return null;
}

/** A member of `s` that property `p` holds; for a large `s`, assume there is one. */
function memberOf(p: RegExp, s: CharSet): number | null {
  if (s.props.length) return -1;
  let size = 0;
  for (let i = 0; i < s.ranges.length; i += 2) size += s.ranges[i + 1]! - s.ranges[i]! + 1;
  if (size > 20000) return size ? -1 : null;
  for (let i = 0; i < s.ranges.length; i += 2) {
    for (let c = s.ranges[i]!; c <= s.ranges[i + 1]!; c++) if (p.test(String.fromCodePoint(c))) return c;
  }
  return null;
}

const overlaps = (a: CharSet | null, b: CharSet | null) => a !== null && b !== null && common(a, b) !== null;

const DIGIT: Array<[number, number]> = [[0x30, 0x39]];
const WORD: Array<[number, number]> = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
const SPACE: Array<[number, number]> = [
  [0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029],
  [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
];
const LINE_TERMINATORS: Array<[number, number]> = [[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]];

function characterSet(node: AST.CharacterSet): CharSet {
  switch (node.kind) {
    case 'any': return complement(fromRanges([...LINE_TERMINATORS]));
    case 'digit': case 'space': case 'word': {
      const s = fromRanges([...(node.kind === 'digit' ? DIGIT : node.kind === 'space' ? SPACE : WORD)]);
      return node.negate ? complement(s) : s;
    }
    case 'property':
      return { ranges: [], props: [new RegExp(`^${node.raw}$`, 'u')] };
  }
}

function classSet(node: AST.CharacterClass): CharSet {
  let s: CharSet | null = EMPTY;
  for (const e of node.elements) {
    if (e.type === 'Character') s = union(s, fromRanges([[e.value, e.value]]));
    else if (e.type === 'CharacterClassRange') s = union(s, fromRanges([[e.min.value, e.max.value]]));
    else if (e.type === 'CharacterSet') s = union(s, characterSet(e));
    else s = union(s, FULL); // (v-flag set operations: not used with the u flag)
  }
  return node.negate ? complement(s!) : s!;
}

/** The characters a single-character element takes, or null when it is not one. */
function singleSet(e: AST.Node): CharSet | null {
  if (e.type === 'Character') return fromRanges([[e.value, e.value]]);
  if (e.type === 'CharacterSet') return characterSet(e);
  if (e.type === 'CharacterClass') return classSet(e);
  return null;
}

interface Info {
  /** characters a match can start with */
  first: CharSet | null;
  /** characters a match can contain */
  all: CharSet | null;
  nullable: boolean;
  minLength: number;
  maxLength: number;
}

class Unsafe extends Error {
  override name = 'UnsafePattern';
}

const show = (c: number | null) => (c === null || c < 0 ? '' : ` (such as ${JSON.stringify(String.fromCodePoint(c))})`);

class Checker {
  private infos = new Map<AST.Node, Info>();

  info(e: AST.Node): Info {
    let i = this.infos.get(e);
    if (!i) {
      i = this.compute(e);
      this.infos.set(e, i);
    }
    return i;
  }

  private compute(e: AST.Node): Info {
    const single = singleSet(e);
    if (single) return { first: single, all: single, nullable: false, minLength: 1, maxLength: 1 };
    switch (e.type) {
      case 'Backreference':
        return { first: FULL, all: FULL, nullable: true, minLength: 0, maxLength: Infinity };
      case 'Assertion':
        return { first: null, all: null, nullable: true, minLength: 0, maxLength: 0 };
      case 'Pattern': case 'Group': case 'CapturingGroup': {
        const alts = e.alternatives.map((a) => this.info(a));
        return {
          first: alts.reduce<CharSet | null>((s, a) => union(s, a.first), null),
          all: alts.reduce<CharSet | null>((s, a) => union(s, a.all), null),
          nullable: alts.some((a) => a.nullable),
          minLength: Math.min(...alts.map((a) => a.minLength)),
          maxLength: Math.max(...alts.map((a) => a.maxLength)),
        };
      }
      case 'Alternative':
        return this.sequence(e.elements);
      case 'Quantifier': {
        const b = this.info(e.element);
        if (e.max === 0) return { first: null, all: null, nullable: true, minLength: 0, maxLength: 0 };
        return {
          first: b.first,
          all: b.all,
          nullable: e.min === 0 || b.nullable,
          minLength: e.min * b.minLength,
          maxLength: b.maxLength === 0 ? 0 : e.max * b.maxLength,
        };
      }
      default:
        return { first: FULL, all: FULL, nullable: true, minLength: 0, maxLength: Infinity };
    }
  }

  sequence(elements: readonly AST.Node[]): Info {
    let first: CharSet | null = null;
    let all: CharSet | null = null;
    let nullable = true;
    let minLength = 0;
    let maxLength = 0;
    for (const el of elements) {
      const i = this.info(el);
      if (nullable) first = union(first, i.first);
      nullable &&= i.nullable;
      all = union(all, i.all);
      minLength += i.minLength;
      maxLength += i.maxLength;
    }
    return { first, all, nullable, minLength, maxLength };
  }

  /**
   * Walks a sequence keeping `live`: the characters an earlier variable-length part could
   * still take at this point (it may stretch over what follows). `repeat`: inside a
   * repeated group, where any variable-length part counts (its ambiguity multiplies with
   * each repetition); elsewhere only unbounded ones do.
   */
  walk(elements: readonly AST.Node[], live: CharSet | null, repeat: boolean): CharSet | null {
    for (const e of elements) live = this.step(e, live, repeat);
    return live;
  }

  private step(e: AST.Node, live: CharSet | null, repeat: boolean): CharSet | null {
    const single = singleSet(e);
    if (single) return overlaps(live, single) ? live : null;
    switch (e.type) {
      case 'Assertion':
        if (e.kind === 'lookahead' || e.kind === 'lookbehind') for (const a of e.alternatives) this.walk(a.elements, null, repeat);
        return live;
      case 'Group': case 'CapturingGroup': {
        if (repeat) this.alternation(e);
        let out: CharSet | null = null;
        for (const a of e.alternatives) out = union(out, this.walk(a.elements, live, repeat));
        return out;
      }
      case 'Quantifier': {
        if (e.max === 0) return live;
        if (e.max > 1) this.repeated(e);
        const i = this.info(e);
        const b = this.info(e.element);
        const variable = i.minLength !== i.maxLength;
        const tracked = repeat ? variable : variable && e.max > UNBOUNDED;
        const inner = this.step(e.element, live, repeat);
        if (!tracked) return i.nullable ? union(inner, live) : inner;
        const c = live && b.all ? common(live, b.all) : null;
        if (c !== null) {
          throw new Unsafe(`"${e.raw}" can take the same characters${show(c)} as the part just before it, so a run of them is split between the two in many ways: matching time grows with the square of the text or worse`);
        }
        return union(b.all, i.nullable || overlaps(live, b.all) ? live : null);
      }
      default:
        return live; // a backreference: matches what was captured
    }
  }

  /** A repeated element: one repetition must not be able to end the way the next starts. */
  private repeated(q: AST.Quantifier): void {
    const body = q.element;
    if (singleSet(body)) return;
    const end = this.step(body, null, true);
    const first = this.info(body).first;
    const c = end && first ? common(end, first) : null;
    if (c !== null) {
      throw new Unsafe(`"${q.raw}" repeats "${body.raw}", whose end and next start can take the same characters${show(c)}, so a run of them splits into the repetitions in exponentially many ways (nested quantifiers)`);
    }
  }

  /** Inside a repeated group, alternatives must not start alike. */
  private alternation(g: AST.Group | AST.CapturingGroup): void {
    const alts = g.alternatives;
    for (let i = 0; i < alts.length; i++) {
      for (let j = i + 1; j < alts.length; j++) {
        if (this.startAlike(alts[i]!.elements, alts[j]!.elements)) {
          throw new Unsafe(`the alternatives "${alts[i]!.raw}" and "${alts[j]!.raw}" of the repeated "${g.raw}" can match the same text, so each repetition can be matched in more than one way (exponential time)`);
        }
      }
    }
  }

  /** Whether two alternatives can start with the same text: compared character by character while both are plain. */
  private startAlike(a: readonly AST.Node[], b: readonly AST.Node[]): boolean {
    for (let k = 0; ; k++) {
      if (k >= a.length || k >= b.length) return true; // one is a prefix of the other
      const sa = singleSet(a[k]!);
      const sb = singleSet(b[k]!);
      if (sa && sb) {
        if (!overlaps(sa, sb)) return false;
        continue;
      }
      const ra = this.sequence(a.slice(k));
      const rb = this.sequence(b.slice(k));
      return ra.nullable || rb.nullable || overlaps(ra.first, rb.first);
    }
  }
}

/**
 * Why a pattern (compiled with the `u` flag) can backtrack catastrophically, or null when
 * it cannot by this check. A pattern that does not parse is left to the compiler's error.
 */
export function unsafePattern(source: string): string | null {
  let ast: AST.Pattern;
  try {
    ast = new RegExpParser({ ecmaVersion: 2024 }).parsePattern(source, 0, source.length, { unicode: true });
  } catch {
    return null;
  }
  const checker = new Checker();
  try {
    for (const a of ast.alternatives) checker.walk(a.elements, null, false);
  } catch (err) {
    if (err instanceof Unsafe) return `pattern can backtrack catastrophically: ${err.message}; rewrite it so each character can be matched only one way`;
    throw err;
  }
  return null;
}
