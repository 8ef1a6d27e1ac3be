// Giant files (a crawler's 100 MB dump, a page with no line breaks) are never held whole:
// the bytes are read in blocks and decoded as a stream (a saved page is turned into text as
// it streams, as a small one is whole), the text is cut at line ends (or sentence ends) into
// chunks of about 256 K characters, and each chunk is extracted and written before the next
// is read. Only each metric's headline value is kept, for the summary.
import { closeSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFailure, type Diagnostic } from '../diagnostics.js';
import { PLAIN, type Labeler } from '../export/labels.js';
import { serializeRecords, type RecordFormat } from '../export/writers.js';
import { extractMetadata, type DocMeta } from '../meta/metadata.js';
import { documentHeadlines, extractFacts, FACT_FIELDS, tooLargeDiagnostic, type Fact, type PipelineContext } from '../pipeline.js';
import type { Place } from '../tables/headline.js';
import { docTables, type StoreRows } from './doc-output.js';
import { rowsJson } from '../store/columns.js';
import { createDecoder, decodeBytes } from '../reader/decode.js';
import { HtmlText, looksLikeHtml, sniffHtmlCharset } from '../reader/html.js';
import { normalizeText } from '../reader/normalize.js';
import { analyzeStructure } from '../segment/structure.js';
import type { DocOutput } from './doc-output.js';

export const CHUNK_CHARS = 1 << 18;
const BLOCK_BYTES = 4 * 1024 * 1024;
const CUT_AT = ['\n', '。', '！', '？', '；'];
const HTML_EXT = /\.html?$/i;

/** Where to end a chunk of `text` (which is longer than `size`): the last line end, else sentence end, past half. */
export function chunkEnd(text: string, size = CHUNK_CHARS): number {
  for (const c of CUT_AT) {
    const cut = text.lastIndexOf(c, size - 1);
    if (cut > size / 2) return cut + 1;
  }
  // no break at all: cut, but not between the halves of a surrogate pair
  const code = text.charCodeAt(size - 1);
  return code >= 0xd800 && code <= 0xdbff ? size - 1 : size;
}

/**
 * Processes one giant file, yielding each chunk's serialized facts in order; returns the
 * document's output without facts (they were yielded) but with its summary row.
 */
export function* processLargeFile(
  file: string,
  ctx: PipelineContext,
  format: RecordFormat,
  path: string | Uint8Array = file,
  names: Labeler = PLAIN,
  store: StoreRows = 'none',
): Generator<{ chunk: string; count: number; at: number; rows?: string }, DocOutput> {
  const diagnostics: Diagnostic[] = [];
  const fail = (d: Diagnostic): DocOutput => ({ doc: file, ok: false, diagnostics: [{ ...d, doc: file }], facts: '', factCount: 0, summary: null, headlines: [], unit: null });
  let fd: number;
  try {
    fd = openSync(typeof path === 'string' ? path : Buffer.from(path.buffer, path.byteOffset, path.byteLength), 'r');
  } catch (err) {
    return fail(readFailure(err, file, 'read'));
  }
  const block = Buffer.alloc(BLOCK_BYTES);
  // facts carry the file's hash, so it is taken first, in a quick pass of its own
  const hash = createHash('sha256');
  try {
    for (let n = readSync(fd, block, 0, BLOCK_BYTES, 0), pos = n; n > 0; n = readSync(fd, block, 0, BLOCK_BYTES, pos), pos += n) {
      hash.update(block.subarray(0, n));
    }
  } catch (err) {
    closeSync(fd);
    return fail(readFailure(err, file, 'read'));
  }
  const sha = hash.digest('hex');
  let position = 0;
  let decoder: ReturnType<typeof createDecoder> | null = null;
  /** a saved page: its markup goes through this, and its text on */
  let html: HtmlText | null = null;
  const isHtmlName = HTML_EXT.test(file);
  let tooLarge: Diagnostic | null = null;
  let pendingText = '';
  let base = 0;
  let meta: DocMeta | null = null;
  let factCount = 0;
  // the attributed facts and where they stand, for the headline figures at the end (a giant
  // file's `other` figures are not kept: they never headline)
  const claimed: Fact[] = [];
  const claimedPlaces: Place[] = [];
  try {
    for (;;) {
      const n = readSync(fd, block, 0, BLOCK_BYTES, position);
      position += n;
      const last = n === 0;
      const bytes = block.subarray(0, n);
      let fresh: string;
      if (!decoder) {
        // the encoding is decided on the first block, as for any file
        const head = bytes.subarray(0, Math.min(n, 1 << 20));
        const probe = decodeBytes(head, isHtmlName ? sniffHtmlCharset(head) : undefined, true);
        if (!probe.ok) return fail({ ...probe.diagnostic, stage: 'decode' });
        diagnostics.push(...probe.diagnostics.map((d) => ({ ...d, doc: file, stage: 'decode' as const })));
        decoder = createDecoder(probe.encoding);
        fresh = last ? decoder.decode() : decoder.decode(bytes, { stream: true });
        if (isHtmlName || looksLikeHtml(fresh)) html = new HtmlText();
      } else fresh = last ? decoder.decode() : decoder.decode(bytes, { stream: true });
      if (html) {
        html.write(fresh);
        if (last) html.end();
        fresh = html.take();
      }
      pendingText += fresh;
      while (pendingText.length > CHUNK_CHARS || (last && pendingText.length > 0)) {
        const end = pendingText.length > CHUNK_CHARS ? chunkEnd(pendingText) : pendingText.length;
        const text = pendingText.slice(0, end);
        pendingText = pendingText.slice(end);
        const norm = normalizeText(text);
        const structure = analyzeStructure(norm, ctx.rules.sections);
        if (!meta) {
          // the unit, year and title come from the opening chunk
          const m = extractMetadata(norm, structure, ctx.rules.meta, ctx.divisions, file);
          meta = m.meta;
          diagnostics.push(...m.diagnostics.map((d) => ({ ...d, doc: file })));
        }
        const { facts, places, rejected } = extractFacts(file, sha, text, norm, structure, meta, ctx.rules, base);
        const big = tooLargeDiagnostic(rejected, text, base);
        if (big) {
          if (tooLarge) tooLarge.args.count = Number(tooLarge.args.count) + Number(big.args.count);
          else tooLarge = { ...big, doc: file };
        }
        factCount += facts.length;
        facts.forEach((f, k) => {
          if (f.metric === 'other') return;
          claimed.push(f);
          claimedPlaces.push(places[k]!);
        });
        base += end;
        const rows = facts as unknown as Array<Record<string, unknown>>;
        const chunk = store === 'rows' ? '' : serializeRecords(format, FACT_FIELDS, names === PLAIN ? rows : rows.map(names.row));
        yield store === 'none' ? { chunk, count: facts.length, at: base } : { chunk, count: facts.length, at: base, rows: rowsJson(rows) };
      }
      if (last) break;
    }
  } finally {
    closeSync(fd);
  }
  if (!meta) return fail({ code: 'EMPTY_DOCUMENT', args: {}, stage: 'read' });
  if (tooLarge) diagnostics.push(tooLarge);
  const r = { doc: file, ok: true, doc_sha256: sha, meta, facts: claimed, diagnostics, headlines: documentHeadlines(claimed, claimedPlaces, ctx.rules) };
  return { doc: file, ok: true, diagnostics, facts: '', factCount, ...docTables(r, ctx.rules.metrics.map((m) => m.id), factCount) };
}
