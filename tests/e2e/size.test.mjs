// The size check of issue 10: what the first screen downloads (index.html and every CSS, JS
// and wasm file it names), gzip -9, held under bench/size-ceiling.json. A size check is
// deterministic, so it lives in the suite; timings stay in bench/run.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const DIST = new URL('../../dist/', import.meta.url).pathname;
const LIMITS = JSON.parse(readFileSync(new URL('../../bench/size-ceiling.json', import.meta.url), 'utf8'));

/**
 * The files index.html loads before a learner's first screen: the stylesheets, its
 * scripts (`<script src>`: the boot and loader scripts scripts/index-loader.mjs writes,
 * the service worker's registration), and the learner's binary (its JavaScript and .wasm)
 * as the loader scripts name it. `read(name)` gives a script's text. The instructor's
 * binary loads only for `?facilitate` and `?classroom`, the LMS launch's only for a page
 * an LMS launched.
 */
export function firstLoad(html, read) {
  const names = new Set(['index.html']);
  for (const [, name] of html.matchAll(/<link rel="stylesheet" href="\.\/([^"]+)"/g)) names.add(name);
  const scripts = [...html.matchAll(/<script[^>]* src="(?:\.\/)?([^"]+)"/g)].map(([, name]) => name);
  for (const name of scripts) names.add(name);
  const code = [html, ...scripts.map(read)].join('\n');
  for (const [, name] of code.matchAll(/import\('\.\/(mandate-[0-9a-f]+\.js)'\)/g)) names.add(name);
  for (const [, name] of code.matchAll(/fetch\('\.\/(mandate-[0-9a-f]+_bg\.wasm)'\)/g)) names.add(name);
  return [...names];
}

test("firstLoad finds the stylesheets, the scripts and the learner's script and wasm, not the instructor's or the LMS launch's", () => {
  const html = `<script src="./boot-1.js"></script><link rel="stylesheet" href="./a-1.css" data-integrity="none"/><link rel="icon" href="./f.svg"/>
<script type="module" src="./loader-2.js"></script><link rel="manifest" href="manifest.webmanifest"><script src="register-sw.js" defer></script>`;
  const scripts = {
    'boot-1.js': "window.mandateWasm = fetch(binary === 'instructor' ? './mandate-instructor-9f_bg.wasm'\n    : binary === 'lms' ? './mandate-lms-3c_bg.wasm' : './mandate-2a_bg.wasm');",
    'loader-2.js': `const worker = { instructor: ['./mandate-instructor-9f.js', './mandate-instructor-9f_bg.wasm'], lms: ['./mandate-lms-3c.js', './mandate-lms-3c_bg.wasm'] }[window.mandateBinary];
if (worker) { const binary = window.mandateWasm ?? fetch(worker[1]); script.src = worker[0]; } else { const binary = window.mandateWasm ?? fetch('./mandate-2a_bg.wasm');
const { default: init } = await import('./mandate-2a.js'); }`,
    'register-sw.js': "navigator.serviceWorker.register('./sw.js')",
  };
  assert.deepEqual(firstLoad(html, (name) => scripts[name]),
    ['index.html', 'a-1.css', 'boot-1.js', 'loader-2.js', 'register-sw.js', 'mandate-2a.js', 'mandate-2a_bg.wasm']);
});

test(`the first screen downloads at most ${LIMITS.ceiling_kb} KB gzip (the ceiling on the way to issue 10's ${LIMITS.budget_kb} KB)`, (t) => {
  const html = readFileSync(`${DIST}index.html`, 'utf8');
  const files = firstLoad(html, (name) => readFileSync(`${DIST}${name}`, 'utf8'));
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
