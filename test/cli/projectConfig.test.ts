// The project file .xlcfg.json: the loader (JSONC, exact positions for bad content, never a
// throw), the nearest-file search (stops at a git root), include/exclude, the precedence order,
// the CLI's use of it, and its JSON schema (every diagnostic code enumerated, contributed to
// VS Code).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { repoRoot } from '../support/paths';
import {
  combineSettings, findProjectFile, invalidateProjectConfigs, parseProjectConfig, projectConfigFor, projectSelects, PROJECT_FILE_NAME,
} from '../../server/src/config/projectConfig';
import { projectFileSchema } from '../../server/src/config/projectSchema';
import { ALL_CODES } from '../../server/src/config/diagnosticCodes';
import { globToRegExp } from '../../server/src/config/glob';
import { parseJsonc } from '../../server/src/config/jsonc';
import { XEN_RELEASES } from '../../server/src/service/knowledge/types';

const cli = path.join(repoRoot, 'dist/cli.js');
const run = (args: string[], cwd: string, input?: string) => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd, input });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

let dir: string;
const write = (rel: string, text: string) => { const p = path.join(dir, rel); fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, text); return p; };
before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-project-')); });
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('JSONC reader', () => {
  test('comments, trailing commas, escapes; positions of values', () => {
    const text = '// top\n{\n  "a": [1, 2,], /* c */\n  "b": "x\\u0041\\n",\n}\n';
    const { root, errors } = parseJsonc(text);
    assert.deepEqual(errors, []);
    assert.equal(root?.kind, 'object');
    if (root?.kind !== 'object') return;
    assert.deepEqual(root.members.map((m) => m.key), ['a', 'b']);
    const b = root.members[1].value;
    assert.deepEqual(b.kind === 'string' && [b.value, text.slice(b.start, b.end)], ['xA\n', '"x\\u0041\\n"']);
  });
  test('errors never throw and say where', () => {
    for (const bad of ['', '{', '{"a" 1}', '{"a": tru}', '{"a": "x', "{'a': 1}", '{"a": 1} x', '/* open', '['.repeat(200)]) {
      const r = parseJsonc(bad);
      assert.ok(r.errors.length > 0, bad);
      for (const e of r.errors) assert.ok(e.start >= 0 && e.start <= bad.length, bad);
    }
  });
});

describe('project file content', () => {
  test('a good file: every setting read', () => {
    const loaded = parseProjectConfig('/p/.xlcfg.json', `{
      // JSONC: comments and trailing commas are fine
      "$schema": "./schemas/xlcfg-project.schema.json",
      "xenVersion": "4.17",
      "diagnostics": { "unknown-key": "off", "deprecated-key": "info", "bare-word": "warning" },
      "allowedKeys": ["vendor_key"],
      "include": ["vms/*.conf"],
      "exclude": ["templates/**"],
      "maxProblemsPerCode": 5,
    }`);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.config, {
      xenVersion: '4.17', diagnostics: { 'unknown-key': 'off', 'deprecated-key': 'info', 'bare-word': 'warning' },
      allowedKeys: ['vendor_key'], include: ['vms/*.conf'], exclude: ['templates/**'], maxProblemsPerCode: 5,
    });
  });
  test('every release and auto are accepted', () => {
    for (const r of [...XEN_RELEASES, 'auto']) assert.deepEqual(parseProjectConfig('/f', `{"xenVersion": "${r}"}`).problems, [], r);
  });
  test('bad content: one problem each, at its line and column, the valid rest still read', () => {
    const text = [
      '{',
      '  "xenVersion": "4.3",',
      '  "diagnostics": { "unknown-kye": "off", "bare-word": "loud", "crlf": "off" },',
      '  "allowedKeys": "vendor_key",',
      '  "exclude": [ "../outside" ],',
      '  "maxProblemsPerCode": -1,',
      '  "xenversion": "4.17"',
      '}',
    ].join('\n');
    const loaded = parseProjectConfig('/p/.xlcfg.json', text);
    const at = (needle: string) => loaded.problems.find((p) => p.message.includes(needle));
    assert.deepEqual([at("'xenVersion' must be")?.line, at("'xenVersion' must be")?.column], [2, 17]);
    assert.deepEqual([at("'unknown-kye' is not a diagnostic code")?.line, at('unknown-kye')?.column], [3, 20]);
    assert.match(at('unknown-kye')!.message, /did you mean 'unknown-key'/);
    assert.equal(at("severity of 'bare-word'")?.line, 3);
    assert.equal(at("'allowedKeys' must be a list")?.line, 4);
    assert.equal(at('stay inside it')?.line, 5);
    assert.equal(at("'maxProblemsPerCode'")?.line, 6);
    assert.match(at("unknown setting 'xenversion'")!.message, /did you mean 'xenVersion'/);
    assert.equal(loaded.problems.length, 7);
    assert.deepEqual(loaded.config.diagnostics, { crlf: 'off' });
  });
  test('not an object, empty, or broken JSON: a problem, not a crash', () => {
    for (const text of ['[]', '', '{ "a": }', 'null']) {
      const loaded = parseProjectConfig('/f', text);
      assert.ok(loaded.problems.length >= 1, text);
      assert.ok(loaded.problems.every((p) => p.line >= 1 && p.column >= 1));
    }
  });
});

