// Trunk post_build hook (Trunk.toml): one loader for Mandate's three binaries.
//
// `mandate` (the learner's app) is Trunk's main binary. Two more are built beside it as
// Trunk "worker" binaries, which Trunk neither loads nor names by their content:
// `mandate-instructor` (the facilitator's and class pages, `?facilitate` and
// `?classroom`) and `mandate-lms` (the learner's app with its LMS support, for a page
// an LMS launched: a SCORM API in a parent frame or the opener's, found as
// src/platform/scorm.rs finds it, or a cmi5 launch's parameters in the address). This
// hook, run on Trunk's staging directory before the build goes to dist/:
//   - names those two binaries' files by a hash of their content, as Trunk names the main
//     binary's, so a new release is never mixed with a cached old one;
//   - replaces Trunk's inline loader script with one that loads the binary the address
//     asks for, its .wasm fetched by a first script at the top of <head> (before the
//     stylesheets, which hold back module scripts), and drops Trunk's preload of the
//     learner's .wasm (an instructor's page would download it for nothing). Both scripts
//     are files named by a hash of their content (`boot-<hash>.js`, `loader-<hash>.js`):
//     the Content-Security-Policy allows no inline script (docs/hosting.md);
//   - has the instructor's pages load their own stylesheet (`instructor-<hash>.css`, which
//     stylesheets.mjs leaves out of index.html): the boot script preloads it, the loader
//     applies it after the others and waits for it before the app starts;
//   - records the three builds in <meta name="mandate-build">, which the service worker's
//     registration (index.html) hashes into its version.
// It fails the build, loudly, when Trunk's output is not what it expects.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('index-loader.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is not set)');
const indexFile = join(dir, 'index.html');
let html = readFileSync(indexFile, 'utf8');

const trunkLoader = /<script type="module">\s*import init, \* as bindings from '\.\/(mandate-[0-9a-f]+\.js)';\s*const wasm = await init\(\{ module_or_path: '\.\/(mandate-[0-9a-f]+_bg\.wasm)' \}\);[\s\S]*?<\/script>/;
const found = html.match(trunkLoader);
if (!found) throw new Error(`index-loader.mjs: Trunk's loader script for the main binary is not in ${indexFile}`);
const [loader, learnerJs, learnerWasm] = found;

/** Renames a worker binary's two files by a hash of their content: `[js, wasm]`. */
function hashedBinary(stem) {
  for (const name of [`${stem}.js`, `${stem}_bg.wasm`]) {
    if (!existsSync(join(dir, name))) throw new Error(`index-loader.mjs: ${name} is not in the staging directory`);
  }
  const wasmBytes = readFileSync(join(dir, `${stem}_bg.wasm`));
  const jsBytes = readFileSync(join(dir, `${stem}.js`));
  const hash = createHash('sha256').update(wasmBytes).update(jsBytes).digest('hex').slice(0, 16);
  const names = [`${stem}-${hash}.js`, `${stem}-${hash}_bg.wasm`];
  renameSync(join(dir, `${stem}.js`), join(dir, names[0]));
  renameSync(join(dir, `${stem}_bg.wasm`), join(dir, names[1]));
  return names;
}
const [instructorJs, instructorWasm] = hashedBinary('mandate-instructor');
const [lmsJs, lmsWasm] = hashedBinary('mandate-lms');
// The instructor's own stylesheet (stylesheets.mjs wrote it; index.html does not link it).
const instructorCss = readdirSync(dir).filter((f) => /^instructor-[0-9a-f]{16}\.css$/.test(f));
if (instructorCss.length !== 1) throw new Error(`index-loader.mjs: expected one instructor-<hash>.css from stylesheets.mjs, found ${instructorCss}`);

