// Trunk post_build hook step (scripts/post-build.mjs, before index-loader.mjs): one
// stylesheet per kind of page instead of one request per file of styles/.
//
// Trunk writes each <link data-trunk rel="css"> of index.html as its own hashed file and
// <link rel="stylesheet">. This step, on Trunk's staging directory:
//   - joins every stylesheet, in index.html's order, into `styles-<hash>.css`, which
//     index.html links in place of the first (one request; gzip finds more to share in one
//     file than in seven: issue 10's first download);
//   - except those marked `data-mandate-only="instructor"` in index.html (the projected
//     facilitator's `.room` styles), which go into `instructor-<hash>.css` and out of
//     index.html: index-loader.mjs has the instructor's pages load it, after the others,
//     so that the cascade is as it was;
//   - deletes the files it joined.
// It fails the build, loudly, when Trunk's output is not what it expects.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('stylesheets.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is not set)');
const indexFile = join(dir, 'index.html');
let html = readFileSync(indexFile, 'utf8');

const link = /^[ \t]*<link rel="stylesheet" href="\.\/([A-Za-z0-9_-]+-[0-9a-f]+\.css)"([^>]*)\/?>\n/gm;
const found = [...html.matchAll(link)];
if (found.length === 0) throw new Error(`stylesheets.mjs: no stylesheet <link> in ${indexFile}`);
const learner = found.filter(([, , attrs]) => !/data-mandate-only="instructor"/.test(attrs));
const instructor = found.filter(([, , attrs]) => /data-mandate-only="instructor"/.test(attrs));
if (learner.length === 0 || instructor.length === 0) {
  throw new Error(`stylesheets.mjs: expected the learner's and the instructor's stylesheets, found ${found.map((m) => m[1])}`);
}

/** Joins `links`' files into `<stem>-<hash>.css`; returns its name. */
function joined(stem, links) {
  const text = links.map(([, name]) => `/* ${name.replace(/-[0-9a-f]+\.css$/, '.css')} */\n${readFileSync(join(dir, name), 'utf8').trim()}\n`).join('\n');
  const name = `${stem}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.css`;
  writeFileSync(join(dir, name), text);
  for (const [, file] of links) unlinkSync(join(dir, file));
  return name;
}
const styles = joined('styles', learner);
const instructorStyles = joined('instructor', instructor);

let first = true;
html = html.replace(link, (line, name) => {
  if (!learner.some(([, n]) => n === name) || !first) return '';
  first = false;
  return `  <link rel="stylesheet" href="./${styles}">\n`;
});
writeFileSync(indexFile, html);
console.log(`stylesheets.mjs: ${styles} (${learner.length} files), ${instructorStyles} for the instructor's pages (${instructor.length})`);
