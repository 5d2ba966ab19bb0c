// Appearance (issue "accessibility", WCAG 2.1 AA): dark mode, reduced motion, 200 % zoom and
// print. Every main screen a learner or an instructor meets is visited in turn — home,
// briefing, decision, feedback, debrief (with its map), progress, the facilitator's set-up,
// voting and revealed screens, and the class set-up — and on each:
//   - in dark (prefers-color-scheme: dark): axe-core's WCAG 2.0/2.1 A and AA rules, colour
//     contrast included, find nothing; the page background is dark (and light in light);
//   - with prefers-reduced-motion: reduce, no element (nor ::before/::after) has a
//     transition or an animation, and nothing scrolls smoothly;
//   - at 640 px and 320 px wide (1280 px and 640 px at 200 % zoom), nothing scrolls sideways
//     and nothing sticks out of the window (outside the map's own scroll area).
// The class set-up's QR code still scans as dark modules on light in dark mode, and the
// debrief printed from a dark screen is light on paper.
// The server root is `MANDATE_DIST` when set (a build elsewhere), dist/ otherwise.
// Screenshots of each screen in dark at 1280 px go to /tmp/shots-dark/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, launchBrowser, corePaths, bestAndWorst, playDecisions, watch, decodeQrPng } from './harness.mjs';

const CASE = 'purchasing-tech-leader';
const SHOTS = '/tmp/shots-dark';
let server;
let browser;
let core;
let best;

before(async () => {
  core = corePaths(`scenarios/${CASE}.mandate`);
  ({ best } = bestAndWorst(core));
  server = await startServer(process.env.MANDATE_DIST ? { root: process.env.MANDATE_DIST } : {});
  browser = await launchBrowser();
  await mkdir(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** A page with the given viewport and media features, and its problem watch. */
async function open({ width = 1280, height = 900, colorScheme = 'dark', reducedMotion = 'reduce' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, reducedMotion });
  const page = await context.newPage();
  await page.emulateMedia({ colorScheme, reducedMotion });
  const problems = watch(page, server.origin);
  return { context, page, problems };
}

/**
 * Walks through every main screen, calling `at(name)` on each: the learner's way from home
 * to the debrief and the progress page, then the facilitator's room and the class set-up.
 */
async function tour(page, at) {
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  await at('home');
  await page.getByRole('article', { name: core.title }).getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  await at('briefing');
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  await page.getByRole('group', { name: 'What do you do?' }).waitFor();
  await page.getByRole('radio', { name: 'Fairly sure', exact: true }).check();
  await at('decision');
  await page.getByRole('group', { name: 'What do you do?' }).getByRole('button', { name: best.decisions[0].label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'How that served the strategy' }).waitFor();
  const breakdown = page.locator('details.breakdown summary');
  if (await breakdown.count()) await breakdown.click();
  await at('feedback');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  // Rated: the debrief shows the confidence table too.
  await playDecisions(page, best.decisions.slice(1), { confidence: 'Fairly sure' });
  await at('debrief');
  const map = page.getByRole('button', { name: /map/i }).first();
  if (await map.count()) {
    await map.click();
    await page.locator('.map__svg').first().waitFor();
    await at('debrief-map');
  }
  await page.getByRole('button', { name: /^Your progress/ }).click();
  await page.getByRole('heading', { level: 1, name: /progress/i }).waitFor();
  await at('progress');

  await page.goto(`${server.url}?facilitate`);
  await page.getByRole('heading', { level: 1, name: 'Run a scenario with your class' }).waitFor();
  await at('facilitator-setup');
  await page.getByRole('button', { name: 'Open the briefing' }).click();
  await page.getByRole('heading', { level: 1, name: core.title }).waitFor();
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('room-option').first().waitFor();
  await page.keyboard.press('1');
  await page.keyboard.press('1');
  await page.keyboard.press('2');
  await page.waitForTimeout(100);
  await at('facilitator-voting');
  await page.keyboard.press('r');
  await page.getByTestId('reveal').first().waitFor();
  await at('facilitator-revealed');

  await page.goto(`${server.url}?classroom`);
  await page.getByRole('heading', { level: 1, name: 'Set up a class session' }).waitFor();
  await at('class-setup');
}

/** axe's violations on the page as it stands, worded for the assertion message. */
async function violations(page, screen) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${screen}: ${v.id} (${v.impact}) — ${v.help}\n    ${v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.any[0]?.message ?? ''}`).join('\n    ')}`);
}

