// Languages: the switch, the choice remembered with progress, the German scenario played
// to its end, the browser's language as the default, the pseudo-language and a refused
// `lang=`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, corePaths, bestAndWorst, watch } from './harness.mjs';

const CASE = 'purchasing-tech-leader';
let server;
let browser;
let english;
let german;

before(async () => {
  english = corePaths(`scenarios/${CASE}.mandate`);
  german = corePaths(`scenarios/de/${CASE}.mandate`);
  server = await startServer(process.env.MANDATE_DIST ? { root: process.env.MANDATE_DIST } : {});
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** Plays `decisions` in German from the decision on screen; returns the final score. */
async function playInGerman(page, decisions) {
  for (const [i, d] of decisions.entries()) {
    await page.getByRole('heading', { level: 1, name: d.sceneTitle }).waitFor();
    await page.getByRole('group', { name: 'Was tun Sie?' }).getByRole('button', { name: d.label, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Wie das der Strategie gedient hat' }).waitFor();
    const last = i === decisions.length - 1;
    await page.getByRole('button', { name: last ? 'Zum Ergebnis' : 'Weiter', exact: true }).click();
  }
  await page.getByTestId('final-score').waitFor();
  return Number(await page.getByTestId('final-score').textContent());
}

test('the switch turns the interface and the scenario German, and the choice is remembered', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');

  await page.getByTestId('language').selectOption('de');
  await page.getByRole('heading', { level: 1, name: 'Szenarien' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  // The scenario's own text is German too: its German title on its card.
  const card = page.getByRole('article', { name: german.title });
  await card.getByRole('button', { name: 'Starten', exact: true }).click();
  await page.getByRole('button', { name: 'Verhandlung beginnen' }).waitFor();
  // Figures are written the German way.
  assert.match(await page.locator('main').textContent(), /4\.800 € pro Modul/);

  // Remembered: a reload comes back in German, at the same place.
  await page.reload();
  await page.getByRole('button', { name: 'Verhandlung beginnen' }).waitFor();
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('mandate.progress')));
  assert.equal(stored.profiles[stored.current].language, 'de');

  await page.getByRole('button', { name: 'Verhandlung beginnen' }).click();
  const { best } = bestAndWorst(german);
  const { best: bestEnglish } = bestAndWorst(english);
  assert.equal(best.score, bestEnglish.score, 'the translation scores as the original does');
  // Half the path in German, then English for the rest: the attempt carries over.
  const half = Math.floor(best.decisions.length / 2);
  await page.getByRole('heading', { level: 1, name: best.decisions[0].sceneTitle }).waitFor();
  for (const d of best.decisions.slice(0, half)) {
    await page.getByRole('group', { name: 'Was tun Sie?' }).getByRole('button', { name: d.label, exact: true }).click();
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
  }
  await page.getByRole('heading', { level: 1, name: best.decisions[half].sceneTitle }).waitFor();
  await page.getByTestId('language').selectOption('en');
  await page.getByRole('heading', { level: 1, name: bestEnglish.decisions[half].sceneTitle }).waitFor();
  await page.getByTestId('language').selectOption('de');
  const score = await playInGerman(page, best.decisions.slice(half));
  assert.equal(score, best.score);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a German browser gets German; the address can ask for English; a stored choice wins', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Szenarien' }).waitFor();
  await page.goto(`${server.url}?lang=en`);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  // Chosen with the switch: kept over the browser's language.
  await page.getByTestId('language').selectOption('en');
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  await context.close();
});

test('the pseudo-language lengthens every text; an unknown language is refused with a notice', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${server.url}?lang=en-XA`);
  const h1 = page.getByRole('heading', { level: 1 });
  await h1.waitFor();
  assert.match(await h1.textContent(), /^⟦Sçéñáríöš [~ ]+⟧$/);
  // Not remembered: the next visit is English again.
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  await page.goto(`${server.url}?lang=fr`);
  await page.getByText('The address asks for the language `fr`, which Mandate does not have; it is shown in English.').waitFor();
  await context.close();
});

test('the class set-up and facilitator mode follow the language', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto(`${server.url}?facilitate`);
  await page.getByText(german.title).first().waitFor();
  await page.goto(`${server.url}?classroom`);
  await page.getByRole('option', { name: german.title }).first().waitFor({ state: 'attached' });
  await context.close();
});

test('German comes as a language pack: an English page never fetches it, a German one fetches it once', async () => {
  for (const [locale, heading, fetches] of [['en-US', 'Scenarios', 0], ['de-DE', 'Szenarien', 1]]) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const problems = watch(page, server.origin);
    const packs = [];
    page.on('request', (r) => { if (/\/lang-de-[0-9a-f]{16}\.txt$/.test(r.url())) packs.push(r.url()); });
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    if (locale === 'en-US') {
      // Switching later fetches it then, once.
      await page.getByTestId('language').selectOption('de');
      await page.getByRole('heading', { level: 1, name: 'Szenarien' }).waitFor();
      await page.getByTestId('language').selectOption('en');
      await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
      await page.getByTestId('language').selectOption('de');
      await page.getByRole('heading', { level: 1, name: 'Szenarien' }).waitFor();
      assert.equal(packs.length, 1, `one fetch after switching: ${packs}`);
    } else {
      assert.equal(packs.length, fetches, `${locale}: ${packs}`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('when the German pack cannot be loaded, the page stays in English and says so', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  await context.route(/\/lang-de-[0-9a-f]{16}\.txt$/, (route) => route.fulfill({ status: 503, body: 'down' }));
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Asked for by the switch: English stays, with a notice by the switch.
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  await page.getByTestId('language').selectOption('de');
  const notice = 'Deutsch could not be loaded, so the page stays in the language it is in. Check the connection and try again.';
  await page.getByRole('status').filter({ hasText: notice }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Scenarios');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.getByTestId('language').inputValue(), 'en', 'the switch shows the language in use');
  // Asked for by the address: the page opens in English, with the same notice.
  await page.goto(`${server.url}?lang=de&case=${CASE}`);
  await page.getByRole('status').filter({ hasText: notice }).waitFor();
  await page.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('a page that opens in German waits for its pack and never shows English first', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const problems = watch(page, server.origin);
  // Every heading that ever appears, from the first mutation on.
  await page.addInitScript(() => {
    window.__headings = [];
    new MutationObserver(() => {
      for (const h of document.querySelectorAll('h1')) window.__headings.push(h.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`${server.url}?lang=de`);
  await page.getByRole('heading', { level: 1, name: 'Szenarien' }).waitFor();
  const seen = [...new Set(await page.evaluate(() => window.__headings))];
  assert.deepEqual(seen, ['Szenarien']);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  assert.deepEqual(problems, []);
  await context.close();
});
