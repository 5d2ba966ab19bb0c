// No author- or learner-supplied text is ever interpreted as HTML, script, CSS or a URL
// (issue 11). A corpus of XSS payloads goes in through every door: a scenario file
// (tests/e2e/fixtures/xss.mandate: a payload in each of its 45 texts), stored and imported
// progress, result codes pasted into the class debrief, and URL parameters.
//
// The page is served WITHOUT its Content-Security-Policy (index.html's <meta> removed),
// so that a payload that reached the DOM as markup would really run: these tests check
// that the rendering is inert by construction, not that the policy catches it (that is
// tests/e2e/csp.test.mjs). After each door: no payload ran (`window.__xss`, no dialog),
// no markup a payload carries exists in the page, no request left the origin, and the
// payloads are shown as the text they are.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, corePaths, watch, allScenarios } from './harness.mjs';

const FIXTURE = 'tests/e2e/fixtures/xss.mandate';
const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror=window.__xss=1>',
  '"><svg/onload=window.__xss=1>',
  'javascript:window.__xss=1',
  '</textarea><iframe srcdoc="<script>parent.__xss=1</script>">',
  "{{constructor.constructor('window.__xss=1')()}}",
  '<a href="javascript:window.__xss=1">link</a>',
  '<style>@import url(//evil.example/x.css)</style>',
  '[click](javascript:window.__xss=1)',
  '&lt;b&gt;entity&lt;/b&gt; &#x3C;i&#x3E;',
  "' onmouseover='window.__xss=1' x='",
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
];
/** The payloads short enough to be a learner's name (at most 60 characters). */
const NAMES = PAYLOADS.filter((p) => [...p].length <= 60);
/** Markup any payload would leave if it were parsed as HTML. */
const INJECTED = 'script:not([src]), iframe, svg[onload], img[src="x"], [onerror], [onload], [onmouseover], '
  + 'a[href^="javascript"], body style, math, mglyph';

let server;
let browser;
let paths;

