// QR codes from the pure core (src/core/qr.rs), proven by decoding: `mandate-cli qr`
// draws each payload as SVG, Chromium renders it inline at 5 px per module, the
// screenshot's pixels go to an independent decoder (jsQR), and the decoded text must be
// the payload, byte for byte — in the mode, version and level the core chose.
// Needs target/debug/mandate-cli (built in `before` when cargo is at hand).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { launchBrowser, decodeQrPng } from './harness.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'target/debug/mandate-cli');
const PX = 5;

const SESSION_LINK = 'https://training.example.com/mandate/index.html?session=K7P2-9QXM&case=purchasing-tech-leader&strategy=technology-leadership';
// A learner's result code: uppercase, digits and dashes, so alphanumeric mode (300 characters).
const RESULT_CODE = Array.from({ length: 60 }, (_, i) =>
  `${((i * 7919 + 12345) % 36 ** 4).toString(36).toUpperCase().padStart(4, '0')}-`).join('');
const UTF8 = 'Négociation réussie à 92 % — déjà vu, ça marche ✓ Straße Ωμέγα 交渉 🤝🏽';

let browser;
let context;

before(async () => {
  // Builds the CLI when cargo is on the PATH (a no-op when it is up to date).
  try {
    execFileSync('cargo', ['build', '--quiet', '--locked', '--bin', 'mandate-cli'], { cwd: ROOT, stdio: 'inherit' });
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1200, height: 1200 }, deviceScaleFactor: 1 });
});
after(async () => {
  await browser?.close();
});

/** Runs `mandate-cli qr ARGS… -- TEXT`: the SVG and the summary line. */
function cliQr(text, args = []) {
  const run = spawnSync(CLI, ['qr', ...args, '--', text], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, `mandate-cli qr failed: ${run.stderr}`);
  const m = run.stderr.match(/^version (\d+), (\d+)×\2 modules, level ([LMQH]), mask ([0-7]), (numeric|alphanumeric|byte) mode\n$/);
  assert.ok(m, `summary line: ${JSON.stringify(run.stderr)}`);
  return { svg: run.stdout.trimEnd(), version: Number(m[1]), size: Number(m[2]), level: m[3], mask: Number(m[4]), mode: m[5] };
}

