// The scenarios fetched after the first screen (issue 10): the browser build compiles in
// the first built-in scenario and fetches the other five as one pack
// (scripts/scenario-pack.mjs). The home screen shows at once and keeps their room; a page
// that needs them (a learner last in another scenario, a link to one, the instructor's
// pages) waits for them; when they cannot come, nothing saved is touched and the learner
// can try again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, corePaths, watch, allScenarios } from './harness.mjs';

const PACK = /\/scenarios-[0-9a-f]{16}\.txt$/;
const FIRST = 'purchasing-tech-leader';
const SECOND = 'sales-distributor';
const LATER = ['sales-distributor', 'silo-launch-date', 'market-shift', 'purchasing-cost-leader', 'setting-the-mandate'];
let server;
let browser;

let cores;

before(async () => {
  cores = Object.fromEntries([FIRST, ...LATER].map((id) => [id, corePaths(`scenarios/${id}.mandate`)]));
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/**
 * A context whose scenario pack is held until `release()` (or answered with `status`).
 * Service workers are blocked, so that every fetch of the pack reaches the route.
 */
async function heldContext({ status } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const fetched = [];
  const answer = { status };
  await context.route(PACK, async (route) => {
    fetched.push(route.request().url());
    if (answer.status) return route.fulfill({ status: answer.status, body: 'unavailable' });
    await gate;
    // The page may be gone by then.
    return route.continue().catch(() => {});
  });
  return { context, release, fetched, answer };
}

/** Puts `saved` in the context's storage before its first page loads (once). */
async function seed(context, saved) {
  await context.addInitScript((s) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('mandate.progress', s);
      sessionStorage.setItem('seeded', '1');
    }
  }, saved);
}

/** Plays into `id`'s first decision and on to its second, then leaves the page there. */
async function playIntoSecondDecision(page, id) {
  const first = cores[id].strategies[0].paths[0].decisions[0];
  await page.getByRole('article', { name: cores[id].title }).getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  await page.getByRole('group', { name: 'What do you do?' }).getByRole('button', { name: first.label, exact: true }).click();
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  const second = cores[id].strategies[0].paths[0].decisions[1];
  await page.getByRole('heading', { level: 1, name: second.sceneTitle }).waitFor();
  return second;
}

