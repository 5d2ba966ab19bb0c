// postMessage under attack (issue 11). Mandate, embedded, answers only its parent, only at
// an origin the address allow-lists (`host=`), only the one request it knows, and posts
// its answers and its height to that origin alone.
//
// - A hostile parent: a host page at another origin (a second server), allow-listed or
//   not, that floods the frame with malformed, oversized, deeply nested and look-alike
//   messages before and between real requests.
// - A hostile child: a frame inside the host's page at the allow-listed origin (so its
//   origin passes) that is not the parent, and a frame it opens inside Mandate's own
//   frame, which the Content-Security-Policy refuses (frame-src 'none').
// Each time the app must answer exactly the real requests, log nothing, and keep playing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser } from './harness.mjs';

const CASE = 'purchasing-tech-leader';
let app;
let host;
let browser;
const hostFiles = {};

/** The host page: frames Mandate at `src`, records every message it gets, and can send
 * the real request or a flood of hostile ones. A second frame is the hostile child. */
const HOST_PAGE = `<!doctype html><title>Course page</title><link rel="icon" href="data:,">
<script>
  window.got = [];
  addEventListener('message', (e) => window.got.push({ origin: e.origin, fromMandate: e.source === frames[0], data: e.data }));
  window.ask = () => frames[0].postMessage({ subject: 'mandate.status' }, '*');
  window.flood = () => {
    // Deeper than serde_json's recursion limit (128), within what postMessage can clone.
    const deep = {}; let at = deep; for (let i = 0; i < 1000; i++) { at.next = {}; at = at.next; }
    const hostile = [
      'mandate.status', '{"subject":"mandate.status"}', null, undefined, 0, NaN, true, [], [{ subject: 'mandate.status' }],
      { subject: 'Mandate.Status' }, { subject: 'mandate.status ' }, { subject: ['mandate.status'] }, { subject: { toString: null } },
      { subject: 'mandate.status.response', active: 'forged' }, { subject: 'lti.frameResize', height: 1e9 },
      { subject: 'mandate.status', extra: 'x'.repeat(8 * 1024 * 1024) },
      JSON.parse('{"__proto__": {"polluted": true}, "subject": "mandate.status"}'),
      { constructor: { prototype: { polluted: true } } }, deep,
      new ArrayBuffer(1024), new Blob(['mandate.status']), new Date(), /mandate/, new Map([['subject', 'mandate.status']]),
    ];
    let sent = 0;
    for (const m of hostile) { frames[0].postMessage(m, '*'); sent++; }
    return sent;
  };
</script>
<iframe id="mandate" src="__SRC__" style="width:1000px;height:700px;border:0"></iframe>
<iframe id="child" src="child.html"></iframe>`;

/** The hostile child: at the host's origin, it asks Mandate and floods it too. */
const CHILD_PAGE = `<!doctype html><script>
  window.got = [];
  addEventListener('message', (e) => window.got.push(e.data));
  window.ask = () => parent.frames[0].postMessage({ subject: 'mandate.status' }, '*');
  window.nest = () => {
    // A frame of its own inside Mandate's document, if it can reach it (it cannot:
    // Mandate is at another origin here), else a frame posting from beside it.
    const f = document.createElement('iframe');
    f.srcdoc = '<script>parent.parent.frames[0].postMessage({ subject: "mandate.status" }, "*")<\\/script>';
    document.body.append(f);
  };
</script>`;

before(async () => {
  app = await startServer();
  // The host runs at another origin: its own server, on another port.
  // (A real server: a page the browser cannot place in an address space, such as a routed
  // response, may not frame a loopback page at all.) Its pages are filled in per test.
  host = await startServer({ root: '/nonexistent', extra: hostFiles });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  app?.close();
  host?.close();
});

