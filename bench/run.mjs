// Mandate's speed benchmark (issue 10), beside a bare Yew 0.23 app built with the same
// profile in the same run, so that machine noise cancels in the ratios.
//
// Usage: node bench/run.mjs [--runs N] [--no-build] [--skip-lighthouse]
//   (default 7 runs per figure; medians printed)
//
// Builds both releases (trunk, offline) into target/bench/, serves each over gzip on loopback,
// and measures in Debian's chromium (playwright-core, DevTools protocol):
//   - transfer: gzip bytes of everything the first screen loads (cold cache), and apart
//     what the page fetches after it (the scenario pack);
//   - app ready: navigation start → the first choice button in the DOM and interactive,
//     unthrottled, and with 4x CPU slowdown + Slow 4G (150 ms RTT, 1.44 Mbps down);
//   - choice → next frame: a click on a choice → the DOM change → the next animation frame,
//     unthrottled and at 4x CPU (median and p95);
//   - memory: JS heap (CDP Runtime.getHeapUsage, after HeapProfiler.collectGarbage) + the
//     wasm memory's byte length, after the app has played every built-in scenario's best
//     path once in one page (the baseline: after loading and clicking its three choices);
//   - progress write: the User Timing measure `mandate:progress-write` that
//     platform::persistence takes around every save (encode + write), over those plays;
//   - validation + analysis of a generated 10,000-scene scenario: natively
//     (examples/bench_analysis, `native` profile) and in the browser (the same example built
//     for wasm32 with the release profile and wasm-opt -Oz, bench/analysis.html);
//   - Lighthouse 12.2.3, mobile preset: performance score and total blocking time
//     (bench/lighthouse.mjs; installed on demand into target/bench-tools/).
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { bestAndWorst, corePaths, playDecisions } from '../tests/e2e/harness.mjs';
import { ensureLighthouse, lighthouse, LIGHTHOUSE_VERSION } from './lighthouse.mjs';
import { clickToFrame, serve } from './common.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const LIGHTHOUSE = !process.argv.includes('--skip-lighthouse');
/** Plays of every scenario for the memory and progress-write figures (each takes a while). */
const PLAYS = Math.min(RUNS, 3);
const NATIVE_ANALYSIS = join(ROOT, 'target/native/examples/bench_analysis');
const WASM_ANALYSIS = join(ROOT, 'target/wasm32-unknown-unknown/release/examples/bench_analysis.wasm');
const ANALYSIS_DIST = join(ROOT, 'target/bench/analysis-dist');
const env = { ...process.env, PATH: `${ROOT}node_modules/.bin:${process.env.HOME}/.cargo/bin:${process.env.PATH}` };

function build() {
  console.error('building the app (trunk build --release --offline)…');
  execFileSync('trunk', ['build', '--release', '--offline', '--dist', 'target/bench/app-dist'], { cwd: ROOT, env, stdio: 'inherit' });
  console.error('building the baseline (bench/baseline)…');
  execFileSync('trunk', ['build', '--release', '--offline'], {
    cwd: join(ROOT, 'bench/baseline'), env: { ...env, CARGO_TARGET_DIR: join(ROOT, 'target/bench/baseline-target') }, stdio: 'inherit',
  });
  // The end-to-end harness's corePaths runs the debug CLI for each scenario's best path.
  console.error('building mandate-cli and examples/bench_analysis (native, and wasm32 for the browser)…');
  const cargo = (args) => execFileSync('cargo', ['build', '--quiet', '--locked', ...args], { cwd: ROOT, env, stdio: 'inherit' });
  cargo(['--bin', 'mandate-cli']);
  cargo(['--profile', 'native', '--example', 'bench_analysis']);
  cargo(['--release', '--target', 'wasm32-unknown-unknown', '--example', 'bench_analysis']);
  // As Trunk does for the app: wasm-bindgen (the version Trunk.toml pins), then wasm-opt -Oz.
  rmSync(ANALYSIS_DIST, { recursive: true, force: true });
  mkdirSync(ANALYSIS_DIST, { recursive: true });
  execFileSync('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', ANALYSIS_DIST, '--out-name', 'analysis', WASM_ANALYSIS], { env, stdio: 'inherit' });
  const wasm = join(ANALYSIS_DIST, 'analysis_bg.wasm');
  execFileSync('wasm-opt', ['-Oz', `--output=${wasm}`, wasm], { env, stdio: 'inherit' });
  copyFileSync(join(ROOT, 'bench/analysis.html'), join(ANALYSIS_DIST, 'index.html'));
}

