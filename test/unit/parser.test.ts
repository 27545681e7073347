// The parser's tree: exact ranges, recovery after errors, effective values, friendly problems.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXlConfig, userFacingProblems } from '../../server/src/service/parser';

const codes = (text: string) => parseXlConfig(text).syntaxErrors.map((e) => `${e.code}@${e.range.start.line + 1}`);

describe('tree and ranges', () => {
  test('keys, values and list items keep exact offsets', () => {
    const text = 'name = "web"\ndisk = [ \'phy:/dev/vg/web,xvda,w\',\n  "file:/x.img,xvdb,r" ]\n';
    const cfg = parseXlConfig(text);
    const [name, disk] = cfg.parsed.statements;
    assert.equal(text.slice(name.keyStart, name.keyEnd), 'name');
    assert.equal(text.slice(name.value!.start, name.value!.end), '"web"');
    assert.equal(disk.value!.kind, 'list');
    const items = disk.value!.kind === 'list' ? disk.value!.items : [];
    assert.equal(items.length, 2);
    assert.equal(text.slice(items[1].start, items[1].end), '"file:/x.img,xvdb,r"');
    assert.deepEqual(cfg.lines.positionAt(items[1].start), { line: 2, character: 2 });
    assert.equal(cfg.parsed.comments.length, 0);
  });

  test('comments are recorded with their ranges', () => {
    const text = '# header\nvcpus = 2 # two\n';
    const cfg = parseXlConfig(text);
    assert.deepEqual(cfg.parsed.comments.map((c) => text.slice(c.start, c.end)), ['# header', '# two']);
  });
});

describe('values as xl stores them', () => {
  test('last assignment wins, += joins strings and appends to lists, numbers stay text', () => {
    const cfg = parseXlConfig('a = 1\na = 0x10\ns = "x"\ns += "y"\nl = [1]\nl += [2, [3]]\n');
    assert.deepEqual(cfg.effectiveValues(), { a: '0x10', s: 'xy', l: ['1', '2', ['3']] });
  });

  test('escapes follow xl 4.17: octal escapes vanish, standard ones decode', () => {
    assert.deepEqual(parseXlConfig('a = "t\\tq\\"\\101z"\n').effectiveValues(), { a: 't\tq"z' });
  });
});

describe('recovery: one bad line never hides the rest', () => {
  test('every bad line gets its own error, good lines still parse', () => {
    const cfg = parseXlConfig('type = pvh\nmemory = 512\nMaxmem = 1024\nvcpus = 2\nkernel = "/boot/vmlinuz\n');
    assert.deepEqual(cfg.syntaxErrors.map((e) => `${e.code}@${e.range.start.line + 1}`), ['bare-word@1', 'uppercase-key@3', 'unterminated-string@5']);
    assert.deepEqual(cfg.parsed.statements.filter((s) => s.complete).map((s) => s.key), ['memory', 'vcpus']);
  });

  test('at most one error per line', () => {
    assert.deepEqual(codes('a = pvh Foo, ,\n'), ['bare-word@1']);
  });

  test('like bison, syntax errors right after an error are its cascade and are not reported (xl is silent on them)', () => {
    // A list left open by line 3 swallows line 5; recovery then fails on every list item of
    // line 6 to 8 before three tokens shift. xl reports lines 3, 5 and 9 only (recorded with
    // xl-dryrun on a file of this shape); lexical errors (line 9) are always reported.
    const text = 'name = "g"\nvirtio = [\n  [PLACEHOLDER]\n]\nargs = [\n  "-device", "x",\n  "-vga", "std",\n  "-full-screen",\n  [OTHER]\n]\n';
    assert.deepEqual(codes(text), ['bare-word@3', 'unclosed-list@5', 'bare-word@9']);
    const cfg = parseXlConfig(text);
    assert.equal(cfg.parsed.rejected, true);
    assert.match(cfg.syntaxErrors[1].message, /list of 'virtio' \(opened on line 2\) is still open where 'args' starts a new setting/);
  });

  test('a lone stray character at the very end is accepted by xl, with a warning from us', () => {
    const cfg = parseXlConfig('a = 1\n#');
    assert.equal(cfg.syntaxErrors.length, 0);
    assert.deepEqual(cfg.parsed.problems.map((p) => [p.code, p.severity]), [['trailing-character', 'warning']]);
  });
});

describe('friendly syntax problems', () => {
  const cases: [string, string, string | undefined][] = [
    ['type = pvh\n', 'bare-word', '"pvh"'],
    ['acpi = True\n', 'bare-word', '1'],
    ['Memory = 512\n', 'uppercase-key', 'memory'],
    ['on-crash = "destroy"\n', 'hyphen-in-key', 'on_crash'],
    ['disk = [ "a" "b" ]\n', 'list-missing-comma', ', '],
    ['disk = [ "a",, "b" ]\n', 'list-extra-comma', ''],
    ['memory = 2G\n', 'number-with-unit', '2048'],
    ['x = 0x1F\n', 'uppercase-hex', '0x1f'],
    ['a = 1\n# end', 'comment-at-eof', '\n'],
    ['name = "a"\nmemory =\n  512\n', 'missing-value', undefined],
  ];
  for (const [text, code, fixText] of cases) {
    test(`${JSON.stringify(text)} -> ${code}`, () => {
      const cfg = parseXlConfig(text);
      const p = cfg.parsed.problems.find((x) => x.code === code);
      assert.ok(p, `expected ${code}, got ${cfg.parsed.problems.map((x) => x.code).join(', ')}`);
      assert.equal(p.fix?.newText, fixText);
    });
  }

  test('CRLF files get one diagnostic with a fix that converts the whole file', () => {
    const text = 'name = "a"\r\nmemory = 512\r\nvcpus = 1\r\n';
    const parsed = parseXlConfig(text).parsed;
    assert.equal(parsed.problems.filter((p) => p.code === 'crlf').length, 3);
    const shown = userFacingProblems(parsed);
    assert.equal(shown.filter((p) => p.code === 'crlf').length, 1);
    assert.equal(parseXlConfig(shown[0].fix!.newText).syntaxErrors.length, 0);
  });

  test('an xm Python config is reported once, not per line', () => {
    const text = 'import os, re\narch = os.uname()[4]\nif re.search("64", arch):\n    arch_libdir = "lib64"\nelse:\n    arch_libdir = "lib"\nkernel = "/usr/lib/xen/boot/hvmloader"\nmemory = 128 * 2\n';
    const shown = userFacingProblems(parseXlConfig(text).parsed);
    assert.deepEqual(shown.map((p) => p.code), ['xm-python-config']);
    assert.match(shown[0].message, /Python/);
  });

  test('a Jinja2 template is flagged once and its plain lines still parse', () => {
    const text = 'name = "{{ vm_name }}"\nmemory = {{ mem }}\nvcpus = 2\nvif = [ {% for b in bridges %}"bridge={{ b }}",{% endfor %} ]\n';
    const cfg = parseXlConfig(text);
    const shown = userFacingProblems(cfg.parsed);
    assert.deepEqual(shown.map((p) => p.code), ['template-file']);
    assert.ok(cfg.parsed.statements.some((s) => s.key === 'vcpus' && s.complete));
  });
});
