// What a processed document contributes to the outputs, already serialized: the facts as
// one chunk of text and the summary row. Made where the document ran (a worker thread),
// so the main thread only writes strings in order.
import type { Diagnostic } from '../diagnostics.js';
import { summaryRow, type SummaryRow } from '../export/summary.js';
import { serializeRecords, type Format } from '../export/writers.js';
import { FACT_FIELDS, type DocResult } from '../pipeline.js';

export interface DocOutput {
  doc: string;
  ok: boolean;
  diagnostics: Diagnostic[];
  /** the serialized facts: text, or its UTF-8 bytes when it came from a worker thread */
  facts: string | Uint8Array;
  factCount: number;
  summary: SummaryRow | null;
}

export function toOutput(r: DocResult, format: Format, metricIds: string[]): DocOutput & { facts: string } {
  return {
    doc: r.doc,
    ok: r.ok,
    diagnostics: r.diagnostics,
    facts: serializeRecords(format, FACT_FIELDS, r.facts as unknown as Array<Record<string, unknown>>),
    factCount: r.facts.length,
    summary: r.ok ? summaryRow(r, metricIds) : null,
  };
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
  const head = encoder.encode(JSON.stringify({ ...o, facts: '' }));
  const facts = o.facts;
  // at most 3 bytes per UTF-16 unit; the view is cut to what encodeInto wrote
  const need = 4 + head.length + facts.length * 3;
  const buffer = spare && spare.byteLength >= need ? spare : new ArrayBuffer(Math.max(need, MIN_BUFFER));
  const out = new Uint8Array(buffer, 0, need);
  new DataView(buffer).setUint32(0, head.length);
  out.set(head, 4);
  const { written } = encoder.encodeInto(facts, out.subarray(4 + head.length));
  return out.subarray(0, 4 + head.length + written);
}

export function unpackOutput(bytes: Uint8Array): DocOutput {
  const headLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  const o = JSON.parse(decoder.decode(bytes.subarray(4, 4 + headLength))) as DocOutput;
  o.facts = bytes.subarray(4 + headLength);
  return o;
}
