// The scenario library in a real browser: the home screen lists all six cases, and one
// path of each plays to the score the core computes for it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, corePaths, watch, playDecisions, allScenarios } from './harness.mjs';

const FILES = [
  'scenarios/purchasing-tech-leader.mandate',
  'scenarios/sales-distributor.mandate',
  'scenarios/silo-launch-date.mandate',
  'scenarios/market-shift.mandate',
  'scenarios/purchasing-cost-leader.mandate',
  'scenarios/setting-the-mandate.mandate',
];
let server;
let browser;
let cores;

before(async () => {
  cores = FILES.map((f) => corePaths(f));
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('the home screen lists the six scenarios of the curriculum, in order', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  await page.goto(server.url);
  await allScenarios(page);
  const titles = await page.locator('article h2').allTextContents();
  assert.deepEqual(titles.slice(0, FILES.length), cores.map((c) => c.title));
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [n, file] of FILES.entries()) {
  test(`${file}: a path plays to the core's score`, async () => {
    const core = cores[n];
    // A path in the middle of the score range: neither the best nor the worst.
    const sorted = [...core.paths].sort((a, b) => a.score - b.score || a.decisions.length - b.decisions.length);
    const path = sorted[Math.floor(sorted.length / 2)];
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watch(page, server.origin);
    await page.goto(server.url);
    const card = page.getByRole('article', { name: core.title });
    await card.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: core.title }).waitFor();
    await page.getByRole('button', { name: 'Begin the negotiation' }).click();
    assert.equal(await playDecisions(page, path.decisions), path.score);
    assert.equal((await page.getByTestId('verdict').textContent()).replace(/[✔✖]/g, '').trim(), path.passed ? 'Passed' : 'Not passed');
    await page.getByTestId('takeaways').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });
}
