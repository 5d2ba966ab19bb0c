// The scenario map: collapsed on the briefing, drawn on demand; on the debrief with the
// learner's own path highlighted (thick, numbered edges) and their ending marked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, corePaths, watch } from './harness.mjs';

let server;
let browser;
let core;

before(async () => {
  core = corePaths('scenarios/purchasing-tech-leader.mandate');
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('the briefing shows the map only when asked, and the debrief highlights the path taken', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  await page.goto(server.url);
  await page.getByRole('article', { name: 'Purchasing at a technology leader' }).getByRole('button', { name: 'Start', exact: true }).click();

  // Collapsed by default: no spoilers unless the learner wants them.
  assert.equal(await page.getByRole('img', { name: /^Scenario map:/ }).count(), 0);
  const toggle = page.getByRole('button', { name: 'Show the scenario map' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  const map = page.getByRole('img', { name: 'Scenario map: 20 scenes, 4 endings' });
  await map.waitFor();
  // One box per scene and ending, each with the full title as its tooltip.
  const titles = await map.locator('title').allTextContents();
  for (const d of core.paths[0].decisions) assert.ok(titles.some((t) => t.includes(d.sceneTitle)), d.sceneTitle);
  await page.getByRole('button', { name: 'Hide the scenario map' }).click();
  assert.equal(await page.getByRole('img', { name: /^Scenario map:/ }).count(), 0);

  // Play the best path and look at the debrief's map.
  const path = [...core.paths].sort((a, b) => b.score - a.score)[0];
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  for (const [i, d] of path.decisions.entries()) {
    await page.getByRole('button', { name: d.label, exact: true }).click();
    await page.getByRole('button', { name: i === path.decisions.length - 1 ? 'See the outcome' : 'Continue', exact: true }).click();
  }
  const debriefMap = page.getByRole('img', {
    name: `Scenario map: 20 scenes, 4 endings; your path highlighted: ${path.decisions.length} decisions`,
  });
  await debriefMap.waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
