// Completion: keys by relevance for the guest type, values, spec sub-keys per device kind.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/service';

const service = new LanguageService();
let n = 0;
function completeAt(textWithCursor: string, settings?: ConstructorParameters<typeof LanguageService>[1]) {
  const s = settings ? new LanguageService(undefined, settings) : service;
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const before = text.slice(0, offset);
  return s.completion({ uri: `file:///c/${n++}.cfg`, version: 1, text }, { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) });
}
const labels = (items: { label: string }[]) => items.map((i) => i.label);

describe('key completion', () => {
  test('offers keys not yet set, inserting key = with the right shape', () => {
    const items = completeAt('name = "a"\ntype = "hvm"\n|');
    assert.ok(!labels(items).includes('name'));
    const disk = items.find((i) => i.label === 'disk')!;
    assert.match(disk.insertText!, /^disk = \[ '/);
    const acpi = items.find((i) => i.label === 'acpi')!;
    assert.match(acpi.insertText!, /^acpi = \$\{1\|1,0\|\}/);
  });
  test('an HVM guest sees HVM options before PV ones, and PV-only ones not at all', () => {
    const items = completeAt('type = "hvm"\n|');
    assert.ok(!labels(items).includes('bootloader'), 'bootloader is PV/PVH only');
    const sorted = [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    const at = (k: string) => sorted.findIndex((i) => i.label === k);
    assert.ok(at('acpi') >= 0 && at('max_grant_frames') >= 0);
    assert.ok(at('acpi') < at('max_grant_frames'), 'an HVM-only option ranks above a generic one');
  });
  test('deprecated keys are tagged', () => {
    const items = completeAt('|');
    assert.equal(items.find((i) => i.label === 'builder')?.deprecated, true);
  });
  test('xlcfg.xenVersion hides keys the chosen release lacks', () => {
    const all = labels(completeAt('|'));
    const old = labels(completeAt('|', { xenVersion: '4.4' }));
    assert.ok(all.includes('type'));
    assert.ok(!old.includes('type'), 'type arrived after 4.4');
  });
});

describe('key completion order', () => {
  const firstTen = (text: string, settings?: ConstructorParameters<typeof LanguageService>[1]) =>
    labels([...completeAt(text, settings)].sort((a, b) => a.sortText!.localeCompare(b.sortText!))).slice(0, 10);
  // The first ten keys offered for a new line of each kind of guest (data/completion.yaml).
  const cases: [string, string, string[]][] = [
    ['PV', 'type = "pv"\n|', ['name', 'memory', 'vcpus', 'kernel', 'ramdisk', 'extra', 'root', 'bootloader', 'disk', 'vif']],
    ['PVH', 'type = "pvh"\n|', ['name', 'memory', 'vcpus', 'kernel', 'ramdisk', 'extra', 'root', 'bootloader', 'disk', 'vif']],
    ['HVM', 'type = "hvm"\n|', ['name', 'memory', 'vcpus', 'disk', 'vif', 'firmware', 'boot', 'vnc', 'vnclisten', 'serial']],
    ['Arm', 'gic_version = "v3"\n|', ['name', 'type', 'memory', 'vcpus', 'kernel', 'ramdisk', 'extra', 'device_tree', 'disk', 'vif']],
  ];
  for (const [what, text, expected] of cases) {
    test(`${what}: the common keys first`, () => assert.deepEqual(firstTen(text, { xenVersion: '4.22' }), expected));
  }
  test('Arm-only keys are offered only for Arm guests, x86-only ones not for Arm', () => {
    const pvh = labels(completeAt('type = "pvh"\n|'));
    for (const k of ['gic_version', 'dtdev', 'sve', 'nr_spis', 'tee']) assert.ok(!pvh.includes(k), `${k} offered for an x86 PVH guest`);
    assert.ok(pvh.includes('pvshim'), 'pvshim is for x86 PVH guests');
    const arm = labels(completeAt('type = "pvh"\n|', { arch: 'arm' }));
    assert.ok(arm.includes('dtdev') && !arm.includes('pvshim'), 'with xlcfg.arch = arm: Arm keys, no x86 ones');
  });
  test('keys already set are not offered again, but for lists, which += extends', () => {
    const items = completeAt('name = "a"\ntype = "pvh"\ndisk = [ "phy:/dev/vg/a,xvda,w" ]\n|');
    assert.ok(!labels(items).includes('name') && !labels(items).includes('type'));
    const disk = items.find((i) => i.label === 'disk')!;
    assert.match(disk.insertText!, /^disk \+= \[/);
    assert.match(disk.detail!, /\+=/);
    const sorted = [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    assert.ok(sorted.findIndex((i) => i.label === 'disk') > sorted.findIndex((i) => i.label === 'vif'), 'a list already set comes after the keys not yet set');
  });
  test('disk parameters: the table order, COLO last', () => {
    const sorted = [...completeAt('disk = [ "|')].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);
    assert.deepEqual(sorted.slice(0, 4), ['vdev=', 'target=', 'format=', 'access=']);
    const colo = sorted.indexOf('colo');
    assert.ok(colo > sorted.indexOf('discard') && colo > sorted.indexOf('script='), 'COLO after the everyday parameters');
  });
});

describe('value completion', () => {
  test('type values, quoted', () => {
    assert.deepEqual(labels(completeAt('type = |')).slice(0, 3).sort(), ['"hvm"', '"pv"', '"pvh"']);
  });
  test('booleans as 0/1', () => {
    assert.deepEqual(labels(completeAt('acpi = |')).sort(), ['0', '1']);
  });
  test('a fresh UUID for uuid', () => {
    assert.match(labels(completeAt('uuid = |'))[0], /^"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$/);
  });
});

describe('spec string completion', () => {
  test("after vif = [ 'bridge=xenbr0, : vif sub-keys and not disk ones", () => {
    const l = labels(completeAt("vif = [ 'bridge=xenbr0,|"));
    assert.ok(l.includes('mac='));
    assert.ok(l.includes('model='));
    assert.ok(!l.includes('bridge='), 'already given');
    assert.ok(!l.includes('vdev='), 'vdev is a disk sub-key');
  });
  test('disk sub-keys inside a disk spec', () => {
    const l = labels(completeAt("disk = [ 'format=raw,|"));
    assert.ok(l.includes('vdev='));
    assert.ok(!l.includes('bridge='));
  });
  test("a fresh MAC in Xen's range for mac=", () => {
    const [mac] = labels(completeAt("vif = [ 'bridge=xenbr0,mac=|"));
    assert.match(mac, /^00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$/);
  });
  test('sub-key values', () => {
    assert.ok(labels(completeAt("disk = [ 'format=|")).includes('qcow2'));
  });
  test('on a later line of a multi-line list', () => {
    const l = labels(completeAt("vif = [ 'bridge=xenbr0',\n        'bridge=xenbr1,|\n]\n"));
    assert.ok(l.includes('mac='));
  });
});

describe('xlcfg.xenVersion and values', () => {
  test('values the chosen release lacks are hidden', () => {
    const master = labels(completeAt('viridian = [ "|'));
    const old = labels(completeAt('viridian = [ "|', { xenVersion: '4.14' }));
    assert.ok(master.includes('ex_processor_masks'));
    assert.ok(!old.includes('ex_processor_masks'), 'read from 4.15');
    assert.ok(old.includes('hcall_ipi'));
  });
  test('a removed value is offered up to its last release, with its own note, and hidden after', () => {
    const item = (release: '4.20' | '4.21') => completeAt('device_model_version = |', { xenVersion: release }).find((i) => i.label === '"qemu-xen-traditional"');
    assert.match(item('4.20')?.detail ?? '', /removed in 4\.21 \(xl refuses it\)/);
    assert.equal(item('4.21'), undefined);
    const ffa = (release: '4.17' | '4.18') => completeAt('tee = "|', { xenVersion: release }).find((i) => i.label === 'ffa');
    assert.equal(ffa('4.17'), undefined);
    assert.match(ffa('4.18')?.detail ?? '', /since 4\.18/);
  });
  test('sub-keys and their values follow the chosen release', () => {
    const p9 = (release: '4.18' | '4.19') => labels(completeAt("p9 = [ 'tag=share,|", { xenVersion: release }));
    assert.ok(!p9('4.18').includes('type='));
    assert.ok(p9('4.19').includes('type='));
    const vif = completeAt("vif = [ 'bridge=xenbr0,|", { xenVersion: '4.22' }).find((i) => i.label === 'vlan=');
    assert.match(vif?.detail ?? '', /since 4\.19/);
    assert.ok(!labels(completeAt("vif = [ 'bridge=xenbr0,|", { xenVersion: '4.18' })).includes('vlan='));
    const formats = (release: '4.8' | '4.9') => labels(completeAt("disk = [ 'format=|", { xenVersion: release }));
    assert.ok(!formats('4.8').includes('qed') && formats('4.9').includes('qed'));
  });
});