/**
 * The relative luminance (WCAG) of the page's background as painted: the body's colour, or
 * the root's where the body is transparent. Also the body's text colour.
 */
async function pageColours(page) {
  return page.evaluate(() => {
    const parse = (c) => {
      const m = c.match(/^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/)
        ?? c.match(/^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)$/);
      if (!m) throw new Error(`unparsed colour ${c}`);
      const scale = c.startsWith('color(') ? 1 : 255;
      return { rgb: [m[1], m[2], m[3]].map((v) => Number(v) / scale), alpha: m[4] === undefined ? 1 : Number(m[4]) };
    };
    const lum = ({ rgb }) => {
      const [r, g, b] = rgb.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const body = parse(getComputedStyle(document.body).backgroundColor);
    const bg = body.alpha > 0 ? body : parse(getComputedStyle(document.documentElement).backgroundColor);
    return { background: lum(bg), text: lum(parse(getComputedStyle(document.body).color)) };
  });
}

/** Every element (and ::before/::after) with a transition, an animation or smooth scrolling. */
async function moving(page) {
  return page.evaluate(() => {
    const nonZero = (list) => list.split(',').some((d) => parseFloat(d) > 0);
    const found = [];
    const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;
    for (const el of [document.documentElement, ...document.querySelectorAll('*')]) {
      for (const pseudo of [null, '::before', '::after']) {
        const s = getComputedStyle(el, pseudo);
        const what = [];
        if (nonZero(s.transitionDuration)) what.push(`transition ${s.transitionProperty} ${s.transitionDuration}`);
        if (nonZero(s.animationDuration) && s.animationName !== 'none') what.push(`animation ${s.animationName} ${s.animationDuration}`);
        if (!pseudo && s.scrollBehavior === 'smooth') what.push('smooth scrolling');
        if (what.length) found.push(`${describe(el)}${pseudo ?? ''}: ${what.join(', ')}`);
      }
    }
    return found;
  });
}

/**
 * Sideways overflow: the document's scroll width against the window, and every visible
 * element that sticks out of the window on either side, unless it sits inside a scroll
 * area of its own (the map) or is hidden for screen readers only.
 */
