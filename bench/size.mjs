// Where the release's bytes go: every file of dist/ (raw and gzip -9), the wasm's code
// per crate and its largest functions (twiggy, on the release wasm before wasm-bindgen
// and wasm-opt, which still has its function names), its data, and the texts compiled
// into it (scenarios, translations, the interface catalogues).
//
// Usage: node bench/size.mjs   (after `trunk build --release --offline`; installs twiggy
// with cargo if it is missing)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = new URL('..', import.meta.url).pathname;
const WASM = join(ROOT, 'target/wasm32-unknown-unknown/release/mandate.wasm');
const env = { ...process.env, PATH: `${process.env.HOME}/.cargo/bin:${process.env.PATH}` };

function twiggy(args) {
  try {
    return execFileSync('twiggy', args, { env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    console.error('twiggy is missing: installing it (cargo install twiggy --locked)…');
    execFileSync('cargo', ['install', 'twiggy', '--locked'], { env, stdio: 'inherit' });
    return execFileSync('twiggy', args, { env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  }
}

const kb = (n) => `${(n / 1024).toFixed(1).padStart(8)} KB`;
const gz = (data) => gzipSync(data, { level: 9 }).length;
const files = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? files(path) : [path];
});

// 1. The build, per file.
const dist = join(ROOT, 'dist');
if (!existsSync(dist)) throw new Error('no dist/: run `trunk build --release --offline` first');
console.log('== dist/ (what a browser downloads)');
let total = 0;
for (const path of files(dist).sort()) {
  const data = readFileSync(path);
  total += gz(data);
  console.log(`${relative(dist, path).padEnd(44)}${kb(data.length)}${kb(gz(data))}`);
}
console.log(`${'total'.padEnd(44)}${' '.repeat(11)}${kb(total)}   (budget, issue 10: 120 KB)\n`);

// 2. The wasm, per crate.
if (!existsSync(WASM)) {
  execFileSync('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--bin', 'mandate'], { cwd: ROOT, env, stdio: 'inherit' });
}
const items = JSON.parse(twiggy(['top', '-n', '100000', '-f', 'json', WASM]));
/** The crate an item's bytes are owed to: a trait impl's type, a generic's argument. */
function crateOf(name) {
  if (!name.includes('::')) return name.startsWith('data segment') ? '(data)' : '(sections and other)';
  let n = name.replace(/^<+/, '');
  const generic = /^core::ptr::drop_in_place<(.+)>::/.exec(n);
  if (generic) n = generic[1];
  n = n.replace(/^(?:&|mut |dyn |\*const |\*mut |<)+/, '');
  // `<T as Trait>`, `<f64 as Trait>`, `<[T] as Trait>`: the trait's crate.
  const blanket = /^(?:[A-Z]|[a-z]?[iuf](?:8|16|32|64|128|size)|bool|char|str|\[.*?\]|\(.*?\)) as (.+)$/.exec(n);
  if (blanket) n = blanket[1].replace(/^(?:&|mut |dyn |<)+/, '');
  return n.split('::')[0].replace(/\[[0-9a-f]+\]$/, '');
}
const perCrate = new Map();
for (const item of items) {
  const c = crateOf(item.name);
  perCrate.set(c, (perCrate.get(c) ?? 0) + item.shallow_size);
}
const wasmTotal = items.reduce((s, i) => s + i.shallow_size, 0);
console.log(`== ${relative(ROOT, WASM)} before wasm-bindgen and wasm-opt: ${kb(wasmTotal).trim()}, per crate (shallow bytes)`);
for (const [c, bytes] of [...perCrate].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  console.log(`${c.padEnd(44)}${kb(bytes)}${(bytes * 100 / wasmTotal).toFixed(1).padStart(7)} %`);
}
console.log('\n== the 15 largest functions');
for (const item of items.filter((i) => i.name.includes('::')).slice(0, 15)) {
  console.log(`${kb(item.shallow_size)}  ${item.name.replace(/::h[0-9a-f]{16}$/, '').slice(0, 110)}`);
}

// 3. Texts compiled into the wasm (they are most of its data segment).
console.log('\n== texts compiled in (raw, gzip -9 each)');
const groups = [
  ['scenarios (English originals)', files(join(ROOT, 'scenarios')).filter((f) => !f.includes('/scenarios/de/') && !f.endsWith('strategies.mandate'))],
  ['the profile library (English)', [join(ROOT, 'scenarios/strategies.mandate')]],
  ['translations (scenarios/de/)', files(join(ROOT, 'scenarios/de'))],
  ['interface catalogues (locales/en)', files(join(ROOT, 'locales/en'))],
  ['interface catalogues (locales/de)', files(join(ROOT, 'locales/de'))],
];
let textRaw = 0;
let textGz = 0;
for (const [label, list] of groups) {
  const raw = list.reduce((s, f) => s + statSync(f).size, 0);
  const packed = gz(Buffer.concat(list.map((f) => readFileSync(f))));
  textRaw += raw;
  textGz += packed;
  console.log(`${label.padEnd(44)}${kb(raw)}${kb(packed)}`);
}
console.log(`${'all texts'.padEnd(44)}${kb(textRaw)}${kb(textGz)}`);
