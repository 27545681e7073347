// The one write path of `check --fix` and `fmt`: through link chains, keeping mode, owner and
// group, atomically, and refusing (file untouched) where it cannot. The permission cases run the
// CLI as an unprivileged user (uid/gid 65534) through setpriv; where that is impossible (not
// root, no setpriv) they are reported as skipped.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';
import { SafeWriteError, safeWriteFile } from '../../server/src/cli/safeWrite';

const cli = path.join(repoRoot, 'dist/cli.js');
const NOBODY = 65534;
const OTHER_USER = 1000;
const BROKEN = 'name = "g"\ntype = pvh\nkernel = "/k"\n';
const FIXED = 'name = "g"\ntype = "pvh"\nkernel = "/k"\n';
const UNFORMATTED = 'name="g"\ntype   =  "pvh"\nkernel = "/k"\n';

let dir: string;
let cliCopy: string;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-write-'));
  fs.chmodSync(dir, 0o755);
  // The unprivileged user may not read the work tree: it runs a copy of the bundle.
  cliCopy = path.join(dir, 'cli.js');
  fs.copyFileSync(cli, cliCopy);
  fs.chmodSync(cliCopy, 0o755);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const mk = (rel: string, text: string, mode = 0o644) => {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o755 });
  fs.writeFileSync(p, text, { mode });
  fs.chmodSync(p, mode);
  return p;
};
const run = (args: string[], asUser?: number) => {
  const cmd = asUser === undefined ? [process.execPath, cliCopy, ...args]
    : ['setpriv', `--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', process.execPath, cliCopy, ...args];
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const leftovers = (folder: string) => fs.readdirSync(folder).filter((n) => n.includes('.xlcfg-'));

/** Why the unprivileged cases cannot run here, or undefined when they can. */
function cannotDropPrivileges(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to switch to an unprivileged user (uid 65534)';
  const probe = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, '-e', 'process.stdout.write(String(process.getuid()))'], { encoding: 'utf8' });
  if (probe.error || probe.stdout !== String(NOBODY)) return `setpriv cannot run node as uid ${NOBODY} here (${probe.error?.message ?? probe.stderr.trim()})`;
  return undefined;
}

describe('safe writes: links', () => {
  test('check --fix through a chain of two links: the final target is fixed, both links stay links', () => {
    const real = mk('chain/real/g.cfg', BROKEN);
    fs.mkdirSync(path.join(dir, 'chain/auto'));
    fs.symlinkSync('real/g.cfg', path.join(dir, 'chain/middle.cfg'));
    fs.symlinkSync('../middle.cfg', path.join(dir, 'chain/auto/g.cfg'));
    const r = run(['check', '--fix', 'chain/auto/g.cfg']);
    assert.equal(r.code, 0, r.err);
    assert.equal(fs.readFileSync(real, 'utf8'), FIXED);
    assert.ok(fs.lstatSync(path.join(dir, 'chain/auto/g.cfg')).isSymbolicLink());
    assert.equal(fs.readlinkSync(path.join(dir, 'chain/auto/g.cfg')), '../middle.cfg');
    assert.ok(fs.lstatSync(path.join(dir, 'chain/middle.cfg')).isSymbolicLink());
    assert.deepEqual(leftovers(path.join(dir, 'chain/real')), []);
  });
  test('fmt through the same kind of chain behaves the same (one write path)', () => {
    const real = mk('fchain/real/g.cfg', UNFORMATTED);
    fs.symlinkSync('real/g.cfg', path.join(dir, 'fchain/middle.cfg'));
    fs.symlinkSync('middle.cfg', path.join(dir, 'fchain/link.cfg'));
    const r = run(['fmt', 'fchain/link.cfg']);
    assert.equal(r.code, 0, r.err);
    assert.equal(fs.readFileSync(real, 'utf8'), 'name = "g"\ntype = "pvh"\nkernel = "/k"\n');
    assert.ok(fs.lstatSync(path.join(dir, 'fchain/link.cfg')).isSymbolicLink());
  });
  test('a dangling link is refused: no file is created through it, the link is left as it was', () => {
    const link = path.join(dir, 'dangling.cfg');
    fs.symlinkSync('missing/target.cfg', link);
    assert.throws(() => safeWriteFile(link, FIXED), (e: unknown) => e instanceof SafeWriteError && /does not exist/.test(e.message));
    assert.equal(fs.readlinkSync(link), 'missing/target.cfg');
    assert.equal(fs.existsSync(path.join(dir, 'missing')), false);
    const r = run(['check', '--fix', 'dangling.cfg']);
    assert.equal(r.code, 2);
    assert.match(r.err, /dangling\.cfg: .*(broken symbolic link|no such file)/);
    assert.equal(fs.readlinkSync(link), 'missing/target.cfg');
  });
  test('a link loop and what is not a regular file are refused', () => {
    const loop = path.join(dir, 'loop.cfg');
    fs.symlinkSync('loop.cfg', loop);
    assert.throws(() => safeWriteFile(loop, FIXED), /symbolic link loop/);
    fs.mkdirSync(path.join(dir, 'adir'));
    fs.symlinkSync('adir', path.join(dir, 'to-dir.cfg'));
    assert.throws(() => safeWriteFile(path.join(dir, 'to-dir.cfg'), FIXED), /not a regular file/);
    const fifo = path.join(dir, 'pipe.cfg');
    if (spawnSync('mkfifo', [fifo]).status === 0) assert.throws(() => safeWriteFile(fifo, FIXED), /not a regular file/);
  });
  test('a file with two hard links is refused (a rename would leave the other name behind)', () => {
    const a = mk('hard/a.cfg', BROKEN);
    fs.linkSync(a, path.join(dir, 'hard/b.cfg'));
    assert.throws(() => safeWriteFile(a, FIXED), /2 hard links/);
    assert.equal(fs.readFileSync(path.join(dir, 'hard/b.cfg'), 'utf8'), BROKEN);
  });
  test('a file changed since it was read is not overwritten', () => {
    const f = mk('changed.cfg', BROKEN);
    assert.throws(() => safeWriteFile(f, FIXED, { expectedCurrent: 'something else' }), /changed while/);
    assert.equal(fs.readFileSync(f, 'utf8'), BROKEN);
  });
});

describe('safe writes: owner and mode (as root)', () => {
  test('check --fix keeps mode, owner and group of a file owned by another user, and the file is a new inode (atomic rename)', (t) => {
    if (process.getuid?.() !== 0) { t.skip('needs root to give a file to another user'); return; }
    const f = mk('owned/g.cfg', BROKEN, 0o640);
    fs.chownSync(f, OTHER_USER, OTHER_USER);
    const before = fs.statSync(f);
    const r = run(['check', '--fix', 'owned/g.cfg']);
    assert.equal(r.code, 0, r.err);
    const st = fs.statSync(f);
    assert.equal(fs.readFileSync(f, 'utf8'), FIXED);
    assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [OTHER_USER, OTHER_USER, 0o640]);
    assert.notEqual(st.ino, before.ino);
    assert.deepEqual(leftovers(path.dirname(f)), []);
  });
  test('fmt keeps them too', (t) => {
    if (process.getuid?.() !== 0) { t.skip('needs root to give a file to another user'); return; }
    const f = mk('owned-fmt/g.cfg', UNFORMATTED, 0o604);
    fs.chownSync(f, OTHER_USER, 4242);
    assert.equal(run(['fmt', f]).code, 0);
    const st = fs.statSync(f);
    assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [OTHER_USER, 4242, 0o604]);
  });
});

describe('safe writes: refusals as an unprivileged user (file untouched)', () => {
  const skip = cannotDropPrivileges();
  const untouched = (f: string, text: string, uid: number, mode: number) => {
    const st = fs.statSync(f);
    assert.equal(fs.readFileSync(f, 'utf8'), text);
    assert.deepEqual([st.uid, st.mode & 0o7777], [uid, mode]);
    assert.deepEqual(leftovers(path.dirname(f)), []);
  };

  test('a file owned by another user, writable by all, in a folder all may write: refused, the owner could not be kept', (t) => {
    if (skip) { t.skip(skip); return; }
    const folder = path.join(dir, 'shared');
    fs.mkdirSync(folder, { mode: 0o777 });
    fs.chmodSync(folder, 0o777);
    const f = mk('shared/g.cfg', BROKEN, 0o666);
    fs.chownSync(f, OTHER_USER, OTHER_USER);
    const r = run(['check', '--fix', f], NOBODY);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /not fixed: .*belongs to user 1000; only root or its owner can replace it/);
    untouched(f, BROKEN, OTHER_USER, 0o666);
    const r2 = run(['fmt', mk('shared/u.cfg', UNFORMATTED, 0o666)], NOBODY);
    assert.equal(r2.code, 2);
    assert.match(r2.err, /not formatted: .*only root or its owner/);
  });
  test('a read-only file of its own: refused', (t) => {
    if (skip) { t.skip(skip); return; }
    const folder = path.join(dir, 'ro');
    fs.mkdirSync(folder);
    fs.chownSync(folder, NOBODY, NOBODY);
    const f = mk('ro/g.cfg', BROKEN, 0o444);
    fs.chownSync(f, NOBODY, NOBODY);
    const r = run(['check', '--fix', f], NOBODY);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /not fixed: .*read-only \(mode 0444\)/);
    untouched(f, BROKEN, NOBODY, 0o444);
  });
  test('its own file in a folder it cannot write: refused, no atomic write is possible there', (t) => {
    if (skip) { t.skip(skip); return; }
    const f = mk('locked/g.cfg', BROKEN, 0o644);
    fs.chmodSync(path.dirname(f), 0o755); // root's folder
    fs.chownSync(f, NOBODY, NOBODY);
    const r = run(['check', '--fix', f], NOBODY);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /not fixed: cannot write .* atomically: its folder .* is not writable/);
    untouched(f, BROKEN, NOBODY, 0o644);
  });
  test('the same user, its own file in its own folder: written, owner and mode kept', (t) => {
    if (skip) { t.skip(skip); return; }
    const folder = path.join(dir, 'mine');
    fs.mkdirSync(folder);
    fs.chownSync(folder, NOBODY, NOBODY);
    const f = mk('mine/g.cfg', BROKEN, 0o600);
    fs.chownSync(f, NOBODY, NOBODY);
    const r = run(['check', '--fix', f], NOBODY);
    assert.equal(r.code, 0, r.err);
    assert.equal(fs.readFileSync(f, 'utf8'), FIXED);
    const st = fs.statSync(f);
    assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [NOBODY, NOBODY, 0o600]);
  });
});
