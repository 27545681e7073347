// The Xen commands in a real VS Code: the layer diagram webview opens and draws the guest of the
// open config (updating as it is edited, showing the parse state), a guest named like an HTML
// element stays text, and "Xen: Look Up Term" opens a glossary entry. The page reports what it
// drew (read back from its own DOM) through the extension's `xlcfg._diagramState` test command.
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const XSS = '<img src=x onerror=alert(1)>';
const state = (waitFor) => vscode.commands.executeCommand('xlcfg._diagramState', waitFor);

async function showInEditor(uri) {
  const doc = await h.openWithLanguage(uri, 'xlcfg');
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
  return doc;
}

suite('Xen: Show Layer Diagram', () => {
  suiteSetup(() => h.activate());
  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('the commands are registered', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['xlcfg.showLayerDiagram', 'xlcfg.lookUpTerm', 'xlcfg.newGuestConfig']) assert.ok(all.includes(c), c);
  });

  test('opens and draws the guest of the open config, with its devices and bridge', async () => {
    await showInEditor(h.file('pvh-guest.cfg'));
    await vscode.commands.executeCommand('xlcfg.showLayerDiagram');
    const { open, report } = await state({ guestName: 'pvh-db01', timeoutMs: 20000 });
    assert.ok(open, 'the panel is open');
    assert.ok(report, 'the page reported a drawing');
    assert.strictEqual(report.guestName, 'pvh-db01');
    assert.strictEqual(report.file, 'pvh-guest.cfg');
    assert.strictEqual(report.frontends, 4, '2 disks, 1 vif, 1 channel');
    assert.strictEqual(report.backends, 4);
    assert.deepStrictEqual(report.bridges, ['xenbr0']);
    assert.ok(report.glossaryTerms >= 60, `glossary reached the page (${report.glossaryTerms} terms)`);
    assert.ok(report.focusable > 20, 'boxes are keyboard-focusable');
    assert.strictEqual(report.statusClass, '');
  });

  test('follows the editor and updates as the file is edited, showing errors', async () => {
    const uri = await h.writeFile(h.file('e2e-scratch', 'live.cfg'), 'name = "live-one"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nvif = [ "bridge=br-live" ]\n');
    const doc = await showInEditor(uri);
    let { report } = await state({ guestName: 'live-one', timeoutMs: 20000 });
    assert.strictEqual(report.guestName, 'live-one');
    assert.deepStrictEqual(report.bridges, ['br-live']);

    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, doc.lineAt(0).range, 'name = "live-two"');
    await vscode.workspace.applyEdit(edit);
    ({ report } = await state({ guestName: 'live-two', timeoutMs: 20000 }));
    assert.strictEqual(report.guestName, 'live-two');

    const broken = new vscode.WorkspaceEdit();
    broken.insert(uri, new vscode.Position(1, 0), 'name = "live-three"\nmemory = = 1\n');
    await vscode.workspace.applyEdit(broken);
    ({ report } = await state({ guestName: 'live-three', timeoutMs: 20000 }));
    assert.strictEqual(report.statusClass, 'error');
    assert.match(report.status, /error.*xl would refuse this file/);
    await doc.save(); // nothing left dirty for the next suites
  });

  test('the page runs under a strict Content-Security-Policy and loads files only from client/media', async () => {
    await showInEditor(h.file('pvh-guest.cfg'));
    await vscode.commands.executeCommand('xlcfg.showLayerDiagram');
    const { report, resourceRoots, cspSource } = await state({ guestName: 'pvh-db01', timeoutMs: 20000 });
    assert.ok(report && typeof report.csp === 'string', 'the page has a Content-Security-Policy meta element');
    const policy = new Map(report.csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name, sources]));
    assert.deepStrictEqual(policy.get('default-src'), ["'none'"]);
    for (const d of ['img-src', 'connect-src', 'frame-src', 'form-action', 'base-uri']) assert.deepStrictEqual(policy.get(d), ["'none'"], d);
    const scripts = policy.get('script-src');
    assert.strictEqual(scripts.length, 1, `script-src: ${scripts}`);
    assert.match(scripts[0], /^'nonce-[A-Za-z0-9+/]{22}==?'$/, 'scripts only by a random nonce (16 bytes)');
    // Styles and fonts: exactly the webview's own resource origin (webview.cspSource), nothing else.
    const own = cspSource.split(/\s+/);
    for (const d of ['style-src', 'font-src']) assert.deepStrictEqual(policy.get(d), own, d);
    for (const source of own) assert.match(source, /^'self'$|^https:\/\/[*.a-z0-9-]+$/, `webview origin ${source}`);
    assert.doesNotMatch(report.csp, /unsafe-inline|unsafe-eval|unsafe-hashes|\bdata:|\bblob:/);
    assert.deepStrictEqual(resourceRoots.map((u) => vscode.Uri.parse(u).path.replace(/^.*\/(client\/media)$/, '$1')), ['client/media']);
  });

  test(`a guest named ${XSS} is drawn as text and runs nothing`, async () => {
    const uri = await h.writeFile(h.file('e2e-scratch', 'xss.cfg'),
      `name = "${XSS}"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nvif = [ "bridge=<svg onload=alert(2)>" ]\ndisk = [ "vdev=xvda, target=/x<script>alert(3)</script>" ]\n`);
    await showInEditor(uri);
    const { report } = await state({ guestName: XSS, timeoutMs: 20000 });
    assert.strictEqual(report.guestName, XSS, 'the name is present literally, as text');
    assert.deepStrictEqual(report.bridges, ['<svg onload=alert(2)>']);
    assert.strictEqual(report.imgElements, 0, 'no <img> element was created');
    assert.strictEqual(report.foreignElements, 0);
    const ours = report.scripts.filter((x) => !x.startsWith('inline: '));
    assert.deepStrictEqual(ours, ['diagram-layout.js', 'diagram.js'], 'script files: the extension\'s two only');
    for (const x of report.scripts) assert.doesNotMatch(x, /alert|onerror|<img/, 'no script holds anything from the config');
    assert.strictEqual(report.alerts, 0, 'alert() was never called');
    assert.strictEqual(report.cspViolations, 0, 'not even a blocked attempt to run an inline handler');
  });
});

