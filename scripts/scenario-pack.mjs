// Trunk post_build hook (scripts/post-build.mjs): the scenario pack. The browser build
// compiles in the first built-in scenario only; the others, listed in `LATER` in
// src/core/builtin.rs (in the curriculum's order), become one file,
// scenarios-<hash of its content>.txt, in the format src/core/builtin.rs reads
// (ScenarioPack):
//
//   mandate-scenario-pack 1
//   @@ scenarios/<id>.mandate <length in bytes>
//   <the file's bytes>
//   …
//
// index.html names it in <link rel="alternate" type="text/plain" data-mandate-scenarios>,
// where the app finds it after its first screen (src/platform/scenario_pack.rs) and the
// service worker precaches it.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('scenario-pack.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is not set)');
const root = process.env.TRUNK_SOURCE_DIR ?? process.cwd();

const builtin = readFileSync(join(root, 'src/core/builtin.rs'), 'utf8');
const list = builtin.match(/pub const LATER: &\[&str\] = &\[([^\]]*)\];/);
if (!list) throw new Error('scenario-pack.mjs: no `pub const LATER: &[&str] = &[…];` in src/core/builtin.rs');
const files = [...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
if (files.length === 0) throw new Error('scenario-pack.mjs: LATER in src/core/builtin.rs is empty');

const parts = [Buffer.from('mandate-scenario-pack 1\n')];
for (const file of files) {
  const bytes = readFileSync(join(root, file));
  parts.push(Buffer.from(`@@ ${file} ${bytes.length}\n`), bytes, Buffer.from('\n'));
}
const pack = Buffer.concat(parts);
const name = `scenarios-${createHash('sha256').update(pack).digest('hex').slice(0, 16)}.txt`;
writeFileSync(join(dir, name), pack);
const indexFile = join(dir, 'index.html');
const html = readFileSync(indexFile, 'utf8');
writeFileSync(
  indexFile,
  html.replace('</head>', `<link rel="alternate" type="text/plain" href="./${name}" data-mandate-scenarios>\n</head>`),
);
console.log(`scenario-pack.mjs: ${name} (${files.length} scenarios, ${(pack.length / 1024).toFixed(1)} KB)`);
