// The compact tree behind the parser's nodes (server/src/service/parser/tree.ts): node views are
// stable objects with the shapes of ast.ts, every range survives errors and aborts, effective
// values agree whichever way they are computed, and the big-file paths stay linear.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveValues, parseXlConfig, userFacingProblems } from '../../server/src/service/parser';
import type { Assignment, Value } from '../../server/src/service/parser';
import { LineIndex } from '../../server/src/service/text';

/** A plain copy of a value (iterative: lists may nest thousands deep). */
function plain(v: Value | undefined): unknown {
  if (!v) return undefined;
  const rows: unknown[] = [];
  const stack: [Value, number][] = [[v, 0]];
  while (stack.length) {
    const [n, depth] = stack.pop()!;
    if (n.kind === 'list') {
      rows.push([depth, 'list', n.start, n.end, n.closed, n.items.length]);
      for (let i = n.items.length - 1; i >= 0; i--) stack.push([n.items[i], depth + 1]);
    } else rows.push([depth, n.kind, n.start, n.end, n.value, n.kind === 'string' ? n.quote : '']);
  }
  return rows;
}

const plainStmt = (s: Assignment) => [s.kind, s.start, s.end, s.key, s.keyStart, s.keyEnd, s.op, s.opStart, s.complete, plain(s.value)];

describe('node views', () => {
  test('the same node is always the same object', () => {
    const cfg = parseXlConfig('a = [ "x", [ 1, 2 ] ]\nb = "y"\n');
    const { statements } = cfg.parsed;
    assert.equal(cfg.parsed.statements, statements);
    assert.equal(statements[0].value, statements[0].value);
    const list = statements[0].value!;
    assert.ok(list.kind === 'list');
    assert.equal(list.items, list.items);
    assert.equal(list.items[1], list.items[1]);
    assert.equal(cfg.parsed.comments, cfg.parsed.comments);
  });

  test('a statement viewed alone (before the whole list is made) is the same object as in the list', () => {
    const cfg = parseXlConfig('a = 1\nb = "y"\nc = [ "z" ]\n');
    const tree = cfg.parsed.tree;
    const one = tree.statement(1);
    assert.equal(tree.statement(1), one);
    assert.equal(cfg.parsed.statements[1], one);
    assert.equal(tree.statement(2), cfg.parsed.statements[2]);
  });

  test('every field of a statement and its values, complete or cut short', () => {
    const text = 'a = "x\\ty"\nb += [ 1, [ \'z\' ], ]\nc\nd = [ "p", q\ne += \nf = [ [ "r"\n';
    const s = parseXlConfig(text).parsed.statements;
    assert.deepEqual(s.map(plainStmt), [
      ['assignment', 0, 10, 'a', 0, 1, '=', 2, true, [[0, 'string', 4, 10, 'x\ty', '"']]],
      ['assignment', 11, 31, 'b', 11, 12, '+=', 13, true, [[0, 'list', 16, 31, true, 2], [1, 'number', 18, 19, '1', ''], [1, 'list', 21, 28, true, 1], [2, 'string', 23, 26, 'z', "'"]]],
      ['assignment', 32, 33, 'c', 32, 33, '=', 33, false, undefined],
      ['assignment', 34, 37, 'd', 34, 35, '=', 36, false, [[0, 'list', 38, 45, false, 1], [1, 'string', 40, 43, 'p', '"']]],
      ['assignment', 47, 51, 'e', 47, 48, '+=', 49, false, undefined],
      ['assignment', 53, 56, 'f', 53, 54, '=', 55, false, [[0, 'list', 57, 65, false, 1], [1, 'list', 59, 65, false, 1], [2, 'string', 61, 64, 'r', '"']]],
    ]);
  });

  test('nodes serialize to their plain shape', () => {
    const cfg = parseXlConfig('a = [ "x" ]\n');
    assert.deepEqual(JSON.parse(JSON.stringify(cfg.parsed.statements[0])), {
      kind: 'assignment', start: 0, end: 11, key: 'a', keyStart: 0, keyEnd: 1, op: '=', opStart: 2, complete: true,
      value: { kind: 'list', start: 4, end: 11, closed: true, items: [{ kind: 'string', start: 6, end: 9, quote: '"', value: 'x' }] },
    });
  });

  test('lists cut short by xl giving up (nesting too deep) keep what was read', () => {
    const text = 'a = [ 1, ' + '['.repeat(6000) + '\nb = 2\n';
    const cfg = parseXlConfig(text);
    assert.deepEqual(cfg.syntaxErrors.map((e) => e.code), ['nesting-too-deep']);
    const [a] = cfg.parsed.statements;
    assert.equal(cfg.parsed.statements.length, 1);
    assert.ok(a.value?.kind === 'list' && !a.value.closed);
    assert.equal(a.value.items.length, 2);
    assert.equal(a.value.items[0].kind, 'number');
    // Line starts cover the whole file even though the scanner stopped early.
    assert.deepEqual(Array.from(cfg.lines.lineStarts), Array.from(new LineIndex(text).lineStarts));
  });

  test('many distinct keys, many statements (the arrays and the key table grow)', () => {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) lines.push(`k${i} = [ "${i}", ${i} ]`, `k${i % 7} += [ ${i} ]`);
    const text = lines.join('\n') + '\n';
    const cfg = parseXlConfig(text);
    assert.equal(cfg.parsed.statements.length, 10000);
    assert.equal(cfg.parsed.statements[9998].key, 'k4999');
    assert.equal(cfg.parsed.statements[9999].key, 'k1');
    const values = cfg.effectiveValues();
    assert.equal(Object.keys(values).length, 5000);
    assert.deepEqual(values.k4999, ['4999', '4999']);
    assert.deepEqual(cfg.lines.lineStarts, new LineIndex(text).lineStarts);
  });
});

