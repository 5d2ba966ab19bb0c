// Embed mode in a host page's iframe: no site chrome, the page tells its parent its
// height (`lti.frameResize`) as it changes, and the app plays as usual. A host at an
// allow-listed origin may ask for the learner's standing; nobody else is answered.
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
      // A host that asks for the learner's standing; `host=` in the frame's address
      // allow-lists an origin (the test fills it in). A sibling frame asks too.
      'status-host.html': `<!doctype html><title>Course page</title><link rel="icon" href="data:,">
        <script>window.replies = []; addEventListener('message', (e) => {
          if (e.data && e.data.subject === 'mandate.status.response') window.replies.push([e.origin, e.data]);
        });
        window.ask = () => document.getElementById('mandate').contentWindow.postMessage({ subject: 'mandate.status' }, '*');
        </script>
        <iframe id="mandate" style="width:1000px;height:700px;border:0"></iframe>
        <iframe id="sibling" src="sibling.html"></iframe>`,
      'sibling.html': `<!doctype html><script>window.replies = [];
        addEventListener('message', (e) => { if (e.data && e.data.subject) window.replies.push(e.data.subject); });
        window.ask = () => parent.frames[0].postMessage({ subject: 'mandate.status' }, '*');</script>`,
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

test('a host at an allow-listed origin gets the learner\'s standing; other senders get nothing', async () => {
  const page = await browser.newPage();
  const problems = watch(page, server.origin);
  const hostParam = encodeURIComponent(server.origin);
  // The frame is at the same origin as the host; allow-listed, then not.
  for (const [allowed, src] of [[true, `index.html?embed=1&case=purchasing-tech-leader&host=${hostParam}`],
    [false, 'index.html?embed=1&case=purchasing-tech-leader&host=https%3A%2F%2Fother.example']]) {
    await page.goto(`${server.url}status-host.html`);
    await page.evaluate((url) => { document.getElementById('mandate').src = url; }, src);
    const app = page.frameLocator('#mandate');
    await app.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
    await page.evaluate(() => window.ask());
    // The sibling frame asks too: it is not the parent, so it is never answered.
    await page.frames().find((f) => f.url().endsWith('sibling.html')).evaluate(() => window.ask());
    await page.waitForTimeout(500);
    const replies = await page.evaluate(() => window.replies);
    const sibling = await page.frames().find((f) => f.url().endsWith('sibling.html')).evaluate(() => window.replies);
    assert.deepEqual(sibling, []);
    if (!allowed) {
      assert.deepEqual(replies, []);
      continue;
    }
    assert.equal(replies.length, 1);
    const [origin, reply] = replies[0];
    assert.equal(origin, server.origin);
    assert.equal(reply.active, 'purchasing-tech-leader');
    const mine = reply.scenarios.find((s) => s.id === 'purchasing-tech-leader');
    assert.deepEqual(mine, {
      id: 'purchasing-tech-leader', title: mine.title, status: 'in-progress', decision: 1,
      bestScore: null, passed: null, completions: 0,
    });
    assert.equal(reply.scenarios.length, 6);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('a host parameter that is not an origin is refused with a message', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}?embed=1&host=javascript%3Aalert(1)`);
  await page.getByText('Embedding: the host parameter `javascript:alert(1)` is not an origin like https://intranet.example.com (scheme, host and port only); messages from it are not accepted.').waitFor();
  await page.close();
});
