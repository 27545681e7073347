// Outline and breadcrumbs: keys grouped by topic, list items as children (disks by target, vifs
// by bridge), and symbols that VS Code accepts for any file, broken ones included.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentSymbol, knowledge, LanguageService, Range } from '../../server/src/service';
import { topicOf, TOPIC_LABELS } from '../../server/src/service/features/symbols';
import { repoRoot } from '../support/paths';

const service = new LanguageService();
let version = 0;
const symbols = (text: string, uri = 'file:///g.cfg', groupByTopic = true) => service.documentSymbols({ uri, version: ++version, text }, { groupByTopic });
const names = (s: DocumentSymbol[] | undefined) => (s ?? []).map((x) => x.name);

const SAMPLE = `name = "web"
type = "hvm"
memory = 2048
vcpus = 2
disk = [ "phy:/dev/vg/web,xvda,w", "format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/srv/iso/inst.iso", ",hdd:cdrom,r" ]
vif = [ "mac=00:16:3e:00:00:01, bridge=xenbr0", "bridge=xenbr1, model=e1000", "ip=10.0.0.2" ]
pci = [ "0000:01:00.0,permissive=1" ]
vnc = 1
kernel = "/boot/vmlinuz"
gic_version = "v3"
device_model_version = "qemu-xen"
viridian = 1
bogus_key = 1
builder = "hvm"
on_crash = "restart"
vnuma = [ [ "pnode=0", "size=1024" ], [ "pnode=1", "size=1024" ] ]
`;

