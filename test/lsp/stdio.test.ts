// Drives `xlcfg lsp --stdio` as any LSP client would (Neovim, Helix, Emacs): initialize, open,
// edit, hover, complete, receive diagnostics, quick fixes, shutdown.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { repoRoot } from '../support/paths';

interface PublishedDiagnostics { uri: string; version?: number; diagnostics: { code: string; range: { start: { line: number } } }[] }

describe('language server over stdio', () => {
  let proc: ChildProcess;
  let conn: MessageConnection;
  const published: PublishedDiagnostics[] = [];
  const waiters: ((p: PublishedDiagnostics) => void)[] = [];
  const nextDiagnostics = (uri: string) => new Promise<PublishedDiagnostics>((resolve) => {
    waiters.push((p) => { if (p.uri === uri) resolve(p); });
  });
  const uri = 'file:///tmp/guest.cfg';

  before(async () => {
    proc = spawn(process.execPath, [path.join(repoRoot, 'dist/cli.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      published.push(p);
      for (const w of waiters.splice(0)) w(p);
    });
    conn.onRequest('workspace/configuration', () => [null]);
    conn.listen();
    const init = await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} }) as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.hoverProvider);
    assert.ok(init.capabilities.completionProvider);
    await conn.sendNotification('initialized', {});
  });

  after(async () => {
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    await new Promise((r) => proc.once('exit', r));
    conn.dispose();
  });

  test('didOpen publishes diagnostics from the service', async () => {
    const got = nextDiagnostics(uri);
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xlcfg', version: 1, text: 'name = "g"\ntype = pvh\nmemory = 512\n' } });
    const d = await got;
    assert.deepEqual(d.diagnostics.map((x) => x.code), ['bare-word']);
  });

  test('didChange re-validates the new version', async () => {
    const got = nextDiagnostics(uri);
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 7 }, end: { line: 1, character: 10 } }, text: '"pvh"' }],
    });
    const d = await got;
    assert.equal(d.version, 2);
    assert.ok(!d.diagnostics.some((x) => x.code === 'bare-word'));
  });

  test('hover on a key answers with its documentation', async () => {
    const h = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 2 } }) as { contents: { value: string } } | null;
    assert.ok(h);
    assert.match(h.contents.value, /\*\*memory\*\*/);
    assert.match(h.contents.value, /MiB/);
  });

  test('completion offers keys not yet set', async () => {
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'name = "g"\ntype = "pvh"\nmemory = 512\n\n' }] });
    const items = await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 0 } }) as { label: string }[];
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('vcpus'));
    assert.ok(!labels.includes('memory'), 'memory is already set');
  });

  test('code actions carry the quick fix edits', async () => {
    const got = nextDiagnostics(uri);
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: 'name = "g"\ntype = pvh\n' }] });
    const d = await got;
    const actions = await conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 1, character: 7 }, end: { line: 1, character: 10 } }, context: { diagnostics: d.diagnostics },
    }) as { title: string; edit: { changes: Record<string, { newText: string }[]> } }[];
    const quote = actions.find((a) => /Quote/.test(a.title));
    assert.ok(quote, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(quote.edit.changes[uri][0].newText, '"pvh"');
  });

  test('hover in a Markdown document explains ecosystem terms', async () => {
    const md = 'file:///tmp/notes.md';
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: md, languageId: 'markdown', version: 1, text: 'Our dom0 runs the toolstack.\n' } });
    const h = await conn.sendRequest('textDocument/hover', { textDocument: { uri: md }, position: { line: 0, character: 5 } }) as { contents: { value: string } } | null;
    assert.ok(h);
    assert.match(h.contents.value, /control domain|Domain-0|dom0/i);
  });
});
