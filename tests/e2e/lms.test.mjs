// Mandate inside an LMS: scorm-again (1.2 and 2004) hosts the built app, a learner plays
// a pass and a fail path, and what the LMS *committed* is held to Moodle's formats and the
// call-sequence rules; a relaunch from that data resumes at the exact decision. Also: a
// popup launch (API through the opener), a cross-origin frame (no API, no error), forced
// LMS failures, review mode, the LMS's data winning over the device's, and a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, corePaths, ALIGNMENT_LABELS, bestAndWorst, hideLmsFromBoot } from './harness.mjs';
import {
  startScormHost, openScormLaunch, finalCmi, commits, callLog, checkRun, resumePreload, countCalls,
} from './scorm-host.mjs';

const CASE = 'purchasing-tech-leader';
const LAUNCH = `index.html?case=${CASE}`;
let core;
let best;
let worst;
let host;
let browser;

before(async () => {
  core = corePaths(`scenarios/${CASE}.mandate`);
  ({ best, worst } = bestAndWorst(core));
  assert.ok(best.passed && !worst.passed);
  host = await startScormHost();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  host?.close();
});

/** Takes `decisions` from the decision the content shows, as a learner does. */
async function decide(content, decisions, { last = false } = {}) {
  for (const [i, d] of decisions.entries()) {
    await content.getByRole('heading', { level: 1, name: d.sceneTitle }).waitFor();
    await content.getByRole('group', { name: 'What do you do?' })
      .getByRole('button', { name: d.label, exact: true }).click();
    await content.getByRole('heading', { level: 1, name: 'How that served the strategy' }).waitFor();
    assert.equal((await content.getByTestId('alignment').textContent()).replace(/[▲▼●]/g, '').trim(), ALIGNMENT_LABELS[d.align]);
    const end = last && i === decisions.length - 1;
    await content.getByRole('button', { name: end ? 'See the outcome' : 'Continue', exact: true }).click();
  }
}

async function begin(content) {
  await content.getByRole('button', { name: 'Begin the negotiation' }).click();
}

const keys = {
  '1.2': { status: 'cmi.core.lesson_status', location: 'cmi.core.lesson_location', exit: 'cmi.core.exit', raw: 'cmi.core.score.raw', response: 'student_response', wrong: 'wrong' },
  2004: { status: 'cmi.completion_status', location: 'cmi.location', exit: 'cmi.exit', raw: 'cmi.score.raw', response: 'learner_response', wrong: 'incorrect' },
};

/** The interaction records of a flattened CMI, by index. */
function interactions(flat) {
  const out = [];
  for (const [k, v] of Object.entries(flat)) {
    const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(k);
    if (m) (out[Number(m[1])] ??= {})[m[2]] = v;
  }
  return out;
}

