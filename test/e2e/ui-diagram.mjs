// UI-level test of the layer diagram, as a person sees it: code-server with the extension
// installed from a .vsix of the working tree, in headless chromium. Opens pvh-guest.cfg, runs
// "Xen: Show Layer Diagram" from the Command Palette, reads the guest from the webview's DOM,
// takes the README screenshot (docs/images/diagram.png, refreshed with XLCFG_E2E_UPDATE_IMAGES=1), then opens a config whose guest is
// named `<img src=x onerror=alert(1)>` and checks, through the page, that the name is shown
// literally, that no <img> element exists in the webview and that no dialog ever opened.
//
// usage: node test/e2e/ui-diagram.mjs [--flavour=min|max]   (the extension must be built: npm run build)
import fs from 'node:fs';
import path from 'node:path';
import { diagramFrame, languageIs, quickOpen, runCommand, startUiRun } from './workbench.mjs';

const flavour = (process.argv.find((a) => a.startsWith('--flavour=')) || '--flavour=min').split('=')[1];
const XSS = '<img src=x onerror=alert(1)>';

const { server, page, ws, lap, check, settled, shot, finish } = await startUiRun('ui-diagram', {
  flavour,
  viewport: { width: 1920, height: 1000 },
  files: {
    'xss-guest.cfg': `# A guest whose name looks like an HTML element: the diagram must show it as text.\nname = "${XSS}"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nmemory = 512\nvif = [ "bridge=xenbr0" ]\n`,
    'passthrough-guest.cfg': '# An HVM guest with a GPU passed through and a disk served by a driver domain.\nname = "hvm-gpu01"\ntype = "hvm"\nfirmware = "uefi"\nmemory = 8192\nvcpus = 4\n' +
      'disk = [ "format=raw, vdev=xvda, access=rw, target=/dev/vg0/hvm-gpu01", "format=raw, vdev=xvdb, backend=stordom, target=/dev/sdb" ]\n' +
      'vif = [ "model=e1000, bridge=xenbr1" ]\npci = [ "0000:03:00.0", "0000:03:00.1" ]\n',
  },
});
const dialogs = [];
page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); void d.dismiss().catch(() => {}); });
let error;

