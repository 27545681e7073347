// The service parses each document version once: every feature on an unchanged version reuses
// it; a new version, new text under the same version (a confused client), or closing the
// document parses again. Settings changes recompute diagnostics without parsing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/service';

const text = 'name = "g"\ntype = "pvh"\nmemory = 512\nfrobnicate = 1\ndisk = [ "phy:/dev/vg/g,xvda,w" ]\n';
const uri = 'file:///tmp/cache.cfg';

function everyFeature(s: LanguageService, input: { uri: string; version: number; text: string }): void {
  const p = { line: 2, character: 3 };
  s.diagnostics(input); s.hover(input, p); s.completion(input, p); s.codeActions(input, { start: p, end: p });
  s.documentSymbols(input); s.foldingRanges(input); s.selectionRanges(input, [p]); s.format(input);
  s.semanticTokens(input); s.documentLinks(input); s.guestModel(input); s.status(input);
}

describe('one parse per document version', () => {
  test('every feature on an unchanged version reuses the parse', () => {
    const s = new LanguageService();
    const input = { uri, version: 1, text };
    everyFeature(s, input);
    everyFeature(s, { ...input });
    assert.equal(s.parseCount, 1);
    assert.strictEqual(s.diagnostics(input), s.diagnostics({ uri, version: 1, text: text.slice() }), 'diagnostics are cached too');
  });

  test('a new version is parsed once, whatever is asked of it', () => {
    const s = new LanguageService();
    everyFeature(s, { uri, version: 1, text });
    everyFeature(s, { uri, version: 2, text: text + 'vcpus = 2\n' });
    everyFeature(s, { uri, version: 2, text: text + 'vcpus = 2\n' });
    assert.equal(s.parseCount, 2);
  });

  test('other text under the same version number is parsed, not served stale', () => {
    const s = new LanguageService();
    const before = s.diagnostics({ uri, version: 1, text });
    const after = s.diagnostics({ uri, version: 1, text: text.replace('"pvh"', 'pvh') });
    assert.equal(s.parseCount, 2);
    assert.ok(!before.some((d) => d.code === 'bare-word'));
    assert.ok(after.some((d) => d.code === 'bare-word'));
  });

  test('documents are cached per uri, and closing one drops it', () => {
    const s = new LanguageService();
    s.diagnostics({ uri, version: 1, text });
    s.diagnostics({ uri: 'file:///tmp/other.cfg', version: 1, text });
    s.hover({ uri, version: 1, text }, { line: 0, character: 1 });
    assert.equal(s.parseCount, 2);
    s.close(uri);
    s.hover({ uri, version: 1, text }, { line: 0, character: 1 });
    assert.equal(s.parseCount, 3);
  });

  test('a settings change recomputes diagnostics without parsing again', () => {
    const s = new LanguageService();
    const input = { uri, version: 1, text };
    assert.ok(s.diagnostics(input).some((d) => d.code === 'unknown-key'));
    s.configure({ diagnostics: { 'unknown-key': 'off' } });
    assert.ok(!s.diagnostics(input).some((d) => d.code === 'unknown-key'));
    assert.equal(s.parseCount, 1);
  });
});
