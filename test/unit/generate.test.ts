// "Xen: New Guest Config": every combination of the generator's choices gives a config that our
// validator accepts with no error or warning, and that the real xl accepted when it was recorded
// (test/fixtures/generated, written by scripts/record-generated.mjs: `xl -N create` for x86 guests,
// libxlutil's parser only for Arm guests, which an x86 xl cannot dry-run). The recording holds the
// hash of the text it was made from, so a changed generator fails here until it is recorded again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { LanguageService } from '../../server/src/service';
import { parseXlConfig } from '../../server/src/service/parser';
import {
  BootMethod, diskSourcesFor, generateGuest, generatorCombinations, GUEST_TYPES, GuestOptions, GuestOptionsError, macFor, validateGuestOptions,
} from '../../server/src/service/features/generate';
import { repoRoot } from '../support/paths';

const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'generated');
const RECORD = 'node scripts/record-generated.mjs';
const service = new LanguageService();
let n = 0;
const diagnostics = (text: string, name: string) => service.diagnostics({ uri: `file:///etc/xen/${name}-${n++}.cfg`, version: 1, text });
const complaints = (text: string, name: string) => diagnostics(text, name)
  .filter((d) => d.severity === 'error' || d.severity === 'warning')
  .map((d) => `${d.range.start.line + 1}: ${d.severity} ${d.code}: ${d.message}`);
const sha256 = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
const combos = generatorCombinations();

interface Recording { id: string; options: GuestOptions; sha256: string; tool: string; exit: number; messages: string[]; text: string }

describe('the combinations', () => {
  test('cover every type, every boot method it offers, both HVM firmwares, every disk source it allows, with and without a network', () => {
    const ids = new Set(combos.map((c) => c.id));
    assert.equal(ids.size, combos.length, 'ids are unique');
    for (const t of GUEST_TYPES) {
      for (const boot of t.boots) {
        for (const disk of diskSourcesFor(boot)) {
          for (const net of [true, false]) {
            const hits = combos.filter((c) => c.options.type === t.type && c.options.boot === boot && c.options.disk === disk && !!c.options.bridge === net);
            assert.equal(hits.length, t.type === 'hvm' && boot === 'firmware' ? 2 : 1, `${t.type} ${boot} ${disk} ${net}`);
          }
        }
      }
    }
    assert.equal(combos.length, 68);
  });
});

describe('every generated config is clean for our validator', () => {
  for (const { id, options } of combos) {
    test(id, () => {
      const text = generateGuest(options);
      assert.deepEqual(complaints(text, options.name), []);
    });
  }
});

describe('every generated config was accepted by the real xl (recorded)', () => {
  const files = fs.existsSync(FIXTURES) ? fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.xl.json')) : [];
  test('one recording per combination, none left over', () => {
    assert.deepEqual(files.map((f) => f.replace(/\.xl\.json$/, '')).sort(), combos.map((c) => c.id).sort(), `run ${RECORD}`);
  });
  for (const { id, options } of combos) {
    test(id, () => {
      const file = path.join(FIXTURES, `${id}.xl.json`);
      assert.ok(fs.existsSync(file), `no recording for ${id}: run ${RECORD}`);
      const rec = JSON.parse(fs.readFileSync(file, 'utf8')) as Recording;
      const text = generateGuest(options);
      assert.equal(sha256(text), rec.sha256, `the generator's output changed since it was recorded: run ${RECORD}`);
      assert.equal(rec.text, text);
      assert.deepEqual(rec.options, options);
      assert.equal(rec.tool, options.type === 'arm' ? 'xlucfg cfg' : 'xl-dryrun (xl -N create)');
      assert.equal(rec.exit, 0, `xl refused it: ${rec.messages.join(' | ')}`);
      assert.deepEqual(rec.messages, [], 'xl printed warnings');
    });
  }
});

