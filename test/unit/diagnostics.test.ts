// Diagnostics, data-driven: each test/fixtures/diagnostics/NAME.cfg (and xl.conf) is checked
// against NAME.expected, one line per diagnostic, "LINE:COL-LINE:COL severity code" (1-based),
// each followed by its quick fixes, "  fix Title" ("fix*" for a safe fix that xlcfg check --fix
// applies). Settings for a fixture come from NAME.settings.json. UPDATE_FIXTURES=1 rewrites
// the expected files (review the diff).
//
// Also here: the properties every diagnostic must have (stable code, a message, an exact range
// inside the file, a link to its documentation), suppression by setting and by comment,
// `xlcfg check --fix` on the broken sample, and no crash on mangled input.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Diagnostic, DOCS_URL, LanguageService, Settings } from '../../server/src/service';
import { applyEdits, applySafeFixes } from '../../server/src/cli/check';
import { main as cliMain } from '../../server/src/cli/main';
import { parseXlConfig } from '../../server/src/service/parser';
import { repoRoot } from '../support/paths';

const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'diagnostics');
const UPDATE = process.env.UPDATE_FIXTURES === '1';

function render(diags: Diagnostic[]): string {
  const out: string[] = [];
  for (const d of diags) {
    const r = d.range;
    out.push(`${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${d.severity} ${d.code}`);
    for (const f of d.fixes) out.push(`  fix${f.safe ? '*' : ''} ${f.title}`);
  }
  return out.join('\n') + '\n';
}

function fixtureSettings(name: string): Partial<Settings> {
  const f = path.join(FIXTURES, `${name.replace(/\.cfg$/, '')}.settings.json`);
  return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : {};
}

const uriOf = (name: string) => `file:///fixtures/diagnostics/${name}`;
const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.cfg') || f === 'xl.conf').sort();

describe('diagnostic fixtures (test/fixtures/diagnostics)', () => {
  test('there are fixtures, each with its expected output', () => {
    assert.ok(fixtures.length >= 10);
    if (!UPDATE) for (const f of fixtures) assert.ok(fs.existsSync(path.join(FIXTURES, `${f.replace(/\.cfg$/, '')}.expected`)), `${f} has no .expected file`);
  });

  for (const name of fixtures) {
    test(name, () => {
      const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
      const service = new LanguageService(undefined, fixtureSettings(name));
      const diags = service.diagnostics({ uri: uriOf(name), version: 1, text });
      const got = render(diags);
      const expectedFile = path.join(FIXTURES, `${name.replace(/\.cfg$/, '')}.expected`);
      if (UPDATE) fs.writeFileSync(expectedFile, got);
      const expected = fs.readFileSync(expectedFile, 'utf8');
      assert.equal(got, expected);
    });
  }
});

describe('every diagnostic', () => {
  const service = new LanguageService();
  const all: { name: string; text: string; d: Diagnostic }[] = [];
  for (const name of fixtures) {
    const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
    for (const d of service.diagnostics({ uri: uriOf(name), version: 1, text })) all.push({ name, text, d });
  }

  test('has a stable code, a message that says what to do, and a documentation link', () => {
    assert.ok(all.length > 50);
    for (const { name, d } of all) {
      assert.match(d.code, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${name}: code ${d.code}`);
      assert.ok(d.message.length >= 20 && /[.?)]$/.test(d.message), `${name}: message of ${d.code}: ${d.message}`);
      assert.equal(d.href, `${DOCS_URL}#${d.code}`);
    }
  });

  test('has an exact range inside the file, on the text it is about', () => {
    for (const { name, text, d } of all) {
      const lines = text.split('\n');
      const { start, end } = d.range;
      assert.ok(start.line < lines.length && end.line < lines.length, `${name}: ${d.code} range outside the file`);
      assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${name}: ${d.code} range reversed`);
      assert.ok(start.character <= lines[start.line].length && end.character <= lines[end.line].length, `${name}: ${d.code} range past the line end`);
      if (d.code !== 'missing-name') assert.ok(start.line !== end.line || start.character < end.character || d.code === 'comment-at-eof', `${name}: ${d.code} has an empty range`);
    }
  });

  test('quick fixes apply cleanly, and the safe ones remove the problem they fix', () => {
    for (const { name, text, d } of all) {
      for (const f of d.fixes) {
        const fixed = applyEdits(text, f.edits);
        assert.notEqual(fixed, text, `${name}: fix "${f.title}" of ${d.code} changes nothing`);
        if (!f.safe) continue;
        const after = service.diagnostics({ uri: `${uriOf(name)}#fixed`, version: Math.random(), text: fixed });
        const again = after.filter((x) => x.code === d.code && x.range.start.line === d.range.start.line && x.fixes.some((g) => g.title === f.title));
        assert.deepEqual(again.map((x) => x.message), [], `${name}: safe fix "${f.title}" did not fix ${d.code}`);
      }
    }
  });
});