describe('effective values', () => {
  const texts = [
    'a = 1\nb = "x"\na = 2\nb += "y"\nc += [ "1" ]\nc += [ "2" ]\nc += "bad"\nd = [ ]\nd += [ [ "n" ] ]\n',
    'a += "1"\na += "2"\na = "3"\na += "4"\nb = [ "1" ]\nb = "s"\nb += [ "x" ]\nb += "t"\n',
    'x = "1" y\nx += "2"\nz = [ "a"\n',
    'constructor = "c"\ntostring = [ ]\n',
  ];
  test('the fast path, the statement list and a copy of it agree', () => {
    for (const text of texts) {
      const cfg = parseXlConfig(text);
      const fromTree = cfg.effectiveValues();
      assert.deepEqual(effectiveValues(cfg.parsed.statements), fromTree, text);
      assert.deepEqual(effectiveValues([...cfg.parsed.statements]), fromTree, text);
      // Plain objects (not views) take the general path.
      const copies = cfg.parsed.statements.map((s) => JSON.parse(JSON.stringify(s)) as Assignment);
      assert.deepEqual(effectiveValues(copies), fromTree, text);
    }
  });

  test("last '=' wins, '+=' joins after it, keys keep their first place", () => {
    assert.deepEqual(parseXlConfig(texts[0]).effectiveValues(), { a: '2', b: 'xy', c: ['1', '2'], d: [['n']] });
    const second = parseXlConfig(texts[1]).effectiveValues();
    assert.deepEqual(Object.keys(second), ['a', 'b']);
    assert.deepEqual(second, { a: '34', b: 'st' });
  });

  test("a long run of '+=' stays linear", () => {
    const n = 100000;
    const text = 'l = [ ]\ns = ""\n' + 'l += [ "x" ]\ns += "y"\n'.repeat(n);
    const values = parseXlConfig(text).effectiveValues();
    assert.equal((values.l as string[]).length, n);
    assert.equal((values.s as string).length, n);
  });
});

describe('big and pathological files', () => {
  test('a long line full of lexical errors costs one problem, not one per error', () => {
    const text = 'a = ' + 'A '.repeat(200000) + '\nb = 1\n';
    const cfg = parseXlConfig(text);
    assert.equal(cfg.parsed.problems.length, 1);
    assert.equal(cfg.parsed.rejected, true);
    assert.deepEqual(cfg.effectiveValues(), { b: '1' });
  });

  test('CRLF: one problem per line, collapsed into one with a fix made on demand', () => {
    const text = 'a = "1"\r\nb = "2"\r\n'.repeat(1000);
    const cfg = parseXlConfig(text);
    assert.equal(cfg.parsed.problems.length, 2000);
    const shown = userFacingProblems(cfg.parsed);
    assert.equal(shown.length, 1);
    assert.equal(shown[0].fix!.newText, text.replace(/\r\n/g, '\n'));
    assert.equal(cfg.syntaxErrors.length, 2000);
    assert.equal(cfg.syntaxErrors[1999].range.start.line, 1999);
  });
});
