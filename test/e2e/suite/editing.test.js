// The editing experience through VS Code's own API, in a real VS Code: formatting (and format on
// save), outline, folding, smart selection, semantic tokens, links, the status bar item, and the
// walkthrough's sample command.
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const MESSY = 'name="web"\ntype =  "pvh"\nmemory=512\n\n\n\ndisk=[ "phy:/dev/vg/web,xvda,w","format=raw, vdev=xvdb, target=/srv/data.img" ]\n';
const TIDY = 'name = "web"\ntype = "pvh"\nmemory = 512\n\ndisk = [\n    "phy:/dev/vg/web,xvda,w",\n    "format=raw, vdev=xvdb, target=/srv/data.img",\n]\n';

suite('editing xl.cfg in VS Code', () => {
  suiteSetup(() => h.activate());

  test('Format Document gives the tidy text', async () => {
    const uri = await h.writeFile(h.file('e2e-scratch', 'format.xlcfg'), MESSY);
    const doc = await h.openWithLanguage(uri, 'xlcfg');
    const edits = await vscode.commands.executeCommand('vscode.executeFormatDocumentProvider', doc.uri, { tabSize: 4, insertSpaces: true });
    assert.ok(edits && edits.length > 0, 'no formatting edits');
    const we = new vscode.WorkspaceEdit();
    we.set(doc.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(we));
    assert.strictEqual(doc.getText(), TIDY);
  });

  test('format on save works through VS Code', async () => {
    const config = vscode.workspace.getConfiguration('editor', { languageId: 'xlcfg' });
    await config.update('formatOnSave', true, vscode.ConfigurationTarget.Workspace, true);
    try {
      const uri = await h.writeFile(h.file('e2e-scratch', 'save.xlcfg'), 'name = "a"\n');
      const doc = await h.openWithLanguage(uri, 'xlcfg');
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit((b) => b.insert(new vscode.Position(1, 0), 'memory=512\n'));
      assert.ok(await doc.save());
      assert.strictEqual(doc.getText(), 'name = "a"\nmemory = 512\n');
      assert.strictEqual(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'), 'name = "a"\nmemory = 512\n');
    } finally {
      await config.update('formatOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    }
  });

  test('a file with a syntax error is not formatted', async () => {
    const uri = await h.writeFile(h.file('e2e-scratch', 'broken.xlcfg'), 'type = pvh\nmemory=512\n');
    const doc = await h.openWithLanguage(uri, 'xlcfg');
    const edits = await vscode.commands.executeCommand('vscode.executeFormatDocumentProvider', doc.uri, { tabSize: 4, insertSpaces: true });
    assert.ok(!edits || edits.length === 0, `edits: ${JSON.stringify(edits)}`);
  });

  test('the outline groups keys by topic, disks by target', async () => {
    const doc = await h.openWithLanguage(h.file('hvm-guest.cfg'), 'xlcfg');
    const symbols = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', doc.uri);
    const names = symbols.map((s) => s.name);
    for (const topic of ['General', 'Boot', 'Memory and CPU', 'Devices', 'Graphics and console']) assert.ok(names.includes(topic), `${topic} missing from ${names}`);
    const disk = symbols.find((s) => s.name === 'Devices').children.find((c) => c.name === 'disk');
    assert.deepStrictEqual(disk.children.map((c) => c.name), ['/dev/vg0/hvm-win01', '/srv/iso/installer.iso']);
  });

  test('folding covers the multi-line disk list and the header comment', async () => {
    const doc = await h.openWithLanguage(h.file('hvm-guest.cfg'), 'xlcfg');
    const ranges = await vscode.commands.executeCommand('vscode.executeFoldingRangeProvider', doc.uri);
    const diskLine = h.positionOf(doc, /^disk = \[/m).line;
    assert.ok(ranges.some((r) => r.start === diskLine && r.end > diskLine), `no fold at line ${diskLine}: ${JSON.stringify(ranges)}`);
    assert.ok(ranges.some((r) => r.start === 0 && r.kind === vscode.FoldingRangeKind.Comment));
  });

  test('smart selection grows from a sub-key to the statement', async () => {
    const doc = await h.openWithLanguage(h.file('hvm-guest.cfg'), 'xlcfg');
    const pos = h.positionOf(doc, /(bridge)=xenbr0/).translate(0, 2);
    const [sel] = await vscode.commands.executeCommand('vscode.executeSelectionRangeProvider', doc.uri, [pos]);
    const texts = [];
    for (let s = sel; s; s = s.parent) texts.push(doc.getText(s.range));
    assert.strictEqual(texts[0], 'bridge');
    assert.ok(texts.includes('bridge=xenbr0'));
    assert.ok(texts.some((t) => t.startsWith('vif = [')), texts.join(' | '));
  });

  test('semantic tokens tell unknown keys from known ones', async () => {
    const uri = await h.writeFile(h.file('e2e-scratch', 'tokens.xlcfg'), 'memory = 512\nmaxcpus = 4\n');
    const doc = await h.openWithLanguage(uri, 'xlcfg');
    const legend = await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokensLegend', doc.uri);
    const tokens = await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokens', doc.uri);
    const types = [];
    for (let i = 0; i < tokens.data.length; i += 5) types.push(legend.tokenTypes[tokens.data[i + 3]]);
    assert.deepStrictEqual(types, ['property', 'unknownKey']);
  });

  test('keys link to their man page section', async () => {
    const doc = await h.openWithLanguage(h.file('pvh-guest.cfg'), 'xlcfg');
    const links = await vscode.commands.executeCommand('vscode.executeLinkProvider', doc.uri);
    const memory = links.find((l) => doc.getText(l.range) === 'memory');
    assert.ok(memory, 'no link on memory');
    assert.match(memory.target.toString(), /xl\.cfg\.5\.html#memory/);
  });

  test('the status bar shows the guest type and the errors of the active config', async () => {
    const good = await h.openWithLanguage(h.file('hvm-guest.cfg'), 'xlcfg');
    await vscode.window.showTextDocument(good);
    const state = await vscode.commands.executeCommand('xlcfg._statusBarState', 'HVM guest');
    assert.ok(state.visible);
    const bad = await h.openWithLanguage(h.file('with-mistakes.cfg'), 'xlcfg');
    await vscode.window.showTextDocument(bad);
    const badState = await vscode.commands.executeCommand('xlcfg._statusBarState', 'error');
    assert.match(badState.text, /\$\(error\) \w+ guest · Xen (\d+\.\d+|master) · \d+ errors?/);
    assert.match(badState.tooltip, /Judged by Xen (\d+\.\d+|master) \(/);
  });

  test('the upgrade check lists what another release refuses, in the Problems panel, and clears on edit', async () => {
    const uri = await h.writeFile(h.file('e2e-scratch', 'upgrade.xlcfg'), 'name = "a"\nkernel = "/boot/Image"\nmemory = 512\ngic_version = "v3"\ntee = "ffa"\n');
    const doc = await h.openWithLanguage(uri, 'xlcfg');
    const editor = await vscode.window.showTextDocument(doc);
    const report = await vscode.commands.executeCommand('xlcfg.checkUpgrade', { from: '4.20', to: '4.17' });
    assert.deepStrictEqual(report.changes.map((c) => `${c.kind} ${c.diagnostic.range.start.line}`), ['refused 4']);
    const listed = vscode.languages.getDiagnostics(doc.uri).filter((d) => /^xlcfg upgrade 4\.20 → 4\.17$/.test(d.source ?? ''));
    assert.strictEqual(listed.length, 1);
    assert.match(listed[0].message, /^Xen 4\.17 refuses this \(Xen 4\.20 did not\): .*ffa/);
    assert.strictEqual(listed[0].severity, vscode.DiagnosticSeverity.Error);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# edited\n'));
    assert.strictEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => /^xlcfg upgrade/.test(d.source ?? '')).length, 0);
  });

  test('the walkthrough opens a sample as a new xl.cfg document', async () => {
    await vscode.commands.executeCommand('xlcfg.openSample', 'pvh-guest.cfg');
    const doc = vscode.window.activeTextEditor.document;
    assert.strictEqual(doc.isUntitled, true);
    assert.strictEqual(doc.languageId, 'xlcfg');
    assert.match(doc.getText(), /^# pvh-guest\.cfg/);
  });
});
