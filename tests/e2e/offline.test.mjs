// Issue 9, "Offline and installable": after one visit the app works with no network (a
// service worker caches this build's hashed files), a new release replaces the old cache,
// and the web app manifest and its icons are served. Needs a release build with sw.js:
// dist/ by default, or the folder in MANDATE_DIST.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, launchBrowser, corePaths, watch, playDecisions, allScenarios } from './harness.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const DIST = resolve(ROOT, process.env.MANDATE_DIST ?? 'dist');
const CASE = 'purchasing-tech-leader';
const TYPES = { '.webmanifest': 'application/manifest+json', '.png': 'image/png' };
let browser;
let core;
let work;

before(async () => {
  core = corePaths(`scenarios/${CASE}.mandate`);
  browser = await launchBrowser();
  work = mkdtempSync(join(tmpdir(), 'mandate-offline-e2e-'));
});
after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Opens the home screen, waits until the service worker controls the page. */
async function visitOnce(server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
  return { context, page, problems };
}

/** The Cache Storage names and, per cache, the file names it holds. */
const cacheContents = (page) => page.evaluate(async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const keys = await (await caches.open(name)).keys();
    out[name] = keys.map((r) => new URL(r.url).pathname.split('/').pop()).sort();
  }
  return out;
});

/** Polls an async predicate until it holds (20 s at most). */
async function until(check, timeout = 20000) {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${check}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const best = () => [...core.paths].sort((a, b) => b.score - a.score)[0];

async function beginAndPlay(page, path) {
  await page.getByRole('heading', { level: 1, name: core.title }).waitFor();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  const score = await playDecisions(page, path.decisions);
  assert.equal(score, path.score);
  assert.equal((await page.getByTestId('verdict').textContent()).replace(/[✔✖]/g, '').trim(), path.passed ? 'Passed' : 'Not passed');
}

test('after one visit, the app reloads and plays the purchasing case to its end with no network', async () => {
  const server = await startServer({ root: DIST, types: TYPES });
  const { context, page, problems } = await visitOnce(server);
  try {
    // The cache holds every file index.html names: the learner's wasm and its module, each
    // stylesheet; not the instructor's binary, which a learner never needs, nor the LMS
    // launch's (the learner's app with its LMS support), which only an LMS's page loads.
    const caches = await cacheContents(page);
    const names = Object.keys(caches);
    assert.equal(names.length, 1, JSON.stringify(caches));
    assert.match(names[0], /^mandate-[0-9a-f]{8}-[0-9a-f]+$/);
    const built = readdirSync(DIST).filter((f) => /\.(css|js|wasm)$/.test(f) && f !== 'sw.js');
    const onDemand = built.filter((f) => /^(mandate-(instructor|lms)-|instructor-[0-9a-f]+\.css$)/.test(f));
    assert.equal(onDemand.length, 5, `the instructor's and the LMS launch's modules and wasm, and the instructor's stylesheet, are built: ${built}`);
    for (const f of [...built.filter((f) => !onDemand.includes(f)), 'index.html', 'manifest.webmanifest', 'icon-192.png', 'icon-512.png']) {
      assert.ok(caches[names[0]].includes(f), `${f} is cached: ${caches[names[0]]}`);
    }
    for (const f of onDemand) assert.ok(!caches[names[0]].includes(f), `${f} is not precached`);
    // The language packs and the scenario pack too, so that German and every scenario
    // work offline after one visit in English.
    const packs = readdirSync(DIST).filter((f) => /^(lang-[a-z]+|scenarios)-[0-9a-f]{16}\.txt$/.test(f));
    assert.ok(packs.length >= 2, `the build has a language pack and a scenario pack: ${readdirSync(DIST)}`);
    for (const f of packs) assert.ok(caches[names[0]].includes(f), `${f} is cached`);

    await context.setOffline(true);
    assert.equal(await page.evaluate(() => fetch('./index.html', { cache: 'no-store' }).then(() => 'cached', () => 'failed')), 'cached');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
    // Every scenario comes, from the cached pack.
    await allScenarios(page);
    assert.equal(await page.getByRole('article').count(), 6);
    await page.getByRole('article', { name: core.title }).getByRole('button', { name: 'Start', exact: true }).click();
    await beginAndPlay(page, best());
    // Still offline, German comes from the cached pack.
    await page.getByTestId('language').selectOption('de');
    await page.getByText('Verhandeln für die Strategie Ihres Unternehmens').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.close();
  }
});

test("the instructor's binary is cached on its first use, and the facilitator's page then opens offline", async () => {
  const server = await startServer({ root: DIST, types: TYPES });
  const { context, page, problems } = await visitOnce(server);
  try {
    const release = Object.keys(await cacheContents(page));
    await page.goto(`${server.url}?facilitate`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    const instructor = readdirSync(DIST).filter((f) => f.startsWith('mandate-instructor-') || /^instructor-[0-9a-f]+\.css$/.test(f));
    assert.equal(instructor.length, 3, `the instructor's module, wasm and stylesheet: ${instructor}`);
    await until(async () => {
      const cached = Object.values(await cacheContents(page)).flat();
      return instructor.every((f) => cached.includes(f));
    });
    // The instructor's page registers the same worker as the learner's (one release, one
    // cache): a worker of its own would replace the cache that now holds its binary.
    await page.waitForTimeout(1500);
    assert.deepEqual(Object.keys(await cacheContents(page)), release);
    const online = await page.getByRole('heading', { level: 1 }).first().textContent();
    const roomDisplay = () => page.evaluate(() => getComputedStyle(document.querySelector('.room')).display);
    assert.equal(await roomDisplay(), 'flex', "the instructor's stylesheet applies");
    await context.setOffline(true);
    await page.reload();
    assert.equal(await page.getByRole('heading', { level: 1 }).first().textContent(), online);
    assert.equal(await roomDisplay(), 'flex', "offline too, the instructor's stylesheet applies");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.close();
  }
});

test('offline, a navigation to ?case=purchasing-tech-leader opens the case and plays it', async () => {
  const server = await startServer({ root: DIST, types: TYPES });
  const { context, page, problems } = await visitOnce(server);
  try {
    await context.setOffline(true);
    const worst = [...core.paths].sort((a, b) => a.score - b.score)[0];
    await page.goto(`${server.url}?case=${CASE}`);
    await beginAndPlay(page, worst);
    await page.goto(`${server.url}index.html?case=${CASE}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.close();
  }
});

test('a new release (other hashed names) installs a new worker, which deletes the old cache', async () => {
  // The site is a copy of the build; "deploying" release 2 renames one stylesheet in place,
  // as a new content hash would, and rewrites index.html to match.
  const site = join(work, 'site');
  cpSync(DIST, site, { recursive: true });
  const css = readdirSync(site).find((f) => /^styles-[0-9a-f]+\.css$/.test(f));
  assert.ok(css, 'the build has styles-<hash>.css');
  const renamed = 'styles-00000000release2.css';
  const server = await startServer({ root: site, types: TYPES });
  const { context, page, problems } = await visitOnce(server);
  try {
    const before = await cacheContents(page);
    const [oldName] = Object.keys(before);
    assert.ok(before[oldName].includes(css));

    renameSync(join(site, css), join(site, renamed));
    writeFileSync(join(site, 'index.html'), readFileSync(join(site, 'index.html'), 'utf8').replaceAll(css, renamed));
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
    await until(() => page.evaluate((old) => caches.keys().then((k) => k.length === 1 && k[0] !== old), oldName));
    const afterwards = await cacheContents(page);
    const [newName] = Object.keys(afterwards);
    assert.notEqual(newName, oldName);
    assert.ok(afterwards[newName].includes(renamed), afterwards[newName].join(' '));
    assert.ok(!afterwards[newName].includes(css));
    await until(() => page.evaluate((v) => navigator.serviceWorker.controller?.scriptURL.endsWith(`?v=${v}`), newName.split('-').pop()));

    // And release 2 works offline.
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
    const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => s.href?.split('/').pop()));
    assert.ok(sheets.includes(renamed), sheets.join(' '));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.close();
  }
});

test('the web app manifest is valid, linked from index.html, and its icons are served', async () => {
  const server = await startServer({ root: DIST, types: TYPES });
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  try {
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
    assert.equal(await page.locator('link[rel="manifest"]').getAttribute('href'), 'manifest.webmanifest');
    const res = await page.request.get(`${server.url}manifest.webmanifest`);
    assert.equal(res.status(), 200);
    const manifest = JSON.parse(await res.text());
    assert.equal(manifest.name, 'Mandate');
    assert.ok(manifest.short_name);
    assert.equal(manifest.start_url, './');
    assert.equal(manifest.scope, './');
    assert.equal(manifest.display, 'standalone');
    assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/i);
    assert.match(manifest.background_color, /^#[0-9a-f]{6}$/i);
    const sizes = manifest.icons.map((i) => i.sizes).sort();
    assert.deepEqual(sizes, ['192x192', '512x512', 'any']);
    for (const icon of manifest.icons) {
      assert.ok(!/^(\/|[a-z]+:)/i.test(icon.src), `${icon.src} is relative`);
      const r = await page.request.get(new URL(icon.src, `${server.url}manifest.webmanifest`).href);
      assert.equal(r.status(), 200, icon.src);
      const body = await r.body();
      if (icon.type === 'image/png') {
        assert.equal(body.subarray(1, 4).toString(), 'PNG');
        const [w, h] = [body.readUInt32BE(16), body.readUInt32BE(20)];
        assert.equal(`${w}x${h}`, icon.sizes);
      } else {
        assert.match(body.toString(), /<svg/);
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.close();
  }
});

test('where service workers are unavailable (a sandboxed iframe), the app runs with no console error', async () => {
  const server = await startServer({
    root: DIST,
    types: TYPES,
    extra: { 'host.html': `<!doctype html><link rel="icon" href="data:,"><iframe sandbox="allow-scripts" src="index.html" style="width:1200px;height:800px"></iframe>` },
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  try {
    await page.goto(`${server.url}host.html`);
    await page.frameLocator('iframe').getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length)), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.close();
  }
});
