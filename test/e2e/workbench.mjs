// Shared by run.mjs, ui-hover.mjs, ui-diagram.mjs and serve.mjs: the samples workspace, the .vsix built from the
// working tree, and a headless chromium showing code-server's workbench.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { REPO, chromiumPath } from './code-server.mjs';

export const SAMPLE_FILES = ['pv-guest.cfg', 'pvh-guest.cfg', 'hvm-guest.cfg', 'arm-guest.cfg', 'with-mistakes.cfg'];

/** The samples folder ($XLCFG_E2E_SAMPLES or <repo>/samples); fails early, naming what is missing. */
export function samplesDir() {
  const dir = path.resolve(process.env.XLCFG_E2E_SAMPLES || path.join(REPO, 'samples'));
  const missing = SAMPLE_FILES.filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length) throw new Error(`samples missing in ${dir}: ${missing.join(', ')}`);
  return dir;
}

/**
 * A temporary copy of the samples, so tests can write next to them without touching the tree. It is
 * always named `samples` (inside a unique temporary folder): the name shows in the workbench and so
 * in the screenshots. `remove()` deletes it with its parent.
 */
export function copyWorkspace(tag) {
  const parent = fs.mkdtempSync(path.join(process.env.XLCFG_E2E_TMP || os.tmpdir(), `xlcfg-ws-${tag}-`));
  const ws = path.join(parent, 'samples');
  fs.cpSync(samplesDir(), ws, { recursive: true });
  return { dir: ws, remove: () => fs.rmSync(parent, { recursive: true, force: true }) };
}

/** Packages the working tree (which must be built) as a .vsix with vsce; returns its path. */
export function packageVsix(outDir) {
  for (const f of ['dist/client.js', 'dist/server.js']) {
    if (!fs.existsSync(path.join(REPO, f))) throw new Error(`${f} missing: run \`npm run build\` first`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, 'xen-xlcfg-e2e.vsix');
  const vsce = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license',
    '--ignoreFile', path.join(REPO, 'test', 'e2e', 'vsix.ignore'), '-o', out],
  { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  return out;
}

export async function launchBrowser(profileDir, { width = 1280, height = 800 } = {}) {
  const browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(), headless: true, viewport: { width, height }, deviceScaleFactor: 1,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] ?? await browser.newPage();
  return { browser, page };
}

/** Opens `name` through Quick Open (Ctrl+P) and resolves once its editor tab is active. */
export async function quickOpen(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor();
}

/** Runs a command from the Command Palette by its title (in a browser, many shortcuts reach the page first). */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  // Enter runs the focused row: wait until that is the command (the list filters as it renders).
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/**
 * The frame that holds the layer diagram. A webview is an iframe (class `webview`) whose document
 * holds the page in an inner iframe (`#active-frame`); both are awaited, nothing is polled.
 */
export async function diagramFrame(page) {
  const host = await page.locator('iframe.webview').first().elementHandle();
  const outer = await host.contentFrame();
  const inner = await (await outer.waitForSelector('iframe#active-frame', { state: 'attached' })).contentFrame();
  await inner.waitForSelector('#canvas svg', { state: 'attached' });
  return inner;
}

/** Resolves once the status bar's language indicator of the active editor reads `label`. */
export async function languageIs(page, label) {
  await page.locator('#status\\.editor\\.mode', { hasText: label }).waitFor();
}

/**
 * The frame of a UI script (ui-hover.mjs, ui-diagram.mjs): code-server `flavour` with the .vsix of the
 * working tree installed into a fresh profile with `settings`, a copy of the samples (plus `files`),
 * headless chromium on the workbench, and the bookkeeping: `check` records a result, `lap` logs,
 * `shot` takes a screenshot (copied to docs/images when `forDocs`, changed, and XLCFG_E2E_UPDATE_IMAGES=1), and `finish(error)`
 * closes everything, writes `<name>.json` to the artifacts and returns the exit code.
 */
