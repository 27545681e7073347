// The guest model behind the layer diagram: what a config says about the guest and where each
// of its devices is served; and the diagram's layout of it (client/media/diagram-layout.js).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { LanguageService, knowledge } from '../../server/src/service';
import type { GuestModel } from '../../server/src/service';
import { repoRoot } from '../support/paths';

const service = new LanguageService();
let n = 0;
const model = (text: string, uri = `file:///etc/xen/g${n++}.cfg`): GuestModel => service.guestModel({ uri, version: 1, text });
const sample = (f: string) => model(fs.readFileSync(path.join(repoRoot, 'samples', f), 'utf8'), `file:///samples/${f}`);

// The webview's layout module is plain JavaScript shared with the page.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Layout = require(path.join(repoRoot, 'client', 'media', 'diagram-layout.js')) as {
  stackScene(m: unknown): Scene; ecosystemScene(): Scene; LOCAL_TERMS: Record<string, unknown>; MAX_COLUMNS: number;
};
interface Item { kind: string; id: string; x: number; y: number; w: number; h: number; term?: string; cls?: string; lines?: { text: string; role?: string }[]; points?: number[][]; data?: Record<string, string> }
interface Scene { width: number; height: number; items: Item[] }

const XSS = '<img src=x onerror=alert(1)>';

describe('guest model from the samples', () => {
  test('pvh-guest.cfg: name, type, resources, boot, disks with their backends, vif with its bridge', () => {
    const m = sample('pvh-guest.cfg');
    assert.equal(m.name, 'pvh-db01');
    assert.equal(m.type, 'pvh');
    assert.deepEqual(m.vcpus, { online: 2, max: 4, isDefault: false });
    assert.deepEqual(m.memory, { initial: 4096, max: undefined, isDefault: false });
    assert.deepEqual(m.boot, { method: 'kernel', detail: '/boot/vmlinuz-6.1.0-guest' });
    assert.deepEqual(m.disks.map((d) => [d.vdev, d.format, d.access, d.driver, d.target, d.backend.isDom0]), [
      ['xvda', 'raw', 'rw', 'blkback', '/dev/vg0/pvh-db01-root', true],
      ['xvdb', 'qcow2', 'rw', 'qdisk', '/srv/xen/images/pvh-db01-data.qcow2', true],
    ]);
    assert.deepEqual(m.vifs.map((v) => [v.mac, v.bridge, v.bridgeIsDefault, v.vifname, v.emulated]), [['00:16:3e:4a:10:02', 'xenbr0', false, 'db01.0', false]]);
    assert.deepEqual(m.others.map((o) => [o.kind, o.label]), [['channel', 'org.qemu.guest_agent.0']]);
    assert.deepEqual(m.deviceModel, { where: 'dom0', reasons: ['qdisk disk backend'] }, 'the qcow2 disk needs QEMU in dom0');
    // Ranges point at the spec strings in the file.
    assert.equal(m.disks[1].range.start.line, 25);
  });

  test('hvm-guest.cfg: firmware, emulated devices, a CD-ROM, QEMU in dom0', () => {
    const m = sample('hvm-guest.cfg');
    assert.equal(m.type, 'hvm');
    assert.deepEqual(m.boot, { method: 'firmware', detail: 'SeaBIOS' });
    const cd = m.disks.find((d) => d.cdrom)!;
    assert.deepEqual([cd.vdev, cd.access, cd.target], ['hdc', 'ro', '/srv/iso/installer.iso']);
    assert.equal(m.vifs[0].model, 'e1000');
    assert.equal(m.vifs[0].emulated, true);
    assert.equal(m.deviceModel?.where, 'dom0');
    assert.ok(m.deviceModel?.reasons.includes('emulated PC hardware for an HVM guest'));
  });

  test('arm-guest.cfg is recognised as an Arm guest', () => {
    const m = sample('arm-guest.cfg');
    assert.equal(m.arch, 'arm');
    assert.equal(m.type, 'pvh');
    assert.equal(m.deviceModel, undefined);
  });
});

