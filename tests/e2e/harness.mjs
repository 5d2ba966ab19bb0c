// Shared pieces of the end-to-end tests: a static server for dist/ on loopback
// (under a sub-path, as an LMS or intranet would host it), Debian's Chromium
// through playwright-core, the core's own list of paths, and a console watch.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import jsQR from 'jsqr';

export const SUB_PATH = '/training/negotiation/mandate/';
const DIST = new URL('../../dist/', import.meta.url).pathname;
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/**
 * Serves dist/ at http://127.0.0.1:<random port>/training/negotiation/mandate/
 * `extra` maps paths under the sub-path to in-memory files (text or Buffer), served as
 * plain text (`.html` as HTML): `startServer({ extra: { 'cases/ok.mandate': text } })`.
 * `prefix` serves under another sub-path (starting and ending with `/`), `root` serves
 * another directory than dist/ (an unpacked LMS package), and `types` overrides content
 * types by extension: `startServer({ types: { '.wasm': 'application/octet-stream' } })`.
 * `headers` are added to every file served from `root` (a Content-Security-Policy, say).
 * A POST to `<prefix>csp-report` is kept in the returned `reports` (the body, parsed as
 * JSON): the address for a policy's `report-uri`.
 */
export async function startServer({ extra = {}, prefix = SUB_PATH, root = DIST, types = {}, headers = {} } = {}) {
  const mime = { ...TYPES, ...types };
  const reports = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname === `${prefix}csp-report`) {
      let body = '';
      for await (const chunk of req) body += chunk;
      try { reports.push(JSON.parse(body)); } catch { reports.push({ unreadable: body }); }
      res.writeHead(204).end();
      return;
    }
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end('outside the sub-path');
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    if (Object.hasOwn(extra, rel)) {
      const type = extname(rel) === '.html' ? mime['.html'] : 'text/plain; charset=utf-8';
      res.writeHead(200, { 'content-type': type });
      res.end(extra[rel]);
      return;
    }
    rel = normalize(rel).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(root, rel));
      // A page in a sandboxed iframe without allow-same-origin has an opaque origin: it
      // may load the app's module script and wasm only with CORS, as an LMS must serve them.
      res.writeHead(200, {
        'content-type': mime[extname(rel)] ?? 'application/octet-stream',
        'access-control-allow-origin': '*',
        ...headers,
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, origin: `http://127.0.0.1:${port}`, reports, close: () => server.close() };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** Every complete path of a scenario, with its score, as the pure core computes them. */
export function corePaths(file) {
  const bin = new URL('../../target/debug/mandate-cli', import.meta.url).pathname;
  return JSON.parse(execFileSync(bin, ['paths', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
}

/** Playwright's own console warning when a test blocks service workers: the test
 * tool's message, never the app's. */
export const isToolNoise = (text) => text.includes('Service Worker registration blocked by Playwright');

/** Collects console errors (but the test tool's own), page errors and requests that
 * leave the origin. */
export function watch(page, origin) {
  const problems = [];
  page.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warning') && !isToolNoise(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) problems.push(`third-party request: ${r.url()}`); });
  page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()} ${r.failure()?.errorText}`));
  return problems;
}

/** The alignment badge's words for each value, as the feedback shows them. */
/**
 * Makes index.html's boot script (scripts/index-loader.mjs) in `context` blind to an LMS
 * around the page, as an older or altered page would be: it then loads the learner's
 * binary, which has no LMS support. Fails if the boot script no longer has the check.
 */
export async function hideLmsFromBoot(context) {
  await context.route(/\/boot-[0-9a-f]{16}\.js$/, async (route) => {
    const response = await route.fetch();
    const text = await response.text();
    if (!text.includes('cmi5() || scorm()')) throw new Error("hideLmsFromBoot: the boot script's LMS check has changed");
    await route.fulfill({ response, body: text.replace('cmi5() || scorm()', 'false') });
  });
}

export const ALIGNMENT_LABELS = { 2: 'Strongly aligned (+2)', 1: 'Aligned (+1)', 0: 'Neutral (+0)', '-1': 'Misaligned (-1)', '-2': 'Strongly misaligned (-2)' };

/**
 * Plays `decisions` (from the core's `paths` output) from the decision the page shows,
 * checking each alignment in the feedback; optionally rates each with `confidence`.
 * Returns the final score.
 */
export async function playDecisions(page, decisions, { confidence } = {}) {
  for (const [i, d] of decisions.entries()) {
    await page.getByRole('heading', { level: 1, name: d.sceneTitle }).waitFor();
    if (confidence) await page.getByRole('radio', { name: confidence, exact: true }).check();
    await page.getByRole('group', { name: 'What do you do?' }).getByRole('button', { name: d.label, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'How that served the strategy' }).waitFor();
    const shown = (await page.getByTestId('alignment').textContent()).replace(/[▲▼●]/g, '').trim();
    if (shown !== ALIGNMENT_LABELS[d.align]) throw new Error(`${d.scene}:${d.choice}: shows ${shown}, expected ${ALIGNMENT_LABELS[d.align]}`);
    const last = i === decisions.length - 1;
    await page.getByRole('button', { name: last ? 'See the outcome' : 'Continue', exact: true }).click();
  }
  await page.getByTestId('final-score').waitFor();
  return Number(await page.getByTestId('final-score').textContent());
}

/**
 * Waits until the home screen lists every built-in scenario: the browser build compiles in
 * the first and fetches the others after the first screen (placeholders meanwhile).
 */
export async function allScenarios(page) {
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  await page.locator('.scenario-card--pending').first().waitFor({ state: 'detached' });
}

/** A new browser context (1280×900) on the home screen, every scenario listed, with its problem watch. */
export async function openHome(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  await page.goto(server.url);
  await allScenarios(page);
  return { context, page, problems };
}

/** The best- and worst-scoring complete paths under the scenario's first strategy. */
export function bestAndWorst(core) {
  const paths = core.strategies[0].paths;
  return {
    best: paths.reduce((a, b) => (b.score > a.score ? b : a)),
    worst: paths.reduce((a, b) => (b.score < a.score ? b : a)),
  };
}

/**
 * Decodes the QR code in a PNG (a screenshot) with jsQR: the PNG is drawn into a canvas
 * in a blank page of `page`'s context to get its pixels. Returns jsQR's result (null when
 * nothing decodes).
 */
export async function decodeQrPng(page, png, options = {}) {
  // Decoded in a blank page of the same browser: the app's Content-Security-Policy
  // (img-src 'self') rightly refuses the data: image this needs.
  const blank = await page.context().newPage();
  const { width, height, rgba } = await blank.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { width: canvas.width, height: canvas.height, rgba: btoa(binary) };
  }, png.toString('base64')).finally(() => blank.close());
  return { found: jsQR(new Uint8ClampedArray(Buffer.from(rgba, 'base64')), width, height, options), width, height };
}

/**
 * The class set-up (`?classroom`), then its debrief with a pasted code it refuses:
 * `visit(step)` runs on each screen once it is there ('class set-up', 'class debrief').
 */
export async function classSetupAndDebrief(page, server, visit) {
  await page.goto(`${server.url}?classroom`);
  await page.getByRole('heading', { level: 1, name: 'Set up a class session' }).waitFor();
  await visit('class set-up');
  await page.getByRole('link', { name: 'Open the class debrief' }).click();
  await page.getByLabel('Paste result codes, one per line').fill('M1-NOT-A-CODE');
  await page.getByRole('button', { name: 'Add the codes' }).click();
  await page.locator('.refused').waitFor();
  await visit('class debrief');
}
