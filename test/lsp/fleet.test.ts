// Over LSP: the checks across the configs of a workspace. The index starts with the first config
// opened and reads the others from disk; its findings come with each file's own diagnostics and
// link to the other file; a change on disk (the client's watcher) and an edit reach both files'
// diagnostics (how fast: npm run bench, section f); Find All References, document highlights and
// workspace symbols work across configs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startStdioServer } from '../support/lspServer';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Published = { uri: string; diagnostics: any[] };

function tree(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-fleet-')));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const guest = (name: string, mac: string, extra = '') =>
  `name = "${name}"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nmemory = 512\nvif = [ "mac=${mac},bridge=xenbr0" ]\n${extra}`;

/** A server on a workspace folder, the diagnostics it publishes per URI, and waiting for a condition on them. */
async function serverOn(root: string) {
  const last = new Map<string, Published>();
  const waiters: { check: () => boolean; resolve: () => void }[] = [];
  const server = await startStdioServer((p: Published) => {
    last.set(p.uri, p);
    for (const w of [...waiters]) if (w.check()) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
  }, {}, { initialize: { workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }], initializationOptions: { debounceMs: 0 } } });
  const until = (check: () => boolean, what: string, ms = 5000) => new Promise<void>((resolve, reject) => {
    if (check()) { resolve(); return; }
    const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    waiters.push({ check, resolve: () => { clearTimeout(t); resolve(); } });
  });
  const uri = (rel: string) => pathToFileURL(path.join(root, rel)).href;
  const codes = (rel: string) => (last.get(uri(rel))?.diagnostics ?? []).map((d) => d.code as string).sort();
  let version = 0;
  const open = (rel: string) => server.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri: uri(rel), languageId: 'xlcfg', version: ++version, text: fs.readFileSync(path.join(root, rel), 'utf8') },
  });
  return { server, last, until, uri, codes, open, nextVersion: () => ++version };
}

