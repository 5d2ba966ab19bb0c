// Trunk post_build hook (Trunk.toml): the language packs. The browser build compiles in
// English only; every other language in locales/ becomes one file,
// lang-<tag>-<hash of its content>.txt, holding locales/<tag>/*.txt and
// scenarios/<tag>/*.mandate in the format src/core/i18n/pack.rs reads:
//
//   mandate-language-pack 1 <tag>
//   @@ <path> <length in bytes>
//   <the file's bytes>
//   …
//
// index.html names each pack in <link rel="alternate" hreflang="<tag>" data-mandate-pack>,
// where the app finds it (src/platform/language_pack.rs) and the service worker caches it.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('language-packs.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is not set)');
const root = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
const indexFile = join(dir, 'index.html');
let html = readFileSync(indexFile, 'utf8');

const links = [];
for (const tag of readdirSync(join(root, 'locales')).filter((t) => t !== 'en').sort()) {
  const files = [];
  const add = (sub, ext) => {
    const folder = join(root, sub, tag);
    if (!existsSync(folder)) return;
    for (const name of readdirSync(folder).filter((n) => n.endsWith(ext)).sort()) {
      files.push([`${sub}/${tag}/${name}`, readFileSync(join(folder, name))]);
    }
  };
  add('locales', '.txt');
  add('scenarios', '.mandate');
  const parts = [Buffer.from(`mandate-language-pack 1 ${tag}\n`)];
  for (const [path, bytes] of files) parts.push(Buffer.from(`@@ ${path} ${bytes.length}\n`), bytes, Buffer.from('\n'));
  const pack = Buffer.concat(parts);
  const name = `lang-${tag}-${createHash('sha256').update(pack).digest('hex').slice(0, 16)}.txt`;
  writeFileSync(join(dir, name), pack);
  links.push(`<link rel="alternate" hreflang="${tag}" type="text/plain" href="./${name}" data-mandate-pack>`);
  console.log(`language-packs.mjs: ${name} (${files.length} files, ${(pack.length / 1024).toFixed(1)} KB)`);
}
html = html.replace('</head>', `${links.join('\n')}\n</head>`);
writeFileSync(indexFile, html);