describe('devices and where they are served', () => {
  test('positional disk specs, prefixes, CD-ROMs and named target= with commas', () => {
    const m = model(`name = "d"
disk = [ 'phy:/dev/vg/d,xvda,w',
         'file:/srv/iso/x.iso,hdc:cdrom,r',
         'tap:aio:/srv/d.img,xvdb,w',
         'qcow2:/srv/d.qcow2,xvdc,w',
         'vdev=xvdd, access=ro, target=/srv/a,b.img' ]
`);
    assert.deepEqual(m.disks.map((d) => [d.target, d.vdev, d.access, d.cdrom, d.format, d.driver]), [
      ['/dev/vg/d', 'xvda', 'rw', false, 'raw', 'blkback'],
      ['/srv/iso/x.iso', 'hdc', 'ro', true, 'raw', 'qdisk'],
      ['/srv/d.img', 'xvdb', 'rw', false, 'raw', 'tapdisk'],
      ['/srv/d.qcow2', 'xvdc', 'rw', false, 'qcow2', 'qdisk'],
      ['/srv/a,b.img', 'xvdd', 'ro', false, 'raw', 'blkback'],
    ]);
  });

  test('backend= names a driver domain; bridge defaults to xenbr0', () => {
    const m = model(`name = "d"
disk = [ "vdev=xvda, backend=stordom, target=/dev/sdb" ]
vif = [ "mac=00:16:3e:00:00:01", "bridge=dmz, backend=netdom" ]
`);
    assert.deepEqual(m.disks[0].backend, { name: 'stordom', isDom0: false });
    assert.deepEqual(m.vifs.map((v) => [v.bridge, v.bridgeIsDefault, v.backend.name, v.backend.isDom0]), [
      ['xenbr0', true, 'Domain-0', true],
      ['dmz', false, 'netdom', false],
    ]);
  });

  test('passthrough goes to the hardware: PCI (positional or bdf=), device tree nodes, IRQs', () => {
    const m = model(`name = "p"
type = "hvm"
pci = [ "0000:03:00.0", "04:00.1@6,permissive=1", "bdf=05:00.0,seize=1" ]
irqs = [ 42 ]
`);
    assert.deepEqual(m.passthrough.map((p) => [p.kind, p.id]), [['pci', '0000:03:00.0'], ['pci', '04:00.1@6'], ['pci', '05:00.0'], ['irq', '42']]);
    const arm = model('name = "a"\ndtdev = [ "/soc/ethernet@ff0e0000" ]\n');
    assert.deepEqual(arm.passthrough.map((p) => [p.kind, p.id]), [['dtdev', '/soc/ethernet@ff0e0000']]);
  });

  test('+= appends devices, a later = replaces them, as xl does', () => {
    const m = model('name = "a"\ndisk = [ "vdev=xvda, target=/a" ]\ndisk += [ "vdev=xvdb, target=/b" ]\nvif = [ "bridge=x" ]\nvif = [ "bridge=y" ]\n');
    assert.deepEqual(m.disks.map((d) => d.vdev), ['xvda', 'xvdb']);
    assert.deepEqual(m.vifs.map((v) => v.bridge), ['y']);
  });

  test('defaults when the file says nothing: PV, xl\'s vCPU and memory defaults, nothing to boot', () => {
    const m = model('name = "bare"\n');
    assert.equal(m.type, 'pv');
    assert.equal(m.typeSource, 'default');
    assert.equal(m.vcpus.online, 1);
    assert.equal(m.vcpus.isDefault, true);
    assert.equal(m.memory.isDefault, true);
    assert.equal(m.memory.initial, Number(knowledge.option('memory')!.default));
    assert.deepEqual(m.boot, { method: 'none' });
    assert.deepEqual([m.disks, m.vifs, m.passthrough, m.others], [[], [], [], []]);
  });

  test('numbers are read like xl reads them (hex and octal)', () => {
    const m = model('name = "n"\nmemory = 0x400\nvcpus = 010\n');
    assert.equal(m.memory.initial, 1024);
    assert.equal(m.vcpus.online, 8);
  });

  test('xl.conf is not a guest', () => {
    assert.equal(model('autoballoon = "off"\n', 'file:///etc/xen/xl.conf').fileKind, 'xl.conf');
  });
});

