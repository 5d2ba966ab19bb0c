// Content security (issue 11): the built app runs under a strict Content-Security-Policy
// with no violation in any flow, and makes no request beyond its own origin.
//
// The server sends the policy docs/hosting.md tells hosts to send, as a header with a
// `report-uri`; index.html carries the same policy (without what a <meta> cannot hold).
// A violation of either fires `securitypolicyviolation` in the page, which an init
// script records; a violation of the header is also POSTed to the server. Every flow
// below asserts that both lists stay empty, and a first test checks that the two
// detectors do see a violation when one happens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, corePaths, watch, allScenarios, playDecisions, bestAndWorst, classSetupAndDebrief, SUB_PATH } from './harness.mjs';

const CASE = 'purchasing-tech-leader';
const POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  `report-uri ${SUB_PATH}csp-report`,
].join('; ');

let server;
let browser;
let core;
let best;

before(async () => {
  core = corePaths(`scenarios/${CASE}.mandate`);
  best = bestAndWorst(core).best;
  server = await startServer({ headers: { 'content-security-policy': POLICY } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** A page whose every CSP violation lands in `window.__violations`, and whose requests
 * outside the origin are aborted and recorded. Service workers are blocked, so that every
 * request goes through the route (Playwright's note on `serviceWorkers`). */
async function guardedPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const outside = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  return { context, page, problems, outside };
}

/** What the page and the server saw so far, labelled with the flow's step. */
async function violations(page, step) {
  const seen = await page.evaluate(() => window.__violations.splice(0));
  const reported = server.reports.splice(0).map((r) => JSON.stringify(r['csp-report'] ?? r));
  return [...seen, ...reported].map((v) => `${step}: ${v}`);
}

test('the detectors see a violation: an inline script, and a style attribute as Yew would set it, are refused and reported', async () => {
  const { context, page } = await guardedPage();
  await page.goto(server.url);
  await allScenarios(page);
  const ran = await page.evaluate(() => {
    window.__ran = false;
    const script = document.createElement('script');
    script.textContent = 'window.__ran = true';
    document.body.append(script);
    return window.__ran;
  });
  assert.equal(ran, false, 'the inline script ran');
  // What `<div style={…}>` in a component does: set the attribute.
  const width = await page.evaluate(() => {
    const bar = document.createElement('div');
    document.body.append(bar);
    bar.setAttribute('style', 'width: 37px');
    return getComputedStyle(bar).width;
  });
  assert.notEqual(width, '37px', 'the style attribute applied');
  // The header's reports arrive asynchronously, each in its own request: wait for both, or
  // a late one would be counted against the next test's page.
  const reported = (directive) => server.reports.some((r) => (r['csp-report'] ?? r)['violated-directive'] === directive);
  for (let i = 0; i < 50 && !(reported('script-src-elem') && reported('style-src-attr')); i++) await page.waitForTimeout(100);
  const found = await violations(page, 'injected');
  assert.ok(found.some((v) => /^injected: script-src-elem blocked inline/.test(v)), found.join('\n'));
  assert.ok(found.some((v) => v.includes('"violated-directive":"script-src-elem"')), found.join('\n'));
  assert.ok(found.some((v) => /^injected: style-src-attr blocked inline/.test(v)), found.join('\n'));
  assert.ok(found.some((v) => v.includes('"violated-directive":"style-src-attr"')), found.join('\n'));
  await context.close();
});

test('a learner\'s whole visit: home, briefing and map, a full play, debrief, progress, German', async () => {
  const { context, page, problems, outside } = await guardedPage();
  const found = [];
  await page.goto(server.url);
  await allScenarios(page);
  found.push(...await violations(page, 'home'));
  await page.getByRole('article', { name: core.title }).getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  await page.getByRole('button', { name: 'Show the scenario map' }).click();
  await page.getByRole('img', { name: /^Scenario map:/ }).waitFor();
  found.push(...await violations(page, 'briefing with the map'));
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  await playDecisions(page, best.decisions);
  // The ending's debrief: its charts, the map with the path, the certificate.
  await page.getByRole('img', { name: /^Scenario map:/ }).waitFor();
  found.push(...await violations(page, 'play and debrief'));
  await page.getByRole('button', { name: /^Your progress/ }).click();
  await page.getByRole('heading', { level: 1, name: /progress/i }).waitFor();
  found.push(...await violations(page, 'progress'));
  // German comes as a language pack, fetched from the origin.
  await page.getByTestId('language').selectOption('de');
  await page.locator('html[lang="de"]').waitFor();
  await page.getByTestId('language').selectOption('en');
  await page.locator('html[lang="en"]').waitFor();
  found.push(...await violations(page, 'language switch'));
  await context.close();
  assert.deepEqual(found, []);
  assert.deepEqual(outside, []);
  assert.deepEqual(problems, []);
});

test('an author opens a scenario file with errors from the home screen', async () => {
  const { context, page, problems, outside } = await guardedPage();
  const found = [];
  await page.goto(server.url);
  await allScenarios(page);
  await page.getByRole('region', { name: 'Try your own scenario' }).getByLabel('Choose a scenario file').setInputFiles({
    name: 'broken.mandate', mimeType: 'text/plain', buffer: Buffer.from('mandate 1\nid: broken\n', 'utf8'),
  });
  await page.locator('#open-problems, .file-problems').first().waitFor();
  found.push(...await violations(page, 'author\'s file'));
  await context.close();
  assert.deepEqual(found, []);
  assert.deepEqual(outside, []);
  assert.deepEqual(problems, []);
});

test('the instructor\'s pages: facilitator, class set-up and class debrief', async () => {
  const { context, page, problems, outside } = await guardedPage({ width: 1280, height: 800 });
  const found = [];
  await page.goto(`${server.url}?facilitate`);
  await page.getByRole('button', { name: 'Open the briefing' }).click();
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('room-option').first().waitFor();
  await page.keyboard.press('1');
  await page.keyboard.press('1');
  await page.keyboard.press('r');
  await page.getByTestId('reveal').first().waitFor();
  found.push(...await violations(page, 'facilitator'));
  await classSetupAndDebrief(page, server, async (step) => found.push(...await violations(page, step)));
  await context.close();
  assert.deepEqual(found, []);
  assert.deepEqual(outside, []);
  assert.deepEqual(problems, []);
});

test('embedded in a host\'s page on the same origin, the page plays with no violation', async () => {
  const { context, page, problems, outside } = await guardedPage();
  await page.goto(`${server.url}?embed=1&case=${CASE}`);
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  // The progress bar's length is set through the CSSOM: after the first decision it shows.
  const [first, ...rest] = best.decisions;
  await page.getByRole('group', { name: 'What do you do?' }).getByRole('button', { name: first.label, exact: true }).click();
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: rest[0].sceneTitle }).waitFor();
  const bar = await page.locator('.playbar .meter__fill').evaluate((e) => ({ set: e.style.width, drawn: e.getBoundingClientRect().width }));
  assert.match(bar.set, /^[1-9]\d*(\.\d)?%$/);
  assert.ok(bar.drawn > 0, `the bar is ${bar.drawn}px wide`);
  await playDecisions(page, rest);
  const found = await violations(page, 'embedded play');
  await context.close();
  assert.deepEqual(found, []);
  assert.deepEqual(outside, []);
  assert.deepEqual(problems, []);
});
