// xlcfg check --upgrade-from: what changes for a config when its host moves from one Xen
// release to another, in every output format, with the exit status following --fail-on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

const cli = path.join(repoRoot, 'dist/cli.js');
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, XLCFG_HOST_ROOT: dir } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

let dir: string;
let file: string;
// tee "ffa": refused by 4.17, accepted from 4.18. qemu-xen-traditional: deprecated, refused from 4.21.
const ARM = 'name = "a"\nkernel = "/boot/Image"\nmemory = 512\ngic_version = "v3"\ntee = "ffa"\ndevice_model_version = "qemu-xen-traditional"\n';

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-upgrade-'));
  file = path.join(dir, 'guest.cfg');
  fs.writeFileSync(file, ARM);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('xlcfg check --upgrade-from', () => {
  test('4.17 to 4.22: what 4.22 refuses is an error, what it accepts now a note; the summary says both releases', () => {
    const r = run(['check', '--upgrade-from', '4.17', '--xen-version', '4.22', file]);
    assert.equal(r.code, 1);
    const lines = r.out.trim().split('\n');
    assert.ok(lines.some((l) => /:6:\d+: error: Xen 4\.22 refuses this \(Xen 4\.17 did not\): .*qemu-xen-traditional.*\[unknown-value\]$/.test(l)), r.out);
    assert.ok(lines.some((l) => /:5:\d+: info: fine in Xen 4\.22; Xen 4\.17 said: .*ffa.*\[unknown-value\]$/.test(l)), r.out);
    assert.equal(lines.length, 2, r.out);
    assert.match(r.err, /^1 file\(s\) checked for a move from Xen 4\.17 to Xen 4\.22 \(--xen-version\): 1 error\(s\), 0 warning\(s\), 1 note\(s\)$/m);
  });

  test('the other way: 4.22 to 4.17', () => {
    const r = run(['check', '--upgrade-from', '4.22', '--xen-version', '4.17', file, '--format', 'json']);
    assert.equal(r.code, 1);
    const [result] = JSON.parse(r.out);
    const found = result.diagnostics.map((d: { line: number; severity: string; code: string }) => `${d.line} ${d.severity} ${d.code}`).sort();
    assert.deepEqual(found, ['5 error unknown-value', '6 info unknown-value', '6 warning deprecated-value']);
  });

  test('nothing changes: no findings, exit 0; --fail-on info makes the notes fail', () => {
    const same = path.join(dir, 'same.cfg');
    fs.writeFileSync(same, 'name = "b"\ntype = "pvh"\nkernel = "/k"\nmemory = 512\n');
    const r = run(['check', '--upgrade-from', '4.17', '--xen-version', '4.20', same]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.equal(r.out, '');
    assert.equal(run(['check', '--upgrade-from', '4.17', '--xen-version', '4.20', '--fail-on', 'info', file]).code, 1);
  });

  test('an unknown release, or with --fix, is a usage error (exit 2)', () => {
    const bad = run(['check', '--upgrade-from', '4.99', file]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--upgrade-from: '4\.99' is not a Xen release/);
    assert.equal(run(['check', '--upgrade-from', '4.17', '--fix', file]).code, 2);
  });
});