describe('parse state', () => {
  test('a file with errors: counts, xl\'s verdict, the first error, and what could still be read', () => {
    const m = model('name = "broken"\nmemory = 1024\nvcpus = = 2\n');
    assert.ok(m.problems.errors >= 1);
    assert.equal(m.problems.rejected, true);
    assert.equal(m.problems.first?.line, 2);
    assert.equal(m.name, 'broken');
    assert.equal(m.memory.initial, 1024);
  });

  test('a clean file has no problems', () => {
    const m = model('name = "ok"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nmemory = 512\n');
    assert.deepEqual(m.problems, { errors: 0, warnings: 0, rejected: false, first: undefined });
  });

  test('the document is parsed once per version', () => {
    const s = new LanguageService();
    const input = { uri: 'file:///x.cfg', version: 3, text: 'name = "x"\n' };
    s.diagnostics(input);
    const before = s.parseCount;
    s.guestModel(input);
    s.guestModel(input);
    assert.equal(s.parseCount, before);
  });
});

describe('config text is data, never markup', () => {
  test(`a guest named ${XSS} keeps its name verbatim in the model and in the layout`, () => {
    const m = model(`name = "${XSS}"\nvif = [ "bridge=<b>br</b>" ]\ndisk = [ "vdev=xvda, target=/x\\"><script>alert(1)</script>" ]\n`);
    assert.equal(m.name, XSS);
    assert.equal(m.vifs[0].bridge, '<b>br</b>');
    const scene = Layout.stackScene(JSON.parse(JSON.stringify(m)));
    const nameLine = scene.items.flatMap((i) => i.lines ?? []).find((l) => l.role === 'guest-name');
    assert.equal(nameLine?.text, XSS, 'the layout passes the name on as text, unescaped and unchanged');
    const bridge = scene.items.find((i) => i.data?.kind === 'bridge');
    assert.equal(bridge?.data?.bridge, '<b>br</b>');
  });

  test('the page script never writes markup: no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval', () => {
    for (const f of ['diagram.js', 'diagram-layout.js']) {
      const src = fs.readFileSync(path.join(repoRoot, 'client', 'media', f), 'utf8');
      assert.doesNotMatch(src, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\(\s*['"]on/, f);
    }
  });
});

describe('robustness', () => {
  test('odd values do not break the model', () => {
    const m = model('name = [ "a" ]\nmemory = "lots"\nvcpus = 99999999999999999999\ndisk = [ 1, [ "x" ], "", ",,," ]\nvif = "bridge=x"\npci = [ "" ]\n');
    assert.equal(m.name, undefined);
    assert.equal(m.memory.isDefault, true);
    assert.equal(m.disks.length, 2);
    assert.equal(m.vifs.length, 1);
    assert.doesNotThrow(() => Layout.stackScene(m));
  });

  test('any text gives a model (fuzz)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      const m = model(text);
      assert.ok(Array.isArray(m.disks) && Array.isArray(m.vifs));
      Layout.stackScene(JSON.parse(JSON.stringify(m)));
    }), { numRuns: 300 });
  });

  test('config-like fuzz: device lists of any shape', () => {
    const item = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('vdev=xvda', 'target=', 'backend=', 'phy:', 'bridge=', ','));
    fc.assert(fc.property(fc.array(fc.array(item, { maxLength: 6 }), { maxLength: 8 }), fc.constantFrom('disk', 'vif', 'pci', 'channel', 'dtdev'), (specs, key) => {
      const list = specs.map((parts) => JSON.stringify(parts.join(',')).replace(/\\u[0-9a-f]{4}/g, '')).join(', ');
      const m = model(`name = "f"\n${key} = [ ${list} ]\n`);
      Layout.stackScene(JSON.parse(JSON.stringify(m)));
    }), { numRuns: 300 });
  });
});

