// Lighthouse for the benchmark (issue 10: "Lighthouse 12.2.3, mobile preset: performance 100,
// total blocking time 0"). Lighthouse is a bench-only tool: it is installed on demand from npm
// into target/bench-tools/ (never into the project's package.json, so the test suite's
// installs stay as they are) and drives Debian's chromium itself, through CHROME_PATH.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const LIGHTHOUSE_VERSION = '12.2.3';
const CHROME_FLAGS = '--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-dev-shm-usage';

/** The Lighthouse CLI under `root`/target/bench-tools, installed there first if it is missing
 * or another version. */
export function ensureLighthouse(root, env) {
  const prefix = join(root, 'target/bench-tools');
  const manifest = join(prefix, 'node_modules/lighthouse/package.json');
  const installed = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : null;
  if (installed !== LIGHTHOUSE_VERSION) {
    console.error(`installing lighthouse@${LIGHTHOUSE_VERSION} into target/bench-tools (npm)…`);
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `lighthouse@${LIGHTHOUSE_VERSION}`], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return join(prefix, 'node_modules/.bin/lighthouse');
}

/** One Lighthouse run of `url` with the default (mobile) preset, performance only:
 * the score (0–100) and total blocking time (ms). Asynchronous, so that a server in this
 * process keeps answering while Lighthouse loads the page. */
export async function lighthouse(bin, url, env) {
  const dir = mkdtempSync(join(tmpdir(), 'mandate-lighthouse-'));
  try {
    const report = join(dir, 'report.json');
    await promisify(execFile)(bin, [
      url, '--only-categories=performance', '--output=json', `--output-path=${report}`, '--quiet',
      `--chrome-flags=${CHROME_FLAGS}`,
    ], { env: { ...env, CHROME_PATH: '/usr/bin/chromium' }, timeout: 180_000 });
    const r = JSON.parse(readFileSync(report, 'utf8'));
    if (r.runtimeError) throw new Error(`Lighthouse: ${r.runtimeError.code}: ${r.runtimeError.message}`);
    if (r.lighthouseVersion !== LIGHTHOUSE_VERSION) throw new Error(`Lighthouse ${r.lighthouseVersion} ran, not ${LIGHTHOUSE_VERSION}`);
    if (r.configSettings.formFactor !== 'mobile') throw new Error(`Lighthouse ran the ${r.configSettings.formFactor} preset`);
    const score = r.categories.performance.score;
    if (score === null) throw new Error(`Lighthouse gave no performance score (warnings: ${r.runWarnings.join('; ')})`);
    return { score: score * 100, tbt: r.audits['total-blocking-time'].numericValue, warnings: r.runWarnings };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
