// Restricted Mode, in the real editor: workspace trust on, the folder not trusted. The extension
// declares that it runs there (capabilities.untrustedWorkspaces: nothing in a folder is ever
// run), so diagnostics, hover and the status bar must work in Restricted Mode.
//
// usage: node test/e2e/ui-trust.mjs [--flavour=min|max]   (the extension must be built: npm run build)
import { languageIs, quickOpen, startUiRun } from './workbench.mjs';

const flavour = (process.argv.find((a) => a.startsWith('--flavour=')) || '--flavour=min').split('=')[1];
const { server, page, ws, lap, check, finish } = await startUiRun('trust', {
  flavour, workspaceTrust: true,
  settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'always', 'editor.hover.delay': 200 },
});
let error;
try {
  await page.goto(`${server.url}/?folder=${encodeURIComponent(ws.dir)}`);
  await page.locator('.monaco-workbench').waitFor();
  // The trust prompt: answer that the authors are not trusted.
  const no = page.locator('.monaco-dialog-box .monaco-button', { hasText: /No, I don.t trust/ }).first();
  await no.click();
  await page.locator('.statusbar-item, .monaco-workbench .banner', { hasText: /Restricted Mode/ }).first().waitFor();
  lap('the folder is open in Restricted Mode');
  await quickOpen(page, 'with-mistakes.cfg');
  await languageIs(page, 'Xen xl.cfg');
  const status = page.locator('.statusbar-item', { hasText: /guest · Xen [\d.]+ · \d+ errors?/ }).first();
  await status.waitFor();
  check('in Restricted Mode the extension runs: the status bar counts the errors', true, JSON.stringify((await status.innerText()).trim()));
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached' });
  check('in Restricted Mode the config gets its diagnostics (squiggles)', true);
} catch (e) {
  error = e;
}
process.exit(await finish(error));