/** With --no-build: what an earlier build must have left. */
function checkBuilt() {
  const needed = [
    'target/bench/app-dist/index.html', 'target/bench/baseline-dist/index.html', 'target/debug/mandate-cli',
    'target/native/examples/bench_analysis', 'target/bench/analysis-dist/index.html',
  ];
  const missing = needed.filter((p) => !existsSync(join(ROOT, p)));
  if (missing.length) throw new Error(`--no-build, but an earlier build is missing: ${missing.join(', ')}; run without --no-build once`);
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
  // Bytes per request; what the page fetches after its first screen (the scenario pack,
  // scripts/scenario-pack.mjs) is counted apart from what the first screen needs.
  const urls = new Map();
  let bytes = 0;
  let later = 0;
  cdp.on('Network.requestWillBeSent', (e) => { urls.set(e.requestId, e.request.url); });
  cdp.on('Network.loadingFinished', (e) => {
    if (AFTER_FIRST_SCREEN.test(urls.get(e.requestId) ?? '')) later += e.encodedDataLength;
    else bytes += e.encodedDataLength;
  });
  return { context, page, cdp, bytes: () => bytes, later: () => later };
}

/** Files a page fetches after its first screen, not needed by the first scenario. */
const AFTER_FIRST_SCREEN = /\/scenarios-[0-9a-f]{16}\.txt$/;

/** App ready (ms since navigation start) and the bytes transferred (for the first screen, and after it), one cold load. */
async function ready(browser, url, throttled) {
  const { context, page, bytes, later } = await newPage(browser, { throttled });
  await page.goto(url);
  await page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 60_000 });
  const ms = await page.evaluate(() => window.__ready);
  await page.waitForLoadState('networkidle');
  const transferred = bytes();
  const after = later();
  await context.close();
  return { ms, transferred, after };
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

/** In the memory pages: every wasm memory an instance exports, kept as it is instantiated
 * (wrapping WebAssembly.instantiate and instantiateStreaming, which wasm-bindgen's glue
 * calls), and, to check it, the one Trunk's loader hands out with its start event. */
const MEMORY_PROBE = () => {
  window.__wasmMemories = [];
  const keep = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
    const memory = instance?.exports?.memory;
    if (memory instanceof WebAssembly.Memory) window.__wasmMemories.push(memory);
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original === 'function') {
      WebAssembly[name] = function (...args) { return original.apply(this, args).then(keep); };
    }
  }
  addEventListener('TrunkApplicationStarted', (e) => { window.__trunkMemory = e.detail?.wasm?.memory; });
  // Every click, and whether it was on a choice: a progress write belongs to the click
  // before it (the save runs in an effect after the click's render).
  window.__clicks = [];
  addEventListener('click', (e) => {
    window.__clicks.push({ at: performance.now(), choice: Boolean(e.target.closest?.('.options__list button.choice')) });
  }, true);
};

/** After a forced garbage collection: the JS heap in use and the wasm memory, in bytes. */
async function memoryInUse(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  // Every wasm memory the page instantiated (one today), the one Trunk's loader started among them.
  const wasm = await page.evaluate(() => {
    const memories = new Set(window.__wasmMemories);
    if (!memories.has(window.__trunkMemory)) {
      throw new Error(`the wasm memory Trunk's loader started is not among the ${memories.size} captured`);
    }
    return [...memories].reduce((sum, m) => sum + m.buffer.byteLength, 0);
  });
  return { heap: usedSize, wasm };
}

/** The built-in scenarios: every scenarios/*.mandate but the profile library, each with
 * the core's paths (mandate-cli paths). */
