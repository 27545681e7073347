// The xlcfg command line: the contract other tools rely on (output shapes and exit codes).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

const cli = path.join(repoRoot, 'dist/cli.js');
const run = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

let dir: string;
const write = (name: string, text: string | Buffer) => { const p = path.join(dir, name); fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, text); return p; };

before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-cli-')); });
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('xlcfg parse', () => {
  test('prints effective values as xl stores them, keys in first-appearance order', () => {
    const f = write('ok.cfg', 'name = "web"\nmemory = 0x400\nvif = [ "bridge=xenbr0" ]\nname = "web2"\nvif += [ "bridge=xenbr1" ]\n');
    const r = run(['parse', f]);
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
    assert.deepEqual(Object.entries(JSON.parse(r.out)), [['name', 'web2'], ['memory', '0x400'], ['vif', ['bridge=xenbr0', 'bridge=xenbr1']]]);
  });
  test('syntax error: nothing on stdout, FILE:LINE:COL: error: lines on stderr, exit 1', () => {
    const f = write('bad.cfg', 'name = "a"\ntype = pvh\nMemory = 1\n');
    const r = run(['parse', f]);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    const lines = r.err.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:8: error: .*quoted`));
    assert.match(lines[1], /:3:1: error: /);
  });
  test('unreadable file: exit 2 with a clear message', () => {
    const r = run(['parse', path.join(dir, 'missing.cfg')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /no such file/);
  });
});

describe('xlcfg check', () => {
  test('text output: FILE:LINE:COL: SEVERITY: MESSAGE [CODE], exit 1 on errors', () => {
    const f = write('c1/a.cfg', 'name = "a"\ntype = "pvh"\nkernel = "/k"\nmaxcpus = 4\nmemory = "512M"\n');
    const r = run(['check', f]);
    assert.equal(r.code, 1);
    assert.match(r.out, /a\.cfg:4:1: warning: .*maxcpus.* \[unknown-key\]/);
    assert.match(r.out, /a\.cfg:5:10: error: .* \[[a-z-]+\]/);
  });
  test('exit 0 when there are only warnings or nothing', () => {
    const f = write('c2/ok.cfg', 'name = "a"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nmemory = 512\n');
    const r = run(['check', f]);
    assert.equal(r.code, 0, r.out);
  });
  test('json output: 1-based positions, severity, code, message', () => {
    const f = write('c3/j.cfg', 'name = "a"\ntype = pvh\n');
    const r = run(['check', '--format', 'json', f]);
    const [entry] = JSON.parse(r.out);
    assert.equal(entry.file, f);
    const d = entry.diagnostics.find((x: { code: string }) => x.code === 'bare-word');
    assert.deepEqual([d.line, d.column, d.endLine, d.endColumn, d.severity], [2, 8, 2, 11, 'error']);
    assert.equal(r.code, 1);
  });
  test('sarif output is SARIF 2.1.0 with rules and locations', () => {
    const f = write('c4/s.cfg', 'name = "a"\ntype = pvh\n');
    const sarif = JSON.parse(run(['check', '--format=sarif', f]).out);
    assert.equal(sarif.version, '2.1.0');
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'bare-word');
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 2);
    assert.ok(sarif.runs[0].tool.driver.rules.some((x: { id: string; helpUri: string }) => x.id === 'bare-word' && x.helpUri.includes('#bare-word')));
  });
  test('folders: checks only what the extension would claim, recursively', () => {
    write('tree/etc/xen/web.cfg', 'name = "web"\ntype = pvh\n');
    write('tree/other/guest.cfg', 'name = "g"\nmemory = 512\nvif = [ "bridge=xenbr0" ]\n');
    write('tree/other/app.cfg', '[section]\nkey = value\n');
    write('tree/notes.txt', 'type = pvh\n');
    const r = run(['check', '--format', 'json', path.join(dir, 'tree')]);
    const files = JSON.parse(r.out).map((e: { file: string }) => path.relative(path.join(dir, 'tree'), e.file)).sort();
    assert.deepEqual(files, ['etc/xen/web.cfg', 'other/guest.cfg']);
  });
  test('unreadable paths, binary files and symlink loops: exit 2, the rest still checked and reported', () => {
    const good = write('c5/good.cfg', 'name = "a"\ntype = pvh\n');
    const bin = write('c5/bin.xl', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xff, 0xfe, 0xfd]));
    const loop = path.join(dir, 'c5/loop.cfg');
    fs.symlinkSync(loop, loop);
    const r = run(['check', good, bin, loop, path.join(dir, 'nope.cfg')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /bin\.xl: binary file/);
    assert.match(r.err, /loop\.cfg: symbolic link loop/);
    assert.match(r.err, /nope\.cfg: no such file/);
    assert.match(r.out, /good\.cfg:2:8: error: .*\[bare-word\]/);
  });
  test('--max-per-code: 100 of a code by default, then one more-problems; the summary counts them all', () => {
    const f = write('many.cfg', 'name = "g"\ntype = "pvh"\nkernel = "/k"\n' + 'vcpus = 1\n'.repeat(151));
    const r = run(['check', f]);
    assert.equal(r.code, 0);
    assert.equal(r.out.trim().split('\n').filter((l) => l.endsWith('[duplicate-key]')).length, 100);
    assert.match(r.out, /:104:1: warning: 50 more 'duplicate-key' warnings from here on are not listed.*\[more-problems\]/);
    assert.match(r.err, /1 file\(s\) checked against Xen .*?: 0 error\(s\), 150 warning\(s\) \(50 of them not listed/);
    const all = run(['check', '--max-per-code', '0', '--format', 'json', f]);
    assert.equal(JSON.parse(all.out)[0].diagnostics.length, 150);
    const two = JSON.parse(run(['check', '--max-per-code=2', '--format', 'json', f]).out)[0].diagnostics;
    assert.deepEqual(two.map((d: { code: string; unlisted?: number }) => [d.code, d.unlisted]), [['duplicate-key', undefined], ['duplicate-key', undefined], ['more-problems', 148]]);
    assert.equal(run(['check', '--max-per-code', 'lots', f]).code, 2);
  });

  test('--fix applies every safe fix, beyond the listing cap', () => {
    const f = write('bare.cfg', 'name = "g"\ntype = "pvh"\nkernel = "/k"\n' + Array.from({ length: 150 }, (_, i) => `k${i} = hello\n`).join(''));
    run(['check', '--fix', '--allow-key', 'k0', f]);
    assert.equal((fs.readFileSync(f, 'utf8').match(/= "hello"/g) ?? []).length, 150);
  });

  test('bad usage: exit 2', () => {
    assert.equal(run(['check']).code, 2);
    assert.equal(run(['check', '--format', 'xml', 'x']).code, 2);
    assert.equal(run(['frobnicate']).code, 2);
  });
});

describe('xlcfg --help and --version', () => {
  test('--version prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const r = run(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.out.trim(), pkg.version);
  });
  test('--help lists the commands', () => {
    const r = run(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['parse', 'check', 'lsp']) assert.match(r.out, new RegExp(`xlcfg ${c}`));
  });
});