// A classic script at the top of <head> (after the charset) starts the download of the .wasm the address asks
// for at once. The loader below is a module script, which the browser runs only after the
// stylesheets have loaded: a fetch started there waited for every stylesheet first.
const early = `// Mandate's binary for this page, downloading while the stylesheets load (scripts/index-loader.mjs).
(function () {
  var page = new URLSearchParams(location.search);
  // A SCORM API on this window or a parent, then the opener's, as src/platform/scorm.rs
  // looks for it (at most 500 windows; a frame of another origin throws, and is passed).
  var hops = 0;
  function apiOn(w) {
    try {
      var api = w.API_1484_11;
      if (api && typeof api.Initialize === 'function') return true;
      api = w.API;
      return !!(api && typeof api.LMSInitialize === 'function');
    } catch (e) { return false; }
  }
  function walk(w) {
    while (w && hops < 500) {
      hops += 1;
      if (apiOn(w)) return true;
      var parent;
      try { parent = w.parent; } catch (e) { return false; }
      if (!parent || parent === w) return false;
      w = parent;
    }
    return false;
  }
  function scorm() {
    if (walk(window)) return true;
    try { return walk(window.opener); } catch (e) { return false; }
  }
  // Any of a cmi5 launch's parameters: the LMS binary says what is wrong with the rest.
  function cmi5() {
    return ['endpoint', 'fetch', 'actor', 'registration', 'activityId'].some(function (k) { return page.has(k); });
  }
  var binary = page.has('facilitate') || page.has('classroom') ? 'instructor'
    : cmi5() || scorm() ? 'lms' : 'learner';
  window.mandateBinary = binary;
  if (binary === 'instructor') {
    // The instructor's stylesheet downloads now; the loader applies it (after the others).
    var preload = document.createElement('link');
    preload.rel = 'preload';
    preload.as = 'style';
    preload.href = './${instructorCss[0]}';
    document.head.appendChild(preload);
  }
  window.mandateWasm = fetch(binary === 'instructor' ? './${instructorWasm}'
    : binary === 'lms' ? './${lmsWasm}' : './${learnerWasm}');
  window.mandateWasm.catch(function () { /* reported by the loader, which awaits it */ });
})();
`;

const chooser = `// The binary the boot script chose: the learner's app, the same with its LMS support, or
// the instructor's pages (scripts/index-loader.mjs).
const worker = { instructor: ['./${instructorJs}', './${instructorWasm}'], lms: ['./${lmsJs}', './${lmsWasm}'] }[window.mandateBinary];
let wasm;
if (window.mandateBinary === 'instructor') {
  // Its stylesheet after the learner's (the cascade of one page), applied before the app
  // renders. A stylesheet that cannot load leaves the page unstyled, not stopped.
  const sheet = document.createElement('link');
  sheet.rel = 'stylesheet';
  sheet.href = './${instructorCss[0]}';
  await new Promise((resolve) => {
    sheet.onload = resolve;
    sheet.onerror = resolve;
    document.head.append(sheet);
  });
}
if (worker) {
  const binary = window.mandateWasm ?? fetch(worker[1]);
  await new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = worker[0];
    script.onload = resolve;
    script.onerror = () => reject(new Error(worker[0] + ' did not load'));
    document.head.append(script);
  });
  wasm = await wasm_bindgen({ module_or_path: binary });
} else {
  const binary = window.mandateWasm ?? fetch('./${learnerWasm}');
  const { default: init } = await import('./${learnerJs}');
  wasm = await init({ module_or_path: binary });
}
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
`;
/** Writes `text` as `<stem>-<hash of text>.js` in the staging directory; returns the name. */
function hashedScript(stem, text) {
  const name = `${stem}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, name), text);
  return name;
}
const bootJs = hashedScript('boot', early);
const loaderJs = hashedScript('loader', chooser);
html = html.replace(loader, () => `<script type="module" src="./${loaderJs}"></script>`);
// The boot script right after the Content-Security-Policy, which governs only what
// follows it.
const policy = /<meta http-equiv="Content-Security-Policy"[^>]*>\n/;
if (!policy.test(html)) throw new Error(`index-loader.mjs: no Content-Security-Policy <meta> line in ${indexFile}`);
html = html.replace(policy, (line) => `${line}<script src="./${bootJs}"></script>\n`);
const wasmPreload = new RegExp(`<link rel="preload" href="\\./${learnerWasm.replace('.', '\\.')}"[^>]*>`);
if (!wasmPreload.test(html)) throw new Error(`index-loader.mjs: Trunk's preload of ${learnerWasm} is not in index.html`);
html = html.replace(wasmPreload, '');
html = html.replace('</head>', `<meta name="mandate-build" content="${learnerWasm} ${instructorWasm} ${lmsWasm}">\n</head>`);
writeFileSync(indexFile, html);
console.log(`index-loader.mjs: ${learnerJs} for learners, ${lmsJs} for LMS launches, ${instructorJs} for ?facilitate and ?classroom`);
