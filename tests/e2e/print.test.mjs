// Printing (issue 9): the debrief prints as a one-page record of the attempt, and a
// passed attempt prints a certificate of completion on its own. The server root is
// `MANDATE_DIST` when set (a build elsewhere), dist/ otherwise. Screenshots of the
// print emulation go to /tmp/print-shots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { startServer, launchBrowser, corePaths, openHome, playDecisions, bestAndWorst } from './harness.mjs';

const SCENARIO = 'scenarios/purchasing-tech-leader.mandate';
const SHOTS = '/tmp/print-shots';
let server;
let browser;
let core;
let paths;

before(async () => {
  core = corePaths(SCENARIO);
  paths = bestAndWorst(core);
  server = await startServer(process.env.MANDATE_DIST ? { root: process.env.MANDATE_DIST } : {});
  browser = await launchBrowser();
  await mkdir(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** Plays `path` from the home screen to its ending; returns the page. */
async function playToEnd(path) {
  const session = await openHome(browser, server);
  const { page } = session;
  await page.getByRole('article', { name: core.title }).getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: core.title }).waitFor();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  const score = await playDecisions(page, path.decisions);
  assert.equal(score, path.score);
  return session;
}

/** Replaces window.print with a recorder: what the page showed when print was asked. */
async function stubPrint(page) {
  await page.evaluate(() => {
    window.__printed = [];
    window.print = () => {
      const panel = document.querySelector('.certificate-panel');
      window.__printed.push({
        certificate: !!panel?.classList.contains('certificate-panel--printing'),
        text: document.querySelector('[data-testid="certificate"]')?.innerText ?? '',
      });
    };
  });
}

const countPages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

test('the debrief of the best path prints as a one-page record without the controls', async () => {
  const { context, page, problems } = await playToEnd(paths.best);
  assert.ok(paths.best.passed);
  await page.getByTestId('print-debrief').waitFor();
  await page.emulateMedia({ media: 'print' });

  for (const hidden of [page.locator('.masthead'), page.getByRole('button', { name: 'Play again' }),
    page.getByRole('button', { name: 'Print the debrief' }), page.getByRole('button', { name: 'Print certificate' }),
    page.getByTestId('what-if'), page.getByTestId('certificate-panel'), page.getByTestId('other-strategies')]) {
    assert.equal(await hidden.isVisible(), false, `${hidden} should not print`);
  }
  assert.equal(await page.locator('button:visible').count(), 0, 'no button prints');
  for (const shown of [page.getByTestId('print-record'), page.getByTestId('final-score'), page.getByTestId('verdict'),
    page.getByTestId('played-under'), page.getByTestId('dimension-chart'), page.getByTestId('takeaways')]) {
    assert.ok(await shown.isVisible(), `${shown} should print`);
  }
  assert.match(await page.getByTestId('print-record').innerText(), new RegExp(core.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.match(await page.getByTestId('print-record').innerText(), /Printed \S/);
  const items = page.locator('.review__item');
  assert.equal(await items.count(), paths.best.decisions.length);
  for (let i = 0; i < paths.best.decisions.length; i += 1) {
    assert.ok(await items.nth(i).locator('.badge').isVisible(), `decision ${i + 1} shows its alignment`);
    assert.ok(await items.nth(i).locator('.review__choice').isVisible());
  }
  await page.screenshot({ path: `${SHOTS}/debrief-print.png`, fullPage: true });

  for (const format of ['A4', 'Letter']) {
    const pdf = await page.pdf({ format, printBackground: false });
    assert.equal(countPages(pdf), 1, `the debrief fits one ${format} page`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a passed attempt prints a certificate with the name, scenario, score and date', async () => {
  const { context, page, problems } = await playToEnd(paths.best);
  const panel = page.getByTestId('certificate-panel');
  await panel.waitFor();
  const print = page.getByRole('button', { name: 'Print certificate' });
  assert.ok(await print.isDisabled(), 'no certificate without a name');
  await page.getByLabel('Name on the certificate').fill('Ada Q. Learner');
  assert.ok(await print.isEnabled());
  await stubPrint(page);
  await print.click();
  await page.waitForFunction(() => window.__printed.length === 1);
  const [printed] = await page.evaluate(() => window.__printed);
  assert.ok(printed.certificate, 'the page is in certificate mode while printing');
  assert.match(printed.text, /Ada Q\. Learner/);
  const certificate = page.getByTestId('certificate');
  assert.equal(await page.getByTestId('certificate-shown-name').innerText(), 'Ada Q. Learner');
  assert.equal(await page.getByTestId('certificate-scenario').innerText(), core.title);
  assert.equal(await page.getByTestId('certificate-score').innerText(), `${paths.best.score} / 100`);
  const date = await page.getByTestId('certificate-date').innerText();
  const year = String(new Date().getFullYear());
  assert.ok(date.includes(year), `the date ${date} is today's`);
  assert.match(await certificate.innerText(), /Passed/);
  await page.waitForFunction(() => !document.querySelector('.certificate-panel--printing'));

  // What the printer gets in certificate mode: the certificate alone, on one landscape page.
  await page.evaluate(() => document.querySelector('.certificate-panel').classList.add('certificate-panel--printing'));
  await page.emulateMedia({ media: 'print' });
  assert.ok(await certificate.isVisible());
  for (const hidden of [page.getByTestId('final-score'), page.getByTestId('takeaways'), page.getByTestId('print-record'),
    page.getByLabel('Name on the certificate'), page.locator('.masthead')]) {
    assert.equal(await hidden.isVisible(), false, `${hidden} is not on the certificate`);
  }
  const box = await certificate.boundingBox();
  assert.ok(box.width > box.height, 'landscape');
  await page.screenshot({ path: `${SHOTS}/certificate-print.png`, fullPage: true });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  assert.equal(countPages(pdf), 1, 'the certificate is one page');
  const [, w, h] = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/) ?? [];
  assert.ok(Math.abs(w - 842) < 2 && Math.abs(h - 595) < 2, `an A4 landscape page (${w}×${h} pt)`);

  await page.emulateMedia({ media: 'screen' });
  await certificate.screenshot({ path: `${SHOTS}/certificate-screen.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a failed attempt offers no certificate, but prints its debrief', async () => {
  const { context, page, problems } = await playToEnd(paths.worst);
  assert.equal(paths.worst.passed, false);
  await page.getByTestId('print-debrief').waitFor();
  assert.equal(await page.getByTestId('certificate-panel').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Print certificate' }).count(), 0);
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${SHOTS}/debrief-failed-print.png`, fullPage: true });
  const pdf = await page.pdf({ format: 'A4' });
  assert.equal(countPages(pdf), 1, 'the failed debrief fits one A4 page');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the print button calls the browser print dialog', async () => {
  const { context, page, problems } = await playToEnd(paths.worst);
  await stubPrint(page);
  await page.getByRole('button', { name: 'Print the debrief' }).click();
  await page.waitForFunction(() => window.__printed.length === 1);
  const [printed] = await page.evaluate(() => window.__printed);
  assert.equal(printed.certificate, false);
  assert.deepEqual(problems, []);
  await context.close();
});
