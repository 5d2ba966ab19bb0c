// The monkey (issue 11): thousands of random but legal interactions, with invariants
// checked after every one. Moves: a click on any visible, enabled control (choices,
// continue, back, strategies, practice, play again, the progress page, learners, the map,
// the facilitator's and class pages' controls…), reload, history back, the home page, a
// case by address, the language switch, and a second tab acting on the same progress.
//
// After every move: no console error or warning, no page error (a panic logs one); a
// page that is not frozen (a level-1 heading within 5 s); the stored progress parses, has
// its shape, and its scores are within 0–100; the progress agrees with the history (every
// finished attempt has its score and verdict, the best result is at least each of them,
// completions at least the finished attempts kept); nothing finished is ever lost (per
// scenario, completions and finished attempts never shrink); any score on screen is 0–100.
//
// MONKEY_MOVES (default 2000) and MONKEY_SEED (default 1) choose the run; a failure
// prints the seed, the move number and the last moves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, isToolNoise } from './harness.mjs';

const MOVES = Number(process.env.MONKEY_MOVES ?? 2000);
const SEED = Number(process.env.MONKEY_SEED ?? 1);
const CASES = ['purchasing-tech-leader', 'sales-distributor', 'silo-launch-date', 'market-shift', 'purchasing-cost-leader', 'setting-the-mandate'];
/** Controls the monkey leaves alone: printing opens the print dialog; files need a picker;
 * forgetting progress (the danger buttons) would make "nothing is lost" meaningless. */
const SKIP = '[data-testid="print-debrief"], [data-testid="print-certificate"], input[type="file"], .skip-link, .button--danger';
const DESTRUCTIVE = /(reset|forget|remove|delete|löschen|entfernen|zurücksetzen|vergessen)/i;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** mulberry32: a small seeded generator, so that a failing run can be replayed. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function watchPage(page, problems) {
  page.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warning') && !isToolNoise(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => d.dismiss().catch(() => {}));
}

/** The stored progress, checked; returns per scenario [completions, history length]. */
async function checkStore(page) {
  const raw = await page.evaluate(() => localStorage.getItem('mandate.progress'));
  if (raw === null) return {};
  const doc = JSON.parse(raw);
  assert.equal(doc.schema, 2, 'the stored schema');
  assert.ok(doc.profiles[doc.current], 'the current learner exists');
  const counts = {};
  for (const [profile, p] of Object.entries(doc.profiles)) {
    assert.equal(typeof p.name, 'string');
    for (const [id, s] of Object.entries(p.progress.scenarios ?? {})) {
      if (s.best) assert.ok(s.best.score >= 0 && s.best.score <= 100, `${id}: best score ${s.best.score}`);
      const finished = (s.history ?? []).filter((h) => h.finished !== undefined && h.finished !== null);
      for (const h of finished) {
        assert.ok(h.score >= 0 && h.score <= 100, `${id}: a finished attempt scored ${h.score}`);
        assert.equal(typeof h.passed, 'boolean', `${id}: a finished attempt without its verdict`);
        // The best result is at least every finished attempt's.
        assert.ok(s.best && s.best.score >= h.score, `${id}: best ${s.best?.score} below a finished attempt's ${h.score}`);
      }
      const completions = s.completions ?? 0;
      assert.ok(Number.isInteger(completions) && completions >= finished.length, `${id}: ${completions} completions, ${finished.length} finished in the history`);
      counts[`${profile}/${id}`] = [completions, finished.length];
    }
  }
  return counts;
}

async function checkScreen(page) {
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 5000 });
  const scores = await page.evaluate(() => [...document.querySelectorAll('[data-testid="final-score"], [data-testid="running-score"]')]
    .map((e) => e.textContent.replace(/[^\d.,-]/g, '').replace(',', '.')).filter((t) => t !== ''));
  for (const s of scores) assert.ok(Number(s) >= 0 && Number(s) <= 100, `a score on screen: ${s}`);
}

const QUERY = 'button, a[href], select, input[type="radio"], input[type="checkbox"], summary';

/** The controls a learner could use now, as indices into one query; `forward` marks the
 * ones that move a play on (a choice, the primary button). */
async function controls(page) {
  return page.evaluate(({ query, skip }) => {
    const all = [...document.querySelectorAll(query)];
    return all.map((e, i) => {
      const r = e.getBoundingClientRect();
      const visible = r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
      const usable = visible && !e.disabled && !e.matches(skip) && !e.closest('[inert]');
      const forward = e.matches('.choice, .choices button, .button--primary, [role="group"] button');
      return usable ? { i, tag: e.tagName, forward, text: (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 60), href: e.getAttribute('href') } : null;
    }).filter(Boolean);
  }, { query: QUERY, skip: SKIP });
}

