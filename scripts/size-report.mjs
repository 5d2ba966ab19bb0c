// Prints every file in a build directory with its raw and gzip -9 size, and the totals.
// Usage: node scripts/size-report.mjs dist
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = process.argv[2] ?? 'dist';
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(path);
  }
})(root);

const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KB';
let raw = 0;
let gz = 0;
console.log(`${'file'.padEnd(44)}${'raw'.padStart(11)}${'gzip -9'.padStart(11)}`);
for (const path of files.sort()) {
  const data = readFileSync(path);
  const g = gzipSync(data, { level: 9 }).length;
  raw += data.length;
  gz += g;
  console.log(`${relative(root, path).padEnd(44)}${kb(data.length)}${kb(g)}`);
}
console.log(`${'total'.padEnd(44)}${kb(raw)}${kb(gz)}`);