export async function startUiRun(name, { flavour, settings = {}, files = {}, viewport, install = true, smokeTestDriver = false, workspaceTrust = false } = {}) {
  const { codeServerCli, ensureCodeServer, ensureSystemPackages, makeProfile, startCodeServer } = await import('./code-server.mjs');
  const artifacts = path.join(REPO, 'test', 'e2e', '.artifacts');
  const images = path.join(REPO, 'docs', 'images');
  fs.mkdirSync(artifacts, { recursive: true });
  fs.mkdirSync(images, { recursive: true });
  const t0 = Date.now();
  const lap = (m) => console.log(`[${name} ${flavour} ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  const results = [];
  const check = (what, ok, detail = '') => { results.push({ name: what, ok }); console.log(`  ${ok ? '✔' : '✘'} ${what}${detail ? ` — ${detail}` : ''}`); };

  ensureSystemPackages(['chromium']);
  const cs = await ensureCodeServer(flavour);
  const profile = makeProfile(fs.mkdtempSync(path.join(process.env.XLCFG_E2E_TMP || os.tmpdir(), `xlcfg-${name}-${flavour}-`)), {
    'workbench.colorTheme': 'Default Dark Modern', 'window.zoomLevel': 0, 'editor.minimap.enabled': false, 'editor.cursorBlinking': 'solid',
    'workbench.secondarySideBar.defaultVisibility': 'hidden', 'workbench.layoutControl.enabled': false, 'chat.disableAIFeatures': true,
    ...settings,
  });
  const ws = copyWorkspace(name);
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(ws.dir, file), text);
  // Without `install`, the script loads the extension itself (the web test: as a development
  // extension in the browser's extension host).
  if (install) {
    const vsix = packageVsix(profile.root);
    await codeServerCli(cs, profile, ['--install-extension', vsix]);
    lap(`installed ${path.basename(vsix)} (${Math.round(fs.statSync(vsix).size / 1024)} KiB) into code-server ${cs.codeServer}`);
  }
  // The smoke-test driver makes the workbench honour a `payload` (development extensions).
  const server = await startCodeServer(cs, profile, { smokeTestDriver, workspaceTrust });
  const { browser, page } = await launchBrowser(profile.chrome, viewport);
  page.setDefaultTimeout(60_000); // an upper bound for each wait; nothing waits for a fixed time
  page.on('pageerror', (e) => console.log('  [page error]', String(e).slice(0, 200)));

  /** Waits for running CSS animations (a hover fading in) to end. */
  const settled = () => page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
  const shot = async (file, { forDocs = false } = {}) => {
    const p = path.join(artifacts, `${file}.png`);
    await page.screenshot({ path: p });
    // The README's screenshots are refreshed on request only (XLCFG_E2E_UPDATE_IMAGES=1): a hover
    // or a highlighted row can differ by a few pixels from run to run.
    if (!forDocs || !process.env.XLCFG_E2E_UPDATE_IMAGES) { lap(`screenshot ${path.relative(REPO, p)}`); return p; }
    const doc = path.join(images, `${file}.png`);
    const changed = !fs.existsSync(doc) || !fs.readFileSync(doc).equals(fs.readFileSync(p));
    if (changed) fs.copyFileSync(p, doc);
    lap(`screenshot ${path.relative(REPO, p)}${changed ? ` → docs/images/${file}.png` : ' (docs/images copy unchanged)'}`);
    return p;
  };
  const finish = async (error, extra = {}) => {
    if (error) {
      check('UI flow', false, String(error.message ?? error).split('\n')[0]);
      await page.screenshot({ path: path.join(artifacts, `${name}-failure-${flavour}.png`) }).catch(() => {});
      console.log(`  failure screenshot: test/e2e/.artifacts/${name}-failure-${flavour}.png`);
    }
    await browser.close().catch(() => {});
    await server.stop();
    if (!process.env.XLCFG_E2E_KEEP) {
      fs.rmSync(profile.root, { recursive: true, force: true });
      ws.remove();
    }
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    fs.writeFileSync(path.join(artifacts, `${name}.json`), JSON.stringify({ flavour, passed, failed, ...extra, ms: Date.now() - t0, results }, null, 2));
    console.log(`${name}: ${passed} passed, ${failed} failed`);
    return failed || !passed ? 1 : 0;
  };
  return { cs, profile, ws, server, browser, page, artifacts, lap, check, settled, shot, finish };
}