suite('Xen: Look Up Term', () => {
  suiteSetup(() => h.activate());

  test('opens the full definition of a term', async () => {
    await vscode.commands.executeCommand('xlcfg.lookUpTerm', 'xcp-ng');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse('xlcfg-glossary:/xcp-ng.md'));
    const text = doc.getText();
    assert.match(text, /^# XCP-ng/);
    assert.match(text, /\*\*Related terms\*\*/);
    assert.match(text, /\[Read more\]\(https:\/\//);
  });
});

suite('Xen: New Guest Config (server side)', () => {
  test('the server generates a config the editor then validates without complaints', async () => {
    const api = await h.activate();
    const options = { type: 'pvh', name: 'e2e-new', memory: 1024, vcpus: 2, boot: 'kernel', disk: 'block', bridge: 'xenbr0' };
    const r = await api.client().sendRequest('xlcfg/generateGuest', { options });
    assert.deepStrictEqual(r.problems, []);
    // A marker line with a known warning tells when the server has checked this file.
    const uri = await h.writeFile(h.file('e2e-scratch', 'e2e-new.cfg'), `${r.text}e2e_marker = 1\n`);
    const [, diags] = await Promise.all([h.openWithLanguage(uri, 'xlcfg'), h.diagnosticsFor(uri, (d) => d.some((x) => h.codeOf(x) === 'unknown-key'))]);
    const others = diags.filter((d) => !(h.codeOf(d) === 'unknown-key' && /e2e_marker/.test(d.message)));
    assert.deepStrictEqual(others.filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning).map((d) => d.message), []);
    const bad = await api.client().sendRequest('xlcfg/generateGuest', { options: { ...options, name: XSS } });
    assert.strictEqual(bad.text, undefined);
    assert.deepStrictEqual(bad.problems.map((p) => p.field), ['name']);
  });
});