describe('silencing', () => {
  const text = 'name = "g"\ntype = "pvh"\nkernel = "/k"\nmaxcpus = 4\nmemory = "1G"\n';
  const codes = (s: Partial<Settings>, t = text) => new LanguageService(undefined, s).diagnostics({ uri: 'file:///s.cfg', version: 1, text: t }).map((d) => `${d.code}:${d.severity}`);

  test('a code set to "off" in xlcfg.diagnostics disappears; a severity replaces the default', () => {
    assert.deepEqual(codes({}), ['unknown-key:warning', 'not-a-number:error']);
    assert.deepEqual(codes({ diagnostics: { 'unknown-key': 'off' } }), ['not-a-number:error']);
    assert.deepEqual(codes({ diagnostics: { 'not-a-number': 'warning', 'unknown-key': 'hint' } }), ['unknown-key:hint', 'not-a-number:warning']);
  });

  test('allowedKeys silences unknown-key for those keys only', () => {
    assert.deepEqual(codes({ allowedKeys: ['maxcpus'] }), ['not-a-number:error']);
    assert.deepEqual(codes({ allowedKeys: ['other'] }), ['unknown-key:warning', 'not-a-number:error']);
  });

  test('# xlcfg-disable-next-line CODE silences that code on the next line only', () => {
    const t = 'name = "g"\ntype = "pvh"\nkernel = "/k"\n# xlcfg-disable-next-line unknown-key\nmaxcpus = 4\nmaxcpu = 4\n';
    assert.deepEqual(codes({}, t), ['unknown-key:warning']);
    const other = 'name = "g"\ntype = "pvh"\nkernel = "/k"\n# xlcfg-disable-next-line not-a-number\nmaxcpus = 4\n';
    assert.deepEqual(codes({}, other), ['unknown-key:warning'], 'another code is not silenced');
    const all = 'name = "g"\ntype = "pvh"\nkernel = "/k"\n# xlcfg-disable-next-line\nmaxcpus = "x"\n';
    assert.deepEqual(codes({}, all), [], 'without a code, everything on the next line');
    const reason = 'name = "g"\ntype = "pvh"\nkernel = "/k"\n# xlcfg-disable-next-line unknown-key -- read by our patched toolstack\nmaxcpus = 4\n';
    assert.deepEqual(codes({}, reason), [], 'a reason after -- is allowed');
  });

  test('# xlcfg-disable-line and # xlcfg-disable (whole file)', () => {
    assert.deepEqual(codes({}, 'name = "g"\ntype = "pvh"\nkernel = "/k"\nmaxcpus = 4 # xlcfg-disable-line unknown-key\n'), []);
    assert.deepEqual(codes({}, '# xlcfg-disable unknown-key\nname = "g"\ntype = "pvh"\nkernel = "/k"\nmaxcpus = 4\nfoo = 1\n'), []);
    assert.deepEqual(codes({}, '# see xlcfg-disable-next-line unknown-key in the docs\nmaxcpus = 4\nname = "g"\ntype = "pvh"\nkernel = "/k"\n'), ['unknown-key:warning'],
      'only a comment that is the directive counts');
  });
});

