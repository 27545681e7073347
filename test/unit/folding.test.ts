// Folding: multi-line lists (the closing bracket stays visible when it starts its line), nested
// lists, and blocks of two or more comment lines.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/service';

const service = new LanguageService();
let version = 0;
const folds = (text: string) => service.foldingRanges({ uri: 'file:///g.cfg', version: ++version, text });

const cases: { name: string; text: string; expected: { startLine: number; endLine: number; kind?: string }[] }[] = [
  {
    name: 'a list whose ] starts a line folds up to the line before it',
    text: 'disk = [\n  "a",\n  "b",\n]\n',
    expected: [{ startLine: 0, endLine: 2 }],
  },
  {
    name: 'a list whose ] ends an item line folds through that line',
    text: 'disk = [ "a",\n  "b",\n  "c" ]\n',
    expected: [{ startLine: 0, endLine: 2 }],
  },
  {
    name: 'one-line lists and two-line lists ending in ] do not fold',
    text: 'disk = [ "a" ]\nvif = [ "b",\n]\n',
    expected: [],
  },
  {
    name: 'nested multi-line lists fold inside their parent',
    text: 'vnuma = [\n  [\n    "pnode=0",\n    "size=512",\n  ],\n  [ "pnode=1" ],\n]\n',
    expected: [{ startLine: 0, endLine: 5 }, { startLine: 1, endLine: 3 }],
  },
  {
    name: 'comment blocks of two or more lines fold; single comments and trailing comments do not',
    text: '# header\n# more\n#\nname = "a" # trailing\nmemory = 1 # trailing\n# lone\nvcpus = 1\n  # indented\n  # block\n',
    expected: [{ startLine: 0, endLine: 2, kind: 'comment' }, { startLine: 7, endLine: 8, kind: 'comment' }],
  },
  {
    name: 'comments inside a list fold as their own block',
    text: 'irqs = [\n  # uart\n  # and dma\n  32,\n]\n',
    expected: [{ startLine: 0, endLine: 3 }, { startLine: 1, endLine: 2, kind: 'comment' }],
  },
  {
    name: 'an unclosed list folds to where the parser gave up',
    text: 'disk = [\n  "a",\n  "b"\n',
    expected: [{ startLine: 0, endLine: 2 }],
  },
];

describe('folding ranges', () => {
  for (const c of cases) test(c.name, () => assert.deepEqual(folds(c.text), c.expected));
});