describe('finding the project file', () => {
  test('the nearest one above a config wins; the search stops at a git root', () => {
    write('repo/.git/HEAD', 'ref: refs/heads/main\n');
    write(`${PROJECT_FILE_NAME}`, '{ "xenVersion": "4.4" }');
    write(`repo/${PROJECT_FILE_NAME}`, '{ "xenVersion": "4.14" }');
    write('repo/a/b/g.cfg', 'name = "g"\n');
    write(`repo/a/${PROJECT_FILE_NAME}`, '{ "xenVersion": "4.17" }');
    write('repo/c/g.cfg', 'name = "g"\n');
    write('nogit/sub/g.cfg', 'name = "g"\n');
    write('other-repo/.git/HEAD', '');
    write('other-repo/g.cfg', '');
    invalidateProjectConfigs();
    assert.equal(findProjectFile(path.join(dir, 'repo/a/b')), path.join(dir, 'repo/a', PROJECT_FILE_NAME));
    assert.equal(projectConfigFor(path.join(dir, 'repo/c/g.cfg'))?.config.xenVersion, '4.14');
    assert.equal(projectConfigFor(path.join(dir, 'nogit/sub/g.cfg'))?.file, path.join(dir, PROJECT_FILE_NAME));
    assert.equal(projectConfigFor(path.join(dir, 'other-repo/g.cfg')), undefined);
  });
  test('the cache answers again until invalidated', () => {
    const f = write(`cache/${PROJECT_FILE_NAME}`, '{ "xenVersion": "4.10" }');
    invalidateProjectConfigs();
    assert.equal(projectConfigFor(path.join(dir, 'cache/g.cfg'))?.config.xenVersion, '4.10');
    fs.writeFileSync(f, '{ "xenVersion": "4.11" }');
    assert.equal(projectConfigFor(path.join(dir, 'cache/g.cfg'))?.config.xenVersion, '4.10');
    invalidateProjectConfigs(f);
    assert.equal(projectConfigFor(path.join(dir, 'cache/g.cfg'))?.config.xenVersion, '4.11');
    fs.rmSync(f);
    invalidateProjectConfigs(f);
    assert.notEqual(projectConfigFor(path.join(dir, 'cache/g.cfg'))?.file, f);
  });
});

