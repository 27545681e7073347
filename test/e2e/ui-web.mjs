// VS Code for the Web, offline: code-server's web-worker extension host runs the extension's
// `browser` entry (dist/web/extension.js), forced there as a development extension of kind web.
// Nothing is installed for the node extension host, and every address but loopback is blocked.
// Checks, as a person would see them: diagnostics (status bar and Problems), hover on a key,
// formatting, term hover in Markdown; and that the language service answered from the web worker.
//
// usage: node test/e2e/ui-web.mjs [--flavour=min|max]   (the extension must be built: npm run build)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './code-server.mjs';
import { diagramFrame, languageIs, quickOpen, runCommand, startUiRun } from './workbench.mjs';

const flavour = (process.argv.find((a) => a.startsWith('--flavour=')) || '--flavour=max').split('=')[1];
const MESSY = 'name="web"\ntype =  "pvh"\nkernel="/boot/vmlinuz"\nmemory=512\n';
const TIDY = 'name = "web"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nmemory = 512\n';

const { server, page, browser, ws, lap, check, settled, shot, finish } = await startUiRun('web', {
  flavour, install: false, smokeTestDriver: true,
  settings: { 'editor.hover.delay': 200, 'workbench.panel.defaultLocation': 'bottom', 'files.autoSave': 'off' },
  files: { 'messy.xlcfg': MESSY, 'notes.md': '# Notes\n\nThe guest runs as a PVH domU next to dom0.\n' },
});
let error;
const blocked = [];
let loopback = 0;

/** Hovers `locator` until a hover with `text` shows (the editor may re-render the line meanwhile). */
async function hoverUntil(locator, text) {
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content', { hasText: text }).first();
  for (let attempt = 1; attempt <= 5; attempt++) {
    await locator.hover();
    if (await hover.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false)) return (await hover.innerText()).trim();
    lap(`no hover after attempt ${attempt}: moving the mouse away and back`);
    await page.mouse.move(5, 400);
    await page.keyboard.press('Escape');
  }
  throw new Error(`no hover with ${text} after 5 attempts`);
}