function builtInScenarios() {
  return readdirSync(join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.mandate') && f !== 'strategies.mandate')
    .map((f) => {
      const core = corePaths(join(ROOT, 'scenarios', f));
      if (core.scenario !== f.replace(/\.mandate$/, '')) throw new Error(`${f} holds scenario ${core.scenario}`);
      return core;
    });
}

/** One page plays every built-in scenario's best path (under its first strategy) from the
 * home screen, in the home screen's order, back to the home screen after each. Returns the
 * memory in use then, and the duration of every progress write on the way. */
async function playEverything(browser, url, scenarios) {
  const { context, page, cdp } = await newPage(browser, { throttled: false });
  await page.addInitScript(MEMORY_PROBE);
  await page.goto(url);
  const home = page.getByRole('heading', { level: 1, name: 'Scenarios' });
  await home.waitFor();
  if (!await page.evaluate(() => window.crossOriginIsolated)) throw new Error('the play page is not cross-origin isolated');
  // The scenarios after the first arrive after the first screen (the scenario pack).
  await page.locator('.scenario-card--pending').first().waitFor({ state: 'detached' });
  const listed = await page.locator('article h2').allTextContents();
  const unlisted = scenarios.filter((c) => !listed.includes(c.title)).map((c) => c.scenario);
  if (unlisted.length) throw new Error(`the home screen does not list ${unlisted.join(', ')}`);
  const order = [...scenarios].sort((a, b) => listed.indexOf(a.title) - listed.indexOf(b.title));
  for (const core of order) {
    const { best } = bestAndWorst(core);
    await page.getByRole('article', { name: core.title }).getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: core.title }).waitFor();
    await page.getByRole('button', { name: 'Begin the negotiation' }).click();
    const score = await playDecisions(page, best.decisions);
    if (score !== best.score) throw new Error(`${core.scenario}: scored ${score}, the core says ${best.score}`);
    await page.getByRole('button', { name: 'Back to scenarios', exact: true }).click();
    await home.waitFor();
  }
  const writes = await page.evaluate(() => performance.getEntriesByName('mandate:progress-write', 'measure').map((e) => {
    const click = window.__clicks.findLast((c) => c.at <= e.startTime);
    return { ms: e.duration, afterChoice: Boolean(click?.choice) };
  }));
  const choices = writes.filter((w) => w.afterChoice).length;
  const decisions = order.reduce((n, core) => n + bestAndWorst(core).best.decisions.length, 0);
  if (choices !== decisions) {
    const hint = writes.length === 0 ? ' (no measure at all: is this a build without the User Timing marks?)' : '';
    throw new Error(`${choices} progress writes after a choice, for ${decisions} choices${hint}`);
  }
  const memory = await memoryInUse(page, cdp);
  await context.close();
  return { ...memory, writes, played: order.length };
}

/** The baseline's memory after loading and clicking each of its three choices. */
async function baselineMemory(browser, url) {
  const { context, page, cdp } = await newPage(browser, { throttled: false });
  await page.addInitScript(MEMORY_PROBE);
  await page.goto(url);
  await page.waitForFunction(() => window.__ready !== undefined);
  for (let i = 0; i < 3; i += 1) await clickToFrame(page, 'button.choice', i);
  const memory = await memoryInUse(page, cdp);
  await context.close();
  return memory;
}

/** Validation + analysis of the generated 10,000-scene scenario in the page of
 * bench/analysis.html: 21 loads, as the native figure. */
async function browserAnalysis(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.analysis !== undefined, null, { timeout: 60_000 });
  if (!await page.evaluate(() => window.crossOriginIsolated)) throw new Error('the analysis page is not cross-origin isolated');
  const r = await page.evaluate(() => {
    const bytes = window.analysis.prepare(10_000);
    const times = [];
    let states = 0;
    for (let i = 0; i < 21; i += 1) {
      const start = performance.now();
      states = window.analysis.load_once();
      times.push(performance.now() - start);
    }
    return { bytes, states, times };
  });
  await context.close();
  if (r.states === 0) throw new Error('the generated scenario did not load in the browser');
  return { median: median(r.times), fastest: Math.min(...r.times), states: r.states, bytes: r.bytes };
}

/** The same figure natively: examples/bench_analysis --summary. */
function nativeAnalysis() {
  const out = execFileSync(NATIVE_ANALYSIS, ['--summary'], { encoding: 'utf8' });
  const m = /median ([\d.]+) ms, fastest ([\d.]+) ms/.exec(out);
  if (!m) throw new Error(`unexpected output from examples/bench_analysis --summary: ${out}`);
  return { median: Number(m[1]), fastest: Number(m[2]) };
}

