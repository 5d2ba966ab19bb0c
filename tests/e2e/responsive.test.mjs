// Responsive layout: every main screen at phone, tablet, laptop and projector widths
// (360, 768, 1280, 1920), and at 360 and 1280 in the pseudo-language (`?lang=en-XA`:
// accented and 40 % longer, as long translations are) and in German. On each screen:
// a full-page screenshot in target/screenshots/<width>/[<lang>/]<screen>.png (to look
// at; nothing is compared), no horizontal scrolling (of the page, or of an area not
// meant to scroll), no visible text clipped by an element that hides its overflow, and
// no text sticking out of its card, button or badge.
//
// The screens are reached without reading their words (the pseudo-language changes
// them all): by structure, data-testid, the keyboard (facilitator mode) and the
// position of each choice, which an English run of the best path records first.
//
// MANDATE_DIST serves another build than dist/ (the same files, built elsewhere).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { startServer, launchBrowser, corePaths, bestAndWorst, watch } from './harness.mjs';

const CASE = 'purchasing-tech-leader';
const SHOTS = new URL('../../target/screenshots/', import.meta.url).pathname;
const SIZES = { 360: 740, 768: 1024, 1280: 800, 1920: 1080 };
const RUNS = [
  ...Object.keys(SIZES).map((w) => ({ width: Number(w) })),
  ...['en-XA', 'de'].flatMap((lang) => [360, 1280].map((width) => ({ width, lang }))),
];

let server;
let browser;
let core;
/** The position of each choice of the best path among the options offered. */
let bestIndices;
/** The card's position on the home screen. */
let cardIndex;
/** Two learners' result codes and the class debrief's address (without `lang`). */
let codes;
let debriefHref;

