// A panic never leaves a frozen page (issue 11). The test build of
// scripts/build-panic-test.sh panics on purpose when the address has `panic=choice` and
// the learner takes a decision; a release cannot. The page must then show the error
// screen, offer to reload and to download the progress, and leave what was saved before
// the panic exactly as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { startServer, launchBrowser, corePaths, watch, bestAndWorst } from './harness.mjs';

const CASE = 'purchasing-tech-leader';
const ROOT = new URL('../../target/e2e-panic/dist/', import.meta.url).pathname;
let server;
let browser;
let best;

before(async () => {
  if (!existsSync(`${ROOT}index.html`)) {
    throw new Error(`${ROOT} is missing: run scripts/build-panic-test.sh (scripts/test.sh does) before this test`);
  }
  best = bestAndWorst(corePaths(`scenarios/${CASE}.mandate`)).best;
  server = await startServer({ root: ROOT });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

const storage = (page) => page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));

async function decide(page, decision) {
  await page.getByRole('heading', { level: 1, name: decision.sceneTitle }).waitFor();
  await page.getByRole('group', { name: 'What do you do?' }).getByRole('button', { name: decision.label, exact: true }).click();
}

test('a panic mid-play shows the error screen; the saved progress is intact, downloadable, and a reload carries on', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block', acceptDownloads: true });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  await page.goto(`${server.url}?case=${CASE}`);
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  for (const d of best.decisions.slice(0, 2)) {
    await decide(page, d);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
  }
  const third = best.decisions[2];
  await page.getByRole('heading', { level: 1, name: third.sceneTitle }).waitFor();
  const saved = await storage(page);
  assert.ok(saved['mandate.progress'], 'progress was saved before the panic');

  // The same place, in an address that asks the test build to panic on the next decision.
  await page.goto(`${server.url}?case=${CASE}&panic=choice`);
  await decide(page, third);
  const screen = page.locator('#mandate-stopped');
  await screen.waitFor();
  assert.equal(await screen.getByRole('heading', { level: 1 }).textContent(), 'Mandate stopped because of a bug');
  assert.match(await screen.textContent(), /Your progress up to your last completed step is saved on this device/);
  assert.match(await screen.locator('pre').textContent(), /deliberate-panic:choice/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'mandate-stopped');
  // Nothing of the app is left on the page, and nothing stored changed.
  assert.equal(await page.locator('.playbar, .masthead').count(), 0);
  assert.deepEqual(await storage(page), saved);

  // The download is the stored progress, as the progress page's import reads it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stopped-export').click()]);
  assert.match(download.suggestedFilename(), /^mandate-progress-\d{4}-\d{2}-\d{2}\.json$/);
  assert.equal(readFileSync(await download.path(), 'utf8'), saved['mandate.progress']);

  // Reloading carries on at the decision the panic interrupted.
  assert.equal(await page.getByTestId('stopped-reload').getAttribute('href'), `${server.url}?case=${CASE}&panic=choice`);
  await page.getByTestId('stopped-reload').click();
  await page.getByRole('heading', { level: 1, name: third.sceneTitle }).waitFor();
  assert.match(await page.getByTestId('progress').textContent(), /^Decision 3 of about \d+$/);
  assert.deepEqual(await storage(page), saved);

  // What the console saw: the panic, and the wasm's abort after it; nothing else.
  const unexpected = problems.filter((p) => !p.includes('Mandate stopped because of a bug: panicked at')
    && !/page error: unreachable/.test(p));
  assert.deepEqual(unexpected, []);
  assert.ok(problems.some((p) => p.includes('deliberate-panic:choice')), problems.join('\n'));
  await context.close();
});

test('a panic before anything was stored says so, and offers no download', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(`${server.url}?case=${CASE}&panic=choice`);
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  await page.getByRole('heading', { level: 1, name: best.decisions[0].sceneTitle }).waitFor();
  // Storage emptied behind the app's back: the screen must not claim progress it cannot read.
  await page.evaluate(() => localStorage.clear());
  await decide(page, best.decisions[0]);
  const screen = page.locator('#mandate-stopped');
  await screen.waitFor();
  assert.match(await screen.textContent(), /Nothing had been saved on this device yet/);
  assert.equal(await page.getByTestId('stopped-export').count(), 0);
  assert.deepEqual(await storage(page), {});
  await context.close();
});