describe('a cap on diagnostics of one code (xlcfg.maxProblemsPerCode)', () => {
  // 150 blocks setting the same keys, with a bare word on the memory line from block 100 on:
  // 149 lost 'name' and 'vcpus' each, 99 lost 'memory' (the broken lines set nothing), 50 bare words.
  const DUPLICATES = 149 + 149 + 99;
  const blocks = Array.from({ length: 150 }, (_, i) => `name = "g${i}"\nmemory = ${i < 100 ? 512 : 'big'}\nvcpus = 2\n`).join('');
  const text = `type = "pvh"\nkernel = "/k"\n${blocks}`;
  const check = (s: Partial<Settings> = {}, t = text) => new LanguageService(undefined, s).diagnostics({ uri: 'file:///many.cfg', version: 1, text: t });
  const count = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code).length;

  test('by default 100 of each code are listed, then one more-problems says how many are not, where they start', () => {
    const ds = check();
    assert.equal(count(ds, 'duplicate-key'), 100);
    const more = ds.filter((d) => d.code === 'more-problems');
    assert.deepEqual(more.map((d) => [d.unlistedCode, d.unlisted, d.severity]), [['duplicate-key', DUPLICATES - 100, 'warning']]);
    const lastListed = ds.filter((d) => d.code === 'duplicate-key').pop()!;
    assert.ok(more[0].range.start.line > lastListed.range.start.line, 'the summary sits at the first unlisted one, after the listed ones');
    assert.match(more[0].message, /^297 more 'duplicate-key' warnings from here on are not listed/);
    assert.equal(count(ds, 'bare-word'), 50, 'under the cap: all listed');
    assert.ok(ds.every((d) => d.href.endsWith(`#${d.code}`)));
  });

  test('the status counts include the unlisted ones', () => {
    const status = new LanguageService().status({ uri: 'file:///many.cfg', version: 1, text });
    assert.equal(status.warnings, DUPLICATES);
    assert.equal(status.errors, 50);
  });

  test('0 lists every one; a smaller cap applies to errors too', () => {
    const all = check({ maxProblemsPerCode: 0 });
    assert.equal(count(all, 'duplicate-key'), DUPLICATES);
    assert.equal(count(all, 'more-problems'), 0);
    const ten = check({ maxProblemsPerCode: 10 });
    assert.equal(count(ten, 'bare-word'), 10);
    assert.deepEqual(ten.filter((d) => d.code === 'more-problems').map((d) => [d.unlistedCode, d.unlisted, d.severity]).sort(),
      [['bare-word', 40, 'error'], ['duplicate-key', DUPLICATES - 10, 'warning']]);
  });

  test('silenced diagnostics do not use up the cap; a severity override carries over to the summary', () => {
    const off = check({ diagnostics: { 'duplicate-key': 'off' } });
    assert.equal(count(off, 'duplicate-key') + count(off, 'more-problems'), 0);
    const lines = text.split('\n');
    const silencedFirst = lines.map((l, i) => (i >= 2 && i < 200 && l.startsWith('name') ? `${l} # xlcfg-disable-line duplicate-key` : l)).join('\n');
    const ds = check({ diagnostics: { 'duplicate-key': 'info' } }, silencedFirst);
    const dups = ds.filter((d) => d.code === 'duplicate-key');
    assert.equal(dups.length, 100);
    assert.ok(dups.every((d) => !lines[d.range.start.line].startsWith('name') || d.range.start.line >= 200), 'silenced lines are not listed');
    const more = ds.find((d) => d.code === 'more-problems')!;
    assert.equal(more.severity, 'info');
    assert.equal(more.unlisted, DUPLICATES - 66 - 100, '66 silenced names, 100 listed');
  });
});

