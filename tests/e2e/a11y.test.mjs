// Accessibility: axe-core (WCAG 2.0/2.1 A and AA rules) on every screen and state a
// learner, an instructor or an author meets. Any violation fails, with its rule, impact
// and the elements it names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, launchBrowser, corePaths, bestAndWorst, playDecisions, classSetupAndDebrief, SUB_PATH } from './harness.mjs';
import { openScormLaunch } from './scorm-host.mjs';

const CASE = 'purchasing-tech-leader';
let server;
let browser;
let core;
let best;

before(async () => {
  core = corePaths(`scenarios/${CASE}.mandate`);
  ({ best } = bestAndWorst(core));
  server = await startServer(process.env.MANDATE_DIST ? { root: process.env.MANDATE_DIST } : {});
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** axe's violations on the page as it stands, worded for the assertion message. */
async function violations(page, screen) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${screen}: ${v.id} (${v.impact}) — ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
}

test('the learner\'s screens: home, briefing, decision, feedback, debrief, map, progress', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const found = [];
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  found.push(...await violations(page, 'home'));
  await page.getByRole('article', { name: core.title }).getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  found.push(...await violations(page, 'briefing'));
  // The scenario map, drawn on demand.
  await page.getByRole('button', { name: 'Show the scenario map' }).click();
  await page.getByRole('img', { name: /^Scenario map:/ }).waitFor();
  found.push(...await violations(page, 'briefing with the scenario map'));
  await page.getByRole('button', { name: 'Hide the scenario map' }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  await page.getByRole('group', { name: 'What do you do?' }).waitFor();
  found.push(...await violations(page, 'decision'));
  await page.getByRole('group', { name: 'What do you do?' }).getByRole('button', { name: best.decisions[0].label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'How that served the strategy' }).waitFor();
  found.push(...await violations(page, 'feedback'));
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await playDecisions(page, best.decisions.slice(1));
  found.push(...await violations(page, 'debrief'));
  const map = page.getByRole('button', { name: /map/i }).first();
  if (await map.count()) {
    await map.click();
    found.push(...await violations(page, 'debrief with the map'));
  }
  await page.getByRole('button', { name: /^Your progress/ }).click();
  await page.getByRole('heading', { level: 1, name: /progress/i }).waitFor();
  found.push(...await violations(page, 'progress'));
  // A past attempt, reviewed from the history.
  await page.getByTestId(`history-${CASE}`).getByRole('button', { name: 'Review' }).first().click();
  await page.getByText('A past attempt, reviewed').waitFor();
  found.push(...await violations(page, 'a past attempt, reviewed'));
  await context.close();
  assert.deepEqual(found, []);
});

test('the instructor\'s screens: facilitator, class set-up, class debrief', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const found = [];
  await page.goto(`${server.url}?facilitate`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  found.push(...await violations(page, 'facilitator set-up'));
  // Each step waits for its screen (Enter on the set-up's heading starts nothing).
  await page.getByRole('button', { name: 'Open the briefing' }).click();
  await page.getByRole('heading', { level: 1, name: core.title }).waitFor();
  found.push(...await violations(page, 'facilitator briefing'));
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('room-option').first().waitFor();
  await page.keyboard.press('1');
  await page.waitForTimeout(300);
  found.push(...await violations(page, 'facilitator voting'));
  await page.keyboard.press('r');
  await page.getByTestId('reveal').first().waitFor();
  await page.waitForTimeout(300);
  found.push(...await violations(page, 'facilitator revealed'));
  // On to the class's outcome: option 1 at every decision.
  for (let step = 0; step < 100 && !(await page.getByTestId('room-score').count()); step++) {
    await page.keyboard.press('1');
    await page.keyboard.press('r');
    await page.keyboard.press('ArrowRight');
  }
  await page.getByTestId('room-score').waitFor();
  await page.waitForTimeout(300);
  found.push(...await violations(page, 'facilitator outcome'));
  await classSetupAndDebrief(page, server, async (step) => found.push(...await violations(page, step)));
  await context.close();
  assert.deepEqual(found, []);
});

test('a class session learner\'s ending with the result card', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${server.url}?session=K7P2-9QXM&case=${CASE}`);
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  await playDecisions(page, best.decisions);
  await page.getByTestId('result-code').waitFor();
  const found = await violations(page, 'class ending on a phone');
  await context.close();
  assert.deepEqual(found, []);
});

test('home: the restart dialog for an attempt in progress', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url);
  const card = page.getByRole('article', { name: core.title });
  await card.getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  await page.getByRole('group', { name: 'What do you do?' }).getByRole('button', { name: best.decisions[0].label, exact: true }).click();
  await page.getByRole('button', { name: 'Save and exit' }).click();
  await card.getByRole('button', { name: 'Restart' }).click();
  await page.getByRole('alertdialog', { name: 'Restart this scenario?' }).waitFor();
  const found = await violations(page, 'restart dialog');
  await context.close();
  assert.deepEqual(found, []);
});

test('embed mode: the launched case without the masthead', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  await page.goto(`${server.url}?embed=1&case=${CASE}`);
  await page.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  const found = await violations(page, 'embedded briefing');
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  await page.getByRole('group', { name: 'What do you do?' }).waitFor();
  found.push(...await violations(page, 'embedded decision'));
  await context.close();
  assert.deepEqual(found, []);
});

test('an LMS launch: the closing screen after Finish', async () => {
  // A SCORM 1.2 host (scorm-again, as tests/e2e/lms.test.mjs has it) next to the build
  // under test.
  const fixtures = new URL('./fixtures/lms/', import.meta.url);
  const scormAgain = new URL('../../node_modules/scorm-again/dist/', import.meta.url);
  const lms = await startServer({
    ...(process.env.MANDATE_DIST ? { root: process.env.MANDATE_DIST } : {}),
    extra: {
      'lms/host.html': await readFile(new URL('host.html', fixtures), 'utf8'),
      'lms/host.js': await readFile(new URL('host.js', fixtures), 'utf8'),
      'lms/scorm12.js': await readFile(new URL('scorm12.min.js', scormAgain), 'utf8'),
    },
  });
  const host = { url: lms.url, hostUrl: `${lms.url}lms/host.html`, crossUrl: `${lms.origin}${SUB_PATH}` };
  try {
    const run = await openScormLaunch(browser, host, { standard: '1.2', contentUrl: `index.html?case=${CASE}` });
    await run.content.getByRole('button', { name: 'Begin the negotiation' }).click();
    await playDecisions(run.content, best.decisions);
    await run.content.getByRole('button', { name: 'Finish' }).click();
    await run.content.getByRole('heading', { level: 1, name: 'You can close this window' }).waitFor();
    // axe looks into the LMS's frame; the host page around it is the test's own.
    const found = await violations(run.page, 'LMS closing screen');
    await run.close();
    assert.deepEqual(found, []);
  } finally {
    lms.close();
  }
});

test('error screens: a broken link, a failed LMS launch', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const found = [];
  await page.goto(`${server.url}?scenario=https://evil.example/x.mandate`);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  found.push(...await violations(page, 'refused scenario link'));
  const actor = encodeURIComponent(JSON.stringify({ objectType: 'Agent', account: { homePage: 'https://lms.example', name: 'x' } }));
  await page.goto(`${server.url}?case=${CASE}&endpoint=http%3A%2F%2F127.0.0.1%3A9%2Fxapi&fetch=http%3A%2F%2F127.0.0.1%3A9%2Ffetch&actor=${actor}&registration=760e3480-ba55-4991-94b0-01820dbd23a2&activityId=urn%3Ax%3Ay`);
  await page.getByRole('heading', { name: 'This launch could not be started' }).waitFor();
  found.push(...await violations(page, 'failed cmi5 launch'));
  await context.close();
  assert.deepEqual(found, []);
});

test('the check is live: a real violation is reported', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  await page.evaluate(() => {
    const button = document.createElement('button');
    button.id = 'nameless';
    document.querySelector('main').append(button);
  });
  const found = await violations(page, 'home with a nameless button');
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0], /^home with a nameless button: button-name \(critical\)/);
  assert.match(found[0], /#nameless/);
  await context.close();
});