describe('include, exclude and precedence', () => {
  test('glob patterns', () => {
    const m = (p: string, s: string) => globToRegExp(p).test(s);
    assert.ok(m('*.conf', 'a/b/x.conf'));
    assert.ok(m('vms/*.conf', 'vms/x.conf'));
    assert.ok(!m('vms/*.conf', 'vms/sub/x.conf'));
    assert.ok(m('vms/**/*.conf', 'vms/sub/deeper/x.conf'));
    assert.ok(m('vms/**/*.conf', 'vms/x.conf'));
    assert.ok(m('templates', 'a/templates/x.cfg'));
    assert.ok(m('templates/**', 'templates/x/y.cfg'));
    assert.ok(m('g[0-9].{cfg,xl}', 'g7.xl'));
    assert.ok(!m('g[!0-9].cfg', 'g7.cfg'));
    assert.ok(!m('a.cfg', 'xa.cfg'));
  });
  test('exclude wins; include adds files the extension would not claim', () => {
    const loaded = parseProjectConfig(path.join(dir, PROJECT_FILE_NAME), '{ "include": ["vms/*.conf"], "exclude": ["old/**", "*.bak.cfg"] }');
    assert.equal(projectSelects(loaded, path.join(dir, 'vms/a.conf'), false), true);
    assert.equal(projectSelects(loaded, path.join(dir, 'other/a.conf'), false), false);
    assert.equal(projectSelects(loaded, path.join(dir, 'old/g.cfg'), true), false);
    assert.equal(projectSelects(loaded, path.join(dir, 'x/g.bak.cfg'), true), false);
    assert.equal(projectSelects(loaded, path.join(dir, 'x/g.cfg'), true), true);
  });
  test('settings: a flag over the project file over the editor, per code; allowed keys add up', () => {
    const s = combineSettings({
      editor: { diagnostics: { 'unknown-key': 'error', 'crlf': 'warning' }, allowedKeys: ['e'], maxProblemsPerCode: 7 },
      project: { diagnostics: { 'unknown-key': 'off', 'bare-word': 'warning' }, allowedKeys: ['p'], include: [], exclude: [], maxProblemsPerCode: 3 },
      flags: { allowedKeys: ['f'] },
    });
    assert.deepEqual(s.diagnostics, { 'unknown-key': 'off', crlf: 'warning', 'bare-word': 'warning' });
    assert.deepEqual(s.allowedKeys.sort(), ['e', 'f', 'p']);
    assert.equal(s.maxProblemsPerCode, 3);
    assert.equal(combineSettings({ project: { diagnostics: {}, allowedKeys: [], include: [], exclude: [], maxProblemsPerCode: 3 }, flags: { maxProblemsPerCode: 0 } }).maxProblemsPerCode, 0);
  });
});

