// The language server answers through VS Code's own API, in a real VS Code (code-server's
// extension host). Workspace: a temporary copy of samples/ (see run.mjs).
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

suite('xl.cfg language server in VS Code', () => {
  suiteSetup(async () => {
    const api = await h.activate();
    assert.ok(api.client(), 'activate() returns an API whose client() is the language client');
  });

  test('a sample .cfg is given the xlcfg language', async () => {
    const doc = await h.openWithLanguage(h.file('pvh-guest.cfg'), 'xlcfg');
    assert.strictEqual(doc.languageId, 'xlcfg');
  });

  test('with-mistakes.cfg gets diagnostics, among them bare-word for type = pvh', async () => {
    const uri = h.file('with-mistakes.cfg');
    const [doc, diags] = await Promise.all([
      h.openWithLanguage(uri, 'xlcfg'),
      h.diagnosticsFor(uri, (d) => d.some((x) => h.codeOf(x) === 'bare-word')),
    ]);
    assert.ok(diags.every((d) => d.source === 'xlcfg'), `sources: ${diags.map((d) => d.source)}`);
    const typeLine = h.positionOf(doc, /^[ \t]*type[ \t]*=[ \t]*(pvh)\b/m).line;
    const bare = diags.find((d) => h.codeOf(d) === 'bare-word' && d.range.start.line === typeLine);
    assert.ok(bare, `no bare-word diagnostic on line ${typeLine + 1}; got ${diags.map((d) => `${d.range.start.line + 1}:${h.codeOf(d)}`).join(', ')}`);
    assert.match(bare.message, /pvh/);
    assert.strictEqual(doc.getText(bare.range), 'pvh');
  });

  test('hover on the key memory explains it in MiB', async () => {
    const doc = await h.openWithLanguage(h.file('pvh-guest.cfg'), 'xlcfg');
    const pos = h.positionOf(doc, /^[ \t]*(memory)[ \t]*=/m).translate(0, 2);
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos);
    const text = hovers.flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /memory/i);
    assert.match(text, /MiB/);
  });

  test('completion at the start of an empty line offers keys', async () => {
    const uri = await h.writeFile(h.file('e2e-scratch', 'keys.xlcfg'), 'name = "scratch"\ntype = "pvh"\n\nmemory = 512\n');
    const doc = await h.openWithLanguage(uri, 'xlcfg');
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(2, 0));
    const labels = list.items.map(h.labelOf);
    for (const key of ['vcpus', 'kernel', 'disk', 'vif']) assert.ok(labels.includes(key), `${key} missing from ${labels.slice(0, 40).join(' ')}`);
  });

  test("completion inside vif = [ 'bridge=xenbr0, offers vif sub-keys, not disk ones", async () => {
    const line = "vif = [ 'bridge=xenbr0,";
    const uri = await h.writeFile(h.file('e2e-scratch', 'vif.xlcfg'), `name = "scratch"\ntype = "pvh"\n${line}`);
    const doc = await h.openWithLanguage(uri, 'xlcfg');
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(2, line.length));
    const labels = list.items.map(h.labelOf);
    assert.ok(labels.includes('mac='), `mac= missing from ${labels.join(' ')}`);
    assert.ok(!labels.includes('vdev='), `disk sub-key vdev= offered in a vif spec: ${labels.join(' ')}`);
    assert.ok(!labels.includes('bridge='), 'bridge= is already given and should not be offered again');
  });
});

suite('content detection for other .cfg files', () => {
  const XL = '# a guest kept outside /etc/xen\nname = "web"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nmemory = 1024\nvcpus = 2\n' +
    "disk = [ 'format=raw, vdev=xvda, access=rw, target=/dev/vg/web' ]\n";
  const INI = '[server]\nname = web\nport = 8080\n\n[paths]\nroot = /srv/www\n';

  suiteSetup(() => h.activate());

  test('an xl config in a plain .cfg file is switched to xlcfg', async () => {
    const uri = await h.writeFile(h.file('detect', 'web.cfg'), XL);
    const doc = await h.openWithLanguage(uri, 'xlcfg');
    assert.strictEqual(doc.languageId, 'xlcfg');
  });

  test('an INI file named x.cfg stays what VS Code made it', async () => {
    const api = await h.activate();
    const ini = await h.writeFile(h.file('detect', 'x.cfg'), INI);
    const control = await h.writeFile(h.file('detect', 'control.cfg'), XL.replace('"web"', '"control"'));
    const doc = await vscode.workspace.openTextDocument(ini);
    const first = doc.languageId;
    // The extension asks the server about each opened document in order over one connection; once the
    // control file opened after x.cfg has been switched, the answer about x.cfg has been acted on too.
    await h.openWithLanguage(control, 'xlcfg');
    const now = vscode.workspace.textDocuments.find((d) => h.same(d.uri, ini));
    assert.notStrictEqual(now.languageId, 'xlcfg', `x.cfg was switched from ${first} to xlcfg`);
    assert.strictEqual(await api.client().sendRequest('xlcfg/claims', { path: ini.path, text: INI }), false);
    assert.strictEqual(await api.client().sendRequest('xlcfg/claims', { path: ini.path, text: XL }), true);
  });
});
