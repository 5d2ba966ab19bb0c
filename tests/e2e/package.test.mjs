// LMS embedding requirements 2, 4 and 5 of ../shared/notes/lms.md, in a real browser:
//   2. an unpacked package served from a deep path, as Moodle serves it, loads;
//   4. the app boots when .wasm comes as application/octet-stream;
//   5. with every request off the page's origin aborted, a scenario plays to its end,
//      and none was attempted.
// Needs the release build in dist/ and target/debug/mandate-cli (scripts/test.sh builds both).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, corePaths, watch, playDecisions } from './harness.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'target/debug/mandate-cli');
const MOODLE_PATH = '/pluginfile.php/1/mod_scorm/content/3/';
const CASE = 'purchasing-tech-leader';

/** The built-in scenarios' titles, in home-screen order, from src/core/builtin.rs and the files. */
function builtinTitles() {
  const builtin = readFileSync(join(ROOT, 'src/core/builtin.rs'), 'utf8');
  // The originals only (`scenarios/<id>.mandate`), not their translations in `scenarios/<lang>/`.
  const files = [...builtin.matchAll(/include_str!\("\.\.\/\.\.\/(scenarios\/[^"/]+)"\)/g)].map((m) => m[1]);
  assert.ok(files.length >= 1, 'builtin.rs lists the scenario files');
  return files.map((f) => readFileSync(join(ROOT, f), 'utf8').match(/^title: (.+)$/m)[1].trim());
}

let browser;
let work;

before(async () => {
  browser = await launchBrowser();
  work = mkdtempSync(join(tmpdir(), 'mandate-package-e2e-'));
});
after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Collects responses that are not 2xx, with their URL. */
function badResponses(page) {
  const bad = [];
  page.on('response', (r) => { if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`); });
  return bad;
}

test('requirement 2: the SCORM 1.2 package, unpacked under a Moodle-like deep path, loads the home screen', async () => {
  const out = join(work, 'packages');
  const report = execFileSync(CLI, ['package', '--standard', 'scorm12', '--case', CASE, '--out', out], { cwd: ROOT, encoding: 'utf8' });
  assert.match(report, new RegExp(`^${out}/mandate-${CASE}-scorm12\\.zip  \\d+ KB  SCORM 1\\.2: ${CASE} \\(pass \\d+\\)\\n$`));
  const unpacked = join(work, 'content');
  execFileSync('python3', ['-c', 'import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])',
    join(out, `mandate-${CASE}-scorm12.zip`), unpacked]);
  // The package is the build plus its manifest, at the root.
  assert.deepEqual(readdirSync(unpacked).sort(), [...readdirSync(join(ROOT, 'dist')), 'imsmanifest.xml'].sort());

  const server = await startServer({ prefix: MOODLE_PATH, root: unpacked });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  const bad = badResponses(page);
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  try {
    await page.goto(`${server.url}index.html`);
    await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
    for (const title of builtinTitles()) {
      await page.getByRole('article', { name: title }).getByRole('button', { name: 'Start', exact: true }).waitFor();
    }
    assert.equal(await page.getByRole('article').count(), builtinTitles().length);
    // Everything came from under the deep path: the build's URLs are all relative.
    assert.ok(requested.some((u) => u.endsWith('.wasm')), 'the wasm was requested');
    assert.deepEqual(requested.filter((u) => !u.startsWith(server.url)), []);
    assert.deepEqual(bad, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.close();
  }
});

test('requirement 4: the app boots when .wasm is served as application/octet-stream', async () => {
  const server = await startServer({ prefix: MOODLE_PATH, types: { '.wasm': 'application/octet-stream' } });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  const wasmTypes = [];
  page.on('response', (r) => { if (r.url().endsWith('.wasm')) wasmTypes.push(r.headers()['content-type']); });
  try {
    await page.goto(`${server.url}index.html`);
    await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
    // It is interactive, not just painted: a scenario's briefing opens.
    await page.getByRole('article', { name: builtinTitles()[0] }).getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
    assert.deepEqual(wasmTypes, ['application/octet-stream']);
    // wasm-bindgen's fallback to WebAssembly.instantiate warns once; nothing else goes wrong.
    const fallback = problems.filter((p) => p.startsWith('console warning: `WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate`'));
    assert.equal(fallback.length, 1, problems.join('\n'));
    assert.deepEqual(problems.filter((p) => !fallback.includes(p)), []);
  } finally {
    await context.close();
    server.close();
  }
});

test('requirement 5: with every non-origin request aborted, a scenario plays to its end and none was attempted', async () => {
  const core = corePaths(`scenarios/${CASE}.mandate`);
  const best = [...core.paths].sort((a, b) => b.score - a.score)[0];
  const server = await startServer({ prefix: MOODLE_PATH });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  const blocked = [];
  await page.route('**', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === server.origin || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
  try {
    await page.goto(`${server.url}index.html`);
    await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
    await page.getByRole('article', { name: core.title }).getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: core.title }).waitFor();
    await page.getByRole('button', { name: 'Begin the negotiation' }).click();
    const score = await playDecisions(page, best.decisions);
    assert.equal(score, best.score);
    assert.equal((await page.getByTestId('verdict').textContent()).replace(/[✔✖]/g, '').trim(), best.passed ? 'Passed' : 'Not passed');
    assert.deepEqual(blocked, []);
    assert.deepEqual(problems, []);

    // The guard works: a request to another host is aborted and recorded.
    const fetched = await page.evaluate(() => fetch('https://fonts.example.net/font.css').then(() => 'loaded', () => 'failed'));
    assert.equal(fetched, 'failed');
    assert.deepEqual(blocked, ['https://fonts.example.net/font.css']);
  } finally {
    await context.close();
    server.close();
  }
});
