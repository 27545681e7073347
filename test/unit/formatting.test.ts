// The formatter: fixtures (messy -> tidy), its promise never to change what a file means (every
// conformance input and every corpus file parses to the same values after formatting), that
// formatting twice is formatting once, range formatting, refusal on syntax errors, and `xlcfg fmt`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_FORMAT_OPTIONS, FormatOptions, formatText, LanguageService } from '../../server/src/service';
import { parseXlConfig } from '../../server/src/service/parser';
import { applyEdits } from '../../server/src/cli/check';
import { main } from '../../server/src/cli/main';
import { corpusFiles, hasCorpus, NO_SHARED, repoRoot } from '../support/paths';

const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'formatting');
const CASES = path.join(repoRoot, 'test', 'conformance', 'cases');

function format(text: string, options: Partial<FormatOptions> = {}): string {
  const r = formatText(text, options);
  assert.ok(r.ok, `refused: ${r.ok ? '' : r.reason}`);
  return r.text;
}

/** What `xlcfg parse` prints for a text: its values, or its syntax errors. */
function parseOutput(text: string): unknown {
  const cfg = parseXlConfig(text);
  if (cfg.syntaxErrors.length) return { errors: cfg.syntaxErrors.map((e) => `${e.code}@${e.range.start.line}:${e.range.start.character}`) };
  return cfg.effectiveValues();
}

function conformanceInputs(): string[] {
  const out: string[] = [];
  const walk = (d: string) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (e.name.endsWith('.cfg')) out.push(p); } };
  walk(CASES);
  return out.sort();
}

describe('formatting fixtures: messy in, tidy out', () => {
  const inputs = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.in.cfg')).sort();
  test('there are fixtures', () => assert.ok(inputs.length >= 5, `${inputs.length} fixtures`));
  for (const input of inputs) {
    const base = input.slice(0, -'.in.cfg'.length);
    const optionsFile = path.join(FIXTURES, `${base}.options.json`);
    const options: Partial<FormatOptions> = fs.existsSync(optionsFile) ? JSON.parse(fs.readFileSync(optionsFile, 'utf8')) : {};
    test(`${base}${fs.existsSync(optionsFile) ? ` (${JSON.stringify(options)})` : ''}`, () => {
      const messy = fs.readFileSync(path.join(FIXTURES, input), 'utf8');
      const tidy = fs.readFileSync(path.join(FIXTURES, `${base}.out.cfg`), 'utf8');
      assert.notEqual(messy, tidy, 'a fixture must need formatting');
      assert.equal(format(messy, options), tidy);
      assert.equal(format(tidy, options), tidy, 'the tidy form is stable');
      assert.deepEqual(parseOutput(tidy), parseOutput(messy));
    });
  }
});

