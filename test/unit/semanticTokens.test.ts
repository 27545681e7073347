// Semantic highlighting: known, unknown and deprecated keys told apart; spec sub-keys inside
// strings; LSP's relative encoding.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeTokens, LanguageService, TOKEN_MODIFIERS, TOKEN_TYPES } from '../../server/src/service';
import { repoRoot } from '../support/paths';

let version = 0;
function tokens(text: string, service = new LanguageService()): string[] {
  const lines = text.split('\n');
  return service.semanticTokens({ uri: 'file:///g.cfg', version: ++version, text }).map((t) =>
    `${lines[t.line].slice(t.character, t.character + t.length)}:${t.type}${t.modifiers.filter((m) => m !== 'declaration').map((m) => '.' + m).join('')}`);
}

describe('semantic tokens', () => {
  test('known, unknown and deprecated keys are different tokens', () => {
    assert.deepEqual(tokens('memory = 512\nmaxcpus = 4\nbuilder = "hvm"\n'), ['memory:property', 'maxcpus:unknownKey', 'builder:property.deprecated']);
  });

  test('keys allowed by xlcfg.allowedKeys are highlighted as known', () => {
    assert.deepEqual(tokens('vendor_key = 1\n', new LanguageService(undefined, { allowedKeys: ['vendor_key'] })), ['vendor_key:property']);
  });

  test('spec sub-keys: known, unknown, deprecated, flags; values and positional fields are left alone', () => {
    assert.deepEqual(tokens('vif = [ "bridge=xenbr0, brige=x, accel=y, mac=00:16:3e:00:00:01" ]\n'),
      ['vif:property', 'bridge:parameter', 'brige:unknownKey', 'accel:parameter.deprecated', 'mac:parameter']);
    assert.deepEqual(tokens('disk = [ "phy:/dev/vg/a,xvda,w,cdrom", "format=raw, target=/x.img" ]\n'),
      ['disk:property', 'phy::parameter.deprecated', 'cdrom:parameter', 'format:parameter', 'target:parameter']);
  });

  test('nested spec lists (vnuma) and xl.conf keys', () => {
    assert.deepEqual(tokens('vnuma = [ [ "pnode=0", "size=512" ] ]\n'), ['vnuma:property', 'pnode:parameter', 'size:parameter']);
    const service = new LanguageService();
    const t = service.semanticTokens({ uri: 'file:///etc/xen/xl.conf', version: 1, text: 'autoballoon = "off"\nmemory = 1\n' });
    assert.deepEqual(t.map((x) => x.type), ['property', 'unknownKey']);
  });

  test('a range request returns only the tokens in the range', () => {
    const service = new LanguageService();
    const text = 'name = "a"\nmemory = 1\nvcpus = 2\n';
    const t = service.semanticTokens({ uri: 'file:///g.cfg', version: 1, text }, { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } });
    assert.deepEqual(t.map((x) => x.line), [1]);
  });

  test('encoding: five numbers per token, lines and columns relative to the previous token', () => {
    const data = encodeTokens([
      { line: 2, character: 4, length: 3, type: 'parameter', modifiers: ['deprecated'] },
      { line: 0, character: 0, length: 4, type: 'property', modifiers: ['declaration'] },
      { line: 2, character: 10, length: 2, type: 'unknownKey', modifiers: [] },
    ]);
    const type = (t: string) => TOKEN_TYPES.indexOf(t as never);
    const mod = (m: string) => 1 << TOKEN_MODIFIERS.indexOf(m as never);
    assert.deepEqual(data, [0, 0, 4, type('property'), mod('declaration'), 2, 4, 3, type('parameter'), mod('deprecated'), 0, 6, 2, type('unknownKey'), 0]);
  });

  test('package.json declares the legend\'s own token type and its scopes', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const declared = (pkg.contributes.semanticTokenTypes ?? []).map((t: { id: string }) => t.id);
    const standard = new Set(['property', 'parameter']);
    for (const t of TOKEN_TYPES) if (!standard.has(t)) assert.ok(declared.includes(t), `${t} not declared in contributes.semanticTokenTypes`);
    const scopes = pkg.contributes.semanticTokenScopes.find((s: { language?: string }) => s.language === 'xlcfg').scopes;
    for (const key of ['unknownKey', 'property.deprecated', 'parameter.deprecated']) assert.ok(scopes[key], `no scope for ${key}`);
  });
});