test('the home screen shows before the other scenarios arrive, keeps their room, and lists them in order', async () => {
  const { context, release, fetched } = await heldContext();
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  await page.addInitScript(() => {
    window.__shifts = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  // The first scenario is playable while the others are on their way.
  await page.getByRole('article', { name: cores[FIRST].title }).getByRole('button', { name: 'Start', exact: true }).waitFor();
  assert.equal(await page.getByRole('article').count(), 1);
  assert.equal(await page.locator('.scenario-card--pending').count(), LATER.length);
  const firstCard = await page.getByRole('article').elementHandle();
  await page.getByRole('status').filter({ hasText: 'Loading the other scenarios…' }).waitFor();
  assert.equal(fetched.length, 1, 'the pack is asked for once, after the first screen');
  release();
  await allScenarios(page);
  assert.deepEqual(await page.locator('article h2').allTextContents(),
    [FIRST, ...LATER].map((id) => cores[id].title));
  // The first card is the same element (the cards are keyed), and the placeholders kept
  // the page from jumping when the others came.
  assert.ok(await firstCard.evaluate((e) => e === document.querySelector('article')), 'the first card is the same element');
  const shifts = await page.evaluate(() => window.__shifts);
  assert.ok(shifts < 0.1, `cumulative layout shift ${shifts} (good is under 0.1)`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a learner last in another scenario: the page waits for it and opens where they were, saving nothing meanwhile', async () => {
  const { context, release } = await heldContext();
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  await page.goto(server.url);
  release();
  await allScenarios(page);
  const second = await playIntoSecondDecision(page, SECOND);
  const saved = await page.evaluate(() => localStorage.getItem('mandate.progress'));

  // The reload's pack is held: the page waits, and storage is untouched.
  const held = await heldContext();
  await context.close();
  await seed(held.context, saved);
  const again = await held.context.newPage();
  const problemsAgain = watch(again, server.origin);
  await again.goto(server.url);
  await again.locator('main[aria-busy="true"]').waitFor();
  await again.waitForTimeout(300);
  assert.equal(await again.getByRole('heading', { level: 1 }).count(), 0, 'nothing is shown without the scenario');
  assert.equal(await again.evaluate(() => localStorage.getItem('mandate.progress')), saved);
  held.release();
  await again.getByRole('heading', { level: 1, name: second.sceneTitle }).waitFor();
  assert.equal(await again.evaluate(() => localStorage.getItem('mandate.progress')), saved);
  assert.deepEqual([...problems, ...problemsAgain], []);
  await held.context.close();
});

test('a link to the first scenario opens at once; a hosted page, one to a later scenario, and the instructor\'s pages wait for the pack', async () => {
  const { context, release } = await heldContext();
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  // A link to the first scenario does not wait: it is compiled in.
  const first = await context.newPage();
  await first.goto(`${server.url}?case=${FIRST}`);
  await first.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  await first.close();
  // Unless a host page may ask for the learner's standing, which covers every scenario.
  const hosted = await context.newPage();
  await hosted.goto(`${server.url}?embed=1&case=${FIRST}&host=${encodeURIComponent(server.origin)}`);
  await hosted.locator('main[aria-busy="true"]').waitFor();
  await hosted.waitForTimeout(300);
  assert.equal(await hosted.getByRole('button', { name: 'Begin the negotiation' }).count(), 0);
  await hosted.close();
  await page.goto(`${server.url}?case=market-shift`);
  await page.locator('main[aria-busy="true"]').waitFor();
  release();
  await page.getByRole('heading', { level: 1, name: cores['market-shift'].title }).waitFor();
  await page.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  // No notice that the case is unknown.
  assert.equal(await page.getByText(/does not name a scenario|unknown/i).count(), 0);
  await page.goto(`${server.url}?facilitate`);
  for (const id of [FIRST, ...LATER]) await page.getByText(cores[id].title).first().waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('when the pack cannot be fetched, the first scenario plays, nothing saved changes, and trying again brings the others', async () => {
  // First, progress in the second scenario.
  const setup = await heldContext();
  setup.release();
  const page = await setup.context.newPage();
  await page.goto(server.url);
  await allScenarios(page);
  const second = await playIntoSecondDecision(page, SECOND);
  const saved = await page.evaluate(() => localStorage.getItem('mandate.progress'));
  await setup.context.close();

  const { context, answer, release } = await heldContext({ status: 503 });
  await seed(context, saved);
  const broken = await context.newPage();
  const errors = [];
  broken.on('pageerror', (e) => errors.push(e.message));
  await broken.goto(server.url);
  // The learner was in the second scenario: the page says what happened and offers both ways.
  const alert = broken.getByRole('alert');
  await broken.getByRole('heading', { level: 1, name: 'The scenarios could not be loaded' }).waitFor();
  assert.match(await alert.textContent(), /the server answered 503/);
  assert.equal(await broken.evaluate(() => localStorage.getItem('mandate.progress')), saved);
  // Carrying on with the first scenario only: it plays; the other's progress is kept.
  await broken.getByRole('button', { name: 'Continue with the first scenario only' }).click();
  await broken.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  const homeAlert = broken.getByRole('alert').filter({ hasText: 'The other scenarios could not be loaded' });
  await homeAlert.waitFor();
  assert.match(await homeAlert.textContent(), /the server answered 503/);
  assert.equal(await broken.getByRole('article').count(), 1);
  // Trying again when the server is back brings them, with the progress made in them.
  answer.status = undefined;
  release();
  await homeAlert.getByRole('button', { name: 'Try again' }).click();
  const card = broken.getByRole('article', { name: cores[SECOND].title });
  await card.getByRole('button', { name: 'Resume' }).click();
  await broken.getByRole('heading', { level: 1, name: second.sceneTitle }).waitFor();
  // Back where the learner was: what is saved is what was saved before the failure.
  assert.equal(await broken.evaluate(() => localStorage.getItem('mandate.progress')), saved);
  assert.deepEqual(errors, []);
  await context.close();
});
