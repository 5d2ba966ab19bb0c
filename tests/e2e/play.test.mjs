// A learner plays the purchasing case in a real browser, by role and accessible name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, corePaths, watch, openHome, ALIGNMENT_LABELS } from './harness.mjs';

const SCENARIO = 'scenarios/purchasing-tech-leader.mandate';
let server;
let browser;
let core;

before(async () => {
  core = corePaths(SCENARIO);
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** A new browser context on the home screen, with its problem watch. */
const freshPage = () => openHome(browser, server);

function card(page) {
  return page.getByRole('article', { name: core.title });
}

async function startFromHome(page) {
  await card(page).getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: core.title }).waitFor();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
}

/** Takes one decision by its button's accessible name and checks the feedback. */
async function decide(page, decision, index, total) {
  const progress = await page.getByTestId('progress').textContent();
  assert.match(progress, new RegExp(`^Decision ${index + 1} of about \\d+$`));
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: decision.sceneTitle }).waitFor({ timeout: 5000 }));
  await page.getByRole('group', { name: 'What do you do?' })
    .getByRole('button', { name: decision.label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'How that served the strategy' }).waitFor();
  assert.equal((await page.getByTestId('alignment').textContent()).replace(/[▲▼●]/g, '').trim(), ALIGNMENT_LABELS[decision.align]);
  const last = index === total - 1;
  await page.getByRole('button', { name: last ? 'See the outcome' : 'Continue', exact: true }).click();
}

async function playPath(page, path) {
  await startFromHome(page);
  for (const [i, d] of path.decisions.entries()) await decide(page, d, i, path.decisions.length);
  await page.getByTestId('final-score').waitFor();
  return {
    score: Number(await page.getByTestId('final-score').textContent()),
    verdict: (await page.getByTestId('verdict').textContent()).replace(/[✔✖]/g, '').trim(),
    heading: await page.getByRole('heading', { level: 1 }).textContent(),
    reviewed: await page.locator('.review__item').count(),
  };
}

// One path for each ending, plus the best and the worst path.
function pickPaths() {
  const byScore = [...core.paths].sort((a, b) => b.score - a.score);
  const picks = [byScore[0], byScore[byScore.length - 1]];
  for (const p of core.paths) if (!picks.some((q) => q.ending === p.ending)) picks.push(p);
  return picks;
}

test('the core lists paths with scores for the purchasing case', () => {
  assert.equal(core.scenario, 'purchasing-tech-leader');
  assert.ok(core.paths.length > 10);
  assert.ok(core.paths.every((p) => p.decisions.length >= 6));
  assert.ok(new Set(core.paths.map((p) => p.ending)).size >= 3);
});

for (const [n, path] of pickPaths().entries()) {
  test(`playing path ${n + 1} (ending ${path.ending}) shows the core's score ${path.score}`, async () => {
    const { context, page, problems } = await freshPage();
    const result = await playPath(page, path);
    assert.equal(result.score, path.score);
    assert.equal(result.verdict, path.passed ? 'Passed' : 'Not passed');
    assert.equal(result.reviewed, path.decisions.length);
    // Home now shows the scenario as completed with its best score.
    await page.getByRole('button', { name: 'Back to scenarios' }).click();
    await card(page).getByText('Completed').waitFor();
    assert.match(await card(page).textContent(), new RegExp(`Best score ${path.score} / 100`));
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a reload mid-scenario returns to the same decision with the same score so far', async () => {
  const { context, page, problems } = await freshPage();
  const path = core.paths[Math.floor(core.paths.length / 2)];
  await startFromHome(page);
  for (const [i, d] of path.decisions.slice(0, 3).entries()) await decide(page, d, i, path.decisions.length);
  const before = {
    heading: await page.getByRole('heading', { level: 1 }).textContent(),
    progress: await page.getByTestId('progress').textContent(),
    running: await page.getByTestId('running-score').textContent(),
  };
  assert.equal(before.heading, path.decisions[3].sceneTitle);
  assert.match(before.progress, /^Decision 4 of about \d+$/);
  assert.match(before.running, /^\d+%$/);
  await page.reload();
  await page.getByTestId('progress').waitFor();
  assert.deepEqual({
    heading: await page.getByRole('heading', { level: 1 }).textContent(),
    progress: await page.getByTestId('progress').textContent(),
    running: await page.getByTestId('running-score').textContent(),
  }, before);

  // Reloading while the feedback is open keeps the feedback open.
  await page.getByRole('button', { name: path.decisions[3].label, exact: true }).click();
  await page.getByRole('heading', { name: 'How that served the strategy' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'How that served the strategy' }).waitFor();
  assert.match(await page.getByText(path.decisions[3].label, { exact: true }).textContent(), /./);

  // Closing the tab and coming back returns to the attempt, too.
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  const progressAfter = await page.getByTestId('progress').textContent();
  await page.close();
  const again = await context.newPage();
  const problems2 = watch(again, server.origin);
  await again.goto(server.url);
  await again.getByTestId('progress').waitFor();
  assert.equal(await again.getByTestId('progress').textContent(), progressAfter);

  // "Save and exit" goes home, which shows the attempt in progress.
  await again.getByRole('button', { name: 'Save and exit' }).click();
  await again.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  assert.match(await again.getByRole('article', { name: core.title }).textContent(), /In progress · decision 5/);
  assert.deepEqual([...problems, ...problems2], []);
  await context.close();
});

test('restart asks first, and only discards the attempt on purpose', async () => {
  const { context, page, problems } = await freshPage();
  const path = core.paths[0];
  await startFromHome(page);
  await decide(page, path.decisions[0], 0, path.decisions.length);
  await page.getByRole('button', { name: 'Save and exit' }).click();
  const c = card(page);
  await c.getByText('In progress · decision 2').waitFor();

  await c.getByRole('button', { name: 'Restart' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Restart this scenario?' });
  await dialog.waitFor();
  // The safe answer has the focus.
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Keep my attempt');
  await dialog.getByRole('button', { name: 'Keep my attempt' }).click();
  await c.getByText('In progress · decision 2').waitFor();

  await c.getByRole('button', { name: 'Restart' }).click();
  await page.keyboard.press('Escape');
  await c.getByText('In progress · decision 2').waitFor();
  assert.equal(await page.getByRole('alertdialog').count(), 0);

  await c.getByRole('button', { name: 'Restart' }).click();
  await page.getByRole('button', { name: 'Discard and restart' }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  assert.equal(await page.getByTestId('progress').textContent().then((t) => t.split(' of ')[0]), 'Decision 1');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the briefing shows the company, strategy, mandate, counterpart and stakes', async () => {
  const { context, page, problems } = await freshPage();
  await card(page).getByRole('button', { name: 'Start', exact: true }).click();
  for (const name of ['The company', 'Your department: Purchasing', 'Across the table', 'What is at stake', 'What you will practise']) {
    await page.getByRole('heading', { level: 2, name }).waitFor();
  }
  assert.equal(await page.getByTestId('strategy-name').textContent(), 'Technology leadership through product innovation');
  assert.deepEqual(problems, []);
  await context.close();
});
