// The CLI behaves as CI tools expect (shellcheck, yamllint, taplo): --help everywhere exits 0,
// '-' is standard input, '--' ends the options, warnings can fail a build, GitHub annotations,
// --quiet, no colour, an empty run says so, every Xen release can be chosen, and the VS Code
// problem matcher reads the text output.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';
import { escapeGithubData, escapeGithubProperty } from '../../server/src/cli/check';
import { XEN_RELEASES } from '../../server/src/service/knowledge/types';

const cli = path.join(repoRoot, 'dist/cli.js');
let dir: string;
const run = (args: string[], input?: string, env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input, cwd: dir, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const write = (rel: string, text: string) => { const p = path.join(dir, rel); fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, text); return p; };

const WARNING_ONLY = 'name = "g"\ntype = "pvh"\nkernel = "/k"\nmaxcpus = 2\n';
const WITH_ERROR = 'name = "g"\ntype = pvh\nkernel = "/k"\n';

before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-conv-')); });
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('help', () => {
  for (const cmd of ['parse', 'check', 'fmt', 'lsp']) {
    test(`${cmd} --help and -h exit 0 with the command's usage on stdout`, () => {
      for (const h of ['--help', '-h']) {
        const r = run([cmd, h]);
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, new RegExp(`usage: xlcfg ${cmd}`));
        assert.equal(r.err, '');
      }
    });
  }
  test('--help after other options and paths still wins; help COMMAND works', () => {
    assert.equal(run(['check', '--format', 'json', 'x.cfg', '--help']).code, 0);
    assert.match(run(['help', 'fmt']).out, /usage: xlcfg fmt/);
  });
  test('bad usage says how to get help, exit 2', () => {
    const r = run(['check', '--frobnicate', 'x.cfg']);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown option --frobnicate[\s\S]*xlcfg check --help/);
  });
});

describe('standard input and --', () => {
  test('check -: messages carry --stdin-filename (or <stdin>)', () => {
    const named = run(['check', '--stdin-filename', 'etc/xen/web.cfg', '-'], WITH_ERROR);
    assert.equal(named.code, 1);
    assert.match(named.out, /^etc\/xen\/web\.cfg:2:8: error: .*\[bare-word\]$/m);
    assert.match(run(['check', '-'], WITH_ERROR).out, /^<stdin>:2:8: error: /m);
  });
  test('--stdin-filename decides the kind of file: xl.conf is not a domain config (no name needed)', () => {
    const text = 'autoballoon = "off"\n';
    const asXlConf = run(['check', '--stdin-filename', 'xl.conf', '-'], text);
    assert.equal(asXlConf.code, 0, asXlConf.out);
    assert.doesNotMatch(asXlConf.out, /missing-name/);
    assert.match(run(['check', '--stdin-filename', 'guest.cfg', '-'], text).out, /^guest\.cfg:1:1: error: .*\[missing-name\]/m);
  });
  test('parse -: JSON of the values; syntax errors under --stdin-filename', () => {
    const ok = run(['parse', '-'], 'name = "a"\nvcpus = 2\n');
    assert.equal(ok.code, 0);
    assert.deepEqual(JSON.parse(ok.out), { name: 'a', vcpus: '2' });
    const bad = run(['parse', '--stdin-filename', 'g.cfg', '-'], WITH_ERROR);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /^g\.cfg:2:8: error: /m);
  });
  test('fmt -: the formatted text on stdout, nothing written', () => {
    const r = run(['fmt', '-'], 'name="g"\n');
    assert.equal(r.code, 0);
    assert.equal(r.out, 'name = "g"\n');
    const check = run(['fmt', '--check', '--stdin-filename', 'x.cfg', '-'], 'name="g"\n');
    assert.equal(check.code, 1);
    assert.equal(check.out, 'x.cfg\n');
  });
  test('check --fix - is refused (nothing to write to)', () => {
    const r = run(['check', '--fix', '-'], WITH_ERROR);
    assert.equal(r.code, 2);
    assert.match(r.err, /--fix changes files in place/);
  });
  test('-- ends the options: a file named like an option is checked', () => {
    write('-dash.cfg', WITH_ERROR);
    assert.equal(run(['check', '-dash.cfg']).code, 2);
    const r = run(['check', '--', '-dash.cfg']);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^-dash\.cfg:2:8: error: /m);
    assert.equal(run(['parse', '--', '-dash.cfg']).code, 1);
    assert.equal(run(['fmt', '--check', '--', '-dash.cfg']).code, 1);
  });
});

