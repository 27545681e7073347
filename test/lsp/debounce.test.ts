// Over stdio: diagnostics are debounced (a burst of edits is validated once, for its last
// version), results are never published out of order or for a version the client has left
// behind, and requests on an unchanged version do not parse again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { startStdioServer, StdioServer } from '../support/lspServer';

interface Published { uri: string; version?: number; diagnostics: { code: string }[] }
interface Stats { parseCount: number; documents: number; debounceMs: number }

describe('debounced diagnostics, stale results dropped, one parse per version (stdio)', () => {
  let server: StdioServer;
  let conn: MessageConnection;
  const published: Published[] = [];
  let waiters: ((p: Published) => boolean)[] = [];
  const diagnosticsFor = (uri: string, version: number) => new Promise<Published>((resolve) => {
    waiters.push((p) => { if (p.uri !== uri || (p.version ?? 0) < version) return false; resolve(p); return true; });
  });

  before(async () => {
    server = await startStdioServer((p: Published) => {
      published.push(p);
      waiters = waiters.filter((w) => !w(p));
    });
    conn = server.conn;
  });

  after(() => server.stop());

  test('a burst of edits is validated once, for its last version, in order', async () => {
    const uri = 'file:///tmp/burst.cfg';
    const first = diagnosticsFor(uri, 1);
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xlcfg', version: 1, text: 'name = "g"\ntype = pvh\n' } });
    assert.deepEqual((await first).diagnostics.map((d) => d.code), ['bare-word']);
    const before = (await conn.sendRequest('xlcfg/debug/stats', {})) as Stats;
    assert.equal(before.debounceMs, 150);
    const last = 31;
    const done = diagnosticsFor(uri, last);
    // Typing "pvh" out and back in, then the fix: every intermediate version has other errors.
    for (let v = 2; v <= last; v++) {
      const text = v === last ? 'name = "g"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\n' : `name = "g"\ntype = ${v % 2 ? '"pv' : 'pvh'}\n`;
      void conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
    }
    const final = await done;
    assert.equal(final.version, last);
    assert.deepEqual(final.diagnostics, [], 'the last version is clean');
    const mine = published.filter((p) => p.uri === uri).map((p) => p.version ?? 0);
    for (let i = 1; i < mine.length; i++) assert.ok(mine[i] > mine[i - 1], `published out of order: ${mine.join(', ')}`);
    assert.ok(mine.length < 1 + (last - 1), `each edit was validated: ${mine.join(', ')}`);
    const after = (await conn.sendRequest('xlcfg/debug/stats', {})) as Stats;
    assert.equal(after.parseCount - before.parseCount, mine.length - 1, 'only the published versions were parsed');
  });

  test('hover, completion and every other request on an unchanged version parse nothing', async () => {
    const uri = 'file:///tmp/burst.cfg';
    const before = (await conn.sendRequest('xlcfg/debug/stats', {})) as Stats;
    const td = { textDocument: { uri } };
    await Promise.all([
      conn.sendRequest('textDocument/hover', { ...td, position: { line: 1, character: 1 } }),
      conn.sendRequest('textDocument/completion', { ...td, position: { line: 2, character: 0 } }),
      conn.sendRequest('textDocument/documentSymbol', td),
      conn.sendRequest('textDocument/foldingRange', td),
      conn.sendRequest('textDocument/semanticTokens/full', td),
      conn.sendRequest('textDocument/documentLink', td),
      conn.sendRequest('textDocument/formatting', { ...td, options: { tabSize: 4, insertSpaces: true } }),
      conn.sendRequest('xlcfg/status', { uri }),
    ]);
    const after = (await conn.sendRequest('xlcfg/debug/stats', {})) as Stats;
    assert.equal(after.parseCount, before.parseCount);
  });

  test('closing a document clears its diagnostics and frees it', async () => {
    const uri = 'file:///tmp/burst.cfg';
    const cleared = new Promise<Published>((resolve) => { waiters.push((p) => { if (p.uri !== uri || p.version !== undefined) return false; resolve(p); return true; }); });
    await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual((await cleared).diagnostics, []);
    const stats = (await conn.sendRequest('xlcfg/debug/stats', {})) as Stats;
    assert.equal(stats.documents, 0);
  });
});
