// Where the time goes on a choice click (issue 10's "choice → next frame" budget).
//
// Usage: node bench/profile-choice.mjs DIST [--clicks N] [--runs R] [--stub-focus] [--profile] [--top K]
//
// Serves DIST (a `trunk build --release --offline --dist DIST` of Mandate) over gzip on
// loopback, opens `?case=purchasing-tech-leader` in Debian's chromium and clicks through the
// decisions exactly as bench/run.mjs does: from wherever the page is to a decision, then a
// choice (the nth button, counting round), timing click → first DOM mutation → next
// animation frame. R runs (fresh pages) of N choice clicks, unthrottled and at 4x CPU;
// prints the median and p95 of each run and over all runs.
//
// --stub-focus: a diagnosis, not a figure: HTMLElement.prototype.focus does nothing, so the
// move of the focus to each new screen's heading (ui/app.rs → platform::navigation) and the
// removal of the focused heading cost nothing. Compare with a run without it.
//
// --profile: at 4x CPU, the DevTools Profiler (100 µs sampling) runs around each choice
// click only (not the way to the next decision), and the samples of all clicks are summed
// per function, self time grouped by kind (wasm, wasm-bindgen glue, browser built-ins,
// "(program)": the browser's own style, layout and paint), then self and total (inclusive)
// time of the top K functions. Wasm functions have names only in a build that keeps the
// name section, which wasm-opt drops even with `data-keep-debug`: build from a copy of
// index.html under target/ (hrefs made relative to it, `href="../../Cargo.toml"` on the
// rust link) with `data-wasm-opt="0" data-keep-debug="true"`, then optimise the wasm as the
// release does, keeping names: `wasm-opt -Oz -g --enable-bulk-memory
// --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals
// --enable-reference-types --enable-multivalue X_bg.wasm -o X_bg.wasm`.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { clickToFrame, serve } from './common.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const VALUED = ['--clicks', '--runs', '--top'];
const DIST = resolve(args.find((a, i) => !a.startsWith('--') && !VALUED.includes(args[i - 1])) ?? 'target/dist-perf');
const CLICKS = option('--clicks', 24);
const RUNS = option('--runs', 3);
const TOP = option('--top', 40);
const PROFILE = args.includes('--profile');
const STUB_FOCUS = args.includes('--stub-focus');


const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]; };

const CHOICE = '.options__list button.choice';

async function toChoice(page) {
  for (let i = 0; i < 20; i += 1) {
    if (await page.locator(CHOICE).count()) return;
    await page.locator('main .button--primary').last().click();
    await page.waitForTimeout(20);
  }
  throw new Error('never reached a decision');
}

/** Adds one CPU profile's samples into `totals` (name → {self, total} in µs). */
function accumulate(profile, totals) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const nameOf = (n) => {
    const f = n.callFrame;
    const name = f.functionName || '(anonymous)';
    if (name.startsWith('(')) return name;
    const file = f.url ? f.url.split('/').pop().replace(/-[0-9a-f]{16}/, '') : '';
    return `${name} ${file}`;
  };
  const add = (name, key, us) => {
    const t = totals.get(name) ?? { self: 0, total: 0 };
    t[key] += us;
    totals.set(name, t);
  };
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const us = deltas[i + 1] ?? 0;
    let node = byId.get(profile.samples[i]);
    add(nameOf(node), 'self', us);
    const seen = new Set();
    while (node) {
      const name = nameOf(node);
      if (!seen.has(name)) {
        seen.add(name);
        add(name, 'total', us);
      }
      node = byId.get(parent.get(node.id));
    }
  }
}

async function run(browser, url, throttled, profile) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  if (STUB_FOCUS) await page.addInitScript(() => { HTMLElement.prototype.focus = () => {}; });
  const cdp = await context.newCDPSession(page);
  await page.goto(url);
  await page.locator('main button').first().waitFor();
  if (throttled) await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  }
  const times = [];
  const totals = new Map();
  for (let i = 0; i < CLICKS; i += 1) {
    await toChoice(page);
    if (profile) await cdp.send('Profiler.start');
    times.push(await clickToFrame(page, CHOICE, i));
    if (profile) accumulate((await cdp.send('Profiler.stop')).profile, totals);
  }
  await context.close();
  return { times, totals };
}

const fmt = (x) => x.toFixed(1).padStart(7);

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const server = await serve(DIST);
  const url = `${server.url}?case=purchasing-tech-leader`;
  console.log(`${DIST}: ${RUNS} run(s) of ${CLICKS} choice clicks${STUB_FOCUS ? ', focus() stubbed out' : ''}`);
  for (const throttled of [false, true]) {
    const all = [];
    for (let r = 0; r < RUNS; r += 1) {
      const { times } = await run(browser, url, throttled, false);
      all.push(...times);
      console.log(`  ${throttled ? '4x CPU     ' : 'unthrottled'} run ${r + 1}: median ${fmt(median(times))} ms, p95 ${fmt(p95(times))} ms`);
    }
    console.log(`  ${throttled ? '4x CPU     ' : 'unthrottled'} all:   median ${fmt(median(all))} ms, p95 ${fmt(p95(all))} ms  (${all.length} clicks)`);
  }
  if (PROFILE) {
    const { times, totals } = await run(browser, url, true, true);
    const ms = (us) => us / 1000 / times.length;
    console.log(`\nprofile at 4x CPU, ${times.length} clicks (median ${median(times).toFixed(1)} ms with the profiler on); ms per click`);
    const rows = [...totals.entries()];
    const groups = new Map();
    for (const [name, t] of rows) {
      const g = name.endsWith('mandate_bg.wasm') ? 'wasm (Rust)' : name.endsWith('mandate.js') ? 'JS glue (wasm-bindgen)' : name.startsWith('(') ? name : 'browser built-ins (DOM, storage, …)';
      groups.set(g, (groups.get(g) ?? 0) + t.self);
    }
    console.log('\nself time by kind:');
    for (const [g, us] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`${fmt(ms(us))}  ${g}`);
    console.log('\nself time:');
    for (const [name, t] of rows.sort((a, b) => b[1].self - a[1].self).slice(0, TOP)) console.log(`${fmt(ms(t.self))} ${fmt(ms(t.total))}  ${name}`);
    console.log('\ntotal time:');
    for (const [name, t] of rows.sort((a, b) => b[1].total - a[1].total).slice(0, TOP)) console.log(`${fmt(ms(t.self))} ${fmt(ms(t.total))}  ${name}`);
  }
  server.close();
  await browser.close();
}

await main();
