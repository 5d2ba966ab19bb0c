// The size check of issue 10: what the first screen downloads (index.html and every CSS, JS
// and wasm file it names), gzip -9, held under bench/size-ceiling.json. A size check is
// deterministic, so it lives in the suite; timings stay in bench/run.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const DIST = new URL('../../dist/', import.meta.url).pathname;
const LIMITS = JSON.parse(readFileSync(new URL('../../bench/size-ceiling.json', import.meta.url), 'utf8'));

/** The files index.html loads before the first screen: stylesheets, the module script, the wasm. */
export function firstLoad(html) {
  const names = new Set(['index.html']);
  for (const [, name] of html.matchAll(/<link rel="stylesheet" href="\.\/([^"]+)"/g)) names.add(name);
  for (const [, name] of html.matchAll(/from '\.\/([^']+\.js)'/g)) names.add(name);
  for (const [, name] of html.matchAll(/module_or_path: '\.\/([^']+\.wasm)'/g)) names.add(name);
  return [...names];
}

test('firstLoad finds the stylesheets, the script and the wasm that index.html loads', () => {
  const html = `<link rel="stylesheet" href="./a-1.css" data-integrity="none"/><link rel="icon" href="./f.svg"/>
<script type="module">import init, * as bindings from './m-2.js';
const wasm = await init({ module_or_path: './m-2_bg.wasm' });</script><link rel="manifest" href="manifest.webmanifest">`;
  assert.deepEqual(firstLoad(html), ['index.html', 'a-1.css', 'm-2.js', 'm-2_bg.wasm']);
});

test(`the first screen downloads at most ${LIMITS.ceiling_kb} KB gzip (the ceiling on the way to issue 10's ${LIMITS.budget_kb} KB)`, (t) => {
  const html = readFileSync(`${DIST}index.html`, 'utf8');
  const files = firstLoad(html);
  assert.ok(files.some((f) => f.endsWith('.wasm')) && files.some((f) => f.endsWith('.js')), `index.html names its script and wasm: ${files}`);
  let total = 0;
  for (const name of files) {
    assert.ok(existsSync(`${DIST}${name}`), `dist/${name} exists`);
    const gz = gzipSync(readFileSync(`${DIST}${name}`), { level: 9 }).length;
    total += gz;
    t.diagnostic(`${name}: ${(gz / 1024).toFixed(1)} KB`);
  }
  const kb = total / 1024;
  t.diagnostic(`first screen: ${kb.toFixed(1)} KB gzip; ceiling ${LIMITS.ceiling_kb} KB; budget ${LIMITS.budget_kb} KB (${(kb / LIMITS.budget_kb).toFixed(1)}x)`);
  assert.ok(kb <= LIMITS.ceiling_kb, `the first screen downloads ${kb.toFixed(1)} KB gzip, over the ceiling of ${LIMITS.ceiling_kb} KB in bench/size-ceiling.json`);
});
