// Strategies, economics and the debrief in a real browser: the same path scored under
// two strategies, choosing the strategy on the briefing, the trust meter and the
// offer on the table, silo moves, confidence, and practice runs from the debrief.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, corePaths, watch, openHome, playDecisions, ALIGNMENT_LABELS as LABELS } from './harness.mjs';

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

const ids = (path) => path.decisions.map((d) => d.choice).join(' ');
const under = (strategy) => core.strategies.find((s) => s.strategy === strategy).paths;
const same = (strategy, path) => under(strategy).find((p) => ids(p) === ids(path));

/** A new browser context on the home screen, with its problem watch. */
const freshPage = () => openHome(browser, server);

/** Plays `path` from the decision the page shows; returns the final score. */
const play = (page, path, options) => playDecisions(page, path.decisions, options);

test('the same path scores differently under two strategies, and the debrief says so', async () => {
  const { context, page, problems } = await freshPage();
  const tech = [...under('technology-leadership')].sort((a, b) => b.score - a.score)[0];
  const cost = same('cost-leadership', tech);
  assert.notEqual(tech.score, cost.score, 'the fixture path must score differently');

  await page.getByRole('article', { name: 'Purchasing at a technology leader' }).getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  assert.equal(await play(page, tech), tech.score);
  assert.match(await page.getByTestId('played-under').textContent(), /Technology leadership/);
  // The debrief re-scores the learner's own path under the other strategies.
  const others = page.getByTestId('other-strategies');
  assert.match(await others.textContent(), new RegExp(`Under Cost leadership / operational excellence, this path would have scored ${cost.score}`));

  // Play again under cost leadership, from the debrief, with the very same choices.
  await others.getByRole('button', { name: 'Play under Cost leadership / operational excellence' }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  assert.equal(await page.getByTestId('strategy-name').textContent(), 'Cost leadership / operational excellence');
  assert.match(await page.getByTestId('mandate').textContent(), /lowest|cost/i);
  assert.equal(await page.getByRole('radio', { name: 'Cost leadership / operational excellence' }).isChecked(), true);
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  assert.equal(await play(page, cost), cost.score);
  assert.match(await page.getByTestId('played-under').textContent(), /Cost leadership/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the strategy is chosen on the briefing and survives a reload', async () => {
  const { context, page, problems } = await freshPage();
  await page.getByRole('article', { name: 'Purchasing at a technology leader' }).getByRole('button', { name: 'Start', exact: true }).click();
  const picker = page.getByTestId('strategy-picker');
  assert.equal(await picker.getByRole('radio').count(), 3);
  assert.equal(await picker.getByRole('radio', { name: 'Technology leadership through product innovation' }).isChecked(), true);
  await picker.getByRole('radio', { name: 'Customer intimacy' }).check();
  await page.getByTestId('strategy-name').filter({ hasText: 'Customer intimacy' }).waitFor();
  // The profile shows what the strategy values most.
  assert.match(await page.getByTestId('profile').locator('li').first().textContent(), /Relationship and partnership.*matters most/);
  await page.reload();
  await page.getByTestId('strategy-name').filter({ hasText: 'Customer intimacy' }).waitFor();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  const first = under('customer-intimacy')[0].decisions[0];
  await page.getByRole('button', { name: first.label, exact: true }).click();
  await page.getByText('Scored for Customer intimacy').waitFor();
  assert.equal((await page.getByTestId('alignment').textContent()).replace(/[▲▼●]/g, '').trim(), LABELS[first.align]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the table shows the offer and trust; a silo move is named; confidence is rated', async () => {
  const { context, page, problems } = await freshPage();
  await page.getByRole('article', { name: 'Purchasing at a technology leader' }).getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByText('€4,800 per module').first().waitFor();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  assert.equal(await page.getByTestId('offer').textContent(), '€4,800 per module');
  const meter = page.getByRole('meter', { name: "Ingrid's trust in Altavia" });
  assert.equal(await meter.getAttribute('aria-valuenow'), '50');
  // Opening with the savings target: misaligned for a technology leader, and a silo move.
  const path = under('technology-leadership').find((p) => p.decisions[0].choice === 'savings-first');
  await page.getByRole('radio', { name: 'Certain', exact: true }).check();
  await page.getByRole('button', { name: path.decisions[0].label, exact: true }).click();
  await page.getByTestId('silo').waitFor();
  assert.match(await page.getByTestId('silo').textContent(), /Silo move.*Purchasing’s own scorecard/);
  assert.match(await page.getByTestId('consequences').textContent(), /Ingrid's trust in Altavia: 50 → \d+ ▼/);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  // The rest of the path, each decision rated "Unsure".
  const rest = { ...path, decisions: path.decisions.slice(1) };
  await play(page, rest, { confidence: 'Unsure' });
  const calibration = page.getByTestId('calibration');
  assert.match(await calibration.getByRole('row', { name: /^Certain/ }).textContent(), /Certain10/);
  assert.match(await calibration.getByRole('row', { name: /^Unsure/ }).textContent(), new RegExp(`Unsure${rest.decisions.length}`));
  assert.match(await page.getByTestId('silo-count').textContent(), /silo move/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the debrief teaches: deal, chart, what-if and takeaways; a practice run leaves the attempt alone', async () => {
  const { context, page, problems } = await freshPage();
  const path = under('technology-leadership').find((p) => p.decisions[0].choice === 'savings-first' && !p.passed);
  await page.getByRole('article', { name: 'Purchasing at a technology leader' }).getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  const score = await play(page, path);
  assert.equal(score, path.score);
  assert.match(await page.getByTestId('deal').textContent(), /(You agreed at €[\d,]+ per module|No agreement)/);
  assert.match(await page.getByTestId('deal').textContent(), /Zone of possible agreement€4,100 per module to €4,600 per module/);
  const chart = page.getByTestId('dimension-chart').getByRole('img');
  assert.match(await chart.getAttribute('aria-labelledby'), /chart-title/);
  assert.match(await page.locator('#chart-desc').textContent(), /Access to innovation: weight 3, your path [+-]\d+, best path \+\d+/);
  assert.equal(await page.getByTestId('takeaways').locator('li').count() >= 3, true);
  const whatIf = page.getByTestId('what-if');
  assert.equal(await whatIf.getByTestId('practice-from').count(), path.decisions.length);

  // Practise from decision 2: the first decision is kept, the second is taken again.
  await whatIf.getByTestId('practice-from').nth(1).click();
  await page.getByTestId('practice-banner').waitFor();
  await page.getByRole('heading', { level: 1, name: path.decisions[1].sceneTitle }).waitFor();
  assert.match(await page.getByTestId('progress').textContent(), /^Decision 2 of about/);
  const other = under('technology-leadership').find((p) => p.decisions[0].choice === path.decisions[0].choice && p.decisions[1].choice !== path.decisions[1].choice);
  await play(page, { decisions: other.decisions.slice(1) });
  assert.equal(Number(await page.getByTestId('final-score').textContent()), other.score);
  await page.getByText('Practice run finished.').waitFor();
  // A reload keeps the practice run; leaving it shows the attempt's own result again.
  await page.reload();
  await page.getByText('Practice run finished.').waitFor();
  await page.getByRole('button', { name: 'Back to my results' }).click();
  await page.getByTestId('what-if').waitFor();
  assert.equal(Number(await page.getByTestId('final-score').textContent()), path.score);
  await page.getByRole('button', { name: 'Back to scenarios' }).click();
  const card = page.getByRole('article', { name: core.title });
  await card.getByText('Completed').waitFor();
  assert.match(await card.textContent(), new RegExp(`Best score ${path.score} / 100`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a pivot mid-scenario: later decisions are scored under the new strategy, and the debrief says how fast you adapted', async () => {
  const { readFileSync } = await import('node:fs');
  const file = 'docs/examples/market-shift-demo.mandate';
  const demo = corePaths(file);
  const path = demo.paths.find((p) => p.decisions.some((d) => d.strategy !== p.decisions[0].strategy));
  assert.ok(path, 'the demo has a path through its pivot');
  const pivotAt = path.decisions.findIndex((d) => d.strategy !== path.decisions[0].strategy);
  const shifted = await startServer({ extra: { 'cases/shift.mandate': readFileSync(file, 'utf8') } });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page, shifted.origin);
  await page.goto(`${shifted.url}?scenario=cases/shift.mandate`);
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  assert.equal(await play(page, path), path.score);
  const pivots = page.getByTestId('pivots');
  const text = await pivots.textContent();
  assert.match(text, new RegExp(`The corporate strategy changed to .+ before decision ${pivotAt + 1}\\.`));
  const after = path.decisions.slice(pivotAt);
  const firstAligned = after.findIndex((d) => d.align > 0);
  const expected = firstAligned === 0 ? 'you adapted at once' : firstAligned === -1 ? 'None of your decisions after it served the new strategy' : `It took you ${firstAligned === 1 ? 'one decision' : `${firstAligned} decisions`} to adapt`;
  assert.match(text, new RegExp(expected));
  assert.match(text, new RegExp(`${after.filter((d) => d.align > 0).length} of ${after.length} decisions after it were aligned`));
  assert.deepEqual(problems, []);
  await context.close();
  shifted.close();
});
