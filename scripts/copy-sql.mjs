// Copies the store's schema (src/store/*.sql) beside the compiled modules (dist/store/),
// where src/store/db.ts reads it. Run by `npm run build`.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const from = path.join(root, 'src', 'store');
const to = path.join(root, 'dist', 'store');
mkdirSync(to, { recursive: true });
for (const f of readdirSync(from).filter((f) => f.endsWith('.sql'))) copyFileSync(path.join(from, f), path.join(to, f));
