// A class session, end to end and with no server: the instructor sets it up and projects
// the link's QR code; three learners play on their own devices (feedback only at the
// end) and get result codes with QR codes; the instructor's class debrief aggregates
// the codes to the figures the core computes, refuses bad ones with a reason, and
// exports a CSV. Every QR code on screen is decoded back with jsQR.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, corePaths, watch, bestAndWorst, decodeQrPng } from './harness.mjs';

const CASE = 'purchasing-tech-leader';
let server;
let browser;
let core;
let best;
let worst;
let mixed;

before(async () => {
  core = corePaths(`scenarios/${CASE}.mandate`);
  ({ best, worst } = bestAndWorst(core));
  mixed = core.strategies[0].paths.find((p) => p !== best && p !== worst && p.decisions[0].choice === best.decisions[0].choice && !p.passed);
  assert.ok(mixed, 'a third, different path');
  server = await startServer(process.env.MANDATE_DIST ? { root: process.env.MANDATE_DIST } : {});
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** Screenshots the QR code inside `locator` and decodes it with jsQR. */
async function decodeQr(page, locator) {
  const { found } = await decodeQrPng(page, await locator.locator('svg').screenshot({ type: 'png' }));
  assert.ok(found, 'the QR code decodes');
  return found.data;
}

/** A learner plays `path` from the link, with feedback only at the end. */
async function learner(link, path, name) {
  const context = await browser.newContext({ viewport: { width: 420, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  await page.goto(link);
  await page.getByText(/^Class session [0-9A-Z]{4}-[0-9A-Z]{4}$/).waitFor();
  // From here on the room's Wi-Fi is gone: the page needs nothing more.
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  for (const d of path.decisions) {
    await page.getByRole('heading', { level: 1, name: d.sceneTitle }).waitFor();
    await page.getByRole('group', { name: 'What do you do?' }).getByRole('button', { name: d.label, exact: true }).click();
    // No feedback screen between decisions in this session.
    assert.equal(await page.getByRole('heading', { level: 1, name: 'How that served the strategy' }).count(), 0);
  }
  await page.getByTestId('final-score').waitFor();
  assert.equal(Number(await page.getByTestId('final-score').textContent()), path.score);
  if (name) await page.getByLabel('Your name (optional, at most 40 characters)').fill(name);
  const code = (await page.getByTestId('result-code').textContent()).trim();
  assert.match(code, /^M[0-9A-Z]-[0-9A-Z-]+$/);
  assert.ok(code.length <= 80, `${code.length} characters`);
  assert.equal(await decodeQr(page, page.locator('.result-card .qr')), code);
  // The download holds the same code.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the code' }).click()]);
  const saved = await new Promise((resolve, reject) => {
    download.createReadStream().then((s) => { let t = ''; s.on('data', (c) => { t += c; }); s.on('end', () => resolve(t)); s.on('error', reject); }, reject);
  });
  assert.equal(saved, `${code}\n`);
  assert.deepEqual(problems, []);
  await context.close();
  return code;
}

test('a class session: set-up with a QR link, three learners offline, codes aggregated in the class debrief', async () => {
  const setup = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await setup.goto(`${server.url}?classroom`);
  await setup.getByRole('heading', { level: 1, name: 'Set up a class session' }).waitFor();
  await setup.getByLabel('Scenario').selectOption({ label: core.title });
  await setup.getByLabel('Only in the debrief at the end (discuss first)').check();
  const code = (await setup.getByTestId('session-code').textContent()).trim();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const link = await setup.getByTestId('learner-link').textContent();
  assert.equal(link, `${server.url}index.html`.replace(/index\.html$/, '') + `?session=${code}&case=${CASE}&feedback=end`);
  assert.equal(await decodeQr(setup, setup.locator('.classroom__share .qr')), link);

  const codes = [
    await learner(link, best),
    await learner(link, worst),
    await learner(link, mixed, 'Ana Müller'),
  ];
  assert.equal(new Set(codes).size, 3);

  await setup.getByRole('link', { name: 'Open the class debrief' }).click();
  await setup.getByRole('heading', { level: 1, name: core.title }).waitFor();
  await setup.context().setOffline(true);
  const broken = `${codes[0].slice(0, -1)}${codes[0].at(-1) === 'A' ? 'B' : 'A'}`;
  await setup.getByLabel('Paste result codes, one per line').fill([...codes, codes[0], broken, 'hello'].join('\n'));
  await setup.getByRole('button', { name: 'Add the codes' }).click();
  await setup.getByTestId('participation').filter({ hasText: '3' }).waitFor();
  const scores = [best.score, worst.score, mixed.score];
  const mean = scores.reduce((a, b) => a + b, 0) / 3;
  assert.equal(await setup.getByTestId('mean').textContent(), mean.toFixed(1));
  assert.equal(await setup.getByTestId('pass-rate').textContent(), '1 of 3 · 33%');
  const refused = await setup.locator('.refused li').allTextContents();
  assert.equal(refused.length, 2, refused.join('\n'));
  assert.match(refused[0], /^pasted, line 5: /);
  assert.match(refused[1], /^pasted, line 6: /);
  assert.match(await setup.getByText(/handed in twice/).textContent(), /^1 result\(s\) handed in twice were counted once\.$/);
  // The first decision: two learners took the best option, one the worst path's.
  const first = setup.locator('.decision-share').first();
  assert.match(await first.locator('h3').textContent(), new RegExp(`^${best.decisions[0].sceneTitle} · 3 decision\\(s\\)$`));
  const row = first.locator('tr', { hasText: best.decisions[0].label });
  assert.match(await row.textContent(), /2 · 67%$/);

  const [download] = await Promise.all([setup.waitForEvent('download'), setup.getByRole('button', { name: 'Download CSV' }).click()]);
  const csv = await new Promise((resolve, reject) => {
    download.createReadStream().then((s) => { let t = ''; s.on('data', (c) => { t += c; }); s.on('end', () => resolve(t)); s.on('error', reject); }, reject);
  });
  const lines = csv.trim().split(/\r?\n/);
  const decisions = best.decisions.length + worst.decisions.length + mixed.decisions.length;
  assert.equal(lines.length, 1 + decisions + 3, 'a header, one row per decision, one summary row per learner');
  assert.ok(lines.some((l) => l.startsWith('Ana Müller,') || l.startsWith('"Ana Müller"')), 'the named learner');
  await setup.context().close();
});

test('a broken class link says what is wrong and the app still works', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}?session=K7P2-9QXM&case=no-such-case`);
  await page.getByText(/^This class link cannot be used: /).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  await page.close();
});

test('the class debrief reads an xAPI statement export of a cohort like result codes', async () => {
  const activity = 'https://lms.example.com/activities/au-1';
  const statements = [];
  let t = Date.parse('2026-11-27T09:00:00Z');
  for (const [n, path] of [best, worst].entries()) {
    const registration = `00000000-0000-4000-8000-00000000000${n}`;
    for (const d of path.decisions) {
      t += 1000;
      statements.push({
        id: `10000000-0000-4000-8000-${String(statements.length).padStart(12, '0')}`,
        actor: { objectType: 'Agent', account: { homePage: 'https://lms.example.com', name: `learner-${n}` } },
        verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
        object: { id: `${activity}/scenario/${CASE}/node/${d.scene}`, objectType: 'Activity' },
        result: { response: d.choice },
        context: { registration },
        timestamp: new Date(t).toISOString(),
      });
    }
  }
  const page = await browser.newPage();
  await page.goto(`${server.url}?classroom=debrief&session=K7P2-9QXM&case=${CASE}`);
  await page.getByRole('heading', { level: 1, name: core.title }).waitFor();
  await page.locator('input[type=file]').setInputFiles({ name: 'cohort.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(statements)) });
  await page.getByTestId('participation').filter({ hasText: '2' }).waitFor();
  assert.equal(await page.getByTestId('mean').textContent(), ((best.score + worst.score) / 2).toFixed(1));
  assert.equal(await page.getByTestId('pass-rate').textContent(), '1 of 2 · 50%');
  await page.close();
});
