// Bytes to text: BOMs, UTF-8, GB18030/GBK (a superset decoder), Big5, UTF-16 with BOM, files
// mixing UTF-8 and GBK line by line, and a refusal for files that are not text at all (PDF,
// images, archives, NUL bytes) or that no candidate reads as Chinese.
//
// A GB18030 decoder turns almost any bytes into characters, so "it decoded" proves nothing:
// UTF-8 or Big5 read as GB18030 gives valid but rare characters (mojibake). What tells a
// right reading from a wrong one is how common its Chinese characters are: in real reports
// 98% or more are among the 3,755 most common (GB2312 level 1); in mojibake a third or less.
import type { Diagnostic } from '../diagnostics.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5' | 'mixed';

export type DecodeResult =
  | { ok: true; text: string; encoding: Encoding; diagnostics: Diagnostic[] }
  | { ok: false; diagnostic: Diagnostic };

const MAGIC: Array<[string, number[]]> = [
  ['PDF', [0x25, 0x50, 0x44, 0x46]],
  ['ZIP archive (or Office document)', [0x50, 0x4b, 0x03, 0x04]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['gzip archive', [0x1f, 0x8b]],
  ['RAR archive', [0x52, 0x61, 0x72, 0x21]],
  ['7z archive', [0x37, 0x7a, 0xbc, 0xaf]],
  ['OLE document (.doc/.xls)', [0xd0, 0xcf, 0x11, 0xe0]],
];

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** A reading is judged on its Chinese characters only when it has at least this many. */
const MIN_HAN = 20;
/** Share of common characters among the Chinese ones of a right reading (real reports: 0.98+). */
const GOOD_SHARE = 0.8;
/** Share of replacement characters and C1 controls a reading may have. */
const MAX_JUNK = 0.02;

/**
 * Common characters, one bit table per candidate: GB2312 level 1 (the 3,755 most used
 * simplified characters) for GB18030, Big5's "frequently used" block (5,401 characters,
 * A440-C67E) for Big5. Built once by decoding those byte ranges.
 */
let tables: { gb: Uint8Array; big5: Uint8Array } | null = null;
function commonTables(): { gb: Uint8Array; big5: Uint8Array } {
  if (!tables) {
    const fill = (encoding: string, leads: [number, number], trails: Array<[number, number]>, stop?: number) => {
      const bytes: number[] = [];
      for (let a = leads[0]; a <= leads[1]; a++) {
        for (const [lo, hi] of trails) for (let t = lo; t <= hi; t++) if (stop === undefined || (a << 8 | t) <= stop) bytes.push(a, t);
      }
      const table = new Uint8Array(0x10000);
      const text = new TextDecoder(encoding).decode(new Uint8Array(bytes));
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== 0xfffd) table[text.charCodeAt(i)] = 1;
      return table;
    };
    tables = {
      gb: fill('gb18030', [0xb0, 0xd7], [[0xa1, 0xfe]]),
      big5: fill('big5', [0xa4, 0xc6], [[0x40, 0x7e], [0xa1, 0xfe]], 0xc67e),
    };
  }
  return tables;
}

interface Quality {
  /** Chinese characters (CJK unified ideographs and extension A) */
  han: number;
  /** of which common ones */
  common: number;
  /** replacement characters and C1 controls */
  junk: number;
  length: number;
}

function quality(text: string, table: Uint8Array): Quality {
  let han = 0;
  let common = 0;
  let junk = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff) {
      han++;
      common += table[c]!;
    } else if (c === 0xfffd || (c >= 0x80 && c < 0xa0)) junk++;
  }
  return { han, common, junk, length: text.length };
}

const junkShare = (q: Quality) => (q.length ? q.junk / q.length : 0);
const commonShare = (q: Quality) => (q.han ? q.common / q.han : 1);
/** A reading that looks right: little junk, and (when there is enough Chinese to tell) mostly common characters. */
const reads = (q: Quality) => junkShare(q) <= MAX_JUNK && (q.han < MIN_HAN || commonShare(q) >= GOOD_SHARE);

/**
 * Decodes line by line: a line that is valid UTF-8 as UTF-8, any other as GB18030 or as
 * UTF-8 with its damaged bytes replaced, whichever reads as more common characters.
 * Streams like a TextDecoder (a line cut by the end of a block waits for the next).
 */
export class LineDecoder {
  private rest: Uint8Array = new Uint8Array(0);
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private readonly lossy = new TextDecoder('utf-8');
  private readonly gb = new TextDecoder('gb18030');
  private readonly table = commonTables().gb;
  /** lines read as UTF-8, as GB18030, as UTF-8 with damage */
  readonly counts = { utf8: 0, gb: 0, damaged: 0 };

