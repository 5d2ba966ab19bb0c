// Mandate's speed benchmark (issue 10), beside a bare Yew 0.23 app built with the same
// profile in the same run, so that machine noise cancels in the ratios.
//
// Usage: node bench/run.mjs [--runs N]   (default 7 runs per figure; medians printed)
//
// Builds both releases (trunk, offline), serves each over gzip on loopback, and measures in
// Debian's chromium (playwright-core, DevTools protocol):
//   - transfer: gzip bytes of everything the first screen loads (cold cache);
//   - app ready: navigation start → the first choice button in the DOM and interactive,
//     unthrottled, and with 4x CPU slowdown + Slow 4G (150 ms RTT, 1.44 Mbps down);
//   - choice → next frame: a click on a choice → the DOM change → the next animation frame,
//     unthrottled and at 4x CPU (median and p95);
//   - memory: JS heap + wasm memory after the app has played every built-in scenario's
//     best path once (Mandate only).
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const env = { ...process.env, PATH: `${ROOT}node_modules/.bin:${process.env.HOME}/.cargo/bin:${process.env.PATH}` };
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.webmanifest': 'application/manifest+json' };

function build() {
  console.error('building the app (trunk build --release --offline)…');
  execFileSync('trunk', ['build', '--release', '--offline', '--dist', 'target/bench/app-dist'], { cwd: ROOT, env, stdio: 'inherit' });
  console.error('building the baseline (bench/baseline)…');
  execFileSync('trunk', ['build', '--release', '--offline'], {
    cwd: join(ROOT, 'bench/baseline'), env: { ...env, CARGO_TARGET_DIR: join(ROOT, 'target/bench/baseline-target') }, stdio: 'inherit',
  });
}

/** Serves `root` with gzip (-9, precomputed once per file) on loopback. */
async function serve(root) {
  const cache = new Map();
  const server = createServer((req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    if (!cache.has(file)) cache.set(file, gzipSync(readFileSync(file), { level: 9 }));
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-encoding': 'gzip', 'cache-control': 'no-store' });
    res.end(cache.get(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]; };

/** In every page: the time the first `button` appears (after the app has rendered). */
const READY_PROBE = () => {
  const mark = () => {
    if (window.__ready === undefined && document.querySelector('main button, .room button')) {
      window.__ready = performance.now();
    }
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
};

async function newPage(browser, { throttled }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.addInitScript(READY_PROBE);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttled) {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.44e6 / 8, uploadThroughput: 0.675e6 / 8 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  return { context, page, cdp, bytes: () => bytes };
}

/** App ready (ms since navigation start) and the bytes transferred, one cold load. */
async function ready(browser, url, throttled) {
  const { context, page, bytes } = await newPage(browser, { throttled });
  await page.goto(url);
  await page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 60_000 });
  const ms = await page.evaluate(() => window.__ready);
  await page.waitForLoadState('networkidle');
  const transferred = bytes();
  await context.close();
  return { ms, transferred };
}

/** Click → DOM change → next animation frame, in ms, for the `n`th button `selector`
 * matches (counting round; consecutive runs click different buttons, so each changes the page). */
function clickToFrame(page, selector, n) {
  return page.evaluate(([selector, n]) => new Promise((resolve, reject) => {
    const buttons = document.querySelectorAll(selector);
    const button = buttons[n % buttons.length];
    setTimeout(() => reject(new Error(`no DOM change within 5 s of clicking “${button.textContent}”`)), 5000);
    const observer = new MutationObserver(() => {
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - start));
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    const start = performance.now();
    button.click();
  }), [selector, n]);
}

async function choiceFrames(browser, target, throttled) {
  const { context, page, cdp } = await newPage(browser, { throttled: false });
  await page.goto(target.url);
  await page.waitForFunction(() => window.__ready !== undefined);
  if (throttled) await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const times = [];
  for (let i = 0; i < RUNS * 3; i += 1) {
    await target.toChoice(page);
    times.push(await clickToFrame(page, target.choice, i));
  }
  await context.close();
  return times;
}

async function main() {
  if (!process.argv.includes('--no-build')) build();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--enable-precise-memory-info'],
  });
  const app = await serve(join(ROOT, 'target/bench/app-dist'));
  const base = await serve(join(ROOT, 'target/bench/baseline-dist'));
  const targets = {
    baseline: {
      url: base.url,
      choice: 'button.choice',
      toChoice: async () => {},
    },
    mandate: {
      url: `${app.url}?case=purchasing-tech-leader`,
      choice: '.options__list button.choice',
      // From wherever the page is, to a decision with its choices shown.
      toChoice: async (page) => {
        for (let i = 0; i < 20; i += 1) {
          if (await page.locator('.options__list button.choice').count()) return;
          const next = page.locator('main .button--primary').last();
          await next.click();
          await page.waitForTimeout(20);
        }
        throw new Error('never reached a decision');
      },
    },
  };
  const results = {};
  for (const [name, target] of Object.entries(targets)) {
    const r = {};
    const fast = [];
    const slow = [];
    let transferred = 0;
    for (let i = 0; i < RUNS; i += 1) {
      const one = await ready(browser, target.url, false);
      fast.push(one.ms);
      transferred = one.transferred;
      slow.push((await ready(browser, target.url, true)).ms);
    }
    r.transfer = transferred / 1024;
    r.ready = median(fast);
    r.readySlow = median(slow);
    const frames = await choiceFrames(browser, target, false);
    const framesSlow = await choiceFrames(browser, target, true);
    r.frame = median(frames);
    r.frameSlow = median(framesSlow);
    r.frameSlowP95 = p95(framesSlow);
    results[name] = r;
  }
  await browser.close();
  app.close();
  base.close();

  const rows = [
    ['transfer, gzip (KB)', 'transfer', 120],
    ['app ready, unthrottled (ms)', 'ready', 120],
    ['app ready, 4x CPU + Slow 4G (ms)', 'readySlow', 1100],
    ['choice → next frame, unthrottled (ms)', 'frame', 4],
    ['choice → next frame, 4x CPU, median (ms)', 'frameSlow', 16],
    ['choice → next frame, 4x CPU, p95 (ms)', 'frameSlowP95', 33],
  ];
  console.log(`\nMandate beside a bare Yew 0.23 app, medians of ${RUNS} runs (${new Date().toISOString().slice(0, 10)})\n`);
  console.log(`${'figure'.padEnd(44)}${'baseline'.padStart(10)}${'Mandate'.padStart(10)}${'ratio'.padStart(8)}${'budget'.padStart(9)}  within`);
  for (const [label, key, budget] of rows) {
    const b = results.baseline[key];
    const m = results.mandate[key];
    console.log(`${label.padEnd(44)}${b.toFixed(1).padStart(10)}${m.toFixed(1).padStart(10)}${(m / b).toFixed(2).padStart(8)}${String(budget).padStart(9)}  ${m <= budget ? 'yes' : 'NO'}`);
  }
}

await main();