/** The SVG is self-contained: markup the core writes and nothing that loads or runs. */
function assertSelfContained(svg, size) {
  const full = size + 8;
  assert.match(svg, new RegExp(`^<svg xmlns="http://www\\.w3\\.org/2000/svg" version="1\\.1" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges" role="img" aria-label="[^"<>]*"><rect width="${full}" height="${full}" fill="#fff"/><path fill="#000" d="[-Mhvz0-9, ]+"/></svg>$`));
  assert.equal(svg.match(/<path/g).length, 1, 'one path');
  // The only URL is the SVG namespace, which names and does not load.
  assert.deepEqual(svg.match(/[a-z]+:\/\/[^"]*/gi), ['http://www.w3.org/2000/svg']);
  assert.doesNotMatch(svg, /href|url\(|<script|<image|<use|<foreignObject|<style|@import|\son[a-z]+=/i);
}

/**
 * Renders the SVG inline in a page (PX per module, on white), screenshots it, and decodes
 * the screenshot's pixels with jsQR. `damage` (in modules) paints a white square over
 * part of the code first. Returns jsQR's result (or null) and the requests the page made.
 */
async function renderAndDecode(svg, size, damage) {
  const px = (size + 8) * PX;
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  try {
    const drawn = damage
      ? svg.replace('</svg>', `<rect x="${damage.x + 4}" y="${damage.y + 4}" width="${damage.side}" height="${damage.side}" fill="#fff"/></svg>`)
      : svg;
    await page.setContent(`<!doctype html><html><head><style>
      html, body { margin: 0; background: #fff; }
      #qr { margin: 10px; width: ${px}px; height: ${px}px; }
      #qr svg { display: block; width: 100%; height: 100%; }
    </style></head><body><div id="qr">${drawn}</div></body></html>`);
    const png = await page.locator('#qr').screenshot({ type: 'png' });
    assert.deepEqual(requests, [], 'rendering the SVG made no request');
    // Back to RGBA: the PNG drawn into a canvas in a blank page.
    const blank = await context.newPage();
    try {
      const { found, width, height } = await decodeQrPng(blank, png, { inversionAttempts: 'dontInvert' });
      assert.equal(width, px, 'the screenshot is the code at PX per module');
      assert.equal(height, px);
      return found;
    } finally {
      await blank.close();
    }
  } finally {
    await page.close();
  }
}

/** Encodes, renders, decodes, and checks the decoded text against the payload. */
async function roundTrip(text, args, expect) {
  const code = cliQr(text, args);
  assertSelfContained(code.svg, code.size);
  assert.equal(code.size, 4 * code.version + 17);
  if (expect.mode) assert.equal(code.mode, expect.mode);
  if (expect.level) assert.equal(code.level, expect.level);
  if (expect.version) assert.equal(code.version, expect.version);
  const decoded = await renderAndDecode(code.svg, code.size, expect.damage);
  assert.ok(decoded, `jsQR found no code in the ${code.size}×${code.size} render`);
  assert.equal(decoded.data, text);
  assert.deepEqual(Buffer.from(decoded.binaryData), Buffer.from(text, 'utf8'));
  assert.equal(decoded.version, code.version, 'the decoder reads the version the core chose');
  assert.deepEqual(decoded.chunks.map((c) => c.type), [code.mode], 'one segment in the mode the core chose');
  return code;
}

test('an uppercase code decodes from a version-1 alphanumeric symbol', async () => {
  await roundTrip('MANDATE-1', [], { mode: 'alphanumeric', version: 1, level: 'H' });
});

test('digits decode from a numeric symbol', async () => {
  await roundTrip('0123456789012', [], { mode: 'numeric', version: 1 });
});

test('a one-character text decodes', async () => {
  await roundTrip('a', [], { mode: 'byte', version: 1, level: 'H' });
  await roundTrip('7', ['--exact', '--ecl', 'L'], { mode: 'numeric', version: 1, level: 'L' });
});

test('the session link decodes, with version information (version 7 and above)', async () => {
  assert.equal(SESSION_LINK.length, 124);
  await roundTrip(SESSION_LINK, ['--ecl', 'M'], { mode: 'byte', version: 8, level: 'M' });
});

test('a 300-character result code decodes', async () => {
  assert.equal(RESULT_CODE.length, 300);
  assert.match(RESULT_CODE, /^[0-9A-Z:-]+$/);
  const code = await roundTrip(RESULT_CODE, [], { mode: 'alphanumeric' });
  assert.ok(code.version >= 10, `version ${code.version}: past the first count-width change`);
});

test('UTF-8 with accents, other scripts and an emoji decodes byte for byte', async () => {
  await roundTrip(UTF8, [], { mode: 'byte' });
});

test('a long text across many interleaved blocks decodes', async () => {
  // 1,000 bytes at M: version 26, 23 blocks (19 of 46 data codewords, 4 of 47).
  const text = Array.from({ length: 112 }, (_, i) => `line ${String(i).padStart(3, '0')};`).join('').slice(0, 1000);
  assert.equal(text.length, 1000);
  await roundTrip(text, ['--exact'], { mode: 'byte', version: 26, level: 'M' });
});

test('the session link decodes at every error-correction level', async () => {
  const versions = {};
  for (const level of ['L', 'M', 'Q', 'H']) {
    versions[level] = (await roundTrip(SESSION_LINK, ['--exact', '--ecl', level], { level })).version;
  }
  assert.deepEqual(versions, { L: 6, M: 8, Q: 9, H: 11 });
});

test('at level H the code survives a tenth of its modules painted over', async () => {
  const { size } = cliQr(SESSION_LINK, ['--exact', '--ecl', 'H']);
  // A 19×19 white square in the data area, clear of the finders and the alignment patterns' centres.
  const damage = { x: 8, y: 33, side: 19 };
  assert.ok((damage.side * damage.side) / (size * size) > 0.09);
  await roundTrip(SESSION_LINK, ['--exact', '--ecl', 'H'], { level: 'H', version: 11, damage });
  // The same square defeats level L (version 6): the damage is real, the level repairs it.
  const low = cliQr(SESSION_LINK, ['--exact', '--ecl', 'L']);
  const decoded = await renderAndDecode(low.svg, low.size, { x: 8, y: 13, side: 19 });
  assert.ok(decoded?.data !== SESSION_LINK, 'level L cannot repair a fifth of its modules');
});

test('the label is the accessible name, escaped', async () => {
  const label = 'Session link <K7P2-9QXM> & "result" \'code\'';
  const { svg } = cliQr('MANDATE-1', ['--label', label]);
  assert.match(svg, /aria-label="Session link &lt;K7P2-9QXM&gt; &amp; &quot;result&quot; &apos;code&apos;"/);
  const page = await context.newPage();
  try {
    await page.setContent(`<!doctype html><body>${svg}</body>`);
    assert.equal(await page.getByRole('img', { name: label, exact: true }).count(), 1);
  } finally {
    await page.close();
  }
});

test('a text too long for any version is refused with a clear message', () => {
  const run = spawnSync(CLI, ['qr', '--ecl', 'M', 'x'.repeat(3100)], { encoding: 'utf8' });
  assert.equal(run.status, 1);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr, 'mandate-cli qr: error: the text is 3,100 bytes; a QR code holds at most 2,331 at level M\n');
});
