// Seed report text with random edits, for the fuzz tests (short in fuzz.test.ts, at length in
// long/soak.test.ts): a stretch of a seed, cut, spliced with noise bytes and with the words and
// marks the pipeline reacts to.
import fc from 'fast-check';

export interface Mutations {
  /** the longest stretch of a seed taken */
  maxLength: number;
  /** edits per text, characters deleted per edit, noise characters inserted per edit */
  maxEdits: number;
  maxDelete: number;
  maxNoise: number;
  /** what an edit may insert instead of noise */
  tokens: string[];
}

export function mutatedSeeds(seeds: string[], m: Mutations): fc.Arbitrary<string> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      from: fc.nat(),
      len: fc.integer({ min: 0, max: m.maxLength }),
      edits: fc.array(
        fc.record({ at: fc.nat(), del: fc.integer({ min: 0, max: m.maxDelete }), ins: fc.oneof(fc.string({ unit: 'binary', maxLength: m.maxNoise }), fc.constantFrom(...m.tokens)) }),
        { maxLength: m.maxEdits },
      ),
    })
    .map(({ seed, from, len, edits }) => {
      const s = seeds[seed]!;
      const start = from % s.length;
      let t = s.slice(start, start + len);
      for (const e of edits) {
        const at = t.length ? e.at % t.length : 0;
        t = t.slice(0, at) + e.ins + t.slice(at + e.del);
      }
      return t;
    });
}