describe('formatting never changes what a file means', () => {
  const variants: [string, Partial<FormatOptions>][] = [
    ['defaults', {}],
    ['single quotes, narrow, tabs, no bracket spacing', { quoteStyle: 'single', maxLineLength: 30, indent: '\t', bracketSpacing: false }],
  ];
  const check = (files: string[]) => {
    let formatted = 0, refused = 0;
    for (const [label, options] of variants) {
      for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        const r = formatText(text, options);
        const name = `${path.relative(repoRoot, file)} [${label}]`;
        if (!r.ok) {
          refused++;
          // Refused: only files xl rejects, or that our lexer flags, or absurd nesting.
          assert.ok(parseXlConfig(text).parsed.rejected || /cannot read|nested/.test(r.reason), `${name}: refused a clean file: ${r.reason}`);
          continue;
        }
        formatted++;
        assert.deepEqual(parseOutput(r.text), parseOutput(text), `${name}: xlcfg parse output changed`);
        const again = formatText(r.text, options);
        assert.ok(again.ok, `${name}: the formatted text is refused: ${again.ok ? '' : again.reason}`);
        assert.equal(again.text, r.text, `${name}: formatting twice differs from formatting once`);
      }
    }
    return { formatted, refused };
  };

  test('every conformance input (856 files with xl verdicts)', () => {
    const files = conformanceInputs();
    assert.ok(files.length >= 800, `${files.length} inputs`);
    const { formatted, refused } = check(files);
    // Every input xl accepts is formatted, bar a few nested hundreds deep or ending in a stray
    // byte that xl skips; the rest come back untouched.
    const accepted = files.filter((f) => !parseXlConfig(fs.readFileSync(f, 'utf8')).parsed.rejected).length;
    assert.ok(accepted > 200, `${accepted} accepted inputs`);
    assert.ok(formatted >= (accepted - 30) * variants.length, `formatted ${formatted}, refused ${refused}, accepted ${accepted}`);
  });

  test('every corpus file', { skip: hasCorpus ? false : NO_SHARED }, () => {
    const files = corpusFiles();
    assert.ok(files.length > 10);
    const { formatted } = check(files);
    assert.ok(formatted >= files.length, `formatted ${formatted} of ${files.length * variants.length}`);
  });

  test('files with syntax errors are never changed, whatever the options', () => {
    for (const text of ['type = pvh\nmemory=512\n', 'disk = [ "a",, "b" ]\n', 'name = "x"\r\nmemory = 1\r\n', '# no newline at the end', 'a = [ 1, 2\n']) {
      const r = formatText(text);
      assert.equal(r.ok, false, JSON.stringify(text));
      const service = new LanguageService();
      assert.deepEqual(service.format({ uri: 'file:///x.cfg', version: 1, text }), []);
    }
  });

  test('a string is requoted only when the value stays the same', () => {
    assert.equal(format(`a = 'say "hi"'\nb = "it's"\nc = 'x\\'y'\n`, { quoteStyle: 'double' }), `a = 'say "hi"'\nb = "it's"\nc = "x\\'y"\n`);
    assert.deepEqual(parseXlConfig(`c = "x\\'y"\n`).effectiveValues(), parseXlConfig(`c = 'x\\'y'\n`).effectiveValues());
    assert.equal(format(`a = 'x'\nb = "y"\n`, { quoteStyle: 'preserve' }), `a = 'x'\nb = "y"\n`);
  });

  test('numbers keep their spelling (0x10 and 010 are different numbers)', () => {
    assert.equal(format('a=0x10\nb=010\nc=[0x1,07]\n'), 'a = 0x10\nb = 010\nc = [ 0x1, 07 ]\n');
  });

  test('blank lines: at most one in a row, none at the start or end; one final newline', () => {
    assert.equal(format('\n\n\na = 1\n\n\n\nb = 2\n\n\n'), 'a = 1\n\nb = 2\n');
    assert.equal(format('a = 1'), 'a = 1\n');
    assert.equal(format(''), '');
    assert.equal(format('\n\n'), '');
  });

  test('lists nested absurdly deep are left alone rather than risk xl\'s parser stack', () => {
    const deep = 'a = ' + '['.repeat(200) + ']'.repeat(200) + '\n';
    assert.equal(formatText(deep).ok, false);
  });
});