for (const standard of ['1.2', '2004']) {
  const k = keys[standard];

  test(`SCORM ${standard}: a pass path, left halfway and resumed from the LMS's data on another device`, async () => {
    const first = await openScormLaunch(browser, host, { standard, contentUrl: LAUNCH });
    await begin(first.content);
    const half = Math.floor(best.decisions.length / 2);
    await decide(first.content, best.decisions.slice(0, half));
    await first.content.getByRole('button', { name: 'Exit · resume later' }).click();
    await first.content.getByRole('heading', { level: 1, name: 'You can close this window' }).waitFor();
    assert.deepEqual(await checkRun(first.page), { strict: [], sequence: [] });
    const flat = await finalCmi(first.page);
    assert.equal(flat[k.status], 'incomplete');
    assert.equal(flat[k.exit], 'suspend');
    assert.equal(flat[k.location], best.decisions[half].scene);
    assert.ok(flat['cmi.suspend_data'].length <= 4096);
    assert.match(flat['cmi.suspend_data'], new RegExp(`^m1;[0-9a-f]{16};;${best.decisions.slice(0, half).map((d) => d.choice).join(',')};;1$`));
    const records = interactions(flat);
    assert.equal(records.length, half);
    records.forEach((r, i) => {
      assert.equal(r[k.response], best.decisions[i].choice);
      assert.equal(r.result, 'correct');
      assert.equal(r.type, 'choice');
      assert.equal(r.id, `d${i + 1}.${best.decisions[i].scene}.${best.decisions[i].choice}`);
    });
    const calls = countCalls(await callLog(first.page));
    assert.ok(calls[standard === '1.2' ? 'LMSCommit' : 'Commit'] >= half, JSON.stringify(calls));
    assert.deepEqual(first.problems, { pageErrors: [], consoleErrors: [] });
    await first.close();

    // Another device (a fresh browser context): only the LMS knows where the learner was.
    const second = await openScormLaunch(browser, host, { standard, contentUrl: LAUNCH, preload: resumePreload(flat, standard) });
    await second.content.getByRole('heading', { level: 1, name: best.decisions[half].sceneTitle }).waitFor();
    assert.match(await second.content.getByTestId('progress').textContent(), new RegExp(`^Decision ${half + 1} of about \\d+$`));
    await decide(second.content, best.decisions.slice(half), { last: true });
    assert.equal(Number(await second.content.getByTestId('final-score').textContent()), best.score);
    await second.content.getByRole('button', { name: 'Finish' }).click();
    await second.content.getByRole('heading', { level: 1, name: 'You can close this window' }).waitFor();
    assert.deepEqual(await checkRun(second.page), { strict: [], sequence: [] });
    const done = await finalCmi(second.page);
    assert.equal(done[k.raw], String(best.score));
    if (standard === '1.2') {
      assert.equal(done['cmi.core.lesson_status'], 'passed');
      assert.equal(done['cmi.core.exit'], '');
    } else {
      assert.equal(done['cmi.completion_status'], 'completed');
      assert.equal(done['cmi.success_status'], 'passed');
      assert.equal(done['cmi.score.scaled'], String(best.score / 100));
      assert.equal(done['cmi.exit'], 'normal');
    }
    assert.equal(done[k.location], 'end');
    // Only the decisions made in this session were recorded in it.
    const again = interactions(done);
    assert.deepEqual(again.map((r) => r[k.response]), best.decisions.slice(half).map((d) => d.choice));
    await second.close();
  });

  test(`SCORM ${standard}: a fail path records failed, the wrong answers and the score`, async () => {
    const run = await openScormLaunch(browser, host, { standard, contentUrl: LAUNCH });
    await begin(run.content);
    await decide(run.content, worst.decisions, { last: true });
    assert.equal(Number(await run.content.getByTestId('final-score').textContent()), worst.score);
    await run.content.getByRole('button', { name: 'Finish' }).click();
    await run.content.getByRole('heading', { level: 1, name: 'You can close this window' }).waitFor();
    assert.deepEqual(await checkRun(run.page), { strict: [], sequence: [] });
    const flat = await finalCmi(run.page);
    assert.equal(flat[k.raw], String(worst.score));
    assert.equal(flat[standard === '1.2' ? 'cmi.core.lesson_status' : 'cmi.success_status'], 'failed');
    const records = interactions(flat);
    assert.equal(records.length, worst.decisions.length);
    assert.ok(records.some((r) => r.result === k.wrong), 'the worst path has wrong answers');
    const list = await commits(run.page);
    assert.equal(list.at(-1).metadata.isTerminateCommit, true);
    await run.close();
  });
}

test('SCORM 1.2 in a popup: the API is found through the opener', async () => {
  const run = await openScormLaunch(browser, host, { standard: '1.2', contentUrl: LAUNCH, launch: 'popup' });
  await begin(run.content);
  await decide(run.content, best.decisions.slice(0, 1));
  await run.content.getByRole('button', { name: 'Exit · resume later' }).click();
  await run.content.getByRole('heading', { level: 1, name: 'You can close this window' }).waitFor();
  assert.deepEqual(await checkRun(run.page), { strict: [], sequence: [] });
  assert.equal(interactions(await finalCmi(run.page)).length, 1);
  assert.deepEqual(run.problems, { pageErrors: [], consoleErrors: [] });
  await run.close();
});

test('in a cross-origin frame no API can be reached: Mandate plays standalone, without an error', async () => {
  const run = await openScormLaunch(browser, host, { standard: '1.2', contentUrl: LAUNCH, launch: 'cross-origin' });
  await run.content.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  assert.equal(await run.content.getByText('Recording to your LMS').count(), 0);
  assert.deepEqual(await callLog(run.page), []);
  assert.deepEqual(run.problems, { pageErrors: [], consoleErrors: [] });
  await run.close();
});

