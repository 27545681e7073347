// The checks across the configs of a folder, in a real VS Code: a conflict between an open config
// and one that is only on disk, with a link to the other file; references and workspace symbols
// across configs. (A change on disk reaching the server is tested over LSP, test/lsp/fleet.test.ts:
// code-server's own file watcher restarts now and then during a long suite, so a test through it
// here would depend on that.)
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const MAC = '00:16:3e:aa:bb:cc';
const guest = (name, mac) => `name = "${name}"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nmemory = 512\nvif = [ "mac=${mac}, bridge=xenbr0" ]\n`;
const macConflict = (ds) => ds.filter((d) => h.codeOf(d) === 'duplicate-mac');

suite('checks across configs in VS Code', () => {
  suiteSetup(() => h.activate());

  test('a MAC shared with a config that is not open: both files get it, each with a link to the other', async () => {
    const one = await h.writeFile(h.file('e2e-fleet', 'one.cfg'), guest('fleet-one', MAC));
    const two = await h.writeFile(h.file('e2e-fleet', 'two.cfg'), guest('fleet-two', MAC));
    const [, oneDiags] = await Promise.all([
      h.openWithLanguage(one, 'xlcfg'),
      h.diagnosticsFor(one, (d) => macConflict(d).length > 0),
    ]);
    const d = macConflict(oneDiags)[0];
    assert.ok(d.relatedInformation?.some((r) => h.same(r.location.uri, two)), `related: ${JSON.stringify(d.relatedInformation)}`);
    assert.match(d.message, /two\.cfg/);
    // two.cfg is not open: its findings come from the index, which read it from disk.
    assert.ok(!vscode.workspace.textDocuments.some((t) => h.same(t.uri, two)), 'two.cfg was opened by someone');
    const twoDiags = await h.diagnosticsFor(two, (ds) => macConflict(ds).length > 0);
    assert.ok(macConflict(twoDiags)[0].relatedInformation?.some((r) => h.same(r.location.uri, one)));
  });

  test('Find All References on the MAC lists both configs; workspace symbols list the guests', async () => {
    const one = h.file('e2e-fleet', 'one.cfg');
    const doc = await h.openWithLanguage(one, 'xlcfg');
    const at = h.positionOf(doc, /mac=(00:16:3e:aa:bb:cc)/);
    const refs = await vscode.commands.executeCommand('vscode.executeReferenceProvider', one, at.translate(0, 3));
    const files = [...new Set(refs.map((r) => r.uri.path.split('/').pop()))].sort();
    assert.deepStrictEqual(files, ['one.cfg', 'two.cfg']);
    const symbols = await vscode.commands.executeCommand('vscode.executeWorkspaceSymbolProvider', 'fleet-');
    const names = symbols.map((s) => s.name);
    assert.ok(names.includes('fleet-one') && names.includes('fleet-two'), `symbols: ${names.join(', ')}`);
  });
});
