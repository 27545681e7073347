// The custom requests behind the Xen commands (glossary, guest model, config generator), over
// stdio as any client sees them; bad parameters get a safe answer, never a crash.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { startStdioServer, StdioServer } from '../support/lspServer';

describe('Xen requests over stdio', () => {
  let server: StdioServer;
  let conn: MessageConnection;

  before(async () => {
    server = await startStdioServer();
    conn = server.conn;
  });

  after(() => server.stop());

  test('xlcfg/glossary: every term with its names, definitions and link', async () => {
    const terms = await conn.sendRequest('xlcfg/glossary') as { id: string; term: string; aliases: string[]; short: string; full: string; link: string }[];
    assert.ok(terms.length >= 60);
    const dom0 = terms.find((t) => t.id === 'dom0')!;
    assert.ok(dom0.aliases.includes('Domain-0'));
    assert.ok(dom0.short && dom0.full && dom0.link.startsWith('https://'));
  });

  test('xlcfg/guestModel: from the synced document, or from text sent along', async () => {
    const uri = 'file:///tmp/model.cfg';
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xlcfg', version: 1, text: 'name = "synced"\nvif = [ "bridge=br9" ]\n' } });
    const synced = await conn.sendRequest('xlcfg/guestModel', { uri }) as { name: string; vifs: { bridge: string }[] };
    assert.equal(synced.name, 'synced');
    assert.equal(synced.vifs[0].bridge, 'br9');
    const sent = await conn.sendRequest('xlcfg/guestModel', { uri: 'untitled:1', version: 1, text: 'name = "sent"\n' }) as { name: string };
    assert.equal(sent.name, 'sent');
    assert.equal(await conn.sendRequest('xlcfg/guestModel', { uri: 'file:///not/open.cfg' }), null);
    assert.equal(await conn.sendRequest('xlcfg/guestModel', { uri: 42 }), null);
  });

  test('xlcfg/guestChoices, xlcfg/checkGuest and xlcfg/generateGuest', async () => {
    const choices = await conn.sendRequest('xlcfg/guestChoices') as { types: { type: string; boots: string[] }[] };
    assert.deepEqual(choices.types.map((t) => t.type).sort(), ['arm', 'hvm', 'pv', 'pvh']);
    const check = await conn.sendRequest('xlcfg/checkGuest', { options: { name: 'a b', disk: 'block' } }) as { problems: { field: string }[] };
    assert.ok(check.problems.some((p) => p.field === 'name'));
    const ok = await conn.sendRequest('xlcfg/generateGuest', { options: { type: 'pv', name: 'lsp', memory: 512, vcpus: 1, boot: 'pygrub', disk: 'raw-file', bridge: '' } }) as { text: string };
    assert.match(ok.text, /^bootloader = "pygrub"$/m);
    const bad = await conn.sendRequest('xlcfg/generateGuest', { options: null }) as { text?: string; problems: unknown[] };
    assert.equal(bad.text, undefined);
    assert.ok(bad.problems.length > 0);
    assert.ok(Array.isArray((await conn.sendRequest('xlcfg/checkGuest', null) as { problems: unknown[] }).problems));
  });
});
