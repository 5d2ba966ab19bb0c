// index.html's loader (scripts/index-loader.mjs): each address gets its own binary, and
// its .wasm downloads while the stylesheets load. (A module script runs only once every
// stylesheet has loaded, so a download started there waited for all of them: issue 10's
// app-ready figure.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watch } from './harness.mjs';

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

for (const [query, binary, heading] of [
  ['', /\/mandate-[0-9a-f]{16}_bg\.wasm$/, 'Scenarios'],
  ['?facilitate', /\/mandate-instructor-[0-9a-f]{16}_bg\.wasm$/, null],
]) {
  test(`${query || 'the home page'}: its binary's .wasm is requested while the stylesheets are still held back`, async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const problems = watch(page, server.origin);
    const wasm = [];
    let sawWasm;
    const seen = new Promise((resolve) => { sawWasm = resolve; });
    page.on('request', (r) => {
      if (/_bg\.wasm$/.test(r.url())) {
        wasm.push(r.url());
        sawWasm();
      }
    });
    // Every stylesheet waits until a .wasm has been asked for (or 5 s, which fails below).
    let heldTooLong = false;
    await context.route(/\.css$/, async (route) => {
      const timeout = new Promise((resolve) => setTimeout(() => { heldTooLong = true; resolve(); }, 5000));
      await Promise.race([seen, timeout]);
      return route.continue();
    });
    const stylesheets = [];
    page.on('request', (r) => { if (/\.css$/.test(r.url())) stylesheets.push(new URL(r.url()).pathname.split('/').pop()); });
    // The instructor's styles must apply before its app first renders: at the first h1,
    // the projected room is already laid out.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const h1 = document.querySelector('h1');
        if (!h1) return;
        observer.disconnect();
        const room = document.querySelector('.room');
        window.roomAtFirstHeading = room ? getComputedStyle(room).display : 'no room';
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(server.url + query);
    if (heading) await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    else await page.getByRole('heading', { level: 1 }).first().waitFor();
    // One stylesheet for every page; the instructor's own only for the instructor's pages.
    const stems = (names) => names.map((f) => f.replace(/-[0-9a-f]{16}\.css$/, ''));
    assert.deepEqual(stems(stylesheets).sort(), heading ? ['styles'] : ['instructor', 'styles']);
    // Applied in that order: the instructor's after the others, as the cascade was written.
    const applied = await page.evaluate(() => [...document.styleSheets].map((s) => s.href.split('/').pop()));
    assert.deepEqual(stems(applied), heading ? ['styles'] : ['styles', 'instructor']);
    assert.equal(await page.evaluate(() => window.roomAtFirstHeading), heading ? 'no room' : 'flex');
    assert.equal(heldTooLong, false, 'the .wasm was asked for only after the stylesheets had loaded');
    assert.equal(wasm.length, 1, `one binary: ${wasm}`);
    assert.match(wasm[0], binary);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