test('with no LMS at all the page runs standalone and says nothing about one', async () => {
  const run = await openScormLaunch(browser, host, { standard: '1.2', contentUrl: LAUNCH, launch: 'top' });
  await run.content.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  assert.equal(await run.content.getByText(/learning platform|LMS/).count(), 0);
  assert.deepEqual(run.problems, { pageErrors: [], consoleErrors: [] });
  await run.close();
});

// index.html's boot script chooses the binary before any of it loads: the learner's app
// with its LMS support where an LMS's API is around the page, the learner's app (which has
// none, and is smaller) everywhere else.
for (const [standard, launch, binary] of [
  ['1.2', 'iframe', 'lms'], ['2004', 'iframe', 'lms'], ['1.2', 'popup', 'lms'],
  ['2004', 'cross-origin', 'learner'], ['1.2', 'top', 'learner'],
]) {
  test(`SCORM ${standard}, ${launch} launch: the ${binary === 'lms' ? "LMS launch's" : "learner's"} binary, and only it, loads`, async () => {
    // No service worker: its install would fetch the learner's binary for the cache.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const wasm = [];
    context.on('request', (r) => { if (/_bg\.wasm$/.test(r.url())) wasm.push(new URL(r.url()).pathname); });
    const run = await openScormLaunch(context, host, { standard, contentUrl: LAUNCH, launch });
    await run.content.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
    assert.equal(wasm.length, 1, `one binary: ${wasm}`);
    assert.match(wasm[0], binary === 'lms' ? /\/mandate-lms-[0-9a-f]{16}_bg\.wasm$/ : /\/mandate-[0-9a-f]{16}_bg\.wasm$/);
    assert.equal(await run.content.getByText(/^Recording to your LMS/).count(), binary === 'lms' ? 1 : 0);
    assert.deepEqual(run.problems, { pageErrors: [], consoleErrors: [] });
    await context.close();
  });
}

test("SCORM: a page that loaded the learner's binary despite the LMS says nothing is recorded, leaves the LMS alone, and plays", async () => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  // A boot script that does not see the LMS (an older or altered page).
  await hideLmsFromBoot(context);
  const run = await openScormLaunch(context, host, { standard: '2004', contentUrl: LAUNCH });
  await run.content.getByText('Your learning platform launched Mandate, but the page loaded without its part that talks to learning platforms, so nothing is recorded there. Reload the page to record your results.').waitFor();
  await begin(run.content);
  await run.content.getByRole('group', { name: 'What do you do?' }).waitFor();
  assert.deepEqual(await callLog(run.page), []);
  assert.deepEqual(run.problems, { pageErrors: [], consoleErrors: [] });
  await context.close();
});

