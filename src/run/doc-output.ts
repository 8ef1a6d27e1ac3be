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
  facts: string;
  factCount: number;
  summary: SummaryRow | null;
}

export function toOutput(r: DocResult, format: Format, metricIds: string[]): DocOutput {
  return {
    doc: r.doc,
    ok: r.ok,
    diagnostics: r.diagnostics,
    facts: serializeRecords(format, FACT_FIELDS, r.facts as unknown as Array<Record<string, unknown>>),
    factCount: r.facts.length,
    summary: r.ok ? summaryRow(r, metricIds) : null,
  };
}
