// UI-level test, as a person would see it: code-server with the extension installed from a .vsix
// built from the working tree, serving a copy of samples/, in headless chromium. Opens
// pvh-guest.cfg with Quick Open, hovers the key `memory`, reads the hover from the DOM and checks
// our text; opens with-mistakes.cfg and checks the squiggles and the Problems panel. Screenshots go
// to test/e2e/.artifacts/ and are copied to docs/images/ for the README.
//
// usage: node test/e2e/ui-hover.mjs [--flavour=min|max]   (the extension must be built: npm run build)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, codeServerCli, ensureCodeServer, ensureSystemPackages, makeProfile, startCodeServer } from './code-server.mjs';
import { copyWorkspace, languageIs, launchBrowser, packageVsix, quickOpen } from './workbench.mjs';

const flavour = (process.argv.find((a) => a.startsWith('--flavour=')) || '--flavour=min').split('=')[1];
const artifacts = path.join(REPO, 'test', 'e2e', '.artifacts');
const images = path.join(REPO, 'docs', 'images');
fs.mkdirSync(artifacts, { recursive: true });
fs.mkdirSync(images, { recursive: true });
const t0 = Date.now();
const lap = (m) => console.log(`[ui ${flavour} ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const LANGUAGE_LABEL = 'Xen xl.cfg'; // the language's first alias, shown in the status bar

ensureSystemPackages(['chromium']);
const cs = await ensureCodeServer(flavour);
const profile = makeProfile(fs.mkdtempSync(path.join(process.env.XLCFG_E2E_TMP || os.tmpdir(), `xlcfg-ui-${flavour}-`)), {
  'workbench.colorTheme': 'Default Dark Modern', 'editor.hover.delay': 200, 'workbench.activityBar.location': 'default', 'window.zoomLevel': 0,
  'editor.minimap.enabled': false, 'editor.cursorBlinking': 'solid',
  'workbench.secondarySideBar.defaultVisibility': 'hidden', 'workbench.layoutControl.enabled': false, 'workbench.panel.defaultLocation': 'bottom', 'chat.disableAIFeatures': true,
});
const ws = copyWorkspace('ui');
const vsix = packageVsix(profile.root);
await codeServerCli(cs, profile, ['--install-extension', vsix]);
lap(`installed ${path.basename(vsix)} (${Math.round(fs.statSync(vsix).size / 1024)} KiB) into code-server ${cs.codeServer}`);
const server = await startCodeServer(cs, profile);
const results = [];
let activation;
const check = (name, ok, detail = '') => { results.push({ name, ok }); console.log(`  ${ok ? '✔' : '✘'} ${name}${detail ? ` — ${detail}` : ''}`); };

const { browser, page } = await launchBrowser(profile.chrome);
page.setDefaultTimeout(60_000); // an upper bound for each wait below; nothing waits for a fixed time
page.on('pageerror', (e) => console.log('  [page error]', String(e).slice(0, 200)));
// the hover fades in: wait for running CSS animations to end before a screenshot
const settled = () => page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
const shot = async (name) => {
  const p = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: p });
  // the screenshots come out byte-identical from run to run: only a real change touches docs/images
  const doc = path.join(images, `${name}.png`);
  const changed = !fs.existsSync(doc) || !fs.readFileSync(doc).equals(fs.readFileSync(p));
  if (changed) fs.copyFileSync(p, doc);
  lap(`screenshot ${path.relative(REPO, p)}${changed ? ` → docs/images/${name}.png` : ' (docs/images copy unchanged)'}`);
};

try {
  await page.goto(`${server.url}/?folder=${encodeURIComponent(ws.dir)}`);
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
  lap('workbench shows the samples folder');

  // 1. hover
  await quickOpen(page, 'pvh-guest.cfg');
  await languageIs(page, LANGUAGE_LABEL); // content detection switched it from properties: the server has it
  lap('pvh-guest.cfg open as Xen xl.cfg');
  const key = page.locator('.monaco-editor .view-lines .view-line span span', { hasText: /^memory$/ }).first();
  // locator.hover() re-resolves the span and waits until it is attached, visible and stable:
  // semantic tokens arrive after the first paint and re-render the line's spans.
  await key.hover();
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content', { hasText: 'MiB' }).first();
  await hover.waitFor({ state: 'visible' });
  const text = (await hover.innerText()).trim();
  lap(`hover: ${JSON.stringify(text.slice(0, 160))}${text.length > 160 ? '…' : ''}`);
  check('hover over `memory` shows the server\'s text', /memory/i.test(text) && /MiB/.test(text));
  await settled();
  await shot('hover');
  await page.mouse.move(5, 400);
  await page.keyboard.press('Escape');

  // 2. diagnostics
  await quickOpen(page, 'with-mistakes.cfg');
  await languageIs(page, LANGUAGE_LABEL);
  await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').first().waitFor({ state: 'attached' });
  await page.keyboard.press('Control+Shift+M'); // View: Toggle Problems
  // only this file's problems (the list is virtualised: other files' rows could push ours out of view)
  const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
  await filter.waitFor({ state: 'visible' });
  await filter.fill('**/with-mistakes.cfg');
  const rows = page.locator('.markers-panel .monaco-list-row');
  const bare = rows.filter({ hasText: 'bare-word' }).filter({ hasText: 'pvh' }).first();
  await bare.waitFor();
  const problems = await rows.count();
  await settled();
  check('with-mistakes.cfg has squiggles and a Problems entry about `type = pvh`', problems > 0, `${problems} rows in Problems, e.g. ${JSON.stringify((await bare.innerText()).split('\n').join(' ').slice(0, 120))}`);
  await shot('diagnostics');

  // 3. VS Code's own activation time (Developer: Show Running Extensions); informational only
  try {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>Show Running Extensions');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor();
    await page.keyboard.press('Enter');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: LANGUAGE_LABEL }).first();
    await row.locator('.activation-time').waitFor({ timeout: 15_000 });
    activation = (await row.locator('.activation-time').innerText()).trim();
    lap(`VS Code's running-extensions view: ${LANGUAGE_LABEL} activation ${activation}`);
  } catch (e) {
    lap(`activation time not read from the UI (${e.message.split('\n')[0]})`);
  }
} catch (e) {
  check('UI flow', false, e.message.split('\n')[0]);
  await page.screenshot({ path: path.join(artifacts, `ui-failure-${flavour}.png`) }).catch(() => {});
  console.log(`  failure screenshot: test/e2e/.artifacts/ui-failure-${flavour}.png`);
} finally {
  await browser.close().catch(() => {});
  await server.stop();
  if (!process.env.XLCFG_E2E_KEEP) {
    fs.rmSync(profile.root, { recursive: true, force: true });
    ws.remove();
  }
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
fs.writeFileSync(path.join(artifacts, 'ui.json'), JSON.stringify({ flavour, passed, failed, activation, ms: Date.now() - t0, results }, null, 2));
console.log(`ui: ${passed} passed, ${failed} failed`);
process.exit(failed || !passed ? 1 : 0);
