// Drives `xlcfg lsp --stdio` as any LSP client would (Neovim, Helix, Emacs): initialize, open,
// edit, hover, complete, receive diagnostics, quick fixes, shutdown.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { startStdioServer, StdioServer } from '../support/lspServer';

interface PublishedDiagnostics { uri: string; version?: number; diagnostics: { code: string; range: { start: { line: number } } }[] }

describe('language server over stdio', () => {
  let server: StdioServer;
  let conn: MessageConnection;
  const published: PublishedDiagnostics[] = [];
  const waiters: ((p: PublishedDiagnostics) => void)[] = [];
  const nextDiagnostics = (uri: string) => new Promise<PublishedDiagnostics>((resolve) => {
    waiters.push((p) => { if (p.uri === uri) resolve(p); });
  });
  const uri = 'file:///tmp/guest.cfg';
  let capabilities: Record<string, unknown> = {};

  before(async () => {
    server = await startStdioServer((p: PublishedDiagnostics) => {
      published.push(p);
      for (const w of waiters.splice(0)) w(p);
    });
    conn = server.conn;
    capabilities = server.capabilities;
    assert.ok(capabilities.hoverProvider);
    assert.ok(capabilities.completionProvider);
  });

  after(() => server.stop());

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

  // Editing features, as an editor other than VS Code asks for them.
  const fmtUri = 'file:///tmp/format.cfg';
  const messy = 'name="web"\ntype =  "pvh"\n\n\n\nmemory=512\ndisk=[ "phy:/dev/vg/web,xvda,w","format=raw, vdev=xvdb, target=/srv/data.img" ]\nvif = [ "bridge=xenbr0" ]\n';
  type Edit = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
  const applyEdits = (text: string, edits: Edit[]) => {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    const at = (p: { line: number; character: number }) => (p.line < starts.length ? starts[p.line] + p.character : text.length);
    return [...edits].sort((a, b) => at(b.range.start) - at(a.range.start)).reduce((t, e) => t.slice(0, at(e.range.start)) + e.newText + t.slice(at(e.range.end)), text);
  };

  test('the server announces the editing features', () => {
    for (const c of ['documentSymbolProvider', 'foldingRangeProvider', 'selectionRangeProvider', 'documentFormattingProvider', 'documentRangeFormattingProvider', 'semanticTokensProvider', 'documentLinkProvider']) {
      assert.ok(capabilities[c], `${c} missing`);
    }
  });

  test('formatting returns edits that give the tidy text', async () => {
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fmtUri, languageId: 'xlcfg', version: 1, text: messy } });
    const edits = await conn.sendRequest('textDocument/formatting', { textDocument: { uri: fmtUri }, options: { tabSize: 2, insertSpaces: true } }) as Edit[];
    assert.equal(applyEdits(messy, edits), 'name = "web"\ntype = "pvh"\n\nmemory = 512\ndisk = [\n  "phy:/dev/vg/web,xvda,w",\n  "format=raw, vdev=xvdb, target=/srv/data.img",\n]\nvif = [ "bridge=xenbr0" ]\n');
  });

  test('range formatting touches only the selected lines', async () => {
    const edits = await conn.sendRequest('textDocument/rangeFormatting', {
      textDocument: { uri: fmtUri }, range: { start: { line: 5, character: 0 }, end: { line: 5, character: 3 } }, options: { tabSize: 4, insertSpaces: true },
    }) as Edit[];
    assert.equal(applyEdits(messy, edits), messy.replace('memory=512', 'memory = 512'));
  });

  test('a file with a syntax error gets no formatting edits', async () => {
    const bad = 'file:///tmp/bad-format.cfg';
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: bad, languageId: 'xlcfg', version: 1, text: 'type = pvh\nmemory=512\n' } });
    const edits = await conn.sendRequest('textDocument/formatting', { textDocument: { uri: bad }, options: { tabSize: 4, insertSpaces: true } }) as Edit[];
    assert.deepEqual(edits, []);
  });

  test('document symbols: topics, keys, and disks by target', async () => {
    const symbols = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: fmtUri } }) as { name: string; kind: number; children?: { name: string; children?: { name: string }[] }[] }[];
    assert.deepEqual(symbols.map((s) => s.name), ['General', 'Memory and CPU', 'Devices']);
    const devices = symbols.find((s) => s.name === 'Devices')!;
    assert.deepEqual(devices.children!.map((c) => c.name), ['disk', 'vif']);
    assert.deepEqual(devices.children![0].children!.map((c) => c.name), ['/dev/vg/web', '/srv/data.img']);
    assert.deepEqual(devices.children![1].children!.map((c) => c.name), ['xenbr0']);
  });

  test('folding, semantic tokens and links answer too', async () => {
    const folds = await conn.sendRequest('textDocument/foldingRange', { textDocument: { uri: fmtUri } }) as unknown[];
    assert.ok(Array.isArray(folds));
    const tokens = await conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: fmtUri } }) as { data: number[] };
    assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0);
    const links = await conn.sendRequest('textDocument/documentLink', { textDocument: { uri: fmtUri } }) as { target: string }[];
    assert.ok(links.some((l) => /xl\.cfg\.5\.html#/.test(l.target)));
  });
});