describe('document symbols', () => {
  test('keys are grouped by topic, in a fixed topic order, keys in file order', () => {
    const groups = symbols(SAMPLE);
    assert.deepEqual(names(groups), ['General', 'Boot', 'Memory and CPU', 'Devices', 'Graphics and console', 'HVM platform', 'Device model', 'Architecture (Arm, x86)', 'Unknown keys']);
    const byName = Object.fromEntries(groups.map((g) => [g.name, names(g.children)]));
    assert.deepEqual(byName['General'], ['name', 'type', 'builder', 'on_crash']);
    assert.deepEqual(byName['Memory and CPU'], ['memory', 'vcpus', 'vnuma']);
    assert.deepEqual(byName['Devices'], ['disk', 'vif', 'pci']);
    assert.deepEqual(byName['Boot'], ['kernel']);
    assert.deepEqual(byName['Unknown keys'], ['bogus_key']);
    for (const g of groups) assert.equal(g.kind, 'namespace');
  });

  test('each disk is named by its target (format prefix stripped), with vdev and access as detail', () => {
    const disk = symbols(SAMPLE).flatMap((g) => g.children ?? []).find((s) => s.name === 'disk')!;
    assert.equal(disk.detail, '3 items');
    assert.deepEqual(names(disk.children), ['/dev/vg/web', '/srv/iso/inst.iso', '(empty cdrom)']);
    assert.deepEqual(disk.children!.map((c) => c.detail), ['xvda · phy · w', 'hdc · raw · ro · cdrom', 'hdd · r · cdrom']);
  });

  test('each vif is named by its bridge, else by its IP or MAC', () => {
    const vif = symbols(SAMPLE).flatMap((g) => g.children ?? []).find((s) => s.name === 'vif')!;
    assert.deepEqual(names(vif.children), ['xenbr0', 'xenbr1', '10.0.0.2']);
    assert.match(vif.children![1].detail!, /model=e1000/);
  });

  test('pci devices by BDF; vnuma nodes by number; plain values by value', () => {
    const all = symbols(SAMPLE).flatMap((g) => g.children ?? []);
    assert.deepEqual(names(all.find((s) => s.name === 'pci')!.children), ['0000:01:00.0']);
    const vnuma = all.find((s) => s.name === 'vnuma')!;
    assert.deepEqual(names(vnuma.children), ['vnode 0', 'vnode 1']);
    assert.equal(vnuma.children![0].detail, 'pnode=0, size=1024');
    assert.deepEqual(names(symbols('cpus = [ "0-3", "^1" ]\nirqs = [ 1, 2 ]\n', 'file:///g.cfg', false).flatMap((s) => s.children ?? [])), ['0-3', '^1', '1', '2']);
  });

  test('details preview values; deprecated keys are marked', () => {
    const all = symbols(SAMPLE).flatMap((g) => g.children ?? []);
    assert.equal(all.find((s) => s.name === 'name')!.detail, '"web"');
    assert.equal(all.find((s) => s.name === 'memory')!.detail, '2048');
    assert.equal(all.find((s) => s.name === 'builder')!.deprecated, true);
    assert.equal(all.find((s) => s.name === 'type')!.deprecated, undefined);
    assert.equal(symbols('extra = "a"\nextra += "b"\n', 'file:///g.cfg', false)[1].detail, '+= "b"');
  });

  test('ranges: the key is the selection, the statement (with a multi-line list) the range', () => {
    const text = 'name = "a"\ndisk = [\n  "/x.img,raw,xvda,w",\n]\n';
    const [name, disk] = symbols(text, 'file:///g.cfg', false);
    assert.deepEqual(name.selectionRange, { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } });
    assert.deepEqual(disk.range, { start: { line: 1, character: 0 }, end: { line: 3, character: 1 } });
    assert.deepEqual(disk.children![0].range, { start: { line: 2, character: 2 }, end: { line: 2, character: 21 } });
  });

  test('a group spans its keys and selects its first key', () => {
    const groups = symbols('name = "a"\nmemory = 1\non_crash = "destroy"\n');
    const general = groups.find((g) => g.name === 'General')!;
    assert.deepEqual(general.range, { start: { line: 0, character: 0 }, end: { line: 2, character: 20 } });
    assert.deepEqual(general.selectionRange, general.children![0].selectionRange);
  });

  test('flat mode lists keys in file order; xl.conf is always flat', () => {
    assert.deepEqual(names(symbols(SAMPLE, 'file:///g.cfg', false)).slice(0, 4), ['name', 'type', 'memory', 'vcpus']);
    assert.deepEqual(names(symbols('autoballoon = "off"\nlockfile = "/x"\n', 'file:///etc/xen/xl.conf')), ['autoballoon', 'lockfile']);
  });

  test('every option of the knowledge tables has a topic, and the topics are all used', () => {
    const used = new Set(knowledge.options.map((o) => topicOf(o)));
    for (const t of Object.keys(TOPIC_LABELS)) if (t !== 'unknown') assert.ok(used.has(t as never), `no key in topic ${t}`);
    assert.equal(topicOf(knowledge.option('vfb')), 'graphics');
    assert.equal(topicOf(knowledge.option('spice')), 'graphics');
    assert.equal(topicOf(knowledge.option('bootloader')), 'boot');
    assert.equal(topicOf(knowledge.option('hpet')), 'hvm');
    assert.equal(topicOf(knowledge.option('stubdomain_memory')), 'device-model');
    assert.equal(topicOf(knowledge.option('mca_caps')), 'arch');
  });

  test('every conformance input gives symbols VS Code accepts (names set, selection inside range)', () => {
    const dir = path.join(repoRoot, 'test', 'conformance', 'cases');
    const files: string[] = [];
    const walk = (d: string) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (e.name.endsWith('.cfg')) files.push(p); } };
    walk(dir);
    const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    const inside = (inner: Range, outer: Range) => le(outer.start, inner.start) && le(inner.end, outer.end);
    let count = 0;
    const visit = (s: DocumentSymbol, file: string) => {
      count++;
      assert.ok(s.name.trim().length > 0, `${file}: empty name`);
      assert.ok(inside(s.selectionRange, s.range), `${file}: ${s.name} selection outside its range`);
      for (const c of s.children ?? []) visit(c, file);
    };
    for (const f of files) for (const s of symbols(fs.readFileSync(f, 'utf8'))) visit(s, path.basename(f));
    assert.ok(count > 1000);
  });
});