try {
  await page.goto(`${server.url}/?folder=${encodeURIComponent(ws.dir)}`);
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
  await page.keyboard.press('Control+B'); // hide the side bar: more room for the diagram
  lap('workbench ready');

  await quickOpen(page, 'pvh-guest.cfg');
  await languageIs(page, 'Xen xl.cfg');
  await runCommand(page, 'Xen: Show Layer Diagram');
  const frame = await diagramFrame(page);
  // Give the diagram most of the width: drag the sash between the two editor groups to the left.
  const sash = page.locator('.part.editor .monaco-sash.vertical:visible').first();
  const sb = await sash.boundingBox();
  if (sb) {
    await page.mouse.move(sb.x + sb.width / 2, sb.y + sb.height / 2);
    await page.mouse.down();
    await page.mouse.move(680, sb.y + sb.height / 2, { steps: 8 });
    await page.mouse.up();
  }
  const name = frame.locator('svg [data-role="guest-name"]');
  await name.filter({ hasText: 'pvh-db01' }).waitFor();
  check('the diagram draws the guest of the open config', (await name.textContent()) === 'pvh-db01');
  const bridges = await frame.locator('svg [data-kind="bridge"]').count();
  check('its vif is drawn to a bridge in dom0', bridges === 1, `${bridges} bridge box(es)`);
  // Show a definition in the side panel, as a reader would, for the screenshot.
  await frame.locator('svg [data-id="back-disk-0"]').hover();
  await frame.locator('#info h3').first().waitFor();
  check('hovering a box shows its glossary definition', /blkback/i.test(await frame.locator('#info').innerText()));
  await frame.locator('#status').filter({ hasText: 'no problems' }).waitFor();
  await settled();
  await shot('diagram', { forDocs: true });

  // Keyboard: the view tabs follow the arrow keys, a focused box shows its definition.
  await frame.locator('#tab-stack').focus();
  await page.keyboard.press('ArrowRight');
  await frame.locator('#tab-ecosystem[aria-selected="true"]').waitFor();
  await frame.locator('svg [data-id="eco-xcpng"]').focus();
  await frame.locator('#info h2', { hasText: 'XCP-ng' }).waitFor();
  check('keyboard: arrow keys switch the view, a focused box shows its definition', true);
  await settled();
  await shot('diagram-ecosystem', { forDocs: true });
  // The concentric view (issue #15): a third tab; its rings and names are reached with Tab and
  // show their definitions; in a panel 480 px wide it fits without scrolling, text still legible.
  await frame.locator('#tab-ecosystem').focus();
  await page.keyboard.press('ArrowRight');
  await frame.locator('#tab-circles[aria-selected="true"]').waitFor();
  const rings = await frame.locator('svg g.ring').count();
  check('Circles: four nested rings, the hypervisor at the centre', rings === 4 && (await frame.locator('svg [data-id="ring-core"]').count()) === 1, `${rings} ring(s)`);
  await frame.locator('#tab-circles').focus();
  await page.keyboard.press('Tab'); // Export SVG…
  await page.keyboard.press('Tab'); // the outer ring
  await frame.locator('#info h2', { hasText: 'Products and distributions' }).waitFor();
  check('Circles: Tab reaches the rings, a focused ring shows its definition', true);
  await frame.locator('svg [data-id="c-xcpng"]').hover();
  await frame.locator('#info h2', { hasText: 'XCP-ng' }).waitFor();
  check('Circles: hovering a name shows its glossary entry', /Open in glossary/.test(await frame.locator('#info').innerText()));
  // Narrow the diagram's editor group to 480 px.
  const sash2 = page.locator('.part.editor .monaco-sash.vertical:visible').first();
  const sb2 = await sash2.boundingBox();
  const viewportWidth = page.viewportSize().width;
  if (sb2) {
    await page.mouse.move(sb2.x + sb2.width / 2, sb2.y + sb2.height / 2);
    await page.mouse.down();
    await page.mouse.move(viewportWidth - 480, sb2.y + sb2.height / 2, { steps: 8 });
    await page.mouse.up();
  }
  await frame.waitForFunction(() => document.documentElement.clientWidth <= 490);
  const fit = await frame.evaluate(() => {
    const svgBox = document.querySelector('#canvas svg').getBoundingClientRect();
    const texts = [...document.querySelectorAll('#canvas svg text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * (svgBox.width / document.querySelector('#canvas svg').viewBox.baseVal.width));
    return { panel: document.documentElement.clientWidth, svg: Math.round(svgBox.width), scrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth || document.querySelector('#canvas').scrollWidth > document.querySelector('#canvas').clientWidth, minText: Math.min(...texts) };
  });
  check('Circles: fits a 480 px panel, no scrolling sideways, rendered text 10 px or more',
    fit.panel <= 490 && !fit.scrolls && fit.svg <= fit.panel && fit.minText >= 10, JSON.stringify(fit));
  // For the screenshot: a reader hovering XenServer, its definition (with how it relates) below the rings.
  await frame.locator('svg [data-id="c-xenserver"]').hover();
  await frame.locator('#info h2', { hasText: 'XenServer' }).waitFor();
  const relations = await frame.locator('#info .relations').innerText();
  check('Circles: the definition says how it relates (formerly Citrix Hypervisor, part of Cloud Software Group)',
    /formerly Citrix Hypervisor \(since 2023\)/.test(relations) && /part of Cloud Software Group/.test(relations), JSON.stringify(relations));
  await settled();
  await shot('diagram-circles', { forDocs: true });
  if (sb2) {
    const back = await sash2.boundingBox();
    await page.mouse.move(back.x + back.width / 2, back.y + back.height / 2);
    await page.mouse.down();
    await page.mouse.move(680, back.y + back.height / 2, { steps: 8 });
    await page.mouse.up();
  }
  // The Host view: every guest config of the folder, with the bridges and disk backends they use.
  await frame.locator('#tab-circles').focus();
  await page.keyboard.press('ArrowRight');
  await frame.locator('#tab-host[aria-selected="true"]').waitFor();
  const hostNames = frame.locator('svg [data-role="host-guest-name"]');
  await hostNames.first().waitFor();
  const guestsDrawn = await hostNames.allTextContents();
  const bridge = (await frame.locator('svg [data-kind="host-bridge"]').allTextContents()).join(' | ');
  check('Host: every guest config of the folder drawn, with the bridge they share',
    ['pvh-db01'].every((n) => guestsDrawn.includes(n)) && guestsDrawn.length >= 5 && /xenbr0\s*\d+ guests/.test(bridge), `${guestsDrawn.length} guests (${guestsDrawn.slice(0, 6).join(', ')}…); bridges: ${bridge}`);
  await settled();
  await shot('diagram-host');
  await page.keyboard.press('Home');
  await frame.locator('#tab-stack[aria-selected="true"]').waitFor();

  // Clicking pins the box; "Show in the config" selects its spec string in the editor.
  await frame.locator('svg [data-id="back-disk-0"]').click();
  await frame.locator('#info button', { hasText: 'Show in the config' }).click();
  await page.locator('#status\\.editor\\.selection', { hasText: 'Ln 24' }).waitFor();
  check('"Show in the config" selects the device\'s line in the editor', true, (await page.locator('#status\\.editor\\.selection').innerText()).trim());
  // Back to the first editor group, so the next files open beside the diagram, not over it.
  await page.locator('.tabs-container .tab', { hasText: 'pvh-guest.cfg' }).click();
  await quickOpen(page, 'passthrough-guest.cfg');
  await languageIs(page, 'Xen xl.cfg');
  const ptFrame = await diagramFrame(page);
  await ptFrame.locator('svg [data-role="guest-name"]').filter({ hasText: 'hvm-gpu01' }).waitFor();
  const pt = await ptFrame.locator('svg [data-kind="hw-passthrough"]').count();
  check('PCI passthrough devices are drawn in the hardware layer', pt === 2, `${pt} device(s)`);
  await shot('diagram-passthrough');

  await quickOpen(page, 'xss-guest.cfg');
  await languageIs(page, 'Xen xl.cfg');
  const xssFrame = await diagramFrame(page);
  await xssFrame.locator('svg [data-role="guest-name"]').filter({ hasText: 'onerror' }).waitFor();
  const shown = await xssFrame.locator('svg [data-role="guest-name"]').textContent();
  const imgs = await xssFrame.locator('img').count();
  check('a guest named <img src=x onerror=alert(1)> is shown literally', shown === XSS, JSON.stringify(shown));
  check('no <img> element exists in the webview', imgs === 0, `${imgs} img element(s)`);
  check('no alert or other dialog opened', dialogs.length === 0, dialogs.join('; '));

  // Export: the save dialog (code-server's simple file dialog) proposes a file in the workspace.
  await xssFrame.locator('#export').click();
  const pathInput = page.locator('.quick-input-widget input');
  await pathInput.waitFor({ state: 'visible' });
  const proposed = await pathInput.inputValue();
  await page.keyboard.press('Enter');
  // The extension says where it saved the file once it is written.
  await page.locator('.notifications-toasts .notification-toast', { hasText: 'Diagram saved to' }).waitFor();
  const svgs = fs.readdirSync(ws.dir).filter((f) => f.endsWith('.svg'));
  const svgFile = svgs.length ? path.join(ws.dir, svgs[0]) : '';
  lap(`export proposed ${JSON.stringify(proposed)}`);
  const svg = svgFile ? fs.readFileSync(svgFile, 'utf8') : '';
  check('Export SVG writes a standalone SVG file, the name escaped as text',
    svg.startsWith('<?xml') && svg.includes('<svg') && svg.includes('&lt;img src=x onerror=alert(1)&gt;') && !/<img|<script|onerror=\"|var\(--/.test(svg),
    `${path.basename(svgFile)}, ${svg.length} bytes`);

  // "Xen: New Guest Config", answered as a person would, defaults taken where offered.
  await page.locator('.tabs-container .tab', { hasText: 'xss-guest.cfg' }).click();
  await runCommand(page, 'Xen: New Guest Config');
  const title = page.locator('.quick-input-widget .quick-input-title');
  const input = page.locator('.quick-input-widget input');
  const answer = async (n, text) => {
    await title.filter({ hasText: `(${n})` }).waitFor();
    if (text !== undefined) await input.fill(text);
    await page.keyboard.press('Enter');
  };
  await title.filter({ hasText: '(1)' }).waitFor();
  await input.fill('PVH');
  await page.keyboard.press('Enter');
  await title.filter({ hasText: '(2)' }).waitFor();
  await input.fill('<img src=x>');
  const message = await page.locator('.quick-input-widget .quick-input-message', { hasText: 'letters' }).innerText();
  check('a name that is not a plain word is refused while typing', /letters, digits/.test(message), JSON.stringify(message));
  await answer(2, 'ui-guest');
  await answer(3); // memory
  await answer(4); // vCPUs
  await answer(5); // boot: direct kernel (first)
  await answer(6); // kernel
  await answer(7); // ramdisk
  await answer(8); // disk: block device (first)
  await answer(9); // disk path
  await answer(10); // bridge
  await answer(11); // open as a new unsaved file
  await page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).waitFor();
  await languageIs(page, 'Xen xl.cfg');
  const lines = (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' '); // Monaco draws spaces as NBSP
  check('New Guest Config opens the generated config as an xl.cfg document',
    lines.includes('name = "ui-guest"') && lines.includes('type = "pvh"') && lines.includes('target=/dev/vg0/ui-guest'), lines.split('\n').slice(0, 3).join(' | '));
  const problems = (await page.locator('#status\\.problems').innerText()).replace(/\s+/g, ' ').trim();
  check('the generated config has no problems', /^0\D+0\b/.test(problems), JSON.stringify(problems));
} catch (e) {
  error = e;
}
process.exit(await finish(error));