describe('completion documentation resolved on demand', () => {
  let server: StdioServer;
  before(async () => {
    server = await startStdioServer(undefined, { textDocument: { completion: { completionItem: { resolveSupport: { properties: ['documentation'] } } } } });
  });
  after(() => server.stop());

  test('a client that resolves documentation gets a slim list, then the docs of the focused item', async () => {
    const { conn } = server;
    assert.deepEqual((server.capabilities.completionProvider as { resolveProvider: boolean }).resolveProvider, true);
    const uri = 'file:///tmp/lazy.cfg';
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xlcfg', version: 1, text: 'name = "g"\n\n' } });
    const items = await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } }) as { label: string; documentation?: unknown; data?: unknown }[];
    const vcpus = items.find((i) => i.label === 'vcpus')!;
    assert.equal(vcpus.documentation, undefined);
    const resolved = await conn.sendRequest('completionItem/resolve', vcpus) as { documentation?: { value: string } };
    assert.match(resolved.documentation!.value, /\*\*vcpus\*\*/);
  });
});

describe('completion lists with shared defaults (LSP 3.17 itemDefaults, as VS Code announces)', () => {
  let server: StdioServer;
  before(async () => {
    server = await startStdioServer(undefined, { textDocument: { completion: {
      completionItem: { snippetSupport: true, resolveSupport: { properties: ['documentation'] } },
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    } } });
  });
  after(() => server.stop());

  interface ListItem { label: string; textEditText?: string; textEdit?: unknown; insertTextFormat?: number; data?: unknown; documentation?: unknown }
  interface List { isIncomplete: boolean; itemDefaults: { editRange: unknown; insertTextFormat: number; data: unknown }; items: ListItem[] }

  test('one edit range, format and data for the list; each item carries only its own text; resolve still finds the docs', async () => {
    const { conn } = server;
    const uri = 'file:///tmp/defaults.cfg';
    const text = 'name = "g"\nvc\ntype = "hvm"\n';
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xlcfg', version: 1, text } });
    const list = await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 2 } }) as List;
    assert.equal(list.isIncomplete, false);
    assert.deepEqual(list.itemDefaults.editRange, { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } }, 'the word being typed');
    assert.equal(list.itemDefaults.insertTextFormat, 2);
    const vcpus = list.items.find((i) => i.label === 'vcpus')!;
    assert.match(vcpus.textEditText!, /^vcpus = /);
    assert.equal(vcpus.textEdit, undefined);
    assert.equal(vcpus.data, undefined, 'data comes from the defaults');
    assert.ok(list.items.every((i) => i.textEdit === undefined && i.documentation === undefined));
    // The client merges the defaults into the item it resolves.
    const resolved = await conn.sendRequest('completionItem/resolve', { ...vcpus, data: list.itemDefaults.data }) as { documentation?: { value: string } };
    assert.match(resolved.documentation!.value, /\*\*vcpus\*\*/);
    const full = await startStdioServer(undefined, { textDocument: { completion: { completionItem: { snippetSupport: true, resolveSupport: { properties: ['documentation'] } } } } });
    try {
      await full.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xlcfg', version: 1, text } });
      const plain = await full.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 2 } }) as ListItem[];
      assert.deepEqual(plain.map((i) => i.label), list.items.map((i) => i.label), 'the same items as for a client without defaults');
      const ratio = JSON.stringify(list).length / JSON.stringify(plain).length;
      assert.ok(ratio < 0.6, `${Math.round(ratio * 100)}% of the bytes of the same list without defaults`);
    } finally {
      await full.stop();
    }
  });
});
