// UI-level test, as a person would see it: code-server with the extension installed from a .vsix
// built from the working tree, serving a copy of samples/, in headless chromium. Opens
// pvh-guest.cfg with Quick Open, hovers the key `memory`, reads the hover from the DOM and checks
// our text; opens with-mistakes.cfg and checks the squiggles and the Problems panel. Screenshots go
// to test/e2e/.artifacts/; with XLCFG_E2E_UPDATE_IMAGES=1 they also refresh docs/images/ for the README.
//
// usage: node test/e2e/ui-hover.mjs [--flavour=min|max]   (the extension must be built: npm run build)
import { languageIs, quickOpen, startUiRun } from './workbench.mjs';

const flavour = (process.argv.find((a) => a.startsWith('--flavour=')) || '--flavour=min').split('=')[1];
const LANGUAGE_LABEL = 'Xen xl.cfg'; // the language's first alias, shown in the status bar

const { server, page, ws, lap, check, settled, shot, finish } = await startUiRun('ui', {
  flavour,
  settings: {
    'editor.hover.delay': 200, 'workbench.activityBar.location': 'default', 'workbench.panel.defaultLocation': 'bottom',
  },
});
let activation;
let error;

try {
  await page.goto(`${server.url}/?folder=${encodeURIComponent(ws.dir)}`);
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
  lap('workbench shows the samples folder');

  // 1. hover
  await quickOpen(page, 'pvh-guest.cfg');
  await languageIs(page, LANGUAGE_LABEL); // content detection switched it from properties: the server has it
  lap('pvh-guest.cfg open as Xen xl.cfg');
  // The server has the document once the extension's status bar item names its guest type.
  await page.locator('.statusbar-item', { hasText: 'PVH guest' }).first().waitFor();
  const key = page.locator('.monaco-editor .view-lines .view-line span span', { hasText: /^memory$/ }).first();
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content', { hasText: 'MiB' }).first();
  // locator.hover() re-resolves the span and waits until it is attached, visible and stable
  // (semantic tokens arrive after the first paint and re-render the line's spans). A hover asked
  // for while the editor re-renders can still come to nothing, and VS Code asks again only when
  // the mouse moves: then move away and come back, a bounded number of times.
  let shown = false;
  for (let attempt = 1; attempt <= 5 && !shown; attempt++) {
    await key.hover();
    shown = await hover.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
    if (!shown) {
      lap(`no hover after attempt ${attempt}: moving the mouse away and back`);
      await page.mouse.move(5, 400);
      await page.keyboard.press('Escape');
    }
  }
  if (!shown) throw new Error('no hover over `memory` after 5 attempts');
  const text = (await hover.innerText()).trim();
  lap(`hover: ${JSON.stringify(text.slice(0, 160))}${text.length > 160 ? '…' : ''}`);
  check('hover over `memory` shows the server\'s text', /memory/i.test(text) && /MiB/.test(text));
  await settled();
  await shot('hover', { forDocs: true });
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
  await shot('diagnostics', { forDocs: true });

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
  error = e;
}
process.exit(await finish(error, { activation }));