try {
  // Offline: only loopback may be reached (the workbench, its resources and the extension's files).
  await browser.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) { loopback++; if (process.env.XLCFG_E2E_VERBOSE && /dist|extension|remote-resource/.test(url.pathname + url.search)) console.log('  [fetch]', url.pathname.slice(-120), url.search.slice(0, 200)); return route.continue(); }
    blocked.push(url.href);
    return route.abort();
  });
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  // The extension as VS Code for the Web sees it: its manifest without the node entry, so that
  // only the web-worker extension host can run it (this code-server does not apply the payload's
  // extensionDevelopmentKind), with the same files as the .vsix.
  const webExt = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-web-ext-'));
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  delete manifest.main;
  manifest.extensionKind = ['web'];
  fs.writeFileSync(path.join(webExt, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const f of ['dist/web/extension.js', 'dist/knowledge.json', 'syntaxes', 'snippets', 'language-configuration.json', 'client/media', 'media', 'samples']) {
    if (fs.existsSync(path.join(REPO, f))) fs.cpSync(path.join(REPO, f), path.join(webExt, f), { recursive: true });
  }
  const payload = JSON.stringify([['extensionDevelopmentPath', remote(webExt)], ['extensionDevelopmentKind', 'web'], ['skipWelcome', 'true']]);
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  if (process.env.XLCFG_E2E_VERBOSE) page.on('console', (m) => console.log('  [console]', m.text().slice(0, 300)));
  await page.goto(`${server.url}/?folder=${encodeURIComponent(ws.dir)}&payload=${encodeURIComponent(payload)}`);
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
  lap('workbench shows the samples folder, the extension loaded for the web extension host');

  // 1. diagnostics: the status bar item, then the Problems panel
  await quickOpen(page, 'with-mistakes.cfg');
  await languageIs(page, 'Xen xl.cfg');
  const status = page.locator('.statusbar-item', { hasText: /guest · Xen 4\.22 · \d+ errors?/ }).first();
  await status.waitFor();
  check('the status bar shows the guest type, the release and the errors', true, JSON.stringify((await status.innerText()).trim()));
  await page.keyboard.press('Control+Shift+M');
  const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
  await filter.waitFor({ state: 'visible' });
  await filter.fill('**/with-mistakes.cfg');
  const bare = page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'bare-word' }).first();
  await bare.waitFor();
  check('Problems lists the bare-word error of with-mistakes.cfg', true);
  await settled();
  await shot('web-diagnostics');

  // 2. hover on a key
  await quickOpen(page, 'pvh-guest.cfg');
  await languageIs(page, 'Xen xl.cfg');
  await page.locator('.statusbar-item', { hasText: 'PVH guest' }).first().waitFor();
  const memory = page.locator('.monaco-editor .view-lines .view-line span span', { hasText: /^memory$/ }).first();
  const text = await hoverUntil(memory, 'MiB');
  check('hover over `memory` shows our text', /memory/i.test(text) && /MiB/.test(text), JSON.stringify(text.slice(0, 100)));
  await page.mouse.move(5, 400);
  await page.keyboard.press('Escape');

  // 3. formatting
  await quickOpen(page, 'messy.xlcfg');
  await languageIs(page, 'Xen xl.cfg');
  await page.locator('.statusbar-item', { hasText: 'PVH guest' }).first().waitFor();
  await runCommand(page, 'Format Document');
  const firstLine = page.locator('.monaco-editor .view-lines .view-line', { hasText: 'name = "web"' }).first();
  await firstLine.waitFor();
  const lines = await page.locator('.monaco-editor .view-lines .view-line').allInnerTexts();
  const shown = new Set(lines.map((l) => l.replace(/\u00a0/g, ' ').trim()).filter(Boolean));
  check('Format Document gives the tidy text', TIDY.trim().split('\n').every((l) => shown.has(l)), [...shown].join(' | '));

  // 4. completion: a key from its first letters
  await page.keyboard.press('Control+End');
  await page.keyboard.type('vcp');
  await page.keyboard.press('Control+Space');
  const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'vcpus' }).first();
  await suggestion.waitFor();
  check('completion offers vcpus for "vcp"', true, JSON.stringify((await suggestion.innerText()).split('\n')[0]));
  await page.keyboard.press('Escape');

  // 5. the layer diagram draws the guest of the active config
  await page.locator('.tabs-container .tab', { hasText: 'pvh-guest.cfg' }).first().click();
  await page.locator('.tabs-container .tab.active', { hasText: 'pvh-guest.cfg' }).waitFor();
  await runCommand(page, 'Xen: Show Layer Diagram');
  const frame = await diagramFrame(page);
  const guest = frame.locator('svg [data-role="guest-name"]').first();
  await guest.waitFor({ state: 'attached' });
  check('the layer diagram draws the guest', (await guest.textContent()).includes('pvh-db01'), JSON.stringify(await guest.textContent()));
  await shot('web-diagram');

  // 6. term hover in Markdown
  await quickOpen(page, 'notes.md');
  const dom0 = page.locator('.monaco-editor .view-lines .view-line span', { hasText: /dom0/ }).first();
  await dom0.waitFor();
  const box = await dom0.boundingBox();
  const line = await dom0.innerText();
  const at = line.indexOf('dom0');
  // Hover the word itself: the span holds the whole sentence.
  const x = box.x + (box.width * (at + 2)) / line.length;
  let termText = '';
  for (let attempt = 1; attempt <= 5 && !termText; attempt++) {
    await page.mouse.move(x, box.y + box.height / 2);
    termText = await page.locator('.monaco-hover:not(.hidden) .monaco-hover-content', { hasText: /control domain|Domain 0|dom0/i }).first()
      .innerText({ timeout: 10_000 }).catch(() => '');
    if (!termText) { await page.mouse.move(5, 400); await page.keyboard.press('Escape'); }
  }
  check('term hover on `dom0` in Markdown', /dom0|control domain/i.test(termText), JSON.stringify(termText.slice(0, 100)));

  // 7. where it ran: the status bar's reason for the release is the browser platform's own
  // ("no Xen host to ask"), and VS Code's web extension host worker has no node.
  await page.keyboard.press('Escape');
  await page.locator('.tabs-container .tab', { hasText: 'pvh-guest.cfg' }).first().click();
  await page.locator('.tabs-container .tab.active', { hasText: 'pvh-guest.cfg' }).waitFor();
  const item = page.locator('.statusbar-item', { hasText: /guest · Xen/ }).first();
  let tooltip = '';
  for (let attempt = 1; attempt <= 5 && !tooltip; attempt++) {
    await item.hover();
    tooltip = await page.locator('.monaco-hover:not(.hidden), .statusbar-item-hover, [role="tooltip"]', { hasText: 'Judged by' }).first()
      .innerText({ timeout: 10_000 }).catch(() => '');
    if (!tooltip) { await page.mouse.move(600, 300); }
  }
  let worker;
  for (const w of workers) {
    const seen = await w.evaluate(() => ({ name: self.name, node: typeof process !== 'undefined' })).catch(() => undefined);
    if (seen?.name === 'ExtensionHostWorker') worker = seen;
  }
  check('the service ran in the browser: the web platform chose the release, in a worker without node',
    /no Xen host to ask/.test(tooltip) && worker?.node === false, JSON.stringify({ tooltip: tooltip.slice(-160), worker }));
  lap(`${loopback} loopback requests; blocked: ${blocked.length ? blocked.slice(0, 5).join(', ') : 'none'}`);
} catch (e) {
  error = e;
}
process.exit(await finish(error, { blocked: blocked.length }));