before(async () => {
  core = corePaths(`scenarios/${CASE}.mandate`);
  server = await startServer(process.env.MANDATE_DIST ? { root: process.env.MANDATE_DIST } : {});
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  const titles = await page.locator('article.scenario-card h2').allTextContents();
  cardIndex = titles.indexOf(core.title);
  assert.ok(cardIndex >= 0, `${core.title} on the home screen`);
  // A class session: the debrief's address, and two learners' codes (the best path, whose
  // choice positions are noted, and the worst).
  await page.goto(`${server.url}?classroom`);
  await page.getByTestId('learner-link').waitFor();
  const link = await page.getByTestId('learner-link').textContent();
  debriefHref = new URL(await page.locator('.classroom__share a.button--primary').getAttribute('href'), page.url()).href;
  const { best, worst } = bestAndWorst(core);
  codes = [];
  for (const path of [best, worst]) {
    const learner = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await learner.newPage();
    await p.goto(link);
    await p.getByRole('button', { name: 'Begin the negotiation' }).click();
    const indices = [];
    for (const d of path.decisions) {
      await p.getByRole('heading', { level: 1, name: d.sceneTitle }).waitFor();
      const labels = await p.locator('.options__list .choice').allTextContents();
      indices.push(labels.indexOf(d.label));
      await p.locator('.options__list .choice').nth(labels.indexOf(d.label)).click();
      await p.locator('article.feedback .actions--end .button--primary').click();
    }
    await p.getByTestId('result-code').waitFor();
    codes.push((await p.getByTestId('result-code').textContent()).trim());
    if (path === best) bestIndices = indices;
    await learner.close();
  }
  assert.ok(bestIndices.every((i) => i >= 0), JSON.stringify(bestIndices));
  await context.close();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** The address of `query` (without `?`) in `lang`. */
function address(query, lang) {
  const params = [query, lang && `lang=${lang}`].filter(Boolean).join('&');
  return `${server.url}${params ? `?${params}` : ''}`;
}

/** Boxes whose text must stay inside them. */
const BOXES = '.card, .room-card, .room-option, .room-score, .room-chart, .room-field, .dialog, .scorecard, .notice, .button, .room-button, .choice, .pill, .badge';
/** Areas meant to scroll sideways (each can be scrolled with the keyboard). */
const SCROLLERS = '.map__scroll, .breakdown__table, .chart__scroll';

/**
 * What is wrong with the layout as it stands:
 * - the page scrolls sideways (named: the innermost elements that stick out);
 * - a scroll area scrolls sideways that is not meant to (`SCROLLERS` are);
 * - text is cut off by an element that hides its overflow (scrollWidth > clientWidth + 1,
 *   measured without the text hidden on purpose for screen readers; an ellipsis is a
 *   designed cut and allowed);
 * - text sticks out of its card, button or badge.
 */
function layoutProblems(page) {
  return page.evaluate(({ BOXES, SCROLLERS }) => {
    const found = [];
    const describe = (e) => {
      const cls = typeof e.className === 'string' && e.className.trim() ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
      return `<${e.tagName.toLowerCase()}${cls}> “${(e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40)}”`;
    };
    const HIDDEN = '.visually-hidden, .skip-link, .open__input';
    const hiddenOnPurpose = (e) => e.closest(HIDDEN);
    const shown = (e) => {
      const r = e.getBoundingClientRect();
      return r.width > 1 && r.height > 1 && getComputedStyle(e).visibility !== 'hidden';
    };
    const clips = (style) => [style.overflowX, style.overflow].some((o) => o === 'hidden' || o === 'clip');
    const scrolls = (style) => style.overflowX === 'auto' || style.overflowX === 'scroll';
    const all = [...document.body.querySelectorAll('*')];

    const width = window.innerWidth;
    const scrolling = document.scrollingElement;
    if (scrolling.scrollWidth > width) {
      const out = all.filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.right > width + 1;
      });
      const innermost = out.filter((e) => !out.some((o) => o !== e && e.contains(o)));
      const outer = innermost.map((e) => hiddenOnPurpose(e) ?? e).filter((e, i, list) => list.indexOf(e) === i);
      found.push(`horizontal overflow: ${scrolling.scrollWidth} > ${width}; sticking out: ${outer.slice(0, 4).map(describe).join(', ')}`);
    }

    // Hidden through the CSSOM: the page's Content-Security-Policy refuses a <style> element.
    const hidden = [...document.querySelectorAll(HIDDEN)].map((e) => [e, e.style.getPropertyValue('display'), e.style.getPropertyPriority('display')]);
    for (const [e] of hidden) e.style.setProperty('display', 'none', 'important');
    try {
      for (const e of all) {
        if (hiddenOnPurpose(e) || e instanceof SVGElement || !shown(e)) continue;
        const style = getComputedStyle(e);
        if (scrolls(style) && !e.matches(SCROLLERS) && e.scrollWidth > e.clientWidth + 1) {
          found.push(`scrolls sideways: ${describe(e)}: ${e.scrollWidth} > ${e.clientWidth}`);
        }
        if (clips(style) && style.textOverflow !== 'ellipsis' && (e.textContent || '').trim() && e.scrollWidth > e.clientWidth + 1) {
          found.push(`clipped text: ${describe(e)}: ${e.scrollWidth} > ${e.clientWidth}`);
        }
      }
    } finally {
      for (const [e, value, priority] of hidden) e.style.setProperty('display', value, priority);
    }

    for (const box of document.body.querySelectorAll(BOXES)) {
      if (hiddenOnPurpose(box) || !shown(box)) continue;
      const outer = box.getBoundingClientRect();
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        const parent = node.parentElement;
        if (hiddenOnPurpose(parent) || parent.closest('svg') || !parent.checkVisibility({ contentVisibilityAuto: true })) continue;
        // Inside a scroll area or a clipping element (the box itself included), it is theirs to show.
        let inner = false;
        for (let a = parent; a && a !== box.parentElement; a = a.parentElement) {
          const s = getComputedStyle(a);
          if (scrolls(s) || clips(s)) inner = true;
        }
        if (inner) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const r = range.getBoundingClientRect();
        if (r.width === 0) continue;
        if (r.right > outer.right + 1 || r.left < outer.left - 1) {
          found.push(`text sticks out of ${describe(box)}: “${node.textContent.trim().slice(0, 30)}” ${Math.round(r.left)}..${Math.round(r.right)} outside ${Math.round(outer.left)}..${Math.round(outer.right)}`);
          break;
        }
      }
    }
    return found;
  }, { BOXES, SCROLLERS });
}

