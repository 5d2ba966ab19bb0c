// Embed mode in a host page's iframe: no site chrome, the page tells its parent its
// height (`lti.frameResize`) as it changes, and the app plays as usual.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, corePaths, watch } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({
    extra: {
      'host.html': `<!doctype html><title>Course page</title><link rel="icon" href="data:,">
        <script>window.heights = []; addEventListener('message', (e) => {
          if (e.data && e.data.subject === 'lti.frameResize') window.heights.push([e.origin, e.data.height]);
        });</script>
        <iframe id="mandate" src="index.html?embed=1" style="width:1000px;height:700px;border:0"></iframe>`,
    },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('embedded, the app drops the masthead and reports its height to the parent', async () => {
  const core = corePaths('scenarios/purchasing-tech-leader.mandate');
  const page = await browser.newPage();
  const problems = watch(page, server.origin);
  await page.goto(`${server.url}host.html`);
  const app = page.frameLocator('#mandate');
  await app.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  assert.equal(await app.locator('.masthead').count(), 0);
  await app.getByRole('button', { name: 'Your progress · Learner' }).waitFor();
  await page.waitForFunction(() => window.heights.length > 0);
  const [origin, first] = (await page.evaluate(() => window.heights))[0];
  assert.equal(origin, server.origin);
  assert.ok(first > 700, `the home page is taller than the frame: ${first}`);
  // Opening the briefing changes the height; the parent hears the new one.
  await app.getByRole('article', { name: core.title }).getByRole('button', { name: 'Start' }).click();
  await app.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  await page.waitForFunction((h) => window.heights.some(([, height]) => height !== h), first);
  assert.deepEqual(problems, []);
  await page.close();
});

test('outside a frame, embed mode sends nothing and the page still works', async () => {
  const page = await browser.newPage();
  const problems = watch(page, server.origin);
  await page.goto(`${server.url}?embed=1`);
  await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
  assert.equal(await page.locator('.masthead').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});