async function main() {
  if (process.argv.includes('--no-build')) checkBuilt();
  else build();
  const scenarios = builtInScenarios();
  const lighthouseBin = LIGHTHOUSE ? ensureLighthouse(ROOT, env) : null;
  console.error('measuring the validation and analysis natively…');
  const native = nativeAnalysis();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--enable-precise-memory-info'],
  });
  const app = await serve(join(ROOT, 'target/bench/app-dist'));
  const appIsolated = await serve(join(ROOT, 'target/bench/app-dist'), { isolated: true });
  const base = await serve(join(ROOT, 'target/bench/baseline-dist'));
  const analysis = await serve(ANALYSIS_DIST, { isolated: true });
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
    console.error(`measuring ${name}: transfer, app ready, choice → next frame…`);
    const r = {};
    const fast = [];
    const slow = [];
    let transferred = 0;
    let after = 0;
    for (let i = 0; i < RUNS; i += 1) {
      const one = await ready(browser, target.url, false);
      fast.push(one.ms);
      transferred = one.transferred;
      after = one.after;
      slow.push((await ready(browser, target.url, true)).ms);
    }
    r.transfer = transferred / 1024;
    r.transferAfter = after / 1024;
    r.ready = median(fast);
    r.readySlow = median(slow);
    const frames = await choiceFrames(browser, target, false);
    const framesSlow = await choiceFrames(browser, target, true);
    r.frame = median(frames);
    r.frameSlow = median(framesSlow);
    r.frameSlowP95 = p95(framesSlow);
    results[name] = r;
  }

  const MB = 1024 * 1024;
  console.error(`measuring memory and progress writes: ${PLAYS} play(s) of all ${scenarios.length} scenarios…`);
  const plays = [];
  for (let i = 0; i < PLAYS; i += 1) plays.push(await playEverything(browser, appIsolated.url, scenarios));
  const allWrites = plays.flatMap((p) => p.writes.map((w) => w.ms));
  const writes = plays.flatMap((p) => p.writes.filter((w) => w.afterChoice).map((w) => w.ms));
  Object.assign(results.mandate, {
    memory: median(plays.map((p) => p.heap + p.wasm)) / MB,
    heap: median(plays.map((p) => p.heap)) / MB,
    wasm: median(plays.map((p) => p.wasm)) / MB,
    writeMedian: median(writes),
    writeP95: p95(writes),
    writeMax: Math.max(...writes),
  });
  const baseMemory = [];
  for (let i = 0; i < PLAYS; i += 1) baseMemory.push(await baselineMemory(browser, base.url));
  Object.assign(results.baseline, {
    memory: median(baseMemory.map((m) => m.heap + m.wasm)) / MB,
    heap: median(baseMemory.map((m) => m.heap)) / MB,
    wasm: median(baseMemory.map((m) => m.wasm)) / MB,
  });

  console.error('measuring the validation and analysis in the browser…');
  const inBrowser = await browserAnalysis(browser, analysis.url);
  Object.assign(results.mandate, {
    analysisBrowser: inBrowser.median,
    analysisBrowserFastest: inBrowser.fastest,
    analysisNative: native.median,
    analysisNativeFastest: native.fastest,
  });
  await browser.close();

  let lighthouseError = null;
  if (lighthouseBin) {
    for (const [name, url] of [['baseline', base.url], ['mandate', targets.mandate.url]]) {
      console.error(`Lighthouse ${LIGHTHOUSE_VERSION} (mobile), ${name}: ${RUNS} run(s)…`);
      try {
        const runs = [];
        for (let i = 0; i < RUNS; i += 1) runs.push(await lighthouse(lighthouseBin, url, env));
        results[name].lighthouse = median(runs.map((r) => r.score));
        results[name].tbt = median(runs.map((r) => r.tbt));
        for (const w of new Set(runs.flatMap((r) => r.warnings))) console.error(`  Lighthouse warning: ${w}`);
      } catch (e) {
        lighthouseError = e.message;
        break;
      }
    }
  }
  app.close();
  appIsolated.close();
  base.close();
  analysis.close();

  // [label, key, budget, digits, budget is a minimum]
  const rows = [
    ['transfer, gzip (KB)', 'transfer', 120, 1],
    ['  then, after the first screen (KB)', 'transferAfter', null, 1],
    ['app ready, unthrottled (ms)', 'ready', 120, 1],
    ['app ready, 4x CPU + Slow 4G (ms)', 'readySlow', 1100, 1],
    ['choice → next frame, unthrottled (ms)', 'frame', 4, 1],
    ['choice → next frame, 4x CPU, median (ms)', 'frameSlow', 16, 1],
    ['choice → next frame, 4x CPU, p95 (ms)', 'frameSlowP95', 33, 1],
    ['memory: JS heap + wasm (MB)', 'memory', 16, 1],
    ['  of which the JS heap (MB)', 'heap', null, 1],
    ['  of which the wasm memory (MB)', 'wasm', null, 1],
    ['progress write after a choice, median (ms)', 'writeMedian', 1, 3],
    ['progress write after a choice, p95 (ms)', 'writeP95', 1, 3],
    ['progress write after a choice, max (ms)', 'writeMax', 1, 3],
    ['10,000 scenes, browser, median (ms)', 'analysisBrowser', 150, 1],
    ['10,000 scenes, browser, fastest (ms)', 'analysisBrowserFastest', 150, 1],
    ['10,000 scenes, native, median (ms)', 'analysisNative', 50, 1],
    ['10,000 scenes, native, fastest (ms)', 'analysisNativeFastest', 50, 1],
  ];
  if (lighthouseBin && !lighthouseError) {
    rows.push(['Lighthouse performance (mobile)', 'lighthouse', 100, 0, true], ['Lighthouse total blocking time (ms)', 'tbt', 0, 0]);
  }
  const cell = (v, digits, width) => (v === undefined ? '—' : v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })).padStart(width);
  console.log(`\nMandate beside a bare Yew 0.23 app, medians of ${RUNS} runs (${new Date().toISOString().slice(0, 10)})\n`);
  console.log(`${'figure'.padEnd(44)}${'baseline'.padStart(10)}${'Mandate'.padStart(10)}${'ratio'.padStart(8)}${'budget'.padStart(9)}  within`);
  for (const [label, key, budget, digits, minimum] of rows) {
    const b = results.baseline[key];
    const m = results.mandate[key];
    const ratio = b === undefined || b === 0 ? '—' : (m / b).toFixed(2);
    const within = budget === null ? '' : (minimum ? m >= budget : m <= budget) ? 'yes' : 'NO';
    const shownBudget = budget === null ? '' : `${minimum ? '≥' : '≤'}${budget.toLocaleString('en-GB')}`;
    console.log(`${label.padEnd(44)}${cell(b, digits, 10)}${cell(m, digits, 10)}${ratio.padStart(8)}${shownBudget.padStart(9)}  ${within}`);
  }
  console.log(`
memory: after ${PLAYS} play(s), each of the best path of all ${scenarios.length} built-in scenarios in one page, after a forced GC
  (the baseline: after loading and clicking its three choices); 1 MB = 1,048,576 bytes.
progress write: the User Timing measure mandate:progress-write (encode + localStorage write) of the ${writes.length} saves that
  followed a choice in those plays; all ${allWrites.length} saves: median ${median(allWrites).toFixed(3)} ms, max ${Math.max(...allWrites).toFixed(3)} ms.
10,000 scenes: ${inBrowser.bytes.toLocaleString('en-GB')} bytes, ${inBrowser.states.toLocaleString('en-GB')} states; 21 loads each (browser: release profile + wasm-opt -Oz; native: the native profile).`);
  if (!lighthouseBin) console.log('Lighthouse: skipped (--skip-lighthouse).');
  else if (lighthouseError) console.log(`Lighthouse could not run: ${lighthouseError}`);
  else console.log(`Lighthouse ${LIGHTHOUSE_VERSION}: mobile preset (simulated throttling), performance only, median of ${RUNS} runs; Mandate at ?case=purchasing-tech-leader.`);
}

await main();
