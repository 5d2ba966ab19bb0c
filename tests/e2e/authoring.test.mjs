// An author or instructor opens their own scenario file: picked, dropped, or named in the
// address. Expected diagnostics come from the core (`mandate-cli check`), not from here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServer, launchBrowser, watch, allScenarios } from './harness.mjs';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
/** The built-in scenarios on the home screen (scenarios/, listed in src/core/builtin.rs). */
const BUILTIN_COUNT = 6;
const CLI = new URL('../../target/debug/mandate-cli', import.meta.url).pathname;
const fixture = (name) => readFileSync(join(FIXTURES, name), 'utf8');
const OK = fixture('ok.mandate');
const BROKEN = fixture('broken.mandate');
const LOOP = fixture('loop.mandate');
const WARNED = fixture('warned.mandate');
const OK_TITLE = 'The distributor wants a discount';
const BUILTIN_TITLE = 'Purchasing at a technology leader';
const MUST = 'the scenario parameter must be a relative path like cases/my-case.mandate';

let server;
let browser;
let scratch;

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'mandate-authoring-'));
  server = await startServer({
    extra: {
      'cases/ok.mandate': OK,
      'cases/loop.mandate': LOOP,
      'cases/big.mandate': Buffer.alloc(1024 * 1024 + 10, '#'),
    },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/**
 * The diagnostics `mandate-cli check` prints for `text` saved as `name` (a path relative
 * to a scratch folder, so the file part of each line is exactly `name`), errors first.
 */
function coreDiagnostics(name, text) {
  const dir = mkdtempSync(join(scratch, 'check-'));
  mkdirSync(join(dir, dirname(name)), { recursive: true });
  writeFileSync(join(dir, name), text);
  // It prints diagnostics on stderr, and exits 1 when there are errors.
  const { status, stderr } = spawnSync(CLI, ['check', name], { cwd: dir, encoding: 'utf8' });
  assert.ok(status === 0 || status === 1, `mandate-cli check exited with ${status}: ${stderr}`);
  const lines = stderr.split('\n').filter((l) => l.startsWith(`${name}:`) && /^[^\n]*:\d+:\d+: (error|warning): /.test(l));
  const rank = (l) => (/^[^\n]*:\d+:\d+: error: /.test(l) ? 0 : 1);
  return lines.map((l, i) => [l, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([l]) => l);
}

async function freshPage(query = '') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(server.url + query);
  return { context, page, problems, requests };
}

async function home(page) {
  await allScenarios(page);
  return page.getByRole('region', { name: 'Try your own scenario' });
}

async function pick(page, name, text) {
  const section = await home(page);
  await section.getByLabel('Choose a scenario file').setInputFiles({
    name, mimeType: 'text/plain', buffer: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'),
  });
}

function notices(page) {
  return page.locator('.notices .notice p').allTextContents();
}

test('the home screen offers a labelled file input and a drop zone', async () => {
  const { context, page, problems } = await freshPage();
  const section = await home(page);
  const input = section.getByLabel('Choose a scenario file');
  assert.equal(await input.getAttribute('type'), 'file');
  assert.equal(await input.getAttribute('accept'), '.mandate,.txt');
  // The keyboard reaches the input itself.
  await input.focus();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'open-file');
  await section.locator('.dropzone').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('(a) a valid file picked from disk opens at its briefing and plays', async () => {
  const { context, page, problems } = await freshPage();
  await pick(page, 'ok.mandate', OK);
  await page.getByRole('heading', { level: 1, name: OK_TITLE }).waitFor();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  assert.match(await page.getByTestId('progress').textContent(), /^Decision 1 of about \d+$/);
  await page.getByRole('group', { name: 'What do you do?' })
    .getByRole('button', { name: "Match the rival's price to win the volume.", exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'How that served the strategy' }).waitFor();
  assert.equal((await page.getByTestId('alignment').textContent()).replace(/[▲▼●]/g, '').trim(), 'Strongly misaligned (-2)');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  assert.match(await page.getByTestId('progress').textContent(), /^Decision 2 of about \d+$/);

  // Home lists it as the author's file, in progress, next to the built-in scenario.
  await page.getByRole('button', { name: 'Save and exit' }).click();
  const card = page.getByRole('article', { name: OK_TITLE });
  await card.getByText('Your file: ok.mandate', { exact: true }).waitFor();
  await card.getByText('In progress · decision 2').waitFor();
  await page.getByRole('article', { name: BUILTIN_TITLE }).waitFor();
  assert.deepEqual(await notices(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a valid file dropped on the drop zone opens too', async () => {
  const { context, page, problems } = await freshPage();
  const zone = (await home(page)).locator('.dropzone');
  const transfer = await page.evaluateHandle(({ name, text }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type: 'text/plain' }));
    return dt;
  }, { name: 'ok.mandate', text: OK });
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  assert.match(await zone.getAttribute('class'), /dropzone--over/);
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  await page.getByRole('heading', { level: 1, name: OK_TITLE }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('(b) a file with errors is not played: every problem is listed with its location', async () => {
  const { context, page, problems } = await freshPage();
  const expected = coreDiagnostics('broken.mandate', BROKEN);
  assert.equal(expected.length, 6);
  await pick(page, 'broken.mandate', BROKEN);
  const panel = page.getByRole('region', { name: 'broken.mandate has 6 errors' });
  await panel.waitFor();
  assert.deepEqual(await panel.getByRole('listitem').allTextContents(), expected);
  // The focus is on the panel's heading, so a screen reader hears it.
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'broken.mandate has 6 errors');
  // Author text is text: the `<img …>` in the file is shown, never created.
  assert.equal(await panel.locator('img').count(), 0);
  await panel.getByText('not `<img src=x onerror=alert(1)>`', { exact: false }).waitFor();
  // Nothing was added or opened.
  assert.equal(await page.getByRole('article').count(), BUILTIN_COUNT);
  await panel.getByRole('button', { name: 'Close' }).click();
  assert.equal(await page.getByRole('region', { name: /has \d+ error/ }).count(), 0);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('errors are listed before warnings, and the heading counts both', async () => {
  const { context, page, problems } = await freshPage();
  const expected = coreDiagnostics('loop.mandate', LOOP);
  assert.deepEqual(expected.map((l) => l.match(/: (error|warning): /)[1]), ['error', 'warning']);
  await pick(page, 'loop.mandate', LOOP);
  const panel = page.getByRole('region', { name: 'loop.mandate has 1 error and 1 warning' });
  await panel.waitFor();
  assert.deepEqual(await panel.getByRole('listitem').allTextContents(), expected);
  // Fixing the file and choosing it again replaces the panel with the scenario.
  await pick(page, 'ok.mandate', OK);
  await page.getByRole('heading', { level: 1, name: OK_TITLE }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a valid file with warnings plays, and its warnings are shown', async () => {
  const { context, page, problems } = await freshPage();
  const [warning] = coreDiagnostics('warned.mandate', WARNED);
  assert.match(warning, /: warning: /);
  await pick(page, 'warned.mandate', WARNED);
  await page.getByRole('heading', { level: 1, name: OK_TITLE }).waitFor();
  assert.deepEqual(await notices(page), [`1 warning in warned.mandate (it plays all the same): ${warning}`]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('(e) a file that reuses a built-in scenario id is refused', async () => {
  const { context, page, problems } = await freshPage();
  const text = OK.replace('scenario: distributor-demo', 'scenario: purchasing-tech-leader');
  assert.notEqual(text, OK);
  await pick(page, 'copy.mandate', text);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.textContent(),
    'copy.mandate was not opened: the scenario id `purchasing-tech-leader` belongs to a built-in scenario; ' +
    'give your file its own `scenario:` id');
  // The built-in scenario is untouched and still starts.
  const card = page.getByRole('article', { name: BUILTIN_TITLE });
  assert.equal(await page.getByRole('article').count(), BUILTIN_COUNT);
  assert.doesNotMatch(await card.textContent(), /Your file/);
  await card.getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: BUILTIN_TITLE }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('files over 1 MB and files that are not UTF-8 are refused with a specific message', async () => {
  const { context, page, problems } = await freshPage();
  await pick(page, 'huge.mandate', Buffer.alloc(1024 * 1024 + 1, '#'));
  const alert = page.getByRole('alert');
  await alert.getByText('huge.mandate', { exact: false }).waitFor();
  assert.equal(await alert.textContent(),
    '`huge.mandate` is not opened: it is 1,048,577 bytes, and a scenario file can be at most 1 MB (1,048,576 bytes)');
  await pick(page, 'latin1.mandate', Buffer.concat([Buffer.from(OK.slice(0, 200), 'utf8'), Buffer.from([0xe9, 0x0a])]));
  await alert.getByText('latin1.mandate', { exact: false }).waitFor();
  const line = OK.slice(0, 200).split('\n').length;
  assert.equal(await alert.textContent(),
    `\`latin1.mandate\` is not opened: it is not UTF-8 text (line ${line} has bytes that are not UTF-8); ` +
    'save it as UTF-8 and open it again');
  assert.deepEqual(problems, []);
  await context.close();
});

test('(c) ?scenario=cases/ok.mandate fetches the file next to the app and opens it', async () => {
  const { context, page, problems, requests } = await freshPage('?scenario=cases/ok.mandate');
  await page.getByRole('heading', { level: 1, name: OK_TITLE }).waitFor();
  assert.ok(requests.includes(`${server.url}cases/ok.mandate`), requests.join('\n'));
  await page.getByRole('button', { name: 'Back to scenarios' }).click();
  await page.getByRole('article', { name: OK_TITLE }).getByText('Your file: cases/ok.mandate', { exact: true }).waitFor();
  assert.deepEqual(await notices(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a hosted file with errors is listed above the screen, with the path as written', async () => {
  const { context, page, problems } = await freshPage('?scenario=cases/loop.mandate');
  const expected = coreDiagnostics('cases/loop.mandate', LOOP);
  const panel = page.getByRole('region', { name: 'cases/loop.mandate has 1 error and 1 warning' });
  await panel.waitFor();
  assert.deepEqual(await panel.getByRole('listitem').allTextContents(), expected);
  await panel.getByRole('button', { name: 'Close' }).click();
  await home(page);
  assert.equal(await panel.count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a hosted file that is missing or too large becomes a notice', async () => {
  {
    const { context, page, problems } = await freshPage('?scenario=cases/missing.mandate');
    await home(page);
    await page.locator('.notice').first().waitFor();
    assert.deepEqual(await notices(page), ['`cases/missing.mandate` could not be fetched: the server answered 404 Not Found']);
    // Chromium logs the 404 itself; nothing else may appear.
    assert.deepEqual(problems.filter((p) => !/status of 404/.test(p)), []);
    await context.close();
  }
  {
    const { context, page, problems } = await freshPage('?scenario=cases/big.mandate');
    await home(page);
    await page.locator('.notice').first().waitFor();
    // Served in chunks, without a length: the download stops once it passes 1 MB.
    assert.deepEqual(await notices(page), [
      '`cases/big.mandate` is not opened: it is larger than 1 MB (1,048,576 bytes), the most a scenario file can be',
    ]);
    // Reading stopped past 1 MB. Whether the browser still had the download running (and
    // reports it as aborted) or had already received it all depends on timing.
    const aborted = `failed request: ${server.url}cases/big.mandate net::ERR_ABORTED`;
    assert.deepEqual(problems.filter((p) => p !== aborted), []);
    await context.close();
  }
});

const HOSTILE = [
  ['https://evil.example/x.mandate', `${MUST}; \`https://evil.example/x.mandate\` has a scheme`],
  ['//evil.example/x.mandate', `${MUST}; \`//evil.example/x.mandate\` starts with \`//\`, which names another server`],
  ['%2F%2Fevil.example%2Fx.mandate', `${MUST}; \`//evil.example/x.mandate\` starts with \`//\`, which names another server`],
  ['javascript:alert(1)//.mandate', `${MUST}; \`javascript:alert(1)//.mandate\` has a scheme`],
  ['cases/%252e%252e/secret.mandate',
    `${MUST}; \`cases/%2e%2e/secret.mandate\` contains \`%\` escapes (they read \`cases/../secret.mandate\`): write the path without escapes`],
  ['../secret.mandate', `${MUST}; \`../secret.mandate\` has a \`..\` segment, which would leave the app's folder`],
];

for (const [value, message] of HOSTILE) {
  test(`(d) ?scenario=${value} fetches nothing, says why, and the app works`, async () => {
    const { context, page, problems, requests } = await freshPage(`?scenario=${value}`);
    await home(page);
    await page.locator('.notice').first().waitFor();
    assert.deepEqual(await notices(page), [`Nothing was opened from this page's address: ${message}`]);
    // The page loaded its own files and nothing else: no scenario file was requested anywhere.
    assert.deepEqual(requests.filter((u) => !u.startsWith(server.origin)), []);
    assert.deepEqual(requests.filter((u) => /\.mandate($|\?)/.test(new URL(u).pathname) || /evil/.test(new URL(u).pathname)), []);
    // The app otherwise works: the notice can be dismissed and the built-in scenario starts.
    await page.locator('.notice').getByRole('button', { name: 'Dismiss' }).click();
    assert.deepEqual(await notices(page), []);
    await page.getByRole('article', { name: BUILTIN_TITLE }).getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: BUILTIN_TITLE }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });
}
