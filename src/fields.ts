// The fields of the fact record (the contract's §4), in output order: a leaf module, so the
// writers on the main thread need not load the pipeline to know them.
export const FACT_FIELDS = [
  'id', 'doc', 'doc_sha256', 'province', 'city', 'district', 'street', 'division_code', 'year', 'period',
  'metric', 'subject', 'value', 'value_max', 'unit', 'measure', 'approx', 'total', 'part_of', 'text',
  'start', 'end', 'sentence', 'rule',
] as const;
