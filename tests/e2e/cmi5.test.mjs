// Mandate as a cmi5 assignable unit against a real record store: Ralph on loopback holds
// the statements, a small LMS (tests/e2e/lrs.mjs) plays the fetch URL, LaunchData and the
// state API. Every statement the app sends is validated with xapi-validation and held to
// the cmi5 rules; the order, the scores and the return to the LMS are checked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, corePaths, ALIGNMENT_LABELS, bestAndWorst, hideLmsFromBoot } from './harness.mjs';
import { startRalph, startCmi5Lms, validateStatement, cmi5Violations } from './lrs.mjs';

const CASE = 'purchasing-tech-leader';
let core;
let best;
let worst;
let server;
let ralph;
let browser;

before(async () => {
  core = corePaths(`scenarios/${CASE}.mandate`);
  ({ best, worst } = bestAndWorst(core));
  server = await startServer();
  ralph = await startRalph();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
  await ralph?.stop();
});

async function decide(page, decisions, { last = false } = {}) {
  for (const [i, d] of decisions.entries()) {
    await page.getByRole('heading', { level: 1, name: d.sceneTitle }).waitFor();
    await page.getByRole('group', { name: 'What do you do?' }).getByRole('button', { name: d.label, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'How that served the strategy' }).waitFor();
    assert.equal((await page.getByTestId('alignment').textContent()).replace(/[▲▼●]/g, '').trim(), ALIGNMENT_LABELS[d.align]);
    await page.getByRole('button', { name: last && i === decisions.length - 1 ? 'See the outcome' : 'Continue', exact: true }).click();
  }
}

const verb = (s) => s.verb.id.split('/').at(-1);

/** Waits until the LMS has received `n` statements from the app. */
async function received(lms, n) {
  for (let i = 0; i < 100 && lms.statements().length < n; i += 1) await new Promise((r) => setTimeout(r, 50));
  return lms.statements();
}

async function launch(lms) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(await lms.launchUrl(`${server.url}index.html?case=${CASE}`));
  return { context, page, errors };
}

for (const [name, pathOf, verdict] of [['pass', () => best, 'passed'], ['fail', () => worst, 'failed']]) {
  test(`cmi5, Normal launch, a ${name} path: initialized, answered per decision, completed, ${verdict}, terminated`, async () => {
    const path = pathOf();
    const lms = await startCmi5Lms({ ralph, appOrigin: server.origin, masteryScore: 0.7, moveOn: 'CompletedAndPassed' });
    const { context, page, errors } = await launch(lms);
    await page.getByText('Recording to your LMS · cmi5').waitFor();
    await page.getByRole('button', { name: 'Begin the negotiation' }).click();
    await decide(page, path.decisions, { last: true });
    assert.equal(Number(await page.getByTestId('final-score').textContent()), path.score);
    await page.getByRole('button', { name: 'Finish' }).click();
    // After `terminated` is sent, the learner is taken to the LMS's returnURL.
    await page.waitForURL(`${lms.url}/return`);
    const sent = await received(lms, path.decisions.length + 4);
    assert.deepEqual(sent.map(verb), ['initialized', ...path.decisions.map(() => 'answered'), 'completed', verdict, 'terminated']);
    for (const s of sent) assert.deepEqual(validateStatement(s), [], `${verb(s)} ${JSON.stringify(s).slice(0, 200)}`);
    assert.deepEqual(cmi5Violations(sent, lms.expect), []);
    assert.deepEqual(lms.protocolViolations(), []);
    // Each decision: which option was chosen, against the best one offered.
    sent.filter((s) => verb(s) === 'answered').forEach((s, i) => {
      const d = path.decisions[i];
      assert.equal(s.object.id, `${lms.activityId}/scenario/${CASE}/node/${d.scene}`);
      assert.equal(s.result.response, d.choice);
      assert.ok(s.object.definition.choices.some((c) => c.id === d.choice));
    });
    const scored = sent.find((s) => verb(s) === verdict);
    assert.equal(scored.result.score.raw, path.score);
    assert.equal(scored.result.score.scaled, path.score / 100);
    assert.equal(scored.result.success, verdict === 'passed');
    // The fetch URL was used once; everything reached the record store.
    assert.deepEqual(lms.requests.filter((r) => r.path === '/fetch').map((r) => r.method), ['POST'], 'one POST, no preflight');
    const stored = await lms.lrsStatements();
    for (const s of sent) assert.ok(stored.some((t) => t.id === s.id), `${verb(s)} is in Ralph`);
    assert.deepEqual(errors, []);
    await context.close();
    await lms.close();
  });
}

test('cmi5, Browse launch: only initialized and terminated, whatever the learner does', async () => {
  const lms = await startCmi5Lms({ ralph, appOrigin: server.origin, launchMode: 'Browse', masteryScore: 0.7 });
  const { context, page } = await launch(lms);
  await page.getByText('Review · nothing recorded · cmi5').waitFor();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  await decide(page, best.decisions.slice(0, 3));
  await page.getByRole('button', { name: 'Exit · resume later' }).click();
  await page.waitForURL(`${lms.url}/return`);
  const sent = await received(lms, 2);
  assert.deepEqual(sent.map(verb), ['initialized', 'terminated']);
  assert.deepEqual(cmi5Violations(sent, { ...lms.expect, finished: false }), []);
  await context.close();
  await lms.close();
});