describe('formatting through the language service (document and range)', () => {
  const service = new LanguageService();
  const messy = 'name="a"\nmemory  =  512\n\n\n\nvcpus=2\ndisk=[ "x" ,"y"]\n';
  const input = (text: string) => ({ uri: 'file:///g.cfg', version: 1, text });

  test('document edits turn the text into the formatted text, with small edits', () => {
    const edits = service.format(input(messy));
    assert.equal(applyEdits(messy, edits), format(messy));
    // Lines that are already tidy get no edit.
    const tidy = 'name = "a"\nmemory=1\n';
    const e2 = service.format(input(tidy));
    assert.equal(e2.length, 1);
    assert.equal(e2[0].range.start.line, 1);
  });

  test('range formatting rewrites only the lines the range touches', () => {
    const edits = service.format(input(messy), {}, { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } });
    assert.equal(applyEdits(messy, edits), 'name="a"\nmemory = 512\n\n\n\nvcpus=2\ndisk=[ "x" ,"y"]\n');
    const lastTwo = service.format(input(messy), {}, { start: { line: 5, character: 0 }, end: { line: 6, character: 4 } });
    assert.equal(applyEdits(messy, lastTwo), 'name="a"\nmemory  =  512\n\n\n\nvcpus = 2\ndisk = [ "x", "y" ]\n');
  });

  test('a range inside a multi-line list formats the whole statement', () => {
    const text = 'a=1\ndisk = [ "x",\n   "y"]\nb=2\n';
    const edits = service.format(input(text), {}, { start: { line: 2, character: 1 }, end: { line: 2, character: 2 } });
    assert.equal(applyEdits(text, edits), 'a=1\ndisk = [\n    "x",\n    "y",\n]\nb=2\n');
  });

  test('indentation follows the editor (tabs or N spaces)', () => {
    const text = 'disk = [ "x",\n"y" ]\n';
    assert.equal(applyEdits(text, service.format(input(text), { indent: '\t' })), 'disk = [\n\t"x",\n\t"y",\n]\n');
    assert.equal(applyEdits(text, service.format(input(text), { indent: '  ' })), 'disk = [\n  "x",\n  "y",\n]\n');
  });

  test('defaults are documented ones', () => {
    assert.deepEqual(DEFAULT_FORMAT_OPTIONS, { quoteStyle: 'double', maxLineLength: 80, indent: '    ', bracketSpacing: true });
  });
});

describe('xlcfg fmt', () => {
  const run = async (args: string[]) => {
    let out = '', err = '';
    const code = await main(['fmt', ...args], { out: (s) => { out += s; }, err: (s) => { err += s; } });
    return { code, out, err };
  };
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-fmt-'));

  test('--check lists unformatted files and exits 1; without it files are rewritten; then --check passes', async () => {
    const dir = tmp();
    const messy = path.join(dir, 'messy.cfg');
    const tidy = path.join(dir, 'tidy.cfg');
    fs.writeFileSync(messy, 'name="a"\nmemory=512\n');
    fs.writeFileSync(tidy, 'name = "a"\n');
    let r = await run(['--check', dir]);
    assert.equal(r.code, 1);
    assert.equal(r.out, `${messy}\n`);
    assert.equal(fs.readFileSync(messy, 'utf8'), 'name="a"\nmemory=512\n', '--check writes nothing');
    r = await run([messy, tidy]);
    assert.equal(r.code, 0);
    assert.equal(fs.readFileSync(messy, 'utf8'), 'name = "a"\nmemory = 512\n');
    r = await run(['--check', dir]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
  });

  test('a file with syntax errors is reported and left as it is', async () => {
    const dir = tmp();
    const bad = path.join(dir, 'bad.cfg');
    fs.writeFileSync(bad, 'type = pvh\nmemory=512\n');
    const r = await run([bad]);
    assert.equal(r.code, 1);
    assert.match(r.err, /bad\.cfg: not formatted: the file has syntax errors/);
    assert.equal(fs.readFileSync(bad, 'utf8'), 'type = pvh\nmemory=512\n');
  });

  test('options reach the formatter; bad usage exits 2', async () => {
    const dir = tmp();
    const f = path.join(dir, 'g.cfg');
    fs.writeFileSync(f, 'name = "a"\ndisk = [ "x", "y" ]\n');
    const r = await run(['--quote-style', 'single', '--no-bracket-spacing', f]);
    assert.equal(r.code, 0);
    assert.equal(fs.readFileSync(f, 'utf8'), "name = 'a'\ndisk = ['x', 'y']\n");
    assert.equal((await run(['--quote-style=fancy', f])).code, 2);
    assert.equal((await run([])).code, 2);
    assert.equal((await run([path.join(dir, 'missing.cfg')])).code, 2);
  });
});
