// Prose documents over LSP (issue #15): the names lint in Markdown and plain text, with its
// quick fixes and its setting; xl.cfg comments get it through the ordinary diagnostics.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStdioServer, StdioServer } from '../support/lspServer';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Published = { uri: string; diagnostics: any[] };

describe('prose over LSP: names lint', () => {
  let server: StdioServer;
  const waiting = new Map<string, (p: Published) => void>();
  let settings: Record<string, unknown> = {};
  let n = 0;

  before(async () => {
    server = await startStdioServer((p: Published) => { waiting.get(p.uri)?.(p); }, { workspace: { configuration: true } });
    server.conn.onRequest('workspace/configuration', () => [settings]);
  });
  after(() => server.stop());

  /** Opens a document and waits for its diagnostics. */
  async function open(languageId: string, text: string, ext: string): Promise<Published & { uri: string }> {
    const uri = `file:///tmp/prose-${n++}.${ext}`;
    const published = new Promise<Published>((resolve) => waiting.set(uri, resolve));
    await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const p = await published;
    waiting.delete(uri);
    return { ...p, uri };
  }

  test('Markdown: a misspelt name gets a warning with a quick fix; code and URLs are left alone', async () => {
    const text = '# Notes\n\nWe run Xenserver and `XCP-NG` (see https://xcp-ng.org/XCP-NG).\n\n```\nXen-project\n```\n';
    const p = await open('markdown', text, 'md');
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.severity]), [['name-spelling', 2, 7, 2]]);
    const actions = await server.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: p.uri }, range: p.diagnostics[0].range, context: { diagnostics: p.diagnostics },
    }) as { title: string; isPreferred?: boolean; edit: { changes: Record<string, { newText: string }[]> } }[];
    assert.equal(actions[0].title, "Write 'XenServer'");
    assert.equal(actions[0].isPreferred, true);
    assert.equal(actions[0].edit.changes[p.uri][0].newText, 'XenServer');
    assert.equal(actions[1].edit.changes[p.uri][0].newText, ' <!-- xlcfg-disable-line name-spelling -->');
  });

  test('plain text: a renamed product is information', async () => {
    const p = await open('plaintext', 'Install Citrix Hypervisor on the new hosts.\n', 'txt');
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['renamed-product', 3]]);
  });

  test('xl.cfg comments: through the ordinary diagnostics', async () => {
    const p = await open('xlcfg', 'name = "a"\n# moved from Xenserver\n', 'cfg');
    const d = p.diagnostics.find((x) => x.code === 'name-spelling');
    assert.ok(d);
    assert.equal(d.range.start.line, 1);
  });

  test('xlcfg.names.enable = false turns it off in prose and in xl.cfg comments', async () => {
    const md = await open('markdown', 'We run Xenserver.\n', 'md');
    assert.equal(md.diagnostics.length, 1);
    // The server pulls the settings and publishes every open document again.
    settings = { names: { enable: false } };
    const again = new Promise<Published>((resolve) => waiting.set(md.uri, resolve));
    await server.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.deepEqual((await again).diagnostics, []);
    waiting.delete(md.uri);
    const cfg = await open('xlcfg', 'name = "a"\n# moved from Xenserver\n', 'cfg');
    assert.deepEqual(cfg.diagnostics.filter((x) => /name-spelling|renamed-product/.test(x.code)), []);
    settings = {};
  });
});

describe('prose over LSP: term completion', () => {
  let server: StdioServer;
  let settings: Record<string, unknown> = {};
  let n = 0;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type List = { isIncomplete: boolean; items: any[] };

  /** Resolvers waiting for the next diagnostics of a document. */
  const published = new Map<string, () => void>();

  before(async () => {
    server = await startStdioServer((p: { uri: string }) => published.get(p.uri)?.(), { workspace: { configuration: true } });
    server.conn.onRequest('workspace/configuration', () => [settings]);
  });
  after(() => server.stop());

  /** Opens `text` (| is the cursor) and asks for completion there. */
  async function complete(languageId: string, textWithCursor: string, triggerKind = 1): Promise<List> {
    const uri = `file:///tmp/complete-${n++}.${languageId === 'markdown' ? 'md' : 'txt'}`;
    const offset = textWithCursor.indexOf('|');
    const text = textWithCursor.replace('|', '');
    const before = text.slice(0, offset).split('\n');
    await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return await server.conn.sendRequest('textDocument/completion', {
      textDocument: { uri }, position: { line: before.length - 1, character: before[before.length - 1].length },
      context: triggerKind === 2 ? { triggerKind, triggerCharacter: ' ' } : { triggerKind },
    }) as List;
  }

  test('Markdown: a known name in its official spelling, replacing the typed words, with its definition', async () => {
    const list = await complete('markdown', '# Xen notes\n\nWe moved to xcp|');
    const item = list.items.find((i) => i.label === 'XCP-ng');
    assert.ok(item, list.items.map((i) => i.label).join(', '));
    assert.deepEqual(item.textEdit.range, { start: { line: 2, character: 12 }, end: { line: 2, character: 15 } });
    assert.equal(item.textEdit.newText, 'XCP-ng');
    assert.match(item.documentation.value, /^\*\*XCP-ng\*\*/);
    const two = await complete('markdown', 'Xen: managed with Xen Orch|');
    assert.ok(two.items.some((i) => i.label === 'Xen Orchestra' && i.textEdit.range.start.character === 18));
  });

  test('plain text: three letters needed unasked; fewer ask again as the user types', async () => {
    const three = await complete('plaintext', 'Xen host notes: the hyperv|');
    assert.ok(three.items.some((i) => i.label === 'Hypervisor'));
    const one = await complete('plaintext', 'Xen host notes: X|');
    assert.deepEqual(one.items, []);
    assert.equal(one.isIncomplete, true);
  });

  test('never in the way: after a trigger character, in code, in a text not about Xen', async () => {
    assert.deepEqual((await complete('markdown', 'On Xen we run xcp |', 2)).items, []);
    assert.deepEqual((await complete('markdown', 'On Xen: `xcp|`')).items, []);
    assert.deepEqual((await complete('plaintext', 'Buy some grap|')).items, []);
  });

  test('xlcfg.termCompletion.enable = false turns it off', async () => {
    assert.ok((await complete('markdown', 'Xen: we run xcp|')).items.length > 0);
    // After reading its settings the server publishes every open document again: then they apply.
    settings = { termCompletion: { enable: false } };
    const republished = new Promise<void>((resolve) => published.set(`file:///tmp/complete-${n - 1}.md`, resolve));
    await server.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await republished;
    assert.deepEqual((await complete('markdown', 'Xen: we run xcp|')).items, []);
    settings = {};
  });
});

describe('prose over LSP: the glossary request carries the typed relations', () => {
  let server: StdioServer;
  before(async () => { server = await startStdioServer(); });
  after(() => server.stop());

  test('xlcfg/glossary: XenServer renamed from Citrix Hypervisor in 2023, part of Cloud Software Group', async () => {
    const terms = await server.conn.sendRequest('xlcfg/glossary') as { id: string; relations: { kind: string; term: string; since?: string }[] }[];
    assert.ok(terms.length >= 140);
    const xs = terms.find((t) => t.id === 'xenserver')!;
    assert.ok(xs.relations.some((r) => r.kind === 'renamed-from' && r.term === 'citrix-hypervisor' && r.since === '2023'));
    assert.ok(xs.relations.some((r) => r.kind === 'part-of' && r.term === 'cloud-software-group'));
  });
});
