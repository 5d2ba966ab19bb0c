// A complete scenario with the keyboard alone: Tab and Enter only, from the home screen
// to the final score. After every choice the focus is on the new screen's heading, the
// focused control always shows a visible focus ring, and a polite live region tells a
// screen reader what happened (the feedback's verdict, the ending's score).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, corePaths, bestAndWorst, watch, ALIGNMENT_LABELS } from './harness.mjs';

const CASE = 'purchasing-tech-leader';
let server;
let browser;
let core;

before(async () => {
  core = corePaths(`scenarios/${CASE}.mandate`);
  server = await startServer(process.env.MANDATE_DIST ? { root: process.env.MANDATE_DIST } : {});
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** What has the focus: tag, text, and whether a focus ring is drawn. */
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName,
    text: el.textContent.trim(),
    ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
});

/** The focus moves to a new screen's heading once the screen is drawn (a frame later). */
const headingFocused = (page) => page.waitForFunction(() => document.activeElement?.tagName === 'H1');

/** Tabs forward until the focused element's text is `text` (at most 40 presses). */
async function tabTo(page, text) {
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.text === text) {
      assert.ok(now.ring, `“${text}” has the focus but no visible focus ring`);
      return;
    }
  }
  throw new Error(`Tab never reached “${text}”`);
}

async function announced(page) {
  return (await page.getByTestId('announcer').textContent()).trim();
}

test('the best path, keyboard only, with focus moves and announcements', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();

  // The first Tab reaches the skip link.
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).text, 'Skip to content');
  await tabTo(page, 'Start');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  await headingFocused(page);
  assert.deepEqual(await focused(page), { tag: 'H1', text: (await page.locator('main h1').textContent()).trim(), ring: (await focused(page)).ring });
  assert.equal(await announced(page), `Briefing: ${core.title}`);
  await tabTo(page, 'Begin the negotiation');
  await page.keyboard.press('Enter');

  const { best } = bestAndWorst(core);
  for (const [i, d] of best.decisions.entries()) {
    await page.getByRole('heading', { level: 1, name: d.sceneTitle }).waitFor();
    await headingFocused(page);
    const onScene = await focused(page);
    assert.equal(onScene.tag, 'H1', `decision ${i + 1}: the focus is on ${onScene.tag} “${onScene.text}”`);
    assert.equal(onScene.text, d.sceneTitle);
    assert.match(await announced(page), new RegExp(`^Decision ${i + 1} of about \\d+: `));
    await tabTo(page, d.label);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'How that served the strategy' }).waitFor();
    await headingFocused(page);
    const onFeedback = await focused(page);
    assert.deepEqual([onFeedback.tag, onFeedback.text], ['H1', 'How that served the strategy']);
    const verdict = ALIGNMENT_LABELS[d.align].replace(/ \([+-]\d\)$/, '');
    assert.ok((await announced(page)).startsWith(`Your choice is scored ${verdict}. `), await announced(page));
    await tabTo(page, i === best.decisions.length - 1 ? 'See the outcome' : 'Continue');
    await page.keyboard.press('Enter');
  }
  await page.getByTestId('final-score').waitFor();
  assert.equal(Number(await page.getByTestId('final-score').textContent()), best.score);
  await headingFocused(page);
  assert.equal((await focused(page)).tag, 'H1');
  assert.match(await announced(page), new RegExp(`Your score: ${best.score} out of 100\\.$`));
  assert.deepEqual(problems, []);
  await context.close();
});