async function hostPage(hostParam) {
  const src = `${app.url}index.html?embed=1&case=${CASE}${hostParam ? `&host=${encodeURIComponent(hostParam)}` : ''}`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  hostFiles['host.html'] = HOST_PAGE.replace('__SRC__', src);
  hostFiles['child.html'] = CHILD_PAGE;
  const page = await context.newPage();
  // Console errors and warnings of the page and every frame in it (the host's own
  // requests go to its server: `watch` with the app's origin would flag them).
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${host.url}host.html`);
  const mandate = page.frameLocator('#mandate');
  await mandate.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  const child = page.frames().find((f) => f.url().endsWith('child.html'));
  return { context, page, mandate, child, problems };
}

/** The answers Mandate posted to the host page. */
const answers = (page) => page.evaluate(() => window.got.filter((m) => m.fromMandate && m.data?.subject === 'mandate.status.response')
  .map((m) => ({ origin: m.origin, active: m.data.active, scenarios: m.data.scenarios.length })));

test('a hostile parent at an origin not allow-listed floods the frame: nothing is answered, nothing breaks', async () => {
  const { context, page, mandate, problems } = await hostPage('https://intranet.example.com');
  assert.ok(await page.evaluate(() => window.flood()) > 20);
  await page.evaluate(() => window.ask());
  await page.waitForTimeout(700);
  assert.deepEqual(await answers(page), []);
  // The learner plays on.
  await mandate.getByRole('button', { name: 'Begin the negotiation' }).click();
  await mandate.getByRole('group', { name: 'What do you do?' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('an allow-listed parent at another origin gets exactly one answer per real request, posted to its origin, whatever else it sends', async () => {
  const { context, page, mandate, problems } = await hostPage(host.origin);
  await page.evaluate(() => window.flood());
  await page.evaluate(() => window.ask());
  await page.evaluate(() => window.flood());
  await page.evaluate(() => window.ask());
  await page.waitForTimeout(1000);
  const got = await answers(page);
  assert.deepEqual(got, [
    { origin: app.origin, active: CASE, scenarios: 6 },
    { origin: app.origin, active: CASE, scenarios: 6 },
  ]);
  // Nothing else came from Mandate but its height, and a forged "response" sent to it
  // was not echoed.
  const others = await page.evaluate(() => window.got.filter((m) => m.fromMandate).map((m) => m.data?.subject));
  assert.deepEqual([...new Set(others)].sort(), ['lti.frameResize', 'mandate.status.response']);
  assert.equal(await page.evaluate(() => Object.prototype.polluted ?? null), null);
  await mandate.getByRole('button', { name: 'Begin the negotiation' }).click();
  await mandate.getByRole('group', { name: 'What do you do?' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a hostile child at the allow-listed origin is never answered, nor a frame it nests', async () => {
  const { context, page, child, problems } = await hostPage(host.origin);
  assert.ok(child, 'the hostile child frame loaded');
  await child.evaluate(() => window.ask());
  await child.evaluate(() => window.nest());
  await page.waitForTimeout(1000);
  // Neither the child nor its own frame got anything, and the host got no answer either.
  assert.deepEqual(await child.evaluate(() => window.got), []);
  assert.deepEqual(await answers(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Mandate\'s own page cannot be made to frame anything: frame-src \'none\'', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations = [];
  page.on('console', (m) => { if (/frame-src/.test(m.text())) violations.push(m.text()); });
  await page.goto(`${app.url}?case=${CASE}`);
  await page.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  const loaded = await page.evaluate(() => new Promise((resolve) => {
    const f = document.createElement('iframe');
    f.src = `${location.origin}/elsewhere.html`;
    f.onload = () => { try { resolve(f.contentDocument?.URL ?? 'opaque'); } catch { resolve('cross-origin'); } };
    document.body.append(f);
    setTimeout(() => resolve('no load'), 1500);
  }));
  assert.notEqual(loaded, `${app.origin}/elsewhere.html`);
  assert.ok(violations.length > 0, 'the policy reported the refused frame');
  await context.close();
});
