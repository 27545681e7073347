// `check --format sarif` validates against the SARIF 2.1.0 JSON schema as Microsoft's SARIF SDK
// ships it (@microsoft/jest-sarif: sarif-2.1.0-rtm.5.json, the schema of the OASIS 2.1.0
// standard), checked by ajv with the uri and uri-reference formats enforced, for awkward paths:
// spaces, '#', '%', non-ASCII, relative and absolute, and standard input.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { repoRoot } from '../support/paths';
import { SEMANTIC_CODES } from '../../server/src/service/features/diagnostics/codes';

const cli = path.join(repoRoot, 'dist/cli.js');
const schemaFile = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', { paths: [repoRoot] });

let dir: string;
before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-sarif-')); });
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function validator() {
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  assert.match(schema.title, /SARIF\) Version 2\.1\.0/);
  // The shipped schema writes one pattern that only non-unicode regular expressions accept.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

const NAMES = ['plain.cfg', 'with space.cfg', 'hash#1.cfg', 'per%cent.cfg', 'ünïcödé 日本.cfg', 'sub dir/a#b c.cfg', 'colon:first.cfg'];
const BAD = 'name = "a"\ntype = pvh\nmaxcpus = 2\n';

describe('SARIF output', () => {
  const validate = validator();
  const runSarif = (args: string[], cwd: string, input?: string) => {
    const r = spawnSync(process.execPath, [cli, 'check', '--format', 'sarif', ...args], { encoding: 'utf8', cwd, input });
    assert.equal(r.status, 1, r.stderr);
    return JSON.parse(r.stdout);
  };
  const assertValid = (sarif: unknown) => {
    const ok = validate(sarif);
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  };

  test('the validator rejects what it should (an unencoded space or # in a uri)', () => {
    const bad = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a b#c#d' } } }] }] }] };
    assert.equal(validate(bad), false);
  });

  test('relative paths: valid, percent-encoded references against SRCROOT that lead back to each file', () => {
    for (const n of NAMES) { fs.mkdirSync(path.dirname(path.join(dir, n)), { recursive: true }); fs.writeFileSync(path.join(dir, n), BAD); }
    const sarif = runSarif(NAMES, dir);
    assertValid(sarif);
    const run = sarif.runs[0];
    const base = run.originalUriBaseIds.SRCROOT.uri;
    assert.equal(fs.realpathSync(fileURLToPath(base)), fs.realpathSync(dir));
    const found = new Set<string>();
    for (const r of run.results) {
      const loc = r.locations[0].physicalLocation.artifactLocation;
      assert.equal(loc.uriBaseId, 'SRCROOT');
      assert.doesNotMatch(loc.uri, /[ #\u0080-\uffff]/);
      found.add(path.relative(dir, fileURLToPath(new URL(loc.uri, base))));
    }
    assert.deepEqual([...found].sort(), [...NAMES].sort());
  });

  test('absolute paths: valid file: URIs that lead back to each file', () => {
    const abs = NAMES.map((n) => path.join(dir, n));
    const sarif = runSarif(abs, os.tmpdir());
    assertValid(sarif);
    const uris = new Set<string>(sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri));
    assert.deepEqual([...uris].map((u) => fileURLToPath(u)).sort(), [...abs].sort());
  });

  test('checks across a folder: related locations in awkward paths are valid too', () => {
    const folder = path.join(dir, 'fleet #1 ü');
    fs.mkdirSync(folder);
    for (const n of ['a b.cfg', 'c#d.cfg']) fs.writeFileSync(path.join(folder, n), 'name = "same"\ntype = "pvh"\nkernel = "/k"\n');
    const r = spawnSync(process.execPath, [cli, 'check', '--format', 'sarif', 'fleet #1 ü'], { encoding: 'utf8', cwd: dir });
    const sarif = JSON.parse(r.stdout);
    assertValid(sarif);
    const related = sarif.runs[0].results.flatMap((x: { relatedLocations?: unknown[] }) => x.relatedLocations ?? []);
    assert.ok(related.length > 0, 'the duplicate name is reported with the other file as a related location');
  });

  test('paths that cannot be read and bad project files are tool execution notifications; the run is not successful', () => {
    fs.mkdirSync(path.join(dir, 'notes'));
    fs.writeFileSync(path.join(dir, 'notes/ok.cfg'), BAD);
    fs.writeFileSync(path.join(dir, 'notes/.xlcfg.json'), '{\n  "xenVersion": 4\n}\n');
    const r = spawnSync(process.execPath, [cli, 'check', '--format', 'sarif', 'plain.cfg', 'missing #1.cfg', 'notes/ok.cfg'], { encoding: 'utf8', cwd: dir });
    assert.equal(r.status, 2);
    const sarif = JSON.parse(r.stdout);
    assertValid(sarif);
    const inv = sarif.runs[0].invocations[0];
    assert.equal(inv.executionSuccessful, false);
    const notes = inv.toolExecutionNotifications as { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[];
    assert.ok(notes.some((n) => /no such file/.test(n.message.text) && n.locations[0].physicalLocation.artifactLocation.uri === 'missing%20%231.cfg'));
    assert.ok(notes.some((n) => /'xenVersion' must be/.test(n.message.text) && n.locations[0].physicalLocation.region?.startLine === 2));
    assert.ok(sarif.runs[0].results.some((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri === 'plain.cfg'));
    const clean = JSON.parse(spawnSync(process.execPath, [cli, 'check', '--format', 'sarif', 'plain.cfg'], { encoding: 'utf8', cwd: dir }).stdout);
    assert.deepEqual(clean.runs[0].invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  test('a clean run (no results, no rules) is valid too', () => {
    fs.writeFileSync(path.join(dir, 'clean.cfg'), 'name = "a"\ntype = "pvh"\nkernel = "/k"\n');
    const r = spawnSync(process.execPath, [cli, 'check', '--format', 'sarif', 'clean.cfg'], { encoding: 'utf8', cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const sarif = JSON.parse(r.stdout);
    assert.deepEqual([sarif.runs[0].results, sarif.runs[0].tool.driver.rules], [[], []]);
    assertValid(sarif);
  });

  test('standard input, with and without --stdin-filename: valid', () => {
    assertValid(runSarif(['-'], dir, BAD));
    assertValid(runSarif(['--stdin-filename', 'etc/xen/my guest#2.cfg', '-'], dir, BAD));
  });

  test('rules: a short description, a help URI into docs/diagnostics.md and a default level; results point at their rule', () => {
    fs.writeFileSync(path.join(dir, 'rules.cfg'), 'name = "a"\ntype = pvh\nmaxcpus = 2\nmemory = [ 1 ]\n');
    const run = runSarif(['rules.cfg'], dir).runs[0];
    const rules = run.tool.driver.rules as { id: string; shortDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[];
    assert.ok(rules.length >= 3);
    for (const r of rules) {
      assert.ok(r.shortDescription.text.length > 5, r.id);
      assert.equal(r.helpUri, `https://github.com/xen-tooling/xen-xlcfg/blob/main/docs/diagnostics.md#${r.id}`);
      assert.ok(['error', 'warning', 'note'].includes(r.defaultConfiguration.level));
    }
    const unknown = rules.find((r) => r.id === 'unknown-key')!;
    assert.equal(unknown.shortDescription.text, SEMANTIC_CODES['unknown-key']);
    assert.equal(unknown.defaultConfiguration.level, 'warning');
    assert.equal(rules.find((r) => r.id === 'bare-word')!.defaultConfiguration.level, 'error');
    for (const res of run.results) assert.equal(rules[res.ruleIndex].id, res.ruleId);
  });

  test('the run records the tool version and the Xen release judged by, with where it came from', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'rel.cfg'), BAD);
    const flagRun = runSarif(['--xen-version', '4.14', 'rel.cfg'], dir).runs[0];
    assert.equal(flagRun.tool.driver.version, pkg.version);
    assert.deepEqual([flagRun.properties.xenRelease, flagRun.properties.xenReleaseSource], ['4.14', 'flag']);
    const project = path.join(dir, 'proj');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, '.xlcfg.json'), '{ "xenVersion": "4.17" }');
    fs.writeFileSync(path.join(project, 'g.cfg'), BAD);
    const both = runSarif(['rel.cfg', 'proj/g.cfg'], dir);
    assertValid(both);
    const props = both.runs[0].properties;
    assert.equal(props.xenRelease, 'mixed');
    const fromProject = props.xenReleases.find((x: { source: string }) => x.source === 'project-file');
    assert.deepEqual([fromProject.release, fromProject.files, fromProject.detail], ['4.17', 1, path.join(project, '.xlcfg.json')]);
    const other = props.xenReleases.find((x: { source: string }) => x.source !== 'project-file');
    assert.ok(['newest', 'host'].includes(other.source), other.source);
    assert.equal(other.files, 1);
  });
});
