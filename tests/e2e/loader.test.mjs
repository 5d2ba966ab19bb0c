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
    await page.goto(server.url + query);
    if (heading) await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    else await page.getByRole('heading', { level: 1 }).first().waitFor();
    assert.equal(heldTooLong, false, 'the .wasm was asked for only after the stylesheets had loaded');
    assert.equal(wasm.length, 1, `one binary: ${wasm}`);
    assert.match(wasm[0], binary);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