describe('what the config says', () => {
  const values = (o: GuestOptions) => parseXlConfig(generateGuest(o)).effectiveValues();
  const base: GuestOptions = { type: 'pvh', name: 'web01', memory: 2048, vcpus: 4, boot: 'kernel', disk: 'block', bridge: 'br-lan' };

  test('the answers end up in the keys xl reads', () => {
    const v = values(base);
    assert.equal(v.name, 'web01');
    assert.equal(v.type, 'pvh');
    assert.equal(v.memory, '2048');
    assert.equal(v.vcpus, '4');
    assert.deepEqual(v.disk, ['format=raw, vdev=xvda, access=rw, target=/dev/vg0/web01']);
    assert.deepEqual(v.vif, [`mac=${macFor('web01')}, bridge=br-lan`]);
    assert.equal(v.kernel, '/var/lib/xen/boot/vmlinuz');
    assert.equal(v.cmdline, 'root=/dev/xvda1 ro console=hvc0');
  });

  test('boot methods', () => {
    const boot = (o: Partial<GuestOptions>) => { const v = values({ ...base, ...o }); return [v.kernel, v.bootloader, v.firmware]; };
    assert.deepEqual(boot({ boot: 'pygrub' }), [undefined, 'pygrub', undefined]);
    assert.deepEqual(boot({ type: 'pv', boot: 'firmware' }), [undefined, undefined, 'pvgrub64']);
    assert.deepEqual(boot({ type: 'pvh', boot: 'firmware' }), ['/usr/lib/grub-xen/grub-i386-xen_pvh.bin', undefined, undefined]);
    assert.deepEqual(boot({ type: 'hvm', boot: 'firmware', firmware: 'uefi' }), [undefined, undefined, 'uefi']);
    assert.deepEqual(boot({ type: 'hvm', boot: 'firmware' }), [undefined, undefined, 'bios']);
    assert.deepEqual(boot({ kernel: '/srv/k/vmlinuz', ramdisk: '/srv/k/initrd' }), ['/srv/k/vmlinuz', undefined, undefined]);
  });

  test('Arm guests are PVH, and no disk or no network leave the keys out', () => {
    const v = values({ ...base, type: 'arm', disk: 'none', bridge: '' });
    assert.equal(v.type, 'pvh');
    assert.equal(v.disk, undefined);
    assert.equal(v.vif, undefined);
    assert.equal(v.cmdline, 'console=hvc0');
  });

  test('qcow2 images say so, chosen paths are used', () => {
    assert.deepEqual(values({ ...base, disk: 'qcow2-file', diskPath: '/srv/img/w.qcow2' }).disk, ['format=qcow2, vdev=xvda, access=rw, target=/srv/img/w.qcow2']);
    assert.deepEqual(values({ ...base, disk: 'raw-file' }).disk, ['format=raw, vdev=xvda, access=rw, target=/var/lib/xen/images/web01.img']);
  });

  test('HVM guests get a local-only VNC console and a serial console', () => {
    const v = values({ ...base, type: 'hvm', boot: 'firmware' });
    assert.equal(v.vnclisten, '127.0.0.1');
    assert.deepEqual(v.serial, ['pty']);
  });

  test('the MAC address is stable per name, in Xen\'s range, locally unique bit clear', () => {
    assert.equal(macFor('web01'), macFor('web01'));
    assert.notEqual(macFor('web01'), macFor('web02'));
    for (const name of ['a', 'web01', 'x'.repeat(64)]) assert.match(macFor(name), /^00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$/);
  });
});