async function act(page, rand, log) {
  const r = rand();
  if (r < 0.03) { log.push('reload'); await page.reload(); return; }
  if (r < 0.05) {
    log.push('back');
    await page.goBack().catch(() => {});
    // Back past the first page leaves the app (about:blank): come back to it.
    if (!page.url().startsWith(server.url)) { log.push('(left the app) home'); await page.goto(server.url); }
    return;
  }
  if (r < 0.06) { log.push('home'); await page.goto(server.url); return; }
  if (r < 0.07) {
    const id = CASES[Math.floor(rand() * CASES.length)];
    log.push(`case ${id}`);
    await page.goto(`${server.url}?case=${id}`);
    return;
  }
  const listed = await controls(page).catch((e) => {
    if (/Execution context was destroyed|navigat/i.test(e.message)) return null;
    throw e;
  });
  if (listed === null) { log.push('(navigating)'); await page.waitForLoadState('domcontentloaded'); return; }
  const usable = listed.filter((c) => !DESTRUCTIVE.test(c.text) && !(c.href && /^(https?:|mailto:)/.test(c.href) && !c.href.startsWith(server.origin)));
  if (usable.length === 0) { log.push('nothing to do: home'); await page.goto(server.url); return; }
  // Half the moves push a play on, so that attempts get finished; the rest go anywhere.
  const forward = usable.filter((c) => c.forward);
  const pool = forward.length > 0 && rand() < 0.5 ? forward : usable;
  const c = pool[Math.floor(rand() * pool.length)];
  const pick = rand();
  log.push(`${c.tag.toLowerCase()} “${c.text}”${c.href ? ` (${c.href})` : ''}`);
  // As a learner would: a click on the element (a select: an option, then its change).
  // In the page, so that a control the next render removes costs no waiting.
  await page.evaluate(({ query, i, pick }) => {
    const e = document.querySelectorAll(query)[i];
    if (!e) return;
    if (e.tagName === 'SELECT') {
      const options = [...e.options].filter((o) => !o.disabled);
      e.value = options[Math.floor(pick * options.length)].value;
      e.dispatchEvent(new Event('change', { bubbles: true }));
    } else {
      e.click();
    }
  }, { query: QUERY, i: c.i, pick }).catch(() => {}); // A navigation may end the evaluation.
}

test(`the monkey: ${MOVES} random moves (seed ${SEED}), every invariant after each`, async () => {
  const rand = generator(SEED);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block', acceptDownloads: true });
  const problems = [];
  const page = await context.newPage();
  watchPage(page, problems);
  let other = null;
  const log = [];
  let seen = {};
  await page.goto(server.url);
  const started = Date.now();
  for (let move = 1; move <= MOVES; move++) {
    try {
      if (rand() < 0.01) {
        // A second tab on the same progress takes a few moves of its own, then closes.
        log.push('second tab');
        other = await context.newPage();
        watchPage(other, problems);
        await other.goto(`${server.url}?case=${CASES[Math.floor(rand() * CASES.length)]}`);
        for (let k = 0; k < 3; k++) await act(other, rand, log);
        await other.close();
        other = null;
      } else {
        await act(page, rand, log);
      }
      // A click on a link may start a navigation just after it: the checks then wait for
      // the new page and run again.
      let counts;
      for (let attempt = 1; ; attempt++) {
        try {
          await page.waitForLoadState('domcontentloaded');
          await checkScreen(page);
          counts = await checkStore(page);
          break;
        } catch (e) {
          if (attempt >= 5 || !/Execution context was destroyed|navigat/i.test(e.message)) throw e;
          await page.waitForTimeout(100);
        }
      }
      for (const [key, [completions, history]] of Object.entries(seen)) {
        const now = counts[key];
        assert.ok(now, `${key} disappeared from the store`);
        assert.ok(now[0] >= completions && now[1] >= history, `${key}: completions ${completions} → ${now[0]}, history ${history} → ${now[1]}`);
      }
      seen = counts;
      assert.deepEqual(problems, []);
    } catch (e) {
      // What the page showed, for the report (and a screenshot in target/).
      const shown = await page.evaluate(() => `${location.search} | ${document.body.innerText.slice(0, 300)}`).catch(() => '(unreadable)');
      await page.screenshot({ path: new URL('../../target/monkey-failure.png', import.meta.url).pathname }).catch(() => {});
      e.message = `seed ${SEED}, move ${move}: ${e.message}\nlast moves:\n  ${log.slice(-12).join('\n  ')}\npage: ${shown}`;
      throw e;
    }
  }
  const finished = Object.values(seen).reduce((n, [c]) => n + c, 0);
  console.log(`monkey: ${MOVES} moves in ${((Date.now() - started) / 1000).toFixed(0)} s; ${finished} finished attempts stored; ${log.filter((l) => l === 'reload').length} reloads, ${log.filter((l) => l === 'second tab').length} second tabs`);
  await context.close();
});