  decode(bytes?: Uint8Array, opts: { stream?: boolean } = {}): string {
    let data = bytes ?? new Uint8Array(0);
    if (this.rest.length) {
      const joined = new Uint8Array(this.rest.length + data.length);
      joined.set(this.rest);
      joined.set(data, this.rest.length);
      data = joined;
    }
    let end = data.length;
    if (opts.stream) {
      end = data.lastIndexOf(0x0a) + 1;
      this.rest = data.slice(end);
    } else this.rest = new Uint8Array(0);
    let out = '';
    for (let i = 0; i < end; ) {
      let j = data.indexOf(0x0a, i);
      j = j < 0 || j >= end ? end : j + 1;
      out += this.line(data.subarray(i, j));
      i = j;
    }
    return out;
  }

  private line(b: Uint8Array): string {
    try {
      const s = this.utf8.decode(b);
      if (b.some((x) => x >= 0x80)) this.counts.utf8++;
      return s;
    } catch {
      // not UTF-8: GBK, or damaged UTF-8
    }
    const gb = this.gb.decode(b);
    const u = this.lossy.decode(b);
    const qg = quality(gb, this.table);
    const qu = quality(u, this.table);
    if (qg.common - qg.junk >= qu.common - qu.junk) {
      this.counts.gb++;
      return gb;
    }
    this.counts.damaged++;
    return u;
  }
}

/** A decoder for the encoding decodeBytes chose, for reading the rest of a file in blocks. */
export function createDecoder(encoding: Encoding): { decode(bytes?: Uint8Array, opts?: { stream?: boolean }): string } {
  return encoding === 'mixed' ? new LineDecoder() : new TextDecoder(encoding, { ignoreBOM: false });
}

const GB_LABELS = /^(gb2312|gbk|gb18030|x-gbk|cp936|euc-cn)$/;
const BIG5_LABELS = /^(big5|big5-hkscs|x-x-big5|cn-big5)$/;

/** `partial`: the bytes are the first block of a longer file and may end inside a character. */
export function decodeBytes(bytes: Uint8Array, charsetHint?: string, partial = false): DecodeResult {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le', diagnostics: [] };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be', diagnostics: [] };
  }
  for (const [what, sig] of MAGIC) {
    if (startsWith(bytes, sig)) return { ok: false, diagnostic: { code: 'NOT_TEXT', args: { what } } };
  }
  const probe = bytes.subarray(0, 65536);
  if (probe.includes(0)) return { ok: false, diagnostic: { code: 'NOT_TEXT', args: { what: 'binary data (NUL bytes)' } } };
  const hint = charsetHint?.toLowerCase();
  const wantsGb = hint !== undefined && GB_LABELS.test(hint);
  const wantsBig5 = hint !== undefined && BIG5_LABELS.test(hint);
  const stream = { stream: partial };
  const { gb: gbTable, big5: big5Table } = commonTables();
  const tryBig5 = (): DecodeResult | null => {
    const text = new TextDecoder('big5').decode(bytes, stream);
    if (!reads(quality(text, big5Table))) return null;
    return { ok: true, text, encoding: 'big5', diagnostics: wantsBig5 ? [] : [{ code: 'DECODE_BIG5', args: {} }] };
  };
  if (wantsBig5) {
    const big5 = tryBig5();
    if (big5) return big5;
  }
  try {
    // TextDecoder drops a UTF-8 BOM by default
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes, stream), encoding: 'utf-8', diagnostics: [] };
  } catch {
    // not valid UTF-8: GB18030 (which every GBK/GB2312 file also is), mixed, Big5, or damaged
  }
  const gb = new TextDecoder('gb18030').decode(bytes, stream);
  const qGb = quality(gb, gbTable);
  if (reads(qGb)) return { ok: true, text: gb, encoding: 'gb18030', diagnostics: wantsGb ? [] : [{ code: 'DECODE_FALLBACK_GB18030', args: {} }] };
  // line by line: UTF-8 lines beside GBK ones (files pasted together), or damaged UTF-8
  const lines = new LineDecoder();
  const text = lines.decode(bytes, stream);
  const qLines = quality(text, gbTable);
  if (reads(qLines)) {
    const c = lines.counts;
    const diagnostics: Diagnostic[] = [];
    if (c.gb && c.utf8) diagnostics.push({ code: 'DECODE_MIXED', args: { gb_lines: c.gb, utf8_lines: c.utf8 } });
    else if (c.gb && !wantsGb) diagnostics.push({ code: 'DECODE_FALLBACK_GB18030', args: {} });
    if (c.damaged) diagnostics.push({ code: 'DECODE_LOSSY', args: { share: junkShare(qLines) } });
    const encoding: Encoding = c.gb && (c.utf8 || c.damaged) ? 'mixed' : c.gb ? 'gb18030' : 'utf-8';
    return { ok: true, text: encoding === 'gb18030' ? gb : text, encoding, diagnostics };
  }
  if (!wantsBig5) {
    const big5 = tryBig5();
    if (big5) return big5;
  }
  // no reading looks like Chinese text: refuse it rather than extract figures from mojibake
  const best = Math.max(commonShare(qGb), commonShare(qLines));
  return { ok: false, diagnostic: { code: 'DECODE_FAILED', args: { share: best } } };
}