describe('exit codes and output', () => {
  test('warnings pass by default and fail with --strict or --fail-on warning; --fail-on error ignores them', () => {
    const f = write('warn.cfg', WARNING_ONLY);
    assert.equal(run(['check', f]).code, 0);
    assert.equal(run(['check', '--strict', f]).code, 1);
    assert.equal(run(['check', '--fail-on', 'warning', f]).code, 1);
    assert.equal(run(['check', '--fail-on=info', f]).code, 1);
    assert.equal(run(['check', '--fail-on', 'error', f]).code, 0);
    assert.equal(run(['check', '--fail-on', 'loud', f]).code, 2);
  });
  test('--fail-on info counts a code raised to info by the project file', () => {
    write('info/.xlcfg.json', '{ "diagnostics": { "unknown-key": "info" } }');
    const f = write('info/g.cfg', WARNING_ONLY);
    assert.equal(run(['check', '--fail-on', 'warning', f]).code, 0);
    assert.equal(run(['check', '--fail-on', 'info', f]).code, 1);
  });
  test('--format github: one escaped workflow command per problem', () => {
    const f = write('gh/a,b:c%d.cfg', WITH_ERROR + 'maxcpus = 2\n');
    const r = run(['check', '--format', 'github', path.relative(dir, f)]);
    assert.equal(r.code, 1);
    const lines = r.out.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^::error file=gh\/a%2Cb%3Ac%25d\.cfg,line=2,col=8,endLine=2,endColumn=11,title=bare-word::Values must be quoted.*\(https:\/\/\S+#bare-word\)$/);
    assert.match(lines[1], /^::warning file=gh\/a%2Cb%3Ac%25d\.cfg,line=4,col=1,endLine=4,endColumn=8,title=unknown-key::/);
  });
  test('--format github: absolute paths inside GITHUB_WORKSPACE are given relative to it', () => {
    const f = write('ws/sub/g.cfg', WITH_ERROR);
    const r = run(['check', '--format', 'github', f], undefined, { GITHUB_WORKSPACE: path.join(dir, 'ws') });
    assert.match(r.out, /^::error file=sub\/g\.cfg,line=2,/m);
    const outside = run(['check', '--format', 'github', f], undefined, { GITHUB_WORKSPACE: path.join(dir, 'elsewhere') });
    assert.ok(outside.out.startsWith(`::error file=${escapeGithubProperty(f)},`), outside.out);
  });
  test('--format github: a path that cannot be read is an annotation too', () => {
    const r = run(['check', '--format', 'github', 'no such.cfg', write('gh2/ok.cfg', WITH_ERROR)]);
    assert.equal(r.code, 2);
    assert.match(r.out, /^::error file=no such\.cfg,title=xlcfg::no such file or folder$/m);
  });
  test('GitHub escaping: % CR LF in data; also : and , in properties', () => {
    assert.equal(escapeGithubData('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext: a,b');
    assert.equal(escapeGithubProperty('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext%3A a%2Cb');
  });
  test('--quiet: the problems, and nothing on stderr', () => {
    const f = write('quiet.cfg', WITH_ERROR);
    const r = run(['check', '-q', f]);
    assert.equal(r.code, 1);
    assert.match(r.out, /\[bare-word\]/);
    assert.equal(r.err, '');
    const loud = run(['check', f]);
    assert.match(loud.err, /1 file\(s\) checked/);
    const fmtQuiet = run(['fmt', '--quiet', write('quiet2.cfg', 'name="g"\n')]);
    assert.deepEqual([fmtQuiet.code, fmtQuiet.err], [0, '']);
  });
  test('never any colour, whatever the environment says', () => {
    const f = write('colour.cfg', WITH_ERROR);
    for (const env of [{}, { FORCE_COLOR: '1' }, { NO_COLOR: '1' }] as Record<string, string>[]) {
      const r = run(['check', f], undefined, env);
      assert.doesNotMatch(r.out + r.err, /\x1b\[/);
    }
  });
  test('nothing to check: said, exit 2; --allow-empty makes it 0', () => {
    fs.mkdirSync(path.join(dir, 'empty/sub'), { recursive: true });
    write('empty/notes.txt', 'hello\n');
    const r = run(['check', 'empty']);
    assert.equal(r.code, 2);
    assert.match(r.err, /no config to check in empty/);
    assert.equal(run(['check', '--allow-empty', 'empty']).code, 0);
    assert.equal(run(['fmt', '--check', 'empty']).code, 2);
    assert.equal(run(['fmt', '--check', '--allow-empty', 'empty']).code, 0);
  });
});

describe('the Xen release judged by', () => {
  test('--xen-version takes every release and auto; the summary says which and where from', () => {
    const f = write('rel.cfg', WARNING_ONLY);
    for (const release of XEN_RELEASES) {
      const r = run(['check', '--xen-version', release, f]);
      assert.notEqual(r.code, 2, `${release}: ${r.err}`);
      const label = release === 'master' ? 'Xen master' : `Xen ${release.replace('.', '\\.')}`;
      assert.match(r.err, new RegExp(`checked against ${label}.*\\(--xen-version\\)`), release);
    }
    const auto = run(['check', '--xen-version', 'auto', f]);
    assert.equal(auto.code, 0);
    assert.match(auto.err, /checked against Xen \S+ \((the newest release|the host's xl)/);
    assert.equal(run(['check', '--xen-version', '4.3', f]).code, 2);
  });
  test('auto on a Xen control domain: the installed xl\'s release, from the host (a fake root)', () => {
    const root = path.join(dir, 'dom0-root');
    fs.mkdirSync(path.join(root, 'proc/xen'), { recursive: true });
    fs.writeFileSync(path.join(root, 'proc/xen/capabilities'), 'control_d\n');
    fs.mkdirSync(path.join(root, 'usr/lib/xen-4.20/bin'), { recursive: true });
    fs.writeFileSync(path.join(root, 'usr/lib/xen-4.20/bin/xl'), '');
    const f = write('host.cfg', WARNING_ONLY);
    const r = run(['check', f], undefined, { XLCFG_HOST_ROOT: root });
    assert.match(r.err, /checked against Xen 4\.20 \(the host's xl: \/usr\/lib\/xen-4\.20\)/);
    const sarif = JSON.parse(run(['check', '--format', 'sarif', f], undefined, { XLCFG_HOST_ROOT: root }).out);
    assert.deepEqual([sarif.runs[0].properties.xenRelease, sarif.runs[0].properties.xenReleaseSource], ['4.20', 'host']);
    assert.match(run(['check', '--xen-version', '4.14', f], undefined, { XLCFG_HOST_ROOT: root }).err, /Xen 4\.14 \(--xen-version\)/);
  });
  test('the release changes the verdict (a key newer than the release is flagged)', () => {
    const f = write('newkey.cfg', 'name = "g"\ntype = "pvh"\nkernel = "/k"\n');
    assert.match(run(['check', '--xen-version', '4.9', f]).out, /'type' is not in Xen 4\.9.*\[not-in-version\]/);
    assert.doesNotMatch(run(['check', '--xen-version', '4.10', f]).out, /not-in-version/);
  });
});

describe('VS Code problem matcher', () => {
  test('its pattern reads every line of the text output: file, line, column, severity, message, code', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const matcher = pkg.contributes.problemMatchers.find((m: { name: string }) => m.name === 'xlcfg');
    const re = new RegExp(matcher.pattern.regexp);
    const f = write('pm dir/a:b.cfg', WITH_ERROR + 'maxcpus = 2\n');
    const lines = run(['check', path.relative(dir, f)]).out.trim().split('\n');
    assert.equal(lines.length, 2);
    const got = lines.map((l) => { const m = re.exec(l)!; const p = matcher.pattern; return [m[p.file], m[p.line], m[p.column], m[p.severity], m[p.code], m[p.message].length > 10]; });
    assert.deepEqual(got, [['pm dir/a:b.cfg', '2', '8', 'error', 'bare-word', true], ['pm dir/a:b.cfg', '4', '1', 'warning', 'unknown-key', true]]);
  });
});