describe('the CLI with a project file', () => {
  const CFG = 'name = "g"\ntype = "pvh"\nkernel = "/k"\nvendor_key = 1\ntype = pvh\n';
  test('severities, allowed keys and the release come from the nearest project file; the summary says so', () => {
    write('cli1/.xlcfg.json', '{ "xenVersion": "4.17", "allowedKeys": ["vendor_key"], "diagnostics": { "bare-word": "warning", "duplicate-key": "off" } }');
    write('cli1/g.cfg', CFG);
    const r = run(['check', 'g.cfg'], path.join(dir, 'cli1'));
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /g\.cfg:5:8: warning: .*\[bare-word\]/);
    assert.doesNotMatch(r.out, /vendor_key|duplicate-key/);
    assert.match(r.err, new RegExp(`against Xen 4\\.17 \\(project file ${path.join(dir, 'cli1/.xlcfg.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
  });
  test('flags win over the project file: --xen-version and --config / --no-config', () => {
    const cwd = path.join(dir, 'cli1');
    assert.match(run(['check', '--xen-version', '4.20', 'g.cfg'], cwd).err, /against Xen 4\.20 \(--xen-version\)/);
    const noConfig = run(['check', '--no-config', 'g.cfg'], cwd);
    assert.equal(noConfig.code, 1);
    assert.match(noConfig.out, /\[unknown-key\]/);
    write('elsewhere.json', '{ "xenVersion": "4.8" }');
    assert.match(run(['check', '--config', path.join(dir, 'elsewhere.json'), 'g.cfg'], cwd).err, /against Xen 4\.8 \(project file /);
  });
  test('standard input finds the project file of --stdin-filename', () => {
    const r = run(['check', '--stdin-filename', 'cli1/g.cfg', '-'], dir, CFG);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^cli1\/g\.cfg:5:8: warning: /m);
  });
  test('a bad project file: file:line:col: message, exit 2, its configs not checked, never a crash', () => {
    write('cli2/.xlcfg.json', '{\n  "xenVersion": 4.17,\n  "diagnostics": { "nope": "off" }\n}\n');
    write('cli2/g.cfg', CFG);
    const r = run(['check', 'g.cfg'], path.join(dir, 'cli2'));
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    const file = path.join(dir, 'cli2/.xlcfg.json');
    assert.ok(r.err.includes(`${file}:2:17: error: 'xenVersion' must be one of`), r.err);
    assert.ok(r.err.includes(`${file}:3:20: error: 'nope' is not a diagnostic code`), r.err);
    assert.doesNotMatch(r.err, /internal error/);
  });
  test('include and exclude select files in folders; named files are always checked', () => {
    write('cli3/.xlcfg.json', '{ "include": ["vms/*.conf"], "exclude": ["old"] }');
    write('cli3/vms/a.conf', 'name = "a"\ntype = "pvh"\nkernel = "/k"\n');
    write('cli3/old/b.xl', 'name = "b"\ntype = "pvh"\nkernel = "/k"\n');
    write('cli3/c.xl', 'name = "c"\ntype = "pvh"\nkernel = "/k"\n');
    const r = run(['check', '--format', 'json', '.'], path.join(dir, 'cli3'));
    assert.deepEqual(JSON.parse(r.out).map((e: { file: string }) => e.file).sort(), ['c.xl', 'vms/a.conf']);
    assert.equal(JSON.parse(run(['check', '--format', 'json', 'old/b.xl'], path.join(dir, 'cli3')).out).length, 1);
  });
});

describe('the project file schema', () => {
  const schemaPath = path.join(repoRoot, 'schemas/xlcfg-project.schema.json');
  const shipped = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  test('is the one generated from the code table and the releases (node schemas/generate-project-schema.mjs)', () => {
    assert.deepEqual(shipped, projectFileSchema());
  });
  test('enumerates every diagnostic code, as documented in docs/diagnostics.md', () => {
    const documented = [...fs.readFileSync(path.join(repoRoot, 'docs/diagnostics.md'), 'utf8').matchAll(/^## ([a-z0-9]+(?:-[a-z0-9]+)*)\s*$/gm)].map((m) => m[1]);
    assert.deepEqual(Object.keys(shipped.properties.diagnostics.properties).sort(), [...documented].sort());
    assert.deepEqual([...ALL_CODES].sort(), [...documented].sort());
  });
  test('accepts what the loader accepts and rejects what it rejects', () => {
    const validate = new Ajv({ strict: false }).compile(shipped);
    const good = { xenVersion: 'auto', diagnostics: { 'unknown-key': 'off' }, allowedKeys: ['v'], include: ['*.conf'], exclude: ['old'], maxProblemsPerCode: 0 };
    assert.ok(validate(good), JSON.stringify(validate.errors));
    assert.deepEqual(parseProjectConfig('/f', JSON.stringify(good)).problems, []);
    for (const bad of [{ xenVersion: '4.3' }, { diagnostics: { nope: 'off' } }, { diagnostics: { crlf: 'loud' } }, { other: 1 }, { maxProblemsPerCode: -1 }]) {
      assert.equal(validate(bad), false, JSON.stringify(bad));
      assert.ok(parseProjectConfig('/f', JSON.stringify(bad)).problems.length > 0, JSON.stringify(bad));
    }
  });
  test('VS Code validates .xlcfg.json with it, as JSON with comments', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const v = pkg.contributes.jsonValidation.find((x: { fileMatch: string | string[] }) => [x.fileMatch].flat().includes(PROJECT_FILE_NAME));
    assert.equal(path.resolve(repoRoot, v.url), schemaPath);
    assert.ok(pkg.contributes.languages.some((l: { id: string; filenames?: string[] }) => l.id === 'jsonc' && l.filenames?.includes(PROJECT_FILE_NAME)));
    const ignore = fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!schemas\/\*\*$|^!schemas\/xlcfg-project\.schema\.json$/m, 'the .vsix must carry the schema');
  });
});
