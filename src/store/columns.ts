// The columns of a fact as a store keeps them: those it shares with its document, kept once
// with the document, and its own, in the order of doc_facts. Workers hand a store each
// document's facts as one compact JSON array in that shape (rowsJson), so the main thread
// neither decodes whole records nor writes them out again. Pure.

/** The columns every fact of a document shares with it (the facts view adds them back). */
export const DOC_FACT_FIELDS = ['doc', 'doc_sha256', 'province', 'city', 'district', 'street', 'division_code', 'year', 'period'] as const;
/** A fact's own columns, in the order of doc_facts. */
export const OWN_FACT_FIELDS = ['id', 'metric', 'subject', 'value', 'value_max', 'unit', 'measure', 'approx', 'total', 'part_of', 'text', 'start', 'end', 'sentence', 'rule'] as const;

type Row = Record<string, unknown>;

/**
 * Facts as a store takes them, a slice at a time: `[[<document columns of the first>],
 * [<own columns>], …]` is the concatenation of rowsHead(first), rowsSlice(...) for each slice
 * and ']'. `total` stays a boolean.
 */
export const rowsHead = (first: Row | undefined): string => `[${JSON.stringify(first ? DOC_FACT_FIELDS.map((k) => first[k] ?? null) : [])}`;
export const rowsSlice = (facts: readonly Row[]): string => {
  let out = '';
  for (const f of facts) out += ',' + JSON.stringify(OWN_FACT_FIELDS.map((k) => f[k] ?? null));
  return out;
};

/** The facts of one document (or one chunk of a giant one) as rowsHead + rowsSlice + ']'. */
export const rowsJson = (facts: readonly Row[]): string => rowsHead(facts[0]) + rowsSlice(facts) + ']';

/** What rowsJson wrote: the document's columns (empty without facts) and each fact's own. */
export interface FactRows {
  doc: unknown[];
  facts: unknown[][];
}

export function parseRows(json: string): FactRows {
  const all = JSON.parse(json) as unknown[][];
  return { doc: all[0] ?? [], facts: all.slice(1) };
}
