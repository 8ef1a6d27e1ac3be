// lawreport export --store reports.db: the tables `extract -o` writes (facts, summary,
// metrics, units, or one workbook), written from a store by the same writers (outputs.ts),
// from the rows each document gave when it was extracted — so for the same documents the
// files are the same, byte for byte. The store is read in one transaction: a run going on
// meanwhile is seen as it was when the export began. Files are written whole or not at all.
import { labeler, PLAIN } from '../export/labels.js';
import { serializeRecords, type RawSink } from '../export/writers.js';
import { FACT_FIELDS } from '../fields.js';
import type { DocOutput } from './doc-output.js';
import { factFormat, openOutputs, type OutputOptions, type RunOutputs } from './outputs.js';

export interface ExportSummary {
  docs: number;
  facts: number;
  written: string[];
  /** documents extracted with other rules than the store's last run (extract over them again to bring them up to date) */
  stale: number;
}

const isSqlite = (err: unknown) => typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code.startsWith('SQLITE_');

export async function exportStore(file: string, o: OutputOptions, stdout: RawSink): Promise<ExportSummary> {
  const { openForRead, storeFailure, StoreError } = await import('../store/db.js');
  const { readMeta, storedOutputs } = await import('../store/read.js');
  const db = openForRead(file);
  let outputs: RunOutputs | null = null;
  try {
    db.exec('BEGIN');
    const meta = readMeta(db, file);
    const docs = storedOutputs(db);
    // nothing readable: as for extract -o, the folder stays as it was
    if (!docs.some((d) => d.ok)) throw new StoreError('STORE_EMPTY', file);
    outputs = openOutputs(meta, o, stdout);
    const names = o.labels ? labeler(meta.labels) : PLAIN;
    const format = factFormat(o.format);
    // the workers name facts' values for CSV (--labels zh); the workbook names them itself
    const named = o.labels && o.format !== 'xlsx';
    let facts = 0;
    let stale = 0;
    for (const d of docs) {
      if (d.rulesVersion !== meta.rulesVersion) stale++;
      const rows = d.facts();
      outputs.facts(serializeRecords(format, FACT_FIELDS, named ? rows.map(names.row) : rows), rows.length);
      const out: DocOutput = { doc: d.doc, ok: d.ok, diagnostics: [], facts: '', factCount: rows.length, summary: d.summary, headlines: d.headlines, unit: d.unit };
      outputs.doc(out);
      await outputs.drained();
      facts += rows.length;
    }
    db.exec('COMMIT');
    await outputs.finish();
    return { docs: docs.length, facts, written: outputs.publish(), stale };
  } catch (err) {
    outputs?.abort();
    // the store's errors say which store; the outputs' (a full disk) are the caller's to say
    throw isSqlite(err) ? storeFailure(err, file, false) : err;
  } finally {
    db.close();
  }
}
