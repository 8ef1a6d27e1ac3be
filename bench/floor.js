// The benchmark's floor: read and decode every file and run one plain regular expression
// for numbers over it. Whatever extract does beyond this is its own cost.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
const NUMBER = /[0-9]+(?:\.[0-9]+)?/g;
const decoder = new TextDecoder('utf-8');
let count = 0;
for (const f of readdirSync(dir).sort()) {
  if (f.startsWith('.')) continue;
  const text = decoder.decode(readFileSync(path.join(dir, f)));
  count += text.match(NUMBER)?.length ?? 0;
}
console.log(count);
