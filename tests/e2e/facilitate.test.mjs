// Facilitator mode (`?facilitate`): an instructor runs the purchasing case for a room from
// the keyboard alone, as a presenter remote would: digits for votes, R to reveal, arrows
// and Page Up/Down to move. Checked against the core's own paths and scores.
//
// MANDATE_DIST serves another build than dist/ (the same files, built elsewhere).
// FACILITATE_SHOTS names a folder for screenshots of every screen at 1920×1080 and
// 1280×720 (for looking at them; nothing is compared).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { startServer, launchBrowser, corePaths, watch, ALIGNMENT_LABELS } from './harness.mjs';

const SCENARIO = 'scenarios/purchasing-tech-leader.mandate';
const SHOTS = process.env.FACILITATE_SHOTS;
let server;
let browser;
let core;
/** `scene:choice` → alignment under the default strategy, from every path. */
const alignOf = new Map();
/** Ending id → title. */
const endingTitle = new Map();

before(async () => {
  core = corePaths(SCENARIO);
  for (const p of core.paths) for (const d of p.decisions) alignOf.set(`${d.scene}:${d.choice}`, d.align);
  const source = await readFile(new URL(`../../${SCENARIO}`, import.meta.url), 'utf8');
  for (const m of source.matchAll(/^== ending (\S+)\ntitle: (.+)$/gm)) endingTitle.set(m[1], m[2]);
  server = await startServer(process.env.MANDATE_DIST ? { root: process.env.MANDATE_DIST } : {});
  browser = await launchBrowser();
  if (SHOTS) await mkdir(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function openRoom({ width = 1920, height = 1080 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  await page.goto(`${server.url}?facilitate`);
  await page.getByRole('heading', { level: 1, name: 'Run a scenario with your class' }).waitFor();
  return { context, page, problems };
}

/** Sets up the purchasing case from the keyboard: Tab through the groups, Enter. */
async function setUp(page, { timer = 0 } = {}) {
  // The heading has the focus; the purchasing case and its first strategy are preselected.
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
  await page.keyboard.press('Tab'); // scenario
  assert.equal(await page.evaluate(() => document.activeElement.value), core.scenario);
  await page.keyboard.press('Tab'); // strategy
  await page.keyboard.press('Tab'); // timer
  for (let i = 0; i < timer; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: core.title }).waitFor();
}

const main = (page) => page.locator('main');
const options = (page) => page.getByTestId('room-option');

async function shot(page, name) {
  if (!SHOTS) return;
  const { width, height } = page.viewportSize();
  await page.waitForTimeout(300); // the vote bars' transition
  await page.screenshot({ path: `${SHOTS}/${name}-${width}x${height}.png` });
}

/** Plays on from the decision on screen to the end: one vote for option 1 each time. */
async function playToTheEnd(page) {
  while (!(await page.getByTestId('room-score').count())) {
    await page.keyboard.press('1');
    await page.keyboard.press('r');
    await page.keyboard.press('ArrowRight');
  }
}

/** The labels of the options on screen, in order. */
async function labels(page) {
  return options(page).locator('.room-option__label').allTextContents();
}

/** Presses digit `n` (1-based) `times` times; with `shift`, removes votes. */
async function press(page, n, times = 1, shift = false) {
  for (let i = 0; i < times; i++) await page.keyboard.press(shift ? `Shift+${n}` : String(n));
}

/** Retries `read` until it gives `expected` (the page redraws just after a key). */
async function eventually(read, expected, message) {
  const deadline = Date.now() + 5000;
  let got = await read();
  while (!matches(got, expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    got = await read();
  }
  if (expected instanceof RegExp) assert.match(got, expected, message);
  else assert.deepEqual(got, expected, message);
}

function matches(got, expected) {
  if (expected instanceof RegExp) return expected.test(got);
  try {
    assert.deepEqual(got, expected);
    return true;
  } catch {
    return false;
  }
}

async function votesShown(page) {
  return page.getByTestId('votes').evaluateAll((els) => els.map((e) => Number(e.value ?? e.textContent)));
}

async function assertHidden(page) {
  assert.equal(await main(page).locator('.badge').count(), 0, 'no alignment before the reveal');
  assert.equal(await page.getByTestId('reveal').count(), 0);
  const text = await page.locator('.room').textContent();
  for (const word of ['Strongly aligned', 'Aligned (', 'Misaligned', 'Neutral (', '/ 100']) {
    assert.ok(!text.includes(word), `"${word}" shown before the reveal`);
  }
}

/** Each option's badge against the core's alignment for it. */
async function assertRevealed(page, scene, ids) {
  const shown = await options(page).getByTestId('alignment').allTextContents();
  assert.equal(shown.length, ids.length);
  for (const [i, id] of ids.entries()) {
    const align = alignOf.get(`${scene}:${id}`);
    if (align === undefined) continue;
    assert.equal(shown[i].replace(/[▲▼●]/g, '').trim(), ALIGNMENT_LABELS[align], `${scene}:${id}`);
  }
}

test('a class runs the purchasing case from the keyboard, and the end shows its path, score and votes', async () => {
  const { context, page, problems } = await openRoom();
  await shot(page, '1-setup');
  await setUp(page);
  assert.equal(await page.getByTestId('room-where').textContent(), 'Briefing');
  assert.equal(await page.getByTestId('room-strategy').textContent(), 'Technology leadership through product innovation');
  await shot(page, '2-briefing');
  await page.keyboard.press('ArrowRight');

  // The best path under the default strategy, played by the room's majority; one tie
  // (decision 2) is settled by the instructor.
  const path = [...core.paths].sort((a, b) => b.score - a.score)[0];
  const votes = [];
  for (const [i, d] of path.decisions.entries()) {
    await page.getByRole('heading', { level: 1, name: d.sceneTitle }).waitFor();
    assert.match(await page.getByTestId('room-where').textContent(), new RegExp(`^Decision ${i + 1} of about \\d+$`));
    const shownLabels = await labels(page);
    const target = shownLabels.indexOf(d.label);
    assert.ok(target >= 0, `${d.label} is offered`);
    const other = target === 0 ? 1 : 0;
    const ids = shownLabels.map((l) => core.paths.flatMap((p) => p.decisions).find((x) => x.scene === d.scene && x.label === l)?.choice);
    const tie = i === 1;
    // Votes: digits add, Shift+digit takes one away again.
    await press(page, target + 1, tie ? 3 : 5);
    await press(page, other + 1, 3);
    await press(page, other + 1, 1, true);
    if (tie) await press(page, target + 1, 1, true);
    const expected = shownLabels.map((_, k) => (k === target ? (tie ? 2 : 5) : k === other ? 2 : 0));
    await eventually(() => votesShown(page), expected);
    votes.push(expected);
    await assertHidden(page);
    assert.equal(await page.getByTestId('prompt').count(), 1);
    if (i === 0) {
      assert.match(await page.getByTestId('prompt').textContent(), /What does Purchasing gain by opening on price here — and what does the company lose\?/);
      await shot(page, '3-voting');
    }
    if (i === 2) await shot(page, '3b-voting-later');

    await page.keyboard.press('r');
    await page.getByTestId('reveal').first().waitFor();
    await assertRevealed(page, d.scene, ids);
    await eventually(() => votesShown(page), expected, 'the votes stay as recorded');
    const status = page.getByTestId('room-status');
    if (tie) {
      await eventually(() => status.textContent(), new RegExp(`^A tie between options ${Math.min(target, other) + 1} and ${Math.max(target, other) + 1}\\.`));
      await shot(page, '5-tie');
      // Moving on waits for the instructor's pick.
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('PageDown');
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), d.sceneTitle);
      await press(page, target + 1);
      await eventually(() => status.textContent(), `The class follows option ${target + 1}: your pick.`);
    } else {
      await eventually(() => status.textContent(), `The class follows option ${target + 1}, with 5 of 7 votes.`);
      if (i === 0) await shot(page, '4-revealed');
    }
    assert.match(await options(page).nth(target).getAttribute('class'), /room-option--followed/);
    // Presenter remotes send → or Page Down; Space works too.
    await page.keyboard.press(['ArrowRight', 'PageDown', ' '][i % 3]);
  }

  // The end: the ending, the score the core gives this path, the path and every vote.
  await page.getByTestId('room-score').waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), endingTitle.get(path.ending));
  assert.equal(Number(await page.getByTestId('room-score').textContent()), path.score);
  assert.equal((await page.getByTestId('room-verdict').textContent()).replace(/[✔✖]/g, '').trim(), path.passed ? 'Passed' : 'Not passed');
  const items = page.getByTestId('room-path').getByRole('listitem');
  assert.equal(await items.count(), path.decisions.length);
  for (const [i, d] of path.decisions.entries()) {
    const text = await items.nth(i).textContent();
    assert.ok(text.includes(d.sceneTitle) && text.includes(d.label), text);
    assert.ok(text.includes(ALIGNMENT_LABELS[d.align]), text);
    assert.ok(text.includes(i === 1 ? 'a tie, decided by the instructor' : '5 of 7 votes'), text);
  }
  // The chart's numbers, for screen readers.
  const chart = page.getByRole('img', { name: 'How the class voted' });
  await chart.waitFor();
  const rows = page.getByRole('table', { name: 'Votes at each decision' }).locator('tbody tr');
  assert.equal(await rows.count(), path.decisions.length);
  for (const [i, d] of path.decisions.entries()) {
    const text = await rows.nth(i).textContent();
    assert.ok(text.startsWith(`${i + 1}. ${d.sceneTitle}`), text);
    for (const [k, n] of votes[i].entries()) assert.ok(text.includes(`option ${k + 1}: ${n} vote`), `${text} lacks option ${k + 1}: ${n}`);
  }
  await shot(page, '6-ending');
  await page.locator('main').evaluate((m) => { m.scrollTop = m.scrollHeight; });
  await shot(page, '7-ending-path');

  // ← goes back to the last decision, revealed, with its votes.
  await page.keyboard.press('ArrowLeft');
  const last = path.decisions.at(-1);
  await page.getByRole('heading', { level: 1, name: last.sceneTitle }).waitFor();
  await eventually(() => votesShown(page), votes.at(-1));
  // And once more to its vote, where nothing is revealed.
  await page.keyboard.press('PageUp');
  await page.getByRole('button', { name: 'One vote more for option 1' }).waitFor();
  await assertHidden(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a reload mid-run keeps the decision, the votes and the reveal', async () => {
  const { context, page, problems } = await openRoom({ width: 1280, height: 720 });
  await setUp(page);
  await page.keyboard.press('PageDown');
  const first = core.paths[0].decisions[0];
  await page.getByRole('heading', { level: 1, name: first.sceneTitle }).waitFor();
  await press(page, 2, 4);
  await press(page, 1, 1);
  await page.keyboard.press('Enter'); // reveal
  await page.getByTestId('reveal').first().waitFor();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((title) => document.querySelector('h1').textContent !== title, first.sceneTitle);
  const second = await page.getByRole('heading', { level: 1 }).textContent();
  await press(page, 1, 3);
  await press(page, 3, 2);
  await eventually(async () => (await votesShown(page)).slice(0, 3), [3, 0, 2]);
  const before = { where: await page.getByTestId('room-where').textContent(), votes: await votesShown(page) };
  assert.match(before.where, /^Decision 2 of about \d+$/);

  await page.reload();
  await page.getByRole('heading', { level: 1, name: second }).waitFor();
  assert.deepEqual({ where: await page.getByTestId('room-where').textContent(), votes: await votesShown(page) }, before);
  await assertHidden(page);
  // The keys still work after the reload, and the reveal survives one too.
  await press(page, 3);
  await page.keyboard.press('r');
  await page.getByTestId('reveal').first().waitFor();
  await page.reload();
  await page.getByTestId('reveal').first().waitFor();
  await eventually(() => votesShown(page), before.votes.map((n, k) => (k === 2 ? n + 1 : n)));
  // Back to the first decision: the class's vote there is still recorded.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.getByRole('heading', { level: 1, name: first.sceneTitle }).waitFor();
  const firstVotes = await votesShown(page);
  assert.deepEqual([firstVotes[0], firstVotes[1]], [1, 4]);

  // Ending the session forgets the run.
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('alertdialog', { name: 'End this session?' }).getByRole('button', { name: 'End the session' }).click();
  await page.getByRole('heading', { level: 1, name: 'Run a scenario with your class' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Run a scenario with your class' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the timer, the help overlay and the screens at 1280×720', async () => {
  const { context, page, problems } = await openRoom({ width: 1280, height: 720 });
  await shot(page, '1-setup');
  await setUp(page, { timer: 1 }); // 60 s
  await shot(page, '2-briefing');
  await page.keyboard.press('Space');
  const timer = page.getByTestId('timer');
  await timer.waitFor();
  await eventually(() => timer.textContent(), /^1:00Ready/);
  await page.keyboard.press('t');
  await page.waitForFunction(() => /^0:5\d/.test(document.querySelector('[data-testid=timer]').textContent));
  await eventually(() => timer.textContent(), /Running/);
  // Only running out is announced.
  assert.equal(await timer.locator('[aria-live]').textContent(), '');
  await page.keyboard.press('T');
  await eventually(() => timer.textContent(), /Paused/);
  await press(page, 1, 6);
  await press(page, 2, 2);
  await shot(page, '3-voting');
  // `?` shows every key; Escape closes.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.waitFor();
  assert.match(await help.textContent(), /Shift \+ 1 … 9/);
  await shot(page, '8-help');
  // Keys for the run are paused while the help is open.
  await press(page, 1);
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'detached' });
  assert.deepEqual((await votesShown(page)).slice(0, 2), [6, 2]);
  await page.keyboard.press('r');
  await page.getByTestId('reveal').first().waitFor();
  assert.equal(await timer.count(), 0, 'no timer once revealed');
  await shot(page, '4-revealed');
  // A second class ties at the next decision with no votes at all.
  await page.keyboard.press('ArrowRight');
  await timer.waitFor();
  await eventually(() => timer.textContent(), /^1:00Ready/, 'a fresh timer for each decision');
  await page.keyboard.press('r');
  await eventually(() => page.getByTestId('room-status').textContent(), 'No votes recorded. Press the number of the option the class follows.');
  await shot(page, '5-tie');
  await page.keyboard.press('2');
  await page.keyboard.press('ArrowRight');
  await playToTheEnd(page);
  await shot(page, '6-ending');
  await page.locator('main').evaluate((m) => { m.scrollTop = m.scrollHeight; });
  await shot(page, '7-ending-path');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the timer runs out, and only then is it announced', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  await page.clock.install();
  await page.goto(`${server.url}?facilitate`);
  await page.getByRole('heading', { level: 1, name: 'Run a scenario with your class' }).waitFor();
  await setUp(page, { timer: 2 }); // 90 s
  await page.keyboard.press('ArrowRight');
  const timer = page.getByTestId('timer');
  await eventually(() => timer.textContent(), /^1:30Ready/);
  await page.keyboard.press('t');
  await eventually(() => timer.textContent(), /Running/);
  assert.equal(await timer.locator('[aria-live]').textContent(), '');
  await page.clock.fastForward(91_000);
  await eventually(() => timer.textContent(), /^0:00Time is up/);
  assert.equal(await timer.locator('[aria-live]').textContent(), 'Time is up for this decision.');
  await shot(page, '9-time-up');
  // The votes can still be recorded and revealed.
  await press(page, 2, 3);
  await page.keyboard.press('r');
  await page.getByTestId('reveal').first().waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
