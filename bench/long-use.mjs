// Long use (issue 11): how fast the home screen and the progress page come up on a device
// where 1,000 attempts were finished, beside a fresh device.
//
// The document comes from tests/long_use.rs (1,000 complete attempts over the six built-in
// scenarios, through the session's own actions), which writes it when
// MANDATE_LONG_USE_OUT is set. Each run is a new browser context with the document put in
// localStorage before the page loads; it measures navigation start to the home screen
// with every scenario card (the scenario pack included), and a click on "Your progress"
// to its heading. Medians of --runs (default 7). Timings are printed, never asserted.
//
// Usage: node bench/long-use.mjs [--runs N]   (after trunk build --release --offline)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, allScenarios } from '../tests/e2e/harness.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
if (!existsSync(join(ROOT, 'dist/index.html'))) throw new Error('no dist/: run trunk build --release --offline first');
mkdirSync(join(ROOT, 'target/bench'), { recursive: true });
const out = join(ROOT, 'target/bench/long-use.json');
execFileSync('cargo', ['test', '--quiet', '--test', 'long_use'], {
  cwd: ROOT, stdio: 'inherit', env: { ...process.env, MANDATE_LONG_USE_OUT: out, PATH: `${process.env.HOME}/.cargo/bin:${process.env.PATH}` },
});
const long = readFileSync(out, 'utf8');

const server = await startServer();
const browser = await launchBrowser();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(document) {
  const home = [];
  const progress = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    if (document) await context.addInitScript((doc) => { if (!sessionStorage.getItem('seeded')) { localStorage.setItem('mandate.progress', doc); sessionStorage.setItem('seeded', '1'); } }, document);
    const page = await context.newPage();
    await page.goto(server.url);
    await allScenarios(page);
    home.push(await page.evaluate(() => performance.now()));
    const clicked = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: /^Your progress/ }).click();
    await page.getByRole('heading', { level: 1, name: /progress/i }).waitFor();
    progress.push(await page.evaluate(() => performance.now()) - clicked);
    await context.close();
  }
  return { home: median(home), progress: median(progress) };
}

const fresh = await measure(null);
const used = await measure(long);
console.log(`long use: the progress document after 1,000 finished attempts: ${(long.length / 1024).toFixed(1)} KB`);
console.log(`home screen with every scenario, median of ${runs}: fresh device ${fresh.home.toFixed(0)} ms, after 1,000 attempts ${used.home.toFixed(0)} ms (ratio ${(used.home / fresh.home).toFixed(2)})`);
console.log(`"Your progress" click to its heading, median of ${runs}: fresh ${fresh.progress.toFixed(0)} ms, after 1,000 attempts ${used.progress.toFixed(0)} ms`);
await browser.close();
server.close();