test('LMS errors are logged and never stop the learner', async () => {
  const run = await openScormLaunch(browser, host, {
    standard: '2004',
    contentUrl: LAUNCH,
    failures: { setValue: { 'cmi.interactions.*': 351, 'cmi.score.raw': 406 }, commit: { code: 391, times: 3 } },
  });
  const warnings = [];
  run.page.on('console', (m) => { if (m.type() === 'warning' && m.text().startsWith('Mandate · LMS')) warnings.push(m.text()); });
  await begin(run.content);
  await decide(run.content, worst.decisions, { last: true });
  await run.content.getByRole('button', { name: 'Finish' }).click();
  await run.content.getByRole('heading', { level: 1, name: 'You can close this window' }).waitFor();
  const flat = await finalCmi(run.page);
  assert.equal(flat['cmi.success_status'], 'failed', 'the rest still went through');
  assert.equal(interactions(flat).length, 0, 'every interaction write was refused');
  assert.ok(warnings.some((w) => /SetValue\(cmi\.interactions\.0\.id, .*error 351/.test(w)), `${warnings.length} warnings`);
  assert.ok(warnings.some((w) => /Commit\(\) answered “false”: error 391/.test(w)), warnings.filter((w) => !w.includes('SetValue')).join('\n'));
  const calls = countCalls(await callLog(run.page));
  assert.equal(calls.Initialize, 1);
  assert.equal(calls.Terminate, 1);
  assert.deepEqual(run.problems.pageErrors, []);
  await run.close();
});

for (const [mode, credit] of [['review', 'credit'], ['browse', 'credit'], ['normal', 'no-credit']]) {
  test(`a ${mode}${credit === 'no-credit' ? ', no-credit' : ''} launch changes nothing in the LMS`, async () => {
    const run = await openScormLaunch(browser, host, { standard: '1.2', contentUrl: LAUNCH, mode, credit });
    await run.content.getByText('Review · nothing recorded · SCORM 1.2').waitFor();
    await begin(run.content);
    await decide(run.content, best.decisions.slice(0, 2));
    await run.content.getByRole('button', { name: 'Exit · resume later' }).click();
    const log = await callLog(run.page);
    assert.deepEqual(log.filter((e) => e.fn === 'LMSSetValue'), []);
    assert.deepEqual(await checkRun(run.page), { strict: [], sequence: [] });
    await run.close();
  });
}

test("the LMS's saved state wins over this device's copy", async () => {
  const context = await browser.newContext();
  const first = await openScormLaunch(context, host, { standard: '1.2', contentUrl: LAUNCH });
  await begin(first.content);
  await decide(first.content, best.decisions.slice(0, 2));
  await first.content.getByRole('button', { name: 'Exit · resume later' }).click();
  const lmsState = resumePreload(await finalCmi(first.page), '1.2');
  await first.close();
  // The device goes further in a session whose commits the LMS lost.
  const second = await openScormLaunch(context, host, { standard: '1.2', contentUrl: LAUNCH, preload: lmsState });
  await decide(second.content, best.decisions.slice(2, 4));
  await second.content.getByRole('heading', { level: 1, name: best.decisions[4].sceneTitle }).waitFor();
  await second.close();
  // Relaunched with the LMS's state: decision 3, not this device's decision 5.
  const third = await openScormLaunch(context, host, { standard: '1.2', contentUrl: LAUNCH, preload: lmsState });
  await third.content.getByRole('heading', { level: 1, name: best.decisions[2].sceneTitle }).waitFor();
  assert.match(await third.content.getByTestId('progress').textContent(), /^Decision 3 of about \d+$/);
  await third.close();
  await context.close();
});

test('a reload inside the LMS player carries on from the device and says nothing more is recorded', async () => {
  const run = await openScormLaunch(browser, host, { standard: '1.2', contentUrl: LAUNCH });
  await begin(run.content);
  await decide(run.content, best.decisions.slice(0, 2));
  await run.content.evaluate(() => location.reload());
  const frame = await (await run.page.waitForSelector('iframe#content')).contentFrame();
  await frame.getByRole('heading', { level: 1, name: best.decisions[2].sceneTitle }).waitFor();
  await frame.getByText("Your learning platform's session for this page has ended").first().waitFor();
  const log = await callLog(run.page);
  const inits = log.filter((e) => e.fn === 'LMSInitialize');
  assert.equal(inits.length, 2);
  assert.equal(inits[1].ret, 'false', 'scorm-again refuses a second session after LMSFinish');
  assert.equal(log.filter((e) => e.fn === 'LMSFinish').length, 1);
  assert.deepEqual(run.problems.pageErrors, []);
  await run.close();
});

test("the LMS's language preference opens the case in German, and the records stay the same", async () => {
  const german = corePaths(`scenarios/de/${CASE}.mandate`);
  const { best: bestGerman } = bestAndWorst(german);
  for (const [standard, element] of [['1.2', 'cmi.student_preference.language'], ['2004', 'cmi.learner_preference.language']]) {
    const run = await openScormLaunch(browser, host, { standard, contentUrl: LAUNCH, preload: { [element]: 'de-DE' } });
    await run.content.getByRole('button', { name: 'Verhandlung beginnen' }).click();
    await run.content.getByRole('heading', { level: 1, name: bestGerman.decisions[0].sceneTitle }).waitFor();
    await run.content.getByRole('group', { name: 'Was tun Sie?' }).getByRole('button', { name: bestGerman.decisions[0].label, exact: true }).click();
    await run.content.getByRole('heading', { level: 1, name: 'Wie das der Strategie gedient hat' }).waitFor();
    await run.content.getByRole('button', { name: 'Beenden · später fortsetzen' }).click();
    await run.content.locator('h1').first().waitFor();
    assert.deepEqual(await checkRun(run.page), { strict: [], sequence: [] });
    const flat = await finalCmi(run.page);
    // The suspend data names the same choice id as an English attempt would.
    assert.match(flat['cmi.suspend_data'], new RegExp(`^m1;[0-9a-f]{16};;${best.decisions[0].choice};;`));
    assert.deepEqual(run.problems, { pageErrors: [], consoleErrors: [] });
    await run.close();
  }
});
