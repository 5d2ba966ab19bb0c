// Takes a screenshot of every screen (desktop and projector sizes, and a phone) into screenshots/.
// Usage: node scripts/screenshots.mjs   (after trunk build --release and cargo build --bin mandate-cli)
import { mkdirSync } from 'node:fs';
import { startServer, launchBrowser, corePaths } from '../tests/e2e/harness.mjs';

const out = new URL('../screenshots/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const core = corePaths('scenarios/purchasing-tech-leader.mandate');
const server = await startServer();
const browser = await launchBrowser();
const best = [...core.paths].sort((a, b) => b.score - a.score)[0];
const poor = core.paths.find((p) => !p.passed && p.decisions.some((d) => d.align < 0));

for (const [name, viewport] of [['desktop', { width: 1280, height: 860 }], ['phone', { width: 390, height: 844 }], ['projector', { width: 1920, height: 1080 }]]) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const shot = (screen, fullPage = false) => page.screenshot({ path: `${out}${name}-${screen}.png`, fullPage });
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Scenarios' }).waitFor();
  await shot('1-home');
  await page.getByRole('article', { name: 'Purchasing at a technology leader' }).getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).waitFor();
  await shot('2-briefing', name !== 'projector');
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  const path = name === 'desktop' ? poor : best;
  for (const [i, d] of path.decisions.entries()) {
    if (i === 2) await shot('3-decision', name === 'phone');
    await page.getByRole('button', { name: d.label, exact: true }).click();
    if (i === 2) await shot('4-feedback');
    await page.getByRole('button', { name: i === path.decisions.length - 1 ? 'See the outcome' : 'Continue', exact: true }).click();
  }
  await page.getByTestId('final-score').waitFor();
  await shot('5-ending', name !== 'projector');
  if (name === 'desktop') {
    await shot('5a-ending-top');
    for (const id of ['deal', 'dimension-chart', 'what-if', 'other-strategies', 'takeaways']) {
      const part = page.getByTestId(id);
      if (await part.count()) await part.screenshot({ path: `${out}${name}-5b-${id}.png` });
    }
  }
  await page.getByRole('button', { name: 'Back to scenarios' }).click();
  await page.getByRole('button', { name: 'Play again' }).click();
  await page.getByRole('button', { name: 'Begin the negotiation' }).click();
  await page.getByRole('button', { name: path.decisions[0].label, exact: true }).click();
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('button', { name: 'Save and exit' }).click();
  await page.getByRole('button', { name: 'Restart' }).click();
  await shot('6-restart-dialog');
  await context.close();
}
await browser.close();
server.close();
console.log(`screenshots in ${out}`);
