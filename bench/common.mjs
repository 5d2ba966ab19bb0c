// What the benchmarks share, so that bench/run.mjs and bench/profile-choice.mjs take the
// same measurement: the gzip server and the click → next frame timing.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

export const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.webmanifest': 'application/manifest+json' };

/** Serves `root` with gzip (-9, precomputed once per file) on loopback. `isolated` adds
 * COOP/COEP, which makes the page cross-origin isolated: its clock (`performance.now()`, User
 * Timing) then ticks in 5 µs steps instead of 100 µs, which the sub-millisecond progress-write
 * figure needs. Nothing else the benchmark measures changes with it. */
export async function serve(root, { isolated = false } = {}) {
  const cache = new Map();
  const server = createServer((req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    if (!cache.has(file)) cache.set(file, gzipSync(readFileSync(file), { level: 9 }));
    const isolation = isolated ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-encoding': 'gzip', 'cache-control': 'no-store', ...isolation });
    res.end(cache.get(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/** Click → DOM change → next animation frame, in ms, for the `n`th button `selector`
 * matches (counting round; consecutive runs click different buttons, so each changes the page). */
export function clickToFrame(page, selector, n) {
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