// ---------------------------------------------------------------- layout
const boxes = (s: Scene) => s.items.filter((i) => i.kind === 'box');
const overlap = (a: Item, b: Item) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const known = (term: string | undefined) => !!term && (!!knowledge.term(term) || term in Layout.LOCAL_TERMS);

describe('layer diagram layout', () => {
  test('stack of a real guest: every device has a frontend, a backend and an edge between them', () => {
    const m = JSON.parse(JSON.stringify(sample('pvh-guest.cfg')));
    const s = Layout.stackScene(m);
    const kinds = (k: string) => boxes(s).filter((b) => b.data?.kind === k);
    assert.equal(kinds('frontend').length, 4, '2 disks, 1 vif, 1 channel');
    assert.equal(kinds('backend').length, 4);
    assert.deepEqual(kinds('bridge').map((b) => b.data?.bridge), ['xenbr0']);
    for (const f of kinds('frontend')) {
      const back = kinds('backend').find((b) => b.x === f.x)!;
      assert.ok(back && back.y > f.y, `backend below ${f.id}`);
      const edge = s.items.find((e) => e.kind === 'edge' && e.points![0][1] === f.y + f.h && e.points![1][1] === back.y);
      assert.ok(edge, `edge from ${f.id} to ${back.id}`);
    }
    // Layers from top to bottom: guests, dom0, Xen, hardware.
    const band = (id: string) => s.items.find((i) => i.id === id)!;
    assert.ok(band('band-domu').y < band('band-dom0').y && band('band-dom0').y < band('band-xen').y && band('band-xen').y < band('band-hw').y);
  });

  test('PCI passthrough is drawn straight from the guest to the hardware, through the IOMMU', () => {
    const m = JSON.parse(JSON.stringify(model('name = "p"\ntype = "hvm"\npci = [ "03:00.0" ]\ndisk = [ "vdev=xvda, target=/dev/x" ]\n')));
    const s = Layout.stackScene(m);
    const hw = s.items.find((i) => i.data?.kind === 'hw-passthrough')!;
    const hwBand = s.items.find((i) => i.id === 'band-hw')!;
    assert.ok(hw.y >= hwBand.y && hw.y + hw.h <= hwBand.y + hwBand.h, 'the device sits in the hardware layer');
    const edge = s.items.find((i) => i.kind === 'edge' && i.cls?.includes('passthrough'))!;
    assert.equal(edge.points!.at(-1)![1], hw.y);
    const iommu = s.items.find((i) => i.id === 'xen-iommu')!;
    assert.ok(iommu.x <= edge.points![0][0] && edge.points![0][0] <= iommu.x + iommu.w, 'the line crosses the IOMMU box');
    assert.equal(s.items.filter((i) => i.kind === 'box' && i.data?.kind === 'backend').length, 1, 'only the disk has a dom0 backend');
  });

  test('no two boxes overlap (devices sit inside the guest box by design), all inside the scene', () => {
    const models = [null, sample('pvh-guest.cfg'), sample('hvm-guest.cfg'), sample('arm-guest.cfg'),
      model('name = "m"\npci = [ "1:0.0", "2:0.0" ]\nvif = [ "", "", "" ]\ndisk = [ "vdev=xvda, target=/a", "vdev=xvdb, backend=d, target=/b" ]\n')];
    for (const m of models) {
      const s = Layout.stackScene(m && JSON.parse(JSON.stringify(m)));
      const bs = boxes(s).filter((b) => b.id !== 'guest');
      for (let i = 0; i < bs.length; i++) {
        assert.ok(bs[i].x >= 0 && bs[i].y >= 0 && bs[i].x + bs[i].w <= s.width && bs[i].y + bs[i].h <= s.height, `${bs[i].id} inside`);
        for (let j = i + 1; j < bs.length; j++) assert.ok(!overlap(bs[i], bs[j]), `${bs[i].id} overlaps ${bs[j].id}`);
      }
    }
  });

  test('every box and band has a definition: a glossary term or one of the diagram\'s own', () => {
    const scenes = [Layout.stackScene(JSON.parse(JSON.stringify(sample('hvm-guest.cfg')))), Layout.stackScene(null), Layout.ecosystemScene()];
    for (const s of scenes) {
      for (const i of s.items.filter((x) => x.kind === 'box' || x.kind === 'band')) assert.ok(known(i.term), `${i.id} has no definition (${i.term})`);
    }
  });

  test('ecosystem view: the hypervisor, both toolstacks, the umbrella and the distributions, not overlapping', () => {
    const s = Layout.ecosystemScene();
    const terms = new Set(s.items.map((i) => i.term));
    for (const t of ['xen', 'xl', 'libxl', 'xapi', 'xe', 'xen-project', 'linux-foundation', 'xenserver', 'xcp-ng', 'xencenter', 'xen-orchestra']) assert.ok(terms.has(t), t);
    const umbrella = s.items.find((i) => i.id === 'eco-umbrella')!;
    const inside = (b: Item) => b.x >= umbrella.x && b.x + b.w <= umbrella.x + umbrella.w && b.y >= umbrella.y && b.y + b.h <= umbrella.y + umbrella.h;
    const byTerm = (t: string) => boxes(s).find((b) => b.term === t)!;
    assert.ok(inside(byTerm('xen')) && inside(byTerm('xapi')) && inside(byTerm('xl')), 'hypervisor and toolstacks are Xen Project software');
    assert.ok(!inside(byTerm('xenserver')) && !inside(byTerm('xcp-ng')), 'the distributions are built around it');
    const bs = boxes(s);
    for (let i = 0; i < bs.length; i++) for (let j = i + 1; j < bs.length; j++) assert.ok(!overlap(bs[i], bs[j]), `${bs[i].id} overlaps ${bs[j].id}`);
  });

  test('dom0\'s drivers reach over every device served in dom0; storage and network cards sit below them', () => {
    for (const text of ['name = "a"\nvif = [ "" ]\n', 'name = "b"\ndisk = [ "vdev=xvda, target=/a" ]\nvif = [ "", "" ]\npci = [ "1:0.0", "2:0.0", "3:0.0" ]\n']) {
      const s = Layout.stackScene(JSON.parse(JSON.stringify(model(text))));
      const drivers = s.items.find((i) => i.id === 'drivers')!;
      for (const b of boxes(s).filter((x) => x.data?.kind === 'backend')) {
        assert.ok(b.x >= drivers.x && b.x + b.w <= drivers.x + drivers.w, `${b.id} above the drivers box`);
      }
      const storage = s.items.find((i) => i.id === 'hw-storage')!, nic = s.items.find((i) => i.id === 'hw-nic')!;
      assert.ok(storage.w >= 100 && nic.w >= 100, 'wide enough to read');
      const nicEdge = s.items.find((i) => i.id === 'edge-hw-nic')!;
      assert.ok(nicEdge.points![0][0] > nic.x && nicEdge.points![0][0] < nic.x + nic.w, 'the edge lands on the network cards');
    }
  });

  test('many devices: at most MAX_COLUMNS columns, the rest summed up in one box', () => {
    const disks = Array.from({ length: 40 }, (_, i) => `"vdev=xvd${String.fromCharCode(97 + (i % 26))}${i}, target=/d/${i}"`).join(', ');
    const s = Layout.stackScene(JSON.parse(JSON.stringify(model(`name = "big"\ndisk = [ ${disks} ]\n`))));
    const fronts = boxes(s).filter((b) => b.data?.kind === 'frontend' || b.data?.kind === 'more');
    assert.equal(fronts.length, Layout.MAX_COLUMNS);
    assert.equal(boxes(s).find((b) => b.data?.kind === 'more')?.lines?.[0].text, `+${40 - Layout.MAX_COLUMNS + 1} more`);
  });
});
