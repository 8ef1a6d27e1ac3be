-- The lawreport store (lawreport extract --store reports.db): the schema, in plain SQL.
--
-- Applied in order: each "-- version N" section below runs once, in one transaction, and
-- sets PRAGMA user_version = N (src/store/db.ts). A store made by an older lawreport is
-- brought up to date when a newer one opens it to write; one made by a newer lawreport is
-- refused rather than misread. Add changes as a new section at the end, never by editing
-- a section that has shipped.
--
-- What analysts query are the views, one per table that `lawreport extract -o` writes:
--   facts     one row per figure (the columns of facts.csv)
--   summary   one row per document, one column per metric (summary.csv)
--   metrics   one row per document and metric: the headline value and where it came from (metrics.csv)
--   units     one row per unit, year and period, merged across documents (units.csv)
-- summary and units have a column per metric, so lawreport creates them from the metric
-- list of the rules in use (src/store/views.ts), and again when that list changes; the two
-- below are the rest. Documents that were not there at the last run (missing_since set)
-- stay in the tables but not in the views.
--
--   sqlite3 reports.db "SELECT district, year, \"mediation.cases\" FROM units WHERE city = '深圳市'"

-- version 1
PRAGMA application_id = 1282568276; -- 'LrpT': a lawreport store

-- key/value facts about the store: the rules version of the last run, its metrics and labels
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- one row per run of extract or store merge: the log
CREATE TABLE runs (
  run_id        INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,             -- extract | merge
  status        TEXT NOT NULL,             -- running | done | interrupted (a signal) | failed (nothing readable) | unfinished (killed, or a write failed: seen by the next run)
  started       TEXT NOT NULL,             -- UTC, ISO 8601
  finished      TEXT,
  rules_version TEXT NOT NULL,
  tool_version  TEXT NOT NULL,
  pid           INTEGER NOT NULL,
  host          TEXT NOT NULL,
  args          TEXT NOT NULL,             -- the command line, as a JSON array
  files         INTEGER NOT NULL DEFAULT 0, -- files found (for merge: stores merged)
  new           INTEGER NOT NULL DEFAULT 0, -- extracted: not in the store before
  changed       INTEGER NOT NULL DEFAULT 0, -- extracted: other bytes than stored
  rules_changed INTEGER NOT NULL DEFAULT 0, -- extracted: stored with other rules or another lawreport version
  retried       INTEGER NOT NULL DEFAULT 0, -- extracted: failed last time
  unchanged     INTEGER NOT NULL DEFAULT 0, -- not extracted: same path, size and time (or same SHA-256)
  failed        INTEGER NOT NULL DEFAULT 0, -- could not be read or extracted
  missing       INTEGER NOT NULL DEFAULT 0, -- stored, under the paths given, and not found any more
  pruned        INTEGER NOT NULL DEFAULT 0, -- missing documents removed (--prune)
  facts         INTEGER NOT NULL DEFAULT 0, -- facts written
  check_ms      INTEGER,                   -- time spent deciding what is unchanged
  elapsed_ms    INTEGER
);

-- one row per document (file) ever stored: what identifies its content, and its metadata
CREATE TABLE documents (
  doc_id        INTEGER PRIMARY KEY,
  doc           TEXT NOT NULL UNIQUE,      -- the file as given (the `doc` column of every table)
  path          TEXT NOT NULL,             -- its absolute path when last read: the same file named otherwise (./a vs a) replaces this row
  size          INTEGER NOT NULL,          -- bytes, when last read
  mtime_ns      INTEGER NOT NULL,          -- modification time (ns) when last read; 0: confirm by SHA-256 next time
  doc_sha256    TEXT NOT NULL,             -- SHA-256 of its bytes ('' when they could not be read)
  rules_version TEXT NOT NULL,             -- the rules and lawreport version it was extracted with
  status        TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
  diagnostics   TEXT NOT NULL,             -- what extraction said about it, a JSON array
  first_run     INTEGER NOT NULL,          -- runs.run_id
  extracted_run INTEGER NOT NULL,          -- runs.run_id
  missing_since INTEGER,                   -- runs.run_id of the run that no longer found it, else NULL
  province      TEXT NOT NULL,
  city          TEXT NOT NULL,
  district      TEXT NOT NULL,
  street        TEXT NOT NULL,
  division_code TEXT NOT NULL,
  level         TEXT NOT NULL,
  year          INTEGER,
  period        TEXT NOT NULL,
  title         TEXT NOT NULL,
  doc_type      TEXT NOT NULL,
  meta_note     TEXT NOT NULL,
  facts         INTEGER NOT NULL,          -- how many facts it gave
  fingerprint   TEXT NOT NULL              -- a digest of its figures: a text and an HTML copy of one report share it
);

