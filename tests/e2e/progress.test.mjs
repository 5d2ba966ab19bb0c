// Progress that is never lost, in a real browser: history and review, learner
// profiles that do not leak, export then import into a fresh browser profile, two tabs
// at once, a sandboxed iframe without storage, and hostile import files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, corePaths, watch, playDecisions } from './harness.mjs';

const SCENARIO = 'scenarios/purchasing-tech-leader.mandate';
const TITLE = 'Purchasing at a technology leader';
let server;
let browser;
let core;

before(async () => {
  core = corePaths(SCENARIO);
  server = await startServer({
    extra: {
      // A page that embeds the app in a sandbox without allow-same-origin: no storage.
      'sandboxed.html': '<!doctype html><title>LMS page</title><link rel="icon" href="data:,"><iframe sandbox="allow-scripts allow-downloads" src="index.html" style="width:1200px;height:900px"></iframe>',
    },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function home(context) {
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  return { page, problems };
}

async function playOnce(page, path) {
  await page.getByRole('article', { name: TITLE }).getByRole('button', { name: /^(Start|Play again)$/ }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  return playDecisions(page, path.decisions);
}

const byScore = () => [...core.paths].sort((a, b) => b.score - a.score);

test('finished attempts are listed with their score and can be reviewed', async () => {
  const context = await browser.newContext();
  const { page, problems } = await home(context);
  const [best] = byScore();
  const weak = byScore().at(-1);
  assert.equal(await playOnce(page, weak), weak.score);
  await page.getByRole('button', { name: 'Back to scenarios' }).click();
  assert.equal(await playOnce(page, best), best.score);
  await page.getByRole('button', { name: /^Your progress/ }).click();
  const history = page.getByTestId('history-purchasing-tech-leader');
  await history.waitFor();
  assert.match(await history.textContent(), new RegExp(`Best ${best.score} / 100 \\(passed\\) · latest ${best.score} / 100 · 2 finished`));
  const rows = history.getByRole('row');
  assert.equal(await rows.count(), 3); // the header and two attempts, newest first
  assert.match(await rows.nth(2).textContent(), new RegExp(`${weak.score}not passed${weak.decisions.length}`));
  await rows.nth(2).getByRole('button', { name: 'Review' }).click();
  await page.getByText('A past attempt, reviewed').waitFor();
  assert.equal(Number(await page.getByTestId('final-score').textContent()), weak.score);
  assert.equal(await page.getByTestId('practice-from').count(), 0, 'a review offers no practice');
  await page.getByRole('button', { name: 'Back to your progress' }).click();
  await history.waitFor();
  assert.match(await page.getByTestId('footprint').textContent(), /takes \d+\.\d KB/);
  // Home shows the best and the latest result too.
  await page.getByRole('button', { name: 'Back to scenarios' }).click();
  assert.match(await page.getByRole('article', { name: TITLE }).textContent(), new RegExp(`Best score ${best.score} / 100 · passed · latest ${best.score}`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('learners on one device each keep their own progress', async () => {
  const context = await browser.newContext();
  const { page, problems } = await home(context);
  const path = byScore()[0];
  assert.equal(await playOnce(page, path), path.score);
  await page.getByRole('button', { name: /^Your progress/ }).click();
  await page.getByRole('textbox', { name: 'Add a learner' }).fill('Ama Mensah');
  await page.getByRole('button', { name: 'Add and switch' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ama Mensah’s progress' }).waitFor();
  assert.match(await page.getByTestId('history-purchasing-tech-leader').textContent(), /No finished attempt yet/);
  await page.getByRole('button', { name: 'Back to scenarios' }).click();
  assert.match(await page.getByRole('article', { name: TITLE }).textContent(), /Not started/);
  // Switching back shows the first learner's result again; a reload keeps who is playing.
  await page.getByRole('button', { name: /^Your progress/ }).click();
  await page.getByTestId('profile-select').selectOption({ label: 'Learner' });
  await page.getByRole('heading', { level: 1, name: 'Learner’s progress' }).waitFor();
  // A reload resumes where this learner was (their finished attempt's outcome).
  await page.reload();
  await page.getByRole('button', { name: 'Your progress · Learner' }).waitFor();
  assert.equal(Number(await page.getByTestId('final-score').textContent()), path.score);
  await page.getByRole('button', { name: 'Back to scenarios' }).click();
  assert.match(await page.getByRole('article', { name: TITLE }).textContent(), new RegExp(`Best score ${path.score} / 100`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('export, then import into a fresh browser profile, merges without duplicates', async () => {
  const first = await browser.newContext({ acceptDownloads: true });
  const { page, problems } = await home(first);
  const path = byScore()[0];
  await playOnce(page, path);
  await page.getByRole('button', { name: /^Your progress/ }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export progress to a file' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^mandate-progress-\d{4}-\d{2}-\d{2}\.json$/);
  const file = join(mkdtempSync(join(tmpdir(), 'mandate-')), 'progress.json');
  await download.saveAs(file);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).schema, 2);
  await first.close();

  // Another browser profile: nothing saved yet.
  const second = await browser.newContext();
  const other = await home(second);
  await other.page.getByRole('button', { name: /^Your progress/ }).click();
  await other.page.getByTestId('import-input').setInputFiles(file);
  await other.page.getByTestId('import-message').filter({ hasText: 'progress.json was imported.' }).waitFor();
  await other.page.getByText(/Imported 1 new attempt/).waitFor();
  assert.match(await other.page.getByTestId('history-purchasing-tech-leader').textContent(), new RegExp(`Best ${path.score} / 100`));
  // The same file again adds nothing.
  await other.page.getByTestId('import-input').setInputFiles(file);
  await other.page.getByText(/Imported 0 new attempts/).waitFor();
  assert.equal(await other.page.getByTestId('history-purchasing-tech-leader').getByRole('row').count(), 2);
  assert.deepEqual([...problems, ...other.problems], []);
  await second.close();
});

test('hostile import files are refused with a specific message, and nothing changes', async () => {
  const context = await browser.newContext();
  const { page, problems } = await home(context);
  await playOnce(page, byScore()[0]);
  await page.getByRole('button', { name: /^Your progress/ }).click();
  const before = await page.getByTestId('history-purchasing-tech-leader').textContent();
  const dir = mkdtempSync(join(tmpdir(), 'mandate-'));
  const cases = [
    ['script.json', '<script>alert(1)</script>', /script\.json was not imported: saved progress is damaged \(not valid JSON/],
    ['html.json', '{"schema":2,"current":"x","profiles":{"x":{"name":"<img src=x onerror=alert(1)>","progress":{"scenarios":{"<b>bold</b>":{}}}}}}', /html\.json was not imported: saved progress is not valid: the scenario id “<b>bold<\/b>” is not a plain id/],
    ['huge.json', '{"schema":2,"current":"x","profiles":{"x":{"name":"A","progress":{"scenarios":{"s":{"completions":1e300}}}}}}', /huge\.json was not imported: saved progress has an unexpected shape/],
    ['types.json', '{"schema":2,"current":"x","profiles":{"x":{"name":7,"progress":{}}}}', /types\.json was not imported: saved progress has an unexpected shape \(invalid type: integer `7`, expected a string/],
    ['newer.json', '{"schema":9}', /newer\.json was not imported: saved progress uses format version 9/],
  ];
  for (const [name, text, expected] of cases) {
    writeFileSync(join(dir, name), text);
    await page.getByTestId('import-input').setInputFiles(join(dir, name));
    await page.getByTestId('import-message').filter({ hasText: name }).waitFor();
    assert.match(await page.getByTestId('import-message').textContent(), expected);
    assert.match(await page.getByTestId('import-message').textContent(), /Your progress is unchanged\.$/);
  }
  // A 50 MB file is refused by its size, without being read.
  const big = join(dir, 'big.json');
  writeFileSync(big, Buffer.alloc(50 * 1000 * 1000, 32));
  await page.getByTestId('import-input').setInputFiles(big);
  await page.getByTestId('import-message').filter({ hasText: 'big.json' }).waitFor();
  assert.match(await page.getByTestId('import-message').textContent(), /big\.json was not imported: the file is 50\.0 MB; a Mandate progress file is at most 1\.0 MB/);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.getByTestId('history-purchasing-tech-leader').textContent(), before);
  assert.deepEqual(problems, []);
  await context.close();
});

test('two tabs at once: neither overwrites the other, and home reflects both', async () => {
  const context = await browser.newContext();
  const a = await home(context);
  const b = await home(context);
  const path = byScore()[0];
  // Tab A starts the purchasing case and takes two decisions.
  await a.page.getByRole('article', { name: TITLE }).getByRole('button', { name: 'Start' }).click();
  await a.page.getByRole('button', { name: 'Begin the negotiation' }).click();
  for (const d of path.decisions.slice(0, 2)) {
    await a.page.getByRole('button', { name: d.label, exact: true }).click();
    await a.page.getByRole('button', { name: 'Continue', exact: true }).click();
  }
  // Tab B's home shows it, without a reload.
  await b.page.getByRole('article', { name: TITLE }).getByText('In progress · decision 3').waitFor();
  // Tab B plays another scenario to the end meanwhile.
  const sales = corePaths('scenarios/sales-distributor.mandate');
  const salesTitle = sales.title;
  await b.page.getByRole('article', { name: salesTitle }).getByRole('button', { name: 'Start' }).click();
  await b.page.getByRole('button', { name: 'Begin the negotiation' }).click();
  const salesPath = sales.paths[0];
  assert.equal(await playDecisions(b.page, salesPath.decisions), salesPath.score);
  // Tab A carries on where it was, and its home then shows tab B's result too.
  await a.page.getByTestId('progress').filter({ hasText: 'Decision 3' }).waitFor();
  await a.page.getByRole('button', { name: 'Save and exit' }).click();
  await a.page.getByRole('article', { name: salesTitle }).getByText('Completed').waitFor();
  assert.match(await a.page.getByRole('article', { name: TITLE }).textContent(), /In progress · decision 3/);
  // And a fresh tab sees both.
  const c = await home(context);
  assert.match(await c.page.getByRole('article', { name: TITLE }).textContent(), /In progress · decision 3/);
  assert.match(await c.page.getByRole('article', { name: salesTitle }).textContent(), new RegExp(`Best score ${salesPath.score} / 100`));
  assert.deepEqual([...a.problems, ...b.problems, ...c.problems], []);
  await context.close();
});

test('in a sandboxed iframe without storage the app runs, says progress is not kept, and offers export', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  await page.goto(`${server.url}sandboxed.html`);
  const app = page.frameLocator('iframe');
  await app.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  await app.getByText('Progress not saved').waitFor();
  assert.match(await app.getByRole('status').first().textContent(), /Progress can't be kept on this device: .*open “Your progress” and export it to a file/);
  // Play a decision: it works in memory.
  const path = byScore()[0];
  await app.getByRole('article', { name: TITLE }).getByRole('button', { name: 'Start' }).click();
  await app.getByRole('button', { name: 'Begin the negotiation' }).click();
  await app.getByRole('button', { name: path.decisions[0].label, exact: true }).click();
  await app.getByRole('button', { name: 'Continue', exact: true }).click();
  await app.getByRole('button', { name: /^Your progress/ }).click();
  assert.match(await app.getByTestId('footprint').textContent(), /in this page’s memory only/);
  await app.getByRole('button', { name: 'Export progress to a file' }).waitFor();
  // Only the sandbox's own storage error may be logged; nothing else goes wrong.
  assert.deepEqual(problems.filter((p) => !/SecurityError|sandboxed|localStorage/i.test(p)), []);
  await context.close();
});

test('a browser restart resumes at the same decision', async () => {
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'mandate-profile-'));
  const options = {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  };
  const path = byScore()[0];
  let context = await chromium.launchPersistentContext(dir, options);
  let page = context.pages()[0] ?? await context.newPage();
  await page.goto(server.url);
  await page.getByRole('article', { name: TITLE }).getByRole('button', { name: 'Start' }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  for (const d of path.decisions.slice(0, 3)) {
    await page.getByRole('button', { name: d.label, exact: true }).click();
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
  }
  const before = await page.getByTestId('running-score').textContent();
  await context.close(); // the whole browser goes away

  context = await chromium.launchPersistentContext(dir, options);
  page = context.pages()[0] ?? await context.newPage();
  const problems = watch(page, server.origin);
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: path.decisions[3].sceneTitle }).waitFor();
  assert.match(await page.getByTestId('progress').textContent(), /^Decision 4 of about \d+$/);
  assert.equal(await page.getByTestId('running-score').textContent(), before);
  assert.deepEqual(problems, []);
  await context.close();
});