before(async () => {
  paths = corePaths(FIXTURE);
  const dist = new URL('../../dist/index.html', import.meta.url);
  const html = readFileSync(dist, 'utf8');
  const policy = /<meta http-equiv="Content-Security-Policy"[^>]*>/;
  assert.match(html, policy);
  server = await startServer({
    extra: {
      'index.html': html.replace(policy, ''),
      'cases/xss.mandate': readFileSync(FIXTURE, 'utf8'),
    },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function freshPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, serviceWorkers: 'block', acceptDownloads: true });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  return { context, page, problems, dialogs };
}

/** Everything a payload that ran or rendered as markup would leave behind. */
async function inert(page, step, { problems, dialogs }) {
  // Give any payload's event (an image error, a load) time to fire.
  await page.waitForTimeout(200);
  const state = await page.evaluate((selector) => ({
    ran: window.__xss ?? null,
    injected: [...document.querySelectorAll(selector)].map((e) => e.outerHTML.slice(0, 120)),
  }), INJECTED);
  assert.deepEqual({ step, ...state, dialogs }, { step, ran: null, injected: [], dialogs: [] });
  assert.deepEqual(problems, [], step);
}

/** How many of the payloads the page shows as text right now. */
const shown = (page) => page.evaluate((payloads) => payloads.filter((p) => document.body.innerText.includes(p)).length, PAYLOADS);

test('a scenario file with a payload in every text plays through every path, inert, its texts shown as written', async () => {
  const { context, page, problems, dialogs } = await freshPage();
  await page.goto(`${server.url}?scenario=cases/xss.mandate`);
  await page.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  await inert(page, 'briefing', { problems, dialogs });
  assert.ok(await shown(page) >= 8, `the briefing shows ${await shown(page)} payloads as text`);
  for (const [n, path] of paths.paths.entries()) {
    if (n > 0) {
      await page.getByRole('button', { name: /^Play again/ }).first().click();
    }
    await page.getByRole('button', { name: 'Begin the negotiation' }).click();
    for (const d of path.decisions) {
      await page.getByRole('group', { name: 'What do you do?' }).getByRole('button', { name: d.label, exact: true }).click();
      await inert(page, `feedback of ${d.scene}:${d.choice}`, { problems, dialogs });
      await page.getByRole('button', { name: /^(Continue|See the outcome)$/ }).click();
    }
    await page.getByTestId('final-score').waitFor();
    await inert(page, `ending ${path.ending}`, { problems, dialogs });
  }
  // The debrief's map draws every title into an SVG: still text.
  assert.ok(await page.getByRole('img', { name: /^Scenario map:/ }).count() > 0);
  await context.close();
});

test('stored and imported progress whose names are payloads stay text', async () => {
  const { context, page, problems, dialogs } = await freshPage();
  await page.goto(server.url);
  await allScenarios(page);
  // The device's own (empty) progress, as the app wrote it, with a learner per payload.
  const own = await page.evaluate(() => JSON.parse(localStorage.getItem('mandate.progress')));
  const empty = own.profiles[own.current].progress;
  const hostile = {
    schema: own.schema,
    current: 'p1',
    profiles: Object.fromEntries(NAMES.map((p, i) => [`p${i + 1}`, { name: p, created: 1_700_000_000_000 + i, progress: empty }])),
  };
  // Stored: the device's progress says so at the next load.
  await page.evaluate((doc) => localStorage.setItem('mandate.progress', JSON.stringify(doc)), hostile);
  await page.reload();
  await allScenarios(page);
  await page.getByRole('button', { name: /^Your progress/ }).click();
  await page.getByRole('heading', { level: 1, name: /progress/i }).waitFor();
  await inert(page, 'stored progress', { problems, dialogs });
  // The progress page lists every learner by name: all of them as text.
  assert.equal(await shown(page), NAMES.length);
  // Imported: the same document as a file.
  const other = structuredClone(hostile);
  other.current = 'q1';
  other.profiles = { q1: { name: `Imported ${NAMES[2]}`, created: 1, progress: empty } };
  await page.getByTestId('import-input').setInputFiles({
    name: `${NAMES[1]}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(other)),
  });
  // The message names the file; the learners' list, the imported learner.
  await page.getByText(`${NAMES[1]}.json was imported.`).waitFor();
  await page.waitForFunction((name) => document.body.innerText.includes(name), `Imported ${NAMES[2]}`);
  await inert(page, 'imported progress', { problems, dialogs });
  // A file that is not progress: its reason is shown as text too.
  await page.getByTestId('import-input').setInputFiles({
    name: '<img src=x onerror=window.__xss=1>.json', mimeType: 'application/json', buffer: Buffer.from(PAYLOADS.join('\n')),
  });
  await page.waitForTimeout(300);
  await inert(page, 'a payload that is not progress', { problems, dialogs });
  await context.close();
});

test('result codes that are payloads are refused as text in the class debrief', async () => {
  const { context, page, problems, dialogs } = await freshPage();
  await page.goto(`${server.url}?classroom`);
  await page.getByRole('link', { name: 'Open the class debrief' }).click();
  await page.getByLabel('Paste result codes, one per line').fill(PAYLOADS.map((p) => `M1-${p}`).join('\n'));
  await page.getByRole('button', { name: 'Add the codes' }).click();
  await page.locator('.refused').waitFor();
  await inert(page, 'refused codes', { problems, dialogs });
  // Each line is refused on its own (the list says where and why, without echoing it).
  assert.equal(await page.locator('.refused li').count(), PAYLOADS.length);
  await context.close();
});

// Every parameter the app reads, each with every payload in one address.
const PARAMETERS = ['case', 'lang', 'session', 'scenario', 'host', 'embed', 'strategy', 'feedback'];
for (const name of PARAMETERS) {
  test(`the ${name}= parameter with each payload: refused or ignored, inert`, async () => {
    const { context, page, problems, dialogs } = await freshPage();
    for (const payload of PAYLOADS) {
      const extra = name === 'host' ? '&embed=1' : '';
      await page.goto(`${server.url}?${name}=${encodeURIComponent(payload)}${extra}`);
      await page.locator('main').first().waitFor();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await inert(page, `${name}=${payload}`, { problems, dialogs });
    }
    await context.close();
  });
}

test('the instructor\'s pages take payloads in their parameters inertly', async () => {
  const { context, page, problems, dialogs } = await freshPage();
  for (const payload of PAYLOADS) {
    for (const page_ of ['facilitate', 'classroom']) {
      await page.goto(`${server.url}?${page_}&case=${encodeURIComponent(payload)}&lang=${encodeURIComponent(payload)}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await inert(page, `${page_} with ${payload}`, { problems, dialogs });
    }
  }
  await context.close();
});