describe('xlcfg check --fix', () => {
  const sample = path.join(repoRoot, 'samples', 'with-mistakes.cfg');

  test('fixes what is safe to fix in samples/with-mistakes.cfg and leaves the rest', () => {
    const service = new LanguageService();
    const text = fs.readFileSync(sample, 'utf8');
    const out = applySafeFixes(service, 'file:///with-mistakes.cfg', text);
    assert.equal(out.refused, undefined);
    assert.ok(out.applied >= 2);
    const before = parseXlConfig(text).effectiveValues();
    const after = parseXlConfig(out.text).effectiveValues();
    assert.equal(after.type, 'pvh', 'type = pvh is quoted');
    assert.equal(after.memory, '512', 'memory = "512M" becomes 512');
    for (const k of Object.keys(before)) if (!['type', 'memory'].includes(k)) assert.deepEqual(after[k], before[k], `${k} unchanged`);
    const left = service.diagnostics({ uri: 'file:///with-mistakes-fixed.cfg', version: 1, text: out.text });
    assert.ok(!left.some((d) => d.fixes.some((f) => f.safe)), 'no safe fix is left over');
    assert.deepEqual(left.filter((d) => d.severity === 'error').map((d) => d.code).sort(),
      ['spec-invalid-mac', 'spec-positional-format', 'type-builder-conflict', 'unknown-value'], 'what needs a decision is still reported');
  });

  test('writes the fixed file, and leaves a file untouched when the fixed text would not parse', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-fix-'));
    try {
      const good = path.join(dir, 'good.cfg');
      fs.copyFileSync(sample, good);
      const broken = path.join(dir, 'broken.cfg');
      const brokenText = 'name = "g"\ntype = pvh\nkernel = "/k"\nextra = "a" "b"\n';
      fs.writeFileSync(broken, brokenText);
      const err: string[] = [];
      const out: string[] = [];
      const code = cliMain(['check', '--fix', '--no-config', good, broken], { out: (s: string) => out.push(s), err: (s: string) => err.push(s) });
      assert.equal(code, 1);
      assert.match(fs.readFileSync(good, 'utf8'), /^type = "pvh"$/m);
      assert.match(fs.readFileSync(good, 'utf8'), /^memory = 512$/m);
      assert.equal(fs.readFileSync(broken, 'utf8'), brokenText, 'the unparseable file is byte for byte the same');
      assert.ok(err.some((l) => l.includes('broken.cfg') && l.includes('not fixed')), err.join(''));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('no crash on bad input', () => {
  test('mangled fixtures and semantic cases give diagnostics, never an exception', () => {
    const service = new LanguageService();
    const pool = fixtures.map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8'));
    const semantic = path.join(repoRoot, 'test', 'semantic', 'cases', 'valid');
    if (fs.existsSync(semantic)) for (const f of fs.readdirSync(semantic).filter((x) => x.endsWith('.cfg'))) pool.push(fs.readFileSync(path.join(semantic, f), 'utf8'));
    let seed = 12345;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const junk = ['"', "'", ',', '[', ']', '=', '+=', '\n', '#', '\\', '\0', ' ', ':', '@', '^', '-', 'x', '0x', '\u00e9', '\r\n', ';', '=,', 'target=', '@0', '%'];
    for (let i = 0; i < 600; i++) {
      let t = pool[rnd(pool.length)];
      for (let k = 0; k < 1 + rnd(4); k++) {
        const at = rnd(t.length + 1);
        t = rnd(2) ? t.slice(0, at) + junk[rnd(junk.length)] + t.slice(at) : t.slice(0, at) + t.slice(at + 1 + rnd(5));
      }
      const uri = i % 7 === 0 ? 'file:///x/xl.conf' : `file:///x/${i}.cfg`;
      for (const version of ['4.17', 'master'] as const) {
        service.configure({ xenVersion: version });
        assert.doesNotThrow(() => service.diagnostics({ uri, version: i, text: t }), `input: ${JSON.stringify(t)}`);
      }
      service.close(uri);
    }
  });
});

describe('messages name the guest type, architecture and release the config is for', () => {
  const diags = (text: string, s: Partial<Settings> = {}) => new LanguageService(undefined, s).diagnostics({ uri: 'file:///m.cfg', version: 1, text });
  const message = (text: string, code: string, s: Partial<Settings> = {}) => diags(text, s).find((d) => d.code === code)?.message ?? '';

  test('with no type, an Arm config is PVH: the missing-kernel error says so and offers PVH ways to boot', () => {
    const m = message('name = "a"\nmemory = 512\nvirtio = [ "type=virtio,device22,transport=mmio" ]\n', 'missing-kernel');
    assert.match(m, /^A PVH guest needs something to boot/);
    assert.match(m, /the keys say Arm, where xl makes every guest PVH/);
    assert.doesNotMatch(m, /assumes PV|pvgrub/);
    const x86 = message('name = "a"\nmemory = 512\n', 'missing-kernel');
    assert.match(x86, /^A PV guest .*pvgrub64.*xl assumes PV/);
  });

  test('virtio "type=virtio,device" and "type=virtio,deviceN" keep their one comma (xl.cfg(5))', () => {
    const ds = diags('name = "a"\nkernel = "/Image"\nvirtio = [ "backend=DomD,type=virtio,device22,transport=mmio", "type=virtio,device,transport=mmio" ]\n');
    assert.deepEqual(ds.filter((d) => d.code.startsWith('spec-')).map((d) => d.message), []);
  });

  test('an Arm-only key on an HVM guest is a wrong-architecture warning, once', () => {
    const ds = diags('name = "a"\ntype = "hvm"\nmemory = 512\nvpmu = 1\n');
    assert.deepEqual(ds.map((d) => d.code), ['wrong-architecture']);
    assert.match(ds[0].message, /'vpmu' is for Arm guests, but this is an HVM guest, which only x86 runs: .*vpmu= boot option/);
  });

  test('stdvga next to vga: ignored, said once', () => {
    const ds = diags('name = "a"\ntype = "hvm"\nmemory = 512\nvga = "stdvga"\nstdvga = 0\n');
    assert.deepEqual(ds.map((d) => d.code), ['deprecated-key']);
    assert.match(ds[0].message, /ignored because 'vga' is set/);
  });

  test('deprecations follow xlcfg.xenVersion: builder only from 4.10, where type replaced it', () => {
    const text = 'name = "a"\nbuilder = "hvm"\nmemory = 512\n';
    assert.deepEqual(diags(text, { xenVersion: '4.4' }).map((d) => d.code), []);
    assert.deepEqual(diags(text, { xenVersion: '4.9' }).map((d) => d.code), []);
    assert.deepEqual(diags(text, { xenVersion: '4.10' }).map((d) => `${d.code}@${d.range.start.line + 1}`), ['deprecated-key@2']);
    assert.deepEqual(diags(text, { xenVersion: 'master' }).map((d) => `${d.code}@${d.range.start.line + 1}`), ['deprecated-key@2']);
  });
});

describe('found in configs from the wild', () => {
  const diags = (text: string) => new LanguageService().diagnostics({ uri: 'file:///w.cfg', version: 1, text });

  test('a blank after mac= is harmless (xl skips it): no warning', () => {
    const ds = diags('name = "a"\nkernel = "/k"\nvif = [ "bridge=xenbr1, mac= 00:1e:06:32:ff:c3, ip=10.0.0.2" ]\n');
    assert.deepEqual(ds.map((d) => d.code), []);
    assert.deepEqual(diags('name = "a"\nkernel = "/k"\nvif = [ "mac=00:1e:06:32:ff" ]\n').map((d) => d.code), ['spec-invalid-mac']);
  });

  test('no name: the error sits on the first setting, not on the header comment', () => {
    const ds = diags('# a header\n\nkernel = "/k"\nmemory = 256\n');
    const missing = ds.find((d) => d.code === 'missing-name')!;
    assert.deepEqual([missing.range.start.line, missing.range.start.character, missing.range.end.character], [2, 0, 6]);
    assert.equal(missing.fixes[0]?.edits[0].newText, 'name = "guest"\n');
  });
});