describe('fleet over LSP', () => {
  test('opening one config indexes the folder: both files get the conflict, with a link to the other', async () => {
    const root = tree({ 'a.cfg': guest('a', '00:16:3e:00:00:01'), 'b.cfg': guest('b', '00:16:3E:00:00:01'), 'c.cfg': guest('c', '00:16:3e:00:00:03') });
    const s = await serverOn(root);
    try {
      assert.ok(s.server.capabilities.referencesProvider && s.server.capabilities.workspaceSymbolProvider && s.server.capabilities.documentHighlightProvider);
      await s.open('a.cfg');
      await s.until(() => s.codes('a.cfg').includes('duplicate-mac') && s.codes('b.cfg').includes('duplicate-mac'), 'duplicate-mac in a and b');
      const d = s.last.get(s.uri('a.cfg'))!.diagnostics.find((x) => x.code === 'duplicate-mac');
      assert.equal(d.relatedInformation[0].location.uri, s.uri('b.cfg'), 'relatedInformation opens the other file');
      assert.equal(d.relatedInformation[0].location.range.start.line, 4);
      assert.match(d.message, /b\.cfg:5/);
      assert.equal(d.severity, 1);
      assert.deepEqual(s.codes('c.cfg'), [], 'c has nothing to say');
    } finally { await s.server.stop(); }
  });

  test('a change on disk reaches both files\' diagnostics; an edit in the editor too', async () => {
    const root = tree({ 'a.cfg': guest('a', '00:16:3e:00:00:01'), 'b.cfg': guest('b', '00:16:3e:00:00:01') });
    const s = await serverOn(root);
    try {
      await s.open('a.cfg');
      await s.until(() => s.codes('b.cfg').includes('duplicate-mac'), 'the conflict');
      // b.cfg (not open) changes on disk: the watcher tells the server.
      fs.writeFileSync(path.join(root, 'b.cfg'), guest('b', '00:16:3e:00:00:02'));
      await s.server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: s.uri('b.cfg'), type: 2 }] });
      await s.until(() => !s.codes('a.cfg').includes('duplicate-mac') && !s.codes('b.cfg').includes('duplicate-mac'), 'the conflict to go');
      // The open a.cfg now takes b's name: b.cfg, not open, hears of it.
      await s.server.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: s.uri('a.cfg'), version: s.nextVersion() }, contentChanges: [{ text: guest('b', '00:16:3e:00:00:01') }],
      });
      await s.until(() => s.codes('b.cfg').includes('duplicate-guest-name') && s.codes('a.cfg').includes('duplicate-guest-name'), 'duplicate-guest-name');
      // A new config on disk and a deleted one.
      fs.writeFileSync(path.join(root, 'd.cfg'), guest('d', '00:16:3e:00:00:02'));
      await s.server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: s.uri('d.cfg'), type: 1 }] });
      await s.until(() => s.codes('d.cfg').includes('duplicate-mac'), 'd.cfg shares b.cfg\'s MAC');
      fs.unlinkSync(path.join(root, 'd.cfg'));
      await s.server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: s.uri('d.cfg'), type: 3 }] });
      await s.until(() => !s.codes('b.cfg').includes('duplicate-mac') && s.codes('d.cfg').length === 0, 'd.cfg gone');
    } finally { await s.server.stop(); }
  });

  test('references, highlights and workspace symbols across configs', async () => {
    const root = tree({
      'a.cfg': guest('web', '00:16:3e:00:00:01', 'disk = [ "phy:/dev/vg0/shared,xvda,r" ]\n'),
      'b.cfg': guest('db', '00:16:3e:00:00:02', 'disk = [ "vdev=xvda,access=ro,target=/dev/vg0/shared" ]\n'),
      'sub/c.cfg': guest('mail', '00:16:3e:00:00:03'),
      'notes.txt': 'name = "not a guest"\n',
    });
    const s = await serverOn(root);
    try {
      const n = await s.server.conn.sendRequest('xlcfg/fleet/start');
      assert.equal(n, 3);
      await s.open('a.cfg');
      const a = fs.readFileSync(path.join(root, 'a.cfg'), 'utf8').split('\n');
      const at = (line: number, word: string) => ({ line, character: a[line].indexOf(word) + 1 });
      const refs = await s.server.conn.sendRequest('textDocument/references', {
        textDocument: { uri: s.uri('a.cfg') }, position: at(4, 'xenbr0'), context: { includeDeclaration: true },
      }) as { uri: string }[];
      assert.deepEqual(refs.map((r) => path.relative(root, new URL(r.uri).pathname)).sort(), ['a.cfg', 'b.cfg', 'sub/c.cfg']);
      const disk = await s.server.conn.sendRequest('textDocument/references', {
        textDocument: { uri: s.uri('a.cfg') }, position: at(5, 'vg0'), context: { includeDeclaration: false },
      }) as { uri: string; range: { start: { line: number } } }[];
      assert.deepEqual(disk.map((r) => [path.basename(r.uri), r.range.start.line]), [['b.cfg', 5]]);
      const hl = await s.server.conn.sendRequest('textDocument/documentHighlight', { textDocument: { uri: s.uri('a.cfg') }, position: at(0, 'web') }) as unknown[];
      assert.equal(hl.length, 1);
      const none = await s.server.conn.sendRequest('textDocument/references', {
        textDocument: { uri: s.uri('a.cfg') }, position: { line: 3, character: 2 }, context: { includeDeclaration: true },
      }) as unknown[];
      assert.deepEqual(none, [], 'memory is no shared thing');
      const symbols = await s.server.conn.sendRequest('workspace/symbol', { query: '' }) as { name: string; location: { uri: string } }[];
      assert.deepEqual(symbols.map((x) => x.name), ['db', 'mail', 'web']);
      const some = await s.server.conn.sendRequest('workspace/symbol', { query: 'MA' }) as { name: string }[];
      assert.deepEqual(some.map((x) => x.name), ['mail']);
    } finally { await s.server.stop(); }
  });

  test('a file the editor spells differently from the disk (VS Code encodes + and ,) is one guest, not two', async () => {
    const root = tree({ 'web+1,a.cfg': guest('plus', '00:16:3e:00:00:01'), 'b.cfg': guest('b', '00:16:3e:00:00:02') });
    const s = await serverOn(root);
    try {
      assert.equal(await s.server.conn.sendRequest('xlcfg/fleet/start'), 2);
      const vscodeUri = s.uri('web+1,a.cfg').replace('+', '%2B').replace(',', '%2C');
      assert.notEqual(vscodeUri, s.uri('web+1,a.cfg'));
      let published: Published | undefined;
      const seen = new Promise<void>((resolve) => { const t = setInterval(() => { published = s.last.get(vscodeUri); if (published) { clearInterval(t); resolve(); } }, 10); });
      await s.server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: vscodeUri, languageId: 'xlcfg', version: 1, text: guest('plus', '00:16:3e:00:00:01') } });
      await seen;
      assert.deepEqual(published!.diagnostics.map((d) => d.code), []);
      const symbols = await s.server.conn.sendRequest('workspace/symbol', { query: '' }) as { name: string; location: { uri: string } }[];
      assert.deepEqual(symbols.map((x) => [x.name, x.location.uri === vscodeUri || path.basename(new URL(x.location.uri).pathname)]), [['b', 'b.cfg'], ['plus', true]]);
    } finally { await s.server.stop(); }
  });

  test('autostart: a link to nothing and the host profile, over LSP', async () => {
    const root = tree({
      'a.cfg': guest('a', '00:16:3e:00:00:01', 'vcpus = 8\n'),
      'xl-info.txt': 'nr_cpus                : 4\ntotal_memory           : 4096\n',
    });
    fs.mkdirSync(path.join(root, 'auto'));
    fs.symlinkSync('../gone.cfg', path.join(root, 'auto', 'gone'));
    const s = await serverOn(root);
    try {
      await s.open('a.cfg');
      await s.until(() => s.codes('a.cfg').includes('vcpus-over-host-cpus') && s.codes('auto/gone').includes('autostart-missing-config'), 'host and autostart findings');
      // The link is fixed on disk.
      fs.writeFileSync(path.join(root, 'gone.cfg'), guest('g', '00:16:3e:00:00:09'));
      await s.server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: s.uri('gone.cfg'), type: 1 }] });
      await s.until(() => s.codes('auto/gone').length === 0, 'the entry to lead somewhere');
    } finally { await s.server.stop(); }
  });
});
