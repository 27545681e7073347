// `auto` and the precedence order of the Xen release, with host detection on fake roots:
// a control domain, a machine with Xen's tools but no hypervisor, and a machine with no Xen.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeReleaseChoice, detectHostRelease, isControlDomain, ReleaseChoiceError, resolveXenRelease } from '../../server/src/host/release';
import { NEWEST_RELEASE } from '../../server/src/service/knowledge';

/** A fake root with the given files (path → content; a trailing '/' makes a folder). */
function fakeRoot(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-root-'));
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, rel);
    if (rel.endsWith('/')) { fs.mkdirSync(full, { recursive: true }); continue; }
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return root;
}

const DOM0 = { 'proc/xen/capabilities': 'control_d\n' };
const DOMU = { 'proc/xen/capabilities': '\n' };

describe('host release detection', () => {
  test('a Debian control domain: the release of /usr/lib/xen-4.X that holds xl', () => {
    const root = fakeRoot({ ...DOM0, 'usr/lib/xen-4.17/bin/xl': '', 'usr/lib/xen-4.20/bin/xl': '', 'usr/lib/xen-4.21/': '' });
    assert.deepEqual(detectHostRelease(root), { release: '4.20', evidence: '/usr/lib/xen-4.20' });
  });

  test('a control domain with libxenlight in a multiarch folder', () => {
    const root = fakeRoot({ ...DOM0, 'usr/lib/x86_64-linux-gnu/libxenlight.so.4.19.0': '', 'usr/lib/x86_64-linux-gnu/libxenlight.so': '' });
    assert.equal(detectHostRelease(root)?.release, '4.19');
  });

  test('a control domain with libxenlight in /usr/lib64 (Fedora, openSUSE)', () => {
    const root = fakeRoot({ ...DOM0, 'usr/lib64/libxenlight.so.4.18': '' });
    assert.deepEqual(detectHostRelease(root), { release: '4.18', evidence: '/usr/lib64/libxenlight.so.4.18' });
  });

  test('a control domain whose tools cannot be found: the hypervisor version', () => {
    const root = fakeRoot({ ...DOM0, 'sys/hypervisor/version/major': '4\n', 'sys/hypervisor/version/minor': '16\n' });
    assert.equal(detectHostRelease(root)?.release, '4.16');
  });

  test('releases outside the table: older reads as 4.4, newer as master', () => {
    assert.equal(detectHostRelease(fakeRoot({ ...DOM0, 'usr/lib64/libxenlight.so.4.2.0': '' }))?.release, '4.4');
    assert.equal(detectHostRelease(fakeRoot({ ...DOM0, 'usr/lib64/libxenlight.so.4.23.0': '' }))?.release, 'master');
  });

  test("Xen's tools without a hypervisor, a guest, and no Xen at all: no host release", () => {
    const tools = { 'usr/lib/xen-4.17/bin/xl': '', 'usr/lib/x86_64-linux-gnu/libxenlight.so.4.17.0': '' };
    assert.equal(isControlDomain(fakeRoot(tools)), false);
    assert.equal(detectHostRelease(fakeRoot(tools)), undefined);
    assert.equal(detectHostRelease(fakeRoot({ ...DOMU, ...tools })), undefined);
    assert.equal(detectHostRelease(fakeRoot({})), undefined);
  });
});

describe('resolveXenRelease: flag > project file > editor setting > host > newest', () => {
  const dom0 = fakeRoot({ ...DOM0, 'usr/lib/xen-4.17/bin/xl': '' });
  const plain = fakeRoot({ 'usr/lib/xen-4.17/bin/xl': '' });
  const project = { value: '4.19', file: '/srv/xen/.xlcfg.json' };

  test('each layer wins over the ones after it', () => {
    assert.deepEqual(resolveXenRelease({ flag: '4.14', projectFile: project, editorSetting: '4.18', root: dom0 }), { release: '4.14', source: 'flag', detail: '--xen-version' });
    assert.deepEqual(resolveXenRelease({ projectFile: project, editorSetting: '4.18', root: dom0 }), { release: '4.19', source: 'project-file', detail: project.file });
    assert.deepEqual(resolveXenRelease({ editorSetting: '4.18', root: dom0 }), { release: '4.18', source: 'editor-setting', detail: 'xlcfg.xenVersion' });
    assert.deepEqual(resolveXenRelease({ root: dom0 }), { release: '4.17', source: 'host', detail: '/usr/lib/xen-4.17' });
    assert.deepEqual(resolveXenRelease({ root: plain }), { release: NEWEST_RELEASE, source: 'newest' });
  });

  test('auto at any layer passes the choice on', () => {
    assert.equal(resolveXenRelease({ flag: 'auto', projectFile: { value: 'auto', file: 'x' }, editorSetting: 'auto', root: dom0 }).source, 'host');
    assert.equal(resolveXenRelease({ flag: 'auto', editorSetting: 'auto', root: plain }).release, NEWEST_RELEASE);
  });

  test('auto never picks master off a control domain', () => {
    assert.notEqual(resolveXenRelease({ root: plain }).release, 'master');
    assert.equal(NEWEST_RELEASE, '4.22');
  });

  test('an unknown release name is an error that names where it came from', () => {
    assert.throws(() => resolveXenRelease({ flag: '4.99' }), (e: unknown) => e instanceof ReleaseChoiceError && /--xen-version: '4.99'/.test(e.message) && /auto/.test(e.message));
    assert.throws(() => resolveXenRelease({ projectFile: { value: 'xen4', file: '/a/.xlcfg.json' } }), /\/a\/\.xlcfg\.json: 'xen4'/);
  });

  test('the description says the release and why', () => {
    assert.equal(describeReleaseChoice(resolveXenRelease({ root: dom0 })), "Xen 4.17 (the host's xl: /usr/lib/xen-4.17)");
    assert.match(describeReleaseChoice(resolveXenRelease({ root: plain })), /^Xen 4\.22 \(the newest release/);
  });
});
