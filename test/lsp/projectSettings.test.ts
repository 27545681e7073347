// Over LSP: the release a config is judged by, and the settings it is checked with, follow the
// precedence order: project file (.xlcfg.json) > editor setting > host > newest release.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startStdioServer } from '../support/lspServer';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Published = { uri: string; diagnostics: any[] };

/** A server whose host root is `root`, and a way to wait for a document's next diagnostics. */
async function serverOn(root: string) {
  const waiting = new Map<string, (p: Published) => void>();
  const server = await startStdioServer((p: Published) => waiting.get(p.uri)?.(p), {}, { env: { XLCFG_HOST_ROOT: root } });
  const next = (uri: string) => new Promise<Published>((resolve) => waiting.set(uri, resolve));
  let version = 0;
  const open = async (file: string) => {
    const uri = pathToFileURL(file).href;
    const published = next(uri);
    await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xlcfg', version: ++version, text: fs.readFileSync(file, 'utf8') } });
    return { uri, diagnostics: (await published).diagnostics };
  };
  const status = (uri: string) => server.conn.sendRequest('xlcfg/status', { uri }) as Promise<{ release: string; releaseNote: string }>;
  return { server, next, open, status };
}

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-lsp-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

// tee = "ffa": refused by xl 4.17, accepted from 4.18.
const GUEST = 'name = "g"\nkernel = "/boot/Image"\nmemory = 512\ngic_version = "v3"\ntee = "ffa"\nfoo = 1\n';
const codes = (d: Published['diagnostics']) => d.map((x) => `${x.range.start.line + 1} ${x.code} ${x.severity}`).sort();

describe('the release and settings over LSP', () => {
  test('no project file, no Xen host: the newest release', async () => {
    const ws = tree({ '.git/HEAD': '', 'g.cfg': GUEST });
    const s = await serverOn(tree({}));
    try {
      const { uri, diagnostics } = await s.open(path.join(ws, 'g.cfg'));
      assert.ok(!codes(diagnostics).some((c) => c.startsWith('5 ')), codes(diagnostics).join());
      const st = await s.status(uri);
      assert.equal(st.release, '4.22');
      assert.match(st.releaseNote, /newest release/);
    } finally { await s.server.stop(); }
  });

  test('on a control domain: the installed xl', async () => {
    const ws = tree({ '.git/HEAD': '', 'g.cfg': GUEST });
    const s = await serverOn(tree({ 'proc/xen/capabilities': 'control_d\n', 'usr/lib/xen-4.17/bin/xl': '' }));
    try {
      const { uri, diagnostics } = await s.open(path.join(ws, 'g.cfg'));
      assert.ok(codes(diagnostics).includes('5 unknown-value 1'), codes(diagnostics).join());
      const st = await s.status(uri);
      assert.equal(st.release, '4.17');
      assert.match(st.releaseNote, /host's xl: \/usr\/lib\/xen-4\.17/);
    } finally { await s.server.stop(); }
  });

  test('a project file wins over the host, sets severities, and is reread when it changes', async () => {
    const ws = tree({
      '.git/HEAD': '',
      'etc/xen/.xlcfg.json': '{\n  // the hosts run Debian 12\n  "xenVersion": "4.17",\n  "diagnostics": { "unknown-key": "off" }\n}\n',
      'etc/xen/g.cfg': GUEST,
      'other/g.cfg': GUEST,
    });
    const s = await serverOn(tree({ 'proc/xen/capabilities': 'control_d\n', 'usr/lib/xen-4.20/bin/xl': '' }));
    try {
      const inProject = await s.open(path.join(ws, 'etc/xen/g.cfg'));
      assert.ok(codes(inProject.diagnostics).includes('5 unknown-value 1'), 'judged by 4.17: ffa refused');
      assert.ok(!codes(inProject.diagnostics).some((c) => c.includes('unknown-key')), 'unknown-key is off');
      assert.match((await s.status(inProject.uri)).releaseNote, /^Xen 4\.17 \(project file .*\.xlcfg\.json\)$/);

      const outside = await s.open(path.join(ws, 'other/g.cfg'));
      assert.ok(!codes(outside.diagnostics).some((c) => c.startsWith('5 ')), 'judged by the host, 4.20: ffa accepted');
      assert.ok(codes(outside.diagnostics).some((c) => c.includes('unknown-key')));
      assert.equal((await s.status(outside.uri)).release, '4.20');

      const projectFile = path.join(ws, 'etc/xen/.xlcfg.json');
      fs.writeFileSync(projectFile, '{ "xenVersion": "auto" }\n');
      const again = s.next(inProject.uri);
      await s.server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(projectFile).href, type: 2 }] });
      const after = (await again).diagnostics;
      assert.ok(!codes(after).some((c) => c.startsWith('5 ')), `now 4.20 from the host: ${codes(after).join()}`);
      assert.ok(codes(after).some((c) => c.includes('unknown-key')));
    } finally { await s.server.stop(); }
  });

  test('a project file naming an unknown release is reported and skipped, never a crash', async () => {
    const ws = tree({ '.git/HEAD': '', '.xlcfg.json': '{ "xenVersion": "4.99" }', 'g.cfg': GUEST });
    const s = await serverOn(tree({}));
    try {
      const { uri } = await s.open(path.join(ws, 'g.cfg'));
      assert.equal((await s.status(uri)).release, '4.22');
    } finally { await s.server.stop(); }
  });
});