for (const { width, lang } of RUNS) {
  const height = SIZES[width];
  test(`every screen at ${width}×${height}${lang ? ` in ${lang}` : ''}: no horizontal scrolling, no clipped text`, async () => {
    const dir = `${SHOTS}${width}/${lang ? `${lang}/` : ''}`;
    await mkdir(dir, { recursive: true });
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    const problems = watch(page, server.origin);
    const found = [];
    const screen = async (name) => {
      // Settle: fonts, the vote bars' transitions.
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(250);
      await page.screenshot({ path: `${dir}${name}.png`, fullPage: true });
      found.push(...(await layoutProblems(page)).map((p) => `${name}: ${p}`));
    };

    // The learner: home, briefing (with the map), a decision, its feedback, the debrief,
    // the progress page.
    await page.goto(address('', lang));
    const card = page.locator('article.scenario-card').nth(cardIndex);
    await card.waitFor();
    if (lang) assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    await screen('home');
    await card.locator('.actions .button--primary').first().click();
    await page.locator('article.briefing').waitFor();
    await screen('briefing');
    await page.locator('.map-card__head button').click();
    await page.locator('.map-card .map__svg').waitFor();
    await screen('map');
    await page.locator('article.briefing .actions--end .button--primary').click();
    for (const [i, index] of bestIndices.entries()) {
      await page.locator('article.decision').waitFor();
      if (i === 0) await screen('decision');
      await page.locator('.options__list .choice').nth(index).click();
      await page.locator('article.feedback').waitFor();
      if (i === 0) {
        // With the scoring table open: the widest thing on it.
        if (await page.locator('details.breakdown').count()) await page.locator('details.breakdown summary').click();
        await screen('feedback');
      }
      await page.locator('article.feedback .actions--end .button--primary').click();
    }
    await page.getByTestId('final-score').waitFor();
    await screen('debrief');
    await page.locator('.masthead__progress').click();
    await page.locator('article.progress-page').waitFor();
    await screen('progress');

    // The instructor in front of a room: set-up, a vote, the reveal, the outcome.
    await page.goto(address('facilitate', lang));
    await page.locator('.room-setup').waitFor();
    await screen('facilitate-setup');
    await page.locator('.room-setup__go .room-button--primary').click();
    await page.locator('.room-briefing').waitFor();
    await screen('facilitate-briefing');
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('room-option').first().waitFor();
    for (const key of ['1', '1', '1', '2']) await page.keyboard.press(key);
    await screen('facilitate-voting');
    await page.keyboard.press('r');
    await page.getByTestId('reveal').first().waitFor();
    await screen('facilitate-revealed');
    for (let step = 0; step < 100 && !(await page.getByTestId('room-score').count()); step++) {
      await page.keyboard.press('1');
      await page.keyboard.press('r');
      await page.keyboard.press('ArrowRight');
    }
    await page.getByTestId('room-score').waitFor();
    await screen('facilitate-outcome');

    // A class session: the set-up with its QR code, the debrief with two learners' codes.
    await page.goto(address('classroom', lang));
    await page.getByTestId('session-code').waitFor();
    await screen('class-setup');
    const debrief = new URL(debriefHref);
    if (lang) debrief.searchParams.set('lang', lang);
    await page.goto(debrief.href);
    await page.locator('textarea').fill(codes.join('\n'));
    await page.locator('.actions .button--primary').click();
    await page.getByTestId('pass-rate').waitFor();
    await screen('class-debrief');

    await context.close();
    assert.deepEqual(found, []);
    assert.deepEqual(problems, []);
  });
}