-- the figures of each document, in document order (the facts view adds the document's columns)
CREATE TABLE doc_facts (
  doc_id    INTEGER NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
  seq       INTEGER NOT NULL,
  id        TEXT NOT NULL,
  metric    TEXT NOT NULL,
  subject   TEXT NOT NULL,
  value     NUMERIC,
  value_max NUMERIC,
  unit      TEXT NOT NULL,
  measure   TEXT NOT NULL,
  approx    TEXT NOT NULL,
  total     INTEGER NOT NULL,              -- 1 when the text marks a total
  part_of   TEXT,
  text      TEXT NOT NULL,
  start     INTEGER NOT NULL,
  "end"     INTEGER NOT NULL,
  sentence  TEXT NOT NULL,
  rule      TEXT NOT NULL,
  PRIMARY KEY (doc_id, seq)
);
-- (no index on metric: it would double the cost of writing facts; an analyst who filters a
-- large store by metric often can add one: CREATE INDEX doc_facts_metric ON doc_facts (metric))

-- each document's headline value per metric, in metric order
CREATE TABLE doc_headlines (
  doc_id   INTEGER NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
  seq      INTEGER NOT NULL,
  metric   TEXT NOT NULL,
  value    NUMERIC,
  approx   TEXT NOT NULL,
  text     TEXT NOT NULL,
  fact_id  TEXT NOT NULL,
  how      TEXT NOT NULL,
  sentence TEXT NOT NULL,
  PRIMARY KEY (doc_id, seq)
);
CREATE INDEX doc_headlines_metric ON doc_headlines (doc_id, metric);

-- the unit-year rows as the last run merged them (src/tables/units.ts mergeUnits: copies
-- count once, the annual report preferred, disagreements in conflicts)
CREATE TABLE unit_rows (
  seq           INTEGER PRIMARY KEY,
  province      TEXT NOT NULL,
  city          TEXT NOT NULL,
  district      TEXT NOT NULL,
  street        TEXT NOT NULL,
  division_code TEXT NOT NULL,
  level         TEXT NOT NULL,
  year          INTEGER,
  period        TEXT NOT NULL,
  docs          INTEGER NOT NULL,
  sources       TEXT NOT NULL,
  conflicts     TEXT NOT NULL
);
CREATE TABLE unit_values (
  unit_seq INTEGER NOT NULL REFERENCES unit_rows (seq) ON DELETE CASCADE,
  metric   TEXT NOT NULL,
  value    NUMERIC NOT NULL,
  PRIMARY KEY (unit_seq, metric)
) WITHOUT ROWID;

CREATE VIEW facts AS
  SELECT f.id, d.doc, d.doc_sha256, d.province, d.city, d.district, d.street, d.division_code, d.year, d.period,
         f.metric, f.subject, f.value, f.value_max, f.unit, f.measure, f.approx, f.total, f.part_of, f.text,
         f.start, f."end", f.sentence, f.rule
  FROM doc_facts f JOIN documents d ON d.doc_id = f.doc_id
  WHERE d.missing_since IS NULL
  ORDER BY d.doc, f.seq;

CREATE VIEW metrics AS
  SELECT d.doc, d.doc_sha256, d.province, d.city, d.district, d.street, d.division_code, d.level, d.year, d.period,
         d.doc_type, h.metric, h.value, h.approx, h.text, h.fact_id, h.how, h.sentence
  FROM doc_headlines h JOIN documents d ON d.doc_id = h.doc_id
  WHERE d.missing_since IS NULL
  ORDER BY d.doc, h.seq;
