// Shared by run.mjs, ui-hover.mjs and serve.mjs: the samples workspace, the .vsix built from the
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

/** Resolves once the status bar's language indicator of the active editor reads `label`. */
export async function languageIs(page, label) {
  await page.locator('#status\\.editor\\.mode', { hasText: label }).waitFor();
}