test('cmi5: a reload carries on in the same session with the same token; the resume state is stored with the LMS', async () => {
  const lms = await startCmi5Lms({ ralph, appOrigin: server.origin, masteryScore: 0.7 });
  const { context, page, errors } = await launch(lms);
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  await decide(page, best.decisions.slice(0, 2));
  await page.reload();
  await page.getByRole('heading', { level: 1, name: best.decisions[2].sceneTitle }).waitFor();
  assert.equal(lms.requests.filter((r) => r.path === '/fetch' && r.method === 'POST').length, 1, 'the token was reused, not fetched again');
  // The reloaded page writes where it stands; that write may still be on its way when
  // the heading shows, so wait for it (at most 5 s).
  const expected = new RegExp(`^m1;[0-9a-f]{16};;${best.decisions.slice(0, 2).map((d) => d.choice).join(',')};;1$`);
  const writes = () => lms.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/activities/state') && r.query.stateId === 'mandate.suspend');
  for (let waited = 0; waited < 5000 && !expected.test(writes().at(-1)?.body.suspend ?? ''); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const saved = writes();
  assert.ok(saved.length >= 2);
  assert.match(saved.at(-1).body.suspend, expected);
  assert.match(lms.storedState('mandate.suspend').suspend, expected);
  // The session goes on: one `initialized`, every decision once, then the end.
  await decide(page, best.decisions.slice(2), { last: true });
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.waitForURL(`${lms.url}/return`);
  const sent = await received(lms, best.decisions.length + 4);
  assert.deepEqual(sent.map(verb), ['initialized', ...best.decisions.map(() => 'answered'), 'completed', 'passed', 'terminated']);
  assert.deepEqual(cmi5Violations(sent, lms.expect), []);
  assert.deepEqual(errors, []);
  await context.close();
  await lms.close();
});

test('cmi5: a reload while the LMS is stalled loses nothing: the tab\'s newest state is taken, the unsent statements go once', async () => {
  const lms = await startCmi5Lms({ ralph, appOrigin: server.origin, masteryScore: 0.7 });
  const { context, page, errors } = await launch(lms);
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  await received(lms, 1);
  // The LMS stops handling writes: the first decision's request waits there, the rest
  // wait in the tab's queue when the page reloads.
  lms.holdWrites();
  await decide(page, best.decisions.slice(0, 2));
  await page.reload();
  await page.getByRole('heading', { level: 1, name: best.decisions[2].sceneTitle }).waitFor();
  // The LMS holds at most the state from before the first decision (m1;hash;strategy;choices;…).
  const behind = lms.storedState('mandate.suspend');
  assert.ok(behind === undefined || behind.suspend.split(';')[3] === '', `the LMS had no decision yet: ${JSON.stringify(behind)}`);
  lms.releaseWrites();
  await decide(page, best.decisions.slice(2), { last: true });
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.waitForURL(`${lms.url}/return`);
  const sent = await received(lms, best.decisions.length + 4);
  assert.deepEqual(sent.map(verb), ['initialized', ...best.decisions.map(() => 'answered'), 'completed', 'passed', 'terminated']);
  assert.deepEqual(sent.filter((s) => verb(s) === 'answered').map((s) => s.result.response), best.decisions.map((d) => d.choice));
  assert.deepEqual(cmi5Violations(sent, lms.expect), []);
  assert.deepEqual(lms.protocolViolations(), []);
  assert.deepEqual(errors, []);
  await context.close();
  await lms.close();
});

test("cmi5: the launch loads the LMS launch's binary; a page that loaded the learner's instead says nothing is recorded, and plays", async () => {
  const lms = await startCmi5Lms({ ralph, appOrigin: server.origin });
  const url = await lms.launchUrl(`${server.url}index.html?case=${CASE}`);
  // No service worker: its install would fetch the learner's binary for the cache.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const wasm = [];
  context.on('request', (r) => { if (/_bg\.wasm$/.test(r.url())) wasm.push(new URL(r.url()).pathname); });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.getByText('Recording to your LMS · cmi5').waitFor();
  assert.equal(wasm.length, 1, `one binary: ${wasm}`);
  assert.match(wasm[0], /\/mandate-lms-[0-9a-f]{16}_bg\.wasm$/);
  // The same launch with a boot script that does not see it (an older or altered page):
  // the learner's binary, which has no LMS support, says so instead of failing silently.
  wasm.length = 0;
  await hideLmsFromBoot(context);
  const second = await context.newPage();
  second.on('pageerror', (e) => errors.push(e.message));
  await second.goto(await lms.launchUrl(`${server.url}index.html?case=${CASE}`));
  await second.getByText("Your learning platform launched Mandate, but the page loaded without its part that talks to learning platforms, so nothing is recorded there. Reload the page to record your results.").waitFor();
  assert.equal(wasm.length, 1, `one binary: ${wasm}`);
  assert.match(wasm[0], /\/mandate-[0-9a-f]{16}_bg\.wasm$/);
  await second.getByRole('button', { name: 'Begin the negotiation' }).click();
  await second.getByRole('group', { name: 'What do you do?' }).waitFor();
  assert.equal(await second.getByText(/^Recording to your LMS/).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
  await lms.close();
});

test('cmi5: a spent launch link gets a page that says to relaunch, and play without recording', async () => {
  const lms = await startCmi5Lms({ ralph, appOrigin: server.origin });
  const url = await lms.launchUrl(`${server.url}index.html?case=${CASE}`);
  // Someone (another tab, a link preview) used the one-time fetch URL first.
  await fetch(lms.fetchUrl, { method: 'POST' });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: 'This launch could not be started' }).waitFor();
  await page.getByText(/the LMS did not hand over a session \(error 1: /).waitFor();
  await page.getByRole('button', { name: 'Play without recording' }).click();
  await page.getByText('Playing without recording: nothing from this visit reaches your learning platform.').waitFor();
  await context.close();
  await lms.close();
});
