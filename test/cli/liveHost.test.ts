// The host profile from the host itself: on a Xen control domain, `xlcfg check` of the host's own
// /etc/xen judges the guests against `xl info` run there (without a saved xl-info.txt). Elsewhere,
// or for another folder, no profile, and the rules that need one stay silent.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

const cli = path.join(repoRoot, 'dist/cli.js');
const BIG = 'name = "big"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nmemory = 1024\nvcpus = 64\n';

let root: string;
let bin: string;
before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-live-'));
  bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  // A stand-in for xl on this host: `xl info` says 8 CPUs and 16 GiB.
  fs.writeFileSync(path.join(bin, 'xl'), '#!/bin/sh\n[ "$1" = info ] || exit 2\nprintf "host : dom0\\ntotal_memory : 16384\\nnr_cpus : 8\\n"\n', { mode: 0o755 });
  for (const dir of ['etc/xen', 'srv/other']) {
    fs.mkdirSync(path.join(root, dir), { recursive: true });
    fs.writeFileSync(path.join(root, dir, 'big.cfg'), BIG);
  }
});

const check = (folder: string, dom0: boolean) => {
  fs.mkdirSync(path.join(root, 'proc/xen'), { recursive: true });
  fs.writeFileSync(path.join(root, 'proc/xen/capabilities'), dom0 ? 'control_d\n' : '\n');
  const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', path.join(root, folder)],
    { encoding: 'utf8', env: { ...process.env, XLCFG_HOST_ROOT: root, PATH: `${bin}${path.delimiter}${process.env.PATH}` } });
  return (JSON.parse(r.stdout) as { diagnostics: { code: string; message: string }[] }[]).flatMap((f) => f.diagnostics);
};

describe('the host profile from the host itself', () => {
  test("a control domain's own /etc/xen: judged against xl info", () => {
    const found = check('etc/xen', true).filter((d) => d.code === 'vcpus-over-host-cpus');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /8 CPUs \(xl info on this host\)/);
  });
  test('not a control domain, or another folder: no profile, no finding', () => {
    assert.ok(!check('etc/xen', false).some((d) => d.code === 'vcpus-over-host-cpus'));
    assert.ok(!check('srv/other', true).some((d) => d.code === 'vcpus-over-host-cpus'));
  });
});