async function overflow(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const found = [];
    const scroller = document.scrollingElement;
    if (scroller.scrollWidth > width) found.push(`the page scrolls sideways: ${scroller.scrollWidth} > ${width}`);
    const scrolls = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const x = getComputedStyle(a).overflowX;
        if (x === 'auto' || x === 'scroll') return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1 || !el.checkVisibility({ contentVisibilityAuto: true })) continue;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.position === 'fixed') continue;
      if (r.right > width + 1 || r.left < -1) {
        if (scrolls(el)) continue;
        found.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} spans ${Math.round(r.left)}..${Math.round(r.right)} of ${width}`);
      }
    }
    return found.slice(0, 8);
  });
}

test('dark: every screen is dark, passes axe (contrast included), and holds still', async () => {
  const { context, page, problems } = await open();
  const found = [];
  const backgrounds = {};
  await tour(page, async (name) => {
    await page.waitForTimeout(50);
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
    const { background, text } = await pageColours(page);
    backgrounds[name] = background;
    if (!(background < 0.05)) found.push(`${name}: the background is not dark (luminance ${background.toFixed(3)})`);
    if (!(text > 0.5)) found.push(`${name}: the text is not light (luminance ${text.toFixed(3)})`);
    found.push(...await violations(page, name));
    found.push(...(await moving(page)).map((m) => `${name}: moves: ${m}`));
  });
  assert.equal(Object.keys(backgrounds).length >= 10, true, `screens visited: ${Object.keys(backgrounds)}`);
  assert.deepEqual(found, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('light: every screen is light and, with reduced motion, holds still', async () => {
  const { context, page, problems } = await open({ colorScheme: 'light' });
  const found = [];
  await tour(page, async (name) => {
    const { background, text } = await pageColours(page);
    if (!(background > 0.8)) found.push(`${name}: the background is not light (luminance ${background.toFixed(3)})`);
    if (!(text < 0.05)) found.push(`${name}: the text is not dark (luminance ${text.toFixed(3)})`);
    found.push(...(await moving(page)).map((m) => `${name}: moves: ${m}`));
  });
  assert.deepEqual(found, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the motion check is live: without reduced motion, the options do have a transition', async () => {
  const { context, page } = await open({ reducedMotion: 'no-preference' });
  await page.goto(server.url);
  await page.getByRole('article', { name: core.title }).getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  await page.getByRole('group', { name: 'What do you do?' }).waitFor();
  const found = await moving(page);
  assert.ok(found.some((m) => m.startsWith('button.choice')), found.join('\n'));
  await context.close();
});

test('dark: more screens — the facilitator\'s ending, the class debrief, a class learner\'s result card', async () => {
  const found = [];
  const { context, page, problems } = await open({ width: 1280, height: 800 });
  await page.goto(`${server.url}?facilitate`);
  await page.getByRole('button', { name: 'Open the briefing' }).click();
  await page.getByRole('heading', { level: 1, name: core.title }).waitFor();
  await page.keyboard.press('ArrowRight');
  while (!(await page.getByTestId('room-score').count())) {
    await page.getByTestId('room-option').first().waitFor();
    await page.keyboard.press('1');
    await page.keyboard.press('r');
    await page.getByTestId('reveal').first().waitFor();
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(50);
  }
  await page.screenshot({ path: `${SHOTS}/facilitator-ending.png` });
  found.push(...await violations(page, 'facilitator ending'));
  await page.goto(`${server.url}?classroom`);
  await page.getByRole('link', { name: 'Open the class debrief' }).click();
  await page.getByLabel('Paste result codes, one per line').fill('M1-NOT-A-CODE');
  await page.getByRole('button', { name: 'Add the codes' }).click();
  await page.locator('.refused').waitFor();
  await page.screenshot({ path: `${SHOTS}/class-debrief.png`, fullPage: true });
  found.push(...await violations(page, 'class debrief'));
  assert.deepEqual(problems, []);
  await context.close();

  const phone = await open({ width: 390, height: 844 });
  await phone.page.goto(`${server.url}?session=K7P2-9QXM&case=${CASE}`);
  await phone.page.getByRole('button', { name: 'Begin the negotiation' }).click();
  await playDecisions(phone.page, best.decisions);
  await phone.page.getByTestId('result-code').waitFor();
  await phone.page.screenshot({ path: `${SHOTS}/class-ending-phone.png`, fullPage: true });
  found.push(...await violations(phone.page, 'class ending on a phone'));
  found.push(...(await overflow(phone.page)).map((m) => `class ending on a phone: ${m}`));
  const { found: qr } = await decodeQrPng(phone.page, await phone.page.locator('.result-card .qr svg').screenshot({ type: 'png' }), { inversionAttempts: 'dontInvert' });
  assert.equal(qr?.data, (await phone.page.getByTestId('result-code').textContent()).trim(), 'the result card\'s QR code scans, dark on light');
  await phone.context.close();
  assert.deepEqual(found, []);
});

test('the contrast check is live in dark: light-on-light text is reported', async () => {
  const { context, page } = await open();
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.id = 'faint';
    p.textContent = 'Text in the line colour on the page';
    p.style.color = 'var(--color-line)';
    document.querySelector('main').append(p);
  });
  const found = await violations(page, 'home with faint text');
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0], /^home with faint text: color-contrast \(serious\)/);
  assert.match(found[0], /#faint/);
  await context.close();
});

for (const [width, height, zoom] of [[640, 800, '1280 px at 200 %'], [320, 640, '640 px at 200 %']]) {
  test(`${width} px wide (${zoom}): nothing scrolls sideways or sticks out, in dark and light`, async () => {
    const found = [];
    for (const colorScheme of ['dark', 'light']) {
      const { context, page, problems } = await open({ width, height, colorScheme });
      await tour(page, async (name) => {
        if (colorScheme === 'dark') await page.screenshot({ path: `${SHOTS}/${width}-${name}.png`, fullPage: true });
        found.push(...(await overflow(page)).map((m) => `${colorScheme} ${width}px ${name}: ${m}`));
      });
      assert.deepEqual(problems, []);
      await context.close();
    }
    assert.deepEqual(found, []);
  });
}

test('dark: the class set-up\'s QR code stays dark on light, with a light quiet zone, and scans', async () => {
  const { context, page } = await open({ width: 1280, height: 900 });
  await page.goto(`${server.url}?classroom`);
  await page.getByRole('heading', { level: 1, name: 'Set up a class session' }).waitFor();
  const qr = page.locator('.classroom__share .qr svg');
  const png = await qr.screenshot({ type: 'png' });
  const { found } = await decodeQrPng(page, png, { inversionAttempts: 'dontInvert' });
  assert.ok(found, 'the QR code decodes as dark modules on light');
  assert.equal(found.data, await page.getByTestId('learner-link').textContent());
  // The quiet zone: the outer 4 modules all round are light.
  // Read in a blank page: the app's Content-Security-Policy refuses data: images.
  const blank = await context.newPage();
  const corner = await blank.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: img.naturalWidth, height: img.naturalHeight });
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    // A band well inside the 4 light modules all round (of at most 41 + 8), less the
    // outermost 2 px, where the element's fractional edge blends with the page.
    const [w, h, e] = [img.naturalWidth, img.naturalHeight, 2];
    const band = Math.floor(w / 30);
    const edges = [ctx.getImageData(e, e, w - 2 * e, band), ctx.getImageData(e, h - e - band, w - 2 * e, band),
      ctx.getImageData(e, e, band, h - 2 * e), ctx.getImageData(w - e - band, e, band, h - 2 * e)];
    let darkest = 255;
    for (const { data } of edges) for (let i = 0; i < data.length; i += 4) darkest = Math.min(darkest, data[i], data[i + 1], data[i + 2]);
    return darkest;
  }, png.toString('base64'));
  assert.ok(corner > 230, `the quiet zone is light (darkest edge pixel ${corner})`);
  await context.close();
});

test('a debrief printed from a dark screen is light on paper', async () => {
  const { context, page, problems } = await open();
  await page.goto(server.url);
  await page.getByRole('article', { name: core.title }).getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  await playDecisions(page, best.decisions);
  assert.ok((await pageColours(page)).background < 0.05, 'the screen is dark');
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  const { background, text } = await pageColours(page);
  assert.ok(background > 0.9, `the printed page is light (luminance ${background.toFixed(3)})`);
  assert.ok(text < 0.05, `the printed text is dark (luminance ${text.toFixed(3)})`);
  // Nothing visible prints light on light or on a dark fill: every text is dark enough on
  // white, and no box is filled with a dark colour.
  const bad = await page.evaluate(() => {
    const lum = (c) => {
      const m = c.match(/^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/);
      if (!m) return null;
      if (m[4] !== undefined && Number(m[4]) === 0) return null;
      const [r, g, b] = [m[1], m[2], m[3]].map((v) => Number(v) / 255).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const found = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (!el.checkVisibility?.() || !el.getClientRects().length) continue;
      const s = getComputedStyle(el);
      const bg = lum(s.backgroundColor);
      if (bg !== null && bg < 0.4) found.push(`${el.tagName.toLowerCase()}.${el.className}: background ${s.backgroundColor}`);
      const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      const fg = lum(s.color);
      // 4.5:1 on white.
      if (hasText && fg !== null && (1.05 / (fg + 0.05)) < 4.5) found.push(`${el.tagName.toLowerCase()}.${el.className}: text ${s.color}`);
    }
    return found.slice(0, 10);
  });
  assert.deepEqual(bad, []);
  await page.screenshot({ path: `${SHOTS}/print-debrief.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});
