// What a processed document contributes to the outputs, already serialized: the facts as
// one chunk of UTF-8 and the summary row. Made where the document ran (a worker thread),
// so the main thread only writes bytes in order.
import type { Diagnostic } from '../diagnostics.js';
import { summaryRow, type SummaryRow } from '../export/summary.js';
import { PLAIN, type Labeler } from '../export/labels.js';
import { serializeRecords, type RecordFormat } from '../export/writers.js';
import { FACT_FIELDS } from '../fields.js';
import type { DocResult } from '../pipeline.js';
import type { HeadlineRow } from '../tables/columns.js';
import { headlineRows, unitDoc } from '../tables/doc-tables.js';
import type { UnitDoc } from '../tables/units.js';
import { rowsHead, rowsSlice } from '../store/columns.js';

/**
 * With a store (--store), what the worker hands over besides the output's facts: 'both'
 * the facts in the output's format and the store's rows; 'rows' the rows alone (the
 * output is written from the store at the end).
 */
export type StoreRows = 'none' | 'both' | 'rows';

export interface DocOutput {
  doc: string;
  ok: boolean;
  diagnostics: Diagnostic[];
  /** the serialized facts: text, or its UTF-8 bytes when it came from a worker thread */
  facts: string | Uint8Array;
  factCount: number;
  summary: SummaryRow | null;
  /** the document's rows of the long table of headline values (metrics.<ext>) */
  headlines: HeadlineRow[];
  /** the document as the unit-year merge sees it (units.<ext>); null when it could not be read */
  unit: UnitDoc | null;
  /** with a store: the facts as the store takes them (src/store/columns.ts rowsJson), as text or UTF-8 */
  rows?: string | Uint8Array;
}

/** What a processed document gives every table but the facts. */
export function docTables(r: DocResult, metricIds: string[], factCount = r.facts.length): Pick<DocOutput, 'summary' | 'headlines' | 'unit'> {
  if (!r.ok) return { summary: null, headlines: [], unit: null };
  const rows = headlineRows(r);
  return { summary: summaryRow(r, metricIds, factCount), headlines: rows, unit: unitDoc(r, rows) };
}

const encoder = new TextEncoder();
/** new output buffers are at least this large, so most can be used again for any document */
const MIN_BUFFER = 512 * 1024;
const decoder = new TextDecoder();

/**
 * A document's output as one buffer a worker thread can transfer rather than copy: a 4-byte
 * length, the rest of the record as JSON, then the facts as UTF-8 (which the main thread
 * writes as they are, without decoding them). Written into `spare` (a buffer the main
 * thread has written out and handed back) when it is large enough, so buffers circulate
 * instead of each document allocating memory the main thread must collect.
 */
export function packOutput(o: DocOutput & { facts: string }, spare?: ArrayBuffer): Uint8Array {
  const packer = new Packer(JSON.stringify({ ...o, facts: '' }), o.facts.length, spare);
  packer.add(o.facts);
  return packer.done();
}

/** Facts serialized and encoded this many at a time (packResult). */
const SLICE = 2000;

/**
 * A processed document, packed as packOutput packs it, with its facts serialized a slice
 * at a time straight into the buffer: a document of 100,000 facts never becomes one string
 * of 75 million characters (150 MB of heap) on the way, so it fits a worker's capped heap.
 * With a store, the store's rows follow the facts, then the facts' length in bytes (4 bytes).
 */
export function packResult(r: DocResult, format: RecordFormat, metricIds: string[], spare?: ArrayBuffer, names: Labeler = PLAIN, store: StoreRows = 'none'): Uint8Array {
  const head: DocOutput = { doc: r.doc, ok: r.ok, diagnostics: r.diagnostics, facts: '', factCount: r.facts.length, ...docTables(r, metricIds) };
  if (store !== 'none') head.rows = '';
  const facts = r.facts as unknown as Array<Record<string, unknown>>;
  const rows = names === PLAIN ? facts : facts.map(names.row);
  const packer = new Packer(JSON.stringify(head), Math.min(rows.length, SLICE) * (store === 'none' ? 512 : 768), spare);
  const slice = (list: Array<Record<string, unknown>>, i: number) => (i === 0 && list.length <= SLICE ? list : list.slice(i, i + SLICE));
  if (store !== 'rows') {
    for (let i = 0; i < rows.length; i += SLICE) {
      // JSON's records are joined by ",\n" (the writer puts the brackets and the separator before a document)
      if (i && format === 'json') packer.add(',\n');
      packer.add(serializeRecords(format, FACT_FIELDS, slice(rows, i)));
    }
  }
  if (store === 'none') return packer.done();
  const factBytes = packer.length - packer.start;
  packer.add(rowsHead(facts[0]));
  for (let i = 0; i < facts.length; i += SLICE) packer.add(rowsSlice(slice(facts, i)));
  packer.add(']');
  packer.addUint32(factBytes);
  return packer.done();
}

/** Writes a 4-byte length, the head, then text as UTF-8, growing its buffer as needed. */
class Packer {
  private buffer: ArrayBuffer;
  private bytes: Uint8Array;
  private used: number;
  /** where the facts start (after the length and the head) */
  readonly start: number;
  constructor(head: string, expect: number, spare?: ArrayBuffer) {
    const h = encoder.encode(head);
    const need = 4 + h.length + expect * 3;
    this.buffer = spare && spare.byteLength >= need ? spare : new ArrayBuffer(Math.max(need, MIN_BUFFER));
    this.bytes = new Uint8Array(this.buffer);
    new DataView(this.buffer).setUint32(0, h.length);
    this.bytes.set(h, 4);
    this.used = 4 + h.length;
    this.start = this.used;
  }
  get length(): number {
    return this.used;
  }
  private room(need: number): void {
    if (need <= this.buffer.byteLength) return;
    const bigger = new ArrayBuffer(Math.max(need, this.buffer.byteLength * 2));
    new Uint8Array(bigger).set(this.bytes.subarray(0, this.used));
    this.buffer = bigger;
    this.bytes = new Uint8Array(bigger);
  }
  add(text: string): void {
    // at most 3 bytes per UTF-16 unit
    this.room(this.used + text.length * 3);
    this.used += encoder.encodeInto(text, this.bytes.subarray(this.used)).written;
  }
  addUint32(n: number): void {
    this.room(this.used + 4);
    new DataView(this.buffer).setUint32(this.used, n);
    this.used += 4;
  }
  done(): Uint8Array {
    return this.bytes.subarray(0, this.used);
  }
}

export function unpackOutput(bytes: Uint8Array): DocOutput {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headLength = view.getUint32(0);
  const o = JSON.parse(decoder.decode(bytes.subarray(4, 4 + headLength))) as DocOutput;
  if (o.rows === undefined) {
    o.facts = bytes.subarray(4 + headLength);
    return o;
  }
  const factBytes = view.getUint32(bytes.byteLength - 4);
  o.facts = bytes.subarray(4 + headLength, 4 + headLength + factBytes);
  o.rows = bytes.subarray(4 + headLength + factBytes, bytes.byteLength - 4);
  return o;
}