describe('options that are refused', () => {
  const ok: GuestOptions = { type: 'pv', name: 'ok', memory: 512, vcpus: 1, boot: 'pygrub', disk: 'block', bridge: 'xenbr0' };
  const fields = (o: Partial<GuestOptions>) => validateGuestOptions(o).map((p) => p.field).sort();

  test('the valid baseline passes', () => assert.deepEqual(fields(ok), []));

  test('names that would break the file or a path, markup included', () => {
    for (const name of ['', '-x', 'a b', 'a"b', 'x\ny', '<img src=x onerror=alert(1)>', 'a/b', 'x'.repeat(65), 'é']) {
      assert.deepEqual(fields({ ...ok, name }), ['name'], JSON.stringify(name));
      assert.throws(() => generateGuest({ ...ok, name }), GuestOptionsError);
    }
  });

  test('memory and vCPUs out of range or not whole numbers', () => {
    for (const memory of [0, 31, 1.5, NaN, 17 * 1024 * 1024]) assert.deepEqual(fields({ ...ok, memory }), ['memory'], String(memory));
    for (const vcpus of [0, 129, 2.5, NaN]) assert.deepEqual(fields({ ...ok, vcpus }), ['vcpus'], String(vcpus));
  });

  test('boot methods a type does not have, and disk-less boots that read the disk', () => {
    assert.deepEqual(fields({ ...ok, type: 'hvm', boot: 'pygrub' }), ['boot']);
    assert.deepEqual(fields({ ...ok, type: 'arm', boot: 'firmware' }), ['boot']);
    assert.deepEqual(fields({ ...ok, boot: 'pygrub', disk: 'none' }), ['disk']);
    assert.deepEqual(fields({ ...ok, boot: 'firmware', disk: 'none' }), ['disk']);
    assert.deepEqual(fields({ ...ok, firmware: 'uefi' }), ['firmware'], 'firmware choice is for HVM only');
  });

  test('paths and bridges that a quoted string or a spec would misread', () => {
    for (const diskPath of ['relative.img', '/a b', '/a"b', '/a,b', '/a=b', '/a\\b']) assert.deepEqual(fields({ ...ok, diskPath }), ['diskPath'], diskPath);
    assert.deepEqual(fields({ ...ok, boot: 'kernel', kernel: 'vmlinuz' }), ['kernel']);
    assert.deepEqual(fields({ ...ok, kernel: '/boot/vmlinuz' }), ['kernel'], 'a kernel path with pygrub boot');
    for (const bridge of ['a b', 'x'.repeat(16), 'br,0', 'br"0']) assert.deepEqual(fields({ ...ok, bridge }), ['bridge'], bridge);
  });

  test('garbage from a client does not crash the checks', () => {
    for (const o of [{}, null, 'pvh', { type: 'nope' }, { name: 5, memory: '512', vcpus: null, boot: 'x', disk: 'y' }] as unknown as Partial<GuestOptions>[]) {
      assert.ok(validateGuestOptions(o).length > 0);
      assert.throws(() => generateGuest(o as GuestOptions), GuestOptionsError);
    }
  });
});

describe('any valid answers (property)', () => {
  test('give a config our validator accepts, holding exactly those answers', () => {
    const types = GUEST_TYPES.map((t) => t.type);
    const arb = fc.record({
      type: fc.constantFrom(...types),
      name: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/),
      memory: fc.integer({ min: 32, max: 16 * 1024 * 1024 }),
      vcpus: fc.integer({ min: 1, max: 128 }),
      bootIndex: fc.nat(),
      diskIndex: fc.nat(),
      firmware: fc.constantFrom('bios' as const, 'uefi' as const),
      bridge: fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9_.-]{1,15}$/)),
      diskPath: fc.option(fc.stringMatching(/^(\/[A-Za-z0-9_.-]{1,12}){1,4}$/), { nil: undefined }),
    });
    fc.assert(fc.property(arb, (a) => {
      const info = GUEST_TYPES.find((t) => t.type === a.type)!;
      const boot: BootMethod = info.boots[a.bootIndex % info.boots.length];
      const disks = diskSourcesFor(boot);
      const disk = disks[a.diskIndex % disks.length];
      const o: GuestOptions = { type: a.type, name: a.name, memory: a.memory, vcpus: a.vcpus, boot, disk, bridge: a.bridge };
      if (a.type === 'hvm' && boot === 'firmware') o.firmware = a.firmware;
      if (disk !== 'none' && a.diskPath) o.diskPath = a.diskPath;
      const text = generateGuest(o);
      assert.deepEqual(complaints(text, 'prop'), []);
      const v = parseXlConfig(text).effectiveValues();
      assert.equal(v.name, a.name);
      assert.equal(v.memory, String(a.memory));
      assert.equal(v.vcpus, String(a.vcpus));
      if (o.diskPath) assert.ok(String((v.disk as string[])[0]).endsWith(`target=${o.diskPath}`));
    }), { numRuns: 200 });
  });
});
