#!/usr/bin/env node
// Held-out check of the validator against the real xl's (needs ../shared/oracle and a test build
// in out/: npm run -s build && npx tsc -p tsconfig.test.json). Makes random configs that are
// not in test/semantic (random values for the main keys, random device specs, random mixes of
// the keys that interact, and random shapes for every key of the knowledge table), runs the
// dry run of each release with an oracle (4.17, 4.20; scripts/xl-oracles.mjs) on each, and holds
// our diagnostics, judged with xenVersion = that release, to the rules of test/support/xlAgreement.ts.
//
//   node scripts/semantic-fuzz.mjs [SEED] [COUNT] [--xen=4.20]
//   node scripts/semantic-fuzz.mjs [SEED] [COUNT] --oracle-diff   # configs the releases' xl's answer differently
//
// Prints each disagreement with its config; exit 1 if there is any. Writes only to a
// temporary folder.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { requireOracles, runOracle, selectedReleases } from './xl-oracles.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
let service, judge, kb;
try {
  ({ LanguageService: service } = require(path.join(ROOT, 'out/server/src/service/index.js')));
  ({ judge } = require(path.join(ROOT, 'out/test/support/xlAgreement.js')));
  kb = require(path.join(ROOT, 'out/server/src/service/knowledge/generated/knowledge.json'));
} catch {
  console.error('semantic-fuzz: build the tests first: npm run -s build && npx tsc -p tsconfig.test.json');
  process.exit(2);
}
const releases = selectedReleases(process.argv, 'semantic-fuzz');
requireOracles(releases, ['xl-dryrun'], 'semantic-fuzz');

const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--xen');
let seed = Number(positional[0] ?? 1);
const N = Number(positional[1] ?? 400);
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const pick = (a) => a[Math.floor(rnd() * a.length)];
const maybe = (p, v) => (rnd() < p ? v() : undefined);
const q = (s) => JSON.stringify(s);
const caseVar = (s) => { const r = rnd(); return r < 0.15 ? s.toUpperCase() : r < 0.25 ? s[0].toUpperCase() + s.slice(1) : s; };
const lines = (o) => Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n';

// ---- 1. random values for the main keys
const BASES = {
  pv: { name: '"h-pv"', type: '"pv"', memory: '512', vcpus: '2', kernel: '"/boot/vmlinuz"', disk: '[ "phy:/dev/vg/a,xvda,w" ]', vif: '[ "bridge=xenbr0" ]' },
  pvh: { name: '"h-pvh"', type: '"pvh"', memory: '1024', vcpus: '2', kernel: '"/boot/vmlinuz"', disk: '[ "vdev=xvda,target=/img/a" ]' },
  hvm: { name: '"h-hvm"', type: '"hvm"', memory: '2048', vcpus: '2', disk: '[ "file:/img/a,hda,w" ]', vif: '[ "type=ioemu,bridge=xenbr0" ]' },
};
const diskTok = ['phy:/dev/vg/x', '/img/y', 'file:/img', 'tap:aio:/i', 'qcow2:/q', 'xvda', 'hdb', 'hdc:cdrom', 'w', 'r', 'rw', 'ro', 'raw', 'qcow2', 'vhd', '', 'vdev=xvdb', 'format=raw', 'format=qed', 'format=Raw', 'access=r', 'access=w ', 'target=/t', 'devtype=cdrom', 'cdrom', 'backendtype=phy', 'backendtype=tap', 'backend=dom1', 'script=/s', 'discard', 'direct-io-safe', 'specification=xen', 'vdev=xvdc ', 'x=y', 'no-discard', 'colo', 'trusted', 'untrusted', 'grant_usage=1', 'grant_usage=0', 'grant_usage=2'];
const vifTok = ['bridge=xenbr0', 'mac=00:16:3e:00:00:01', 'mac=00:16:3e:00:00', 'mac=aa:bb', 'mac=00:16:3E:AB:CD:EF', 'model=e1000', 'model=virtio-net', 'type=vif', 'type=ioemu', 'type=Vif', 'rate=5MB/s', 'rate=100Kb/s@10ms', 'rate=5mB/s', 'rate=1Gb/s@1s', 'rate=10Mb/s@5us', 'rate=2Mb', 'vifname=v1', 'script=vif-route', 'ip=10.0.0.1', 'backend=dd', 'gatewaydev=eth0', 'devid=2', 'devid=x', 'mtu=1500', 'mtu=9k', 'trusted', 'untrusted', 'foo=1', 'bridge', ' bridge=xenbr1', 'forwarddev=eth1', 'accel=1', 'vlan=10', 'vlan=10p/20t', 'vlan='];
const pciTok = ['0000:03:00.0', '03:00.1', '3:0.2', '0000:0g:00.0', '00:1f.7', '00:1f.8', '0:0:0:0.0', '00:00.*', '01:00.0@3', '01:00.0@20', 'permissive=1', 'msitranslate=1', 'seize=0', 'power_mgmt=1', 'rdm_policy=strict', 'rdm_policy=Relaxed', 'rdm_policy=x', 'vslot=4', 'bdf=02:00.0', 'name=nic', 'foo=2', 'permissive'];
const cpuTok = ['0', '1', '2-3', '^1', 'all', 'nodes:0', 'node:0', '^node:0', '7', '8', '12', '0-7', 'x', '3-1', ' 1', '1 ', '', 'nodes:2', '^all', '01', '0x2'];
const val = {
  memory: () => pick(['256', '"1024"', '0x800', '"1G"', '"512 "', '4096', '"-5"', '010', '09', '0', '[ 512 ]']),
  maxmem: () => pick(['4096', '1024', '512', '"2G"', '8192']),
  vcpus: () => pick(['1', '4', '8', '16', '0', '"-2"', '"x"', '[ 2 ]']),
  maxvcpus: () => pick(['1', '2', '4', '8', '"9"']),
  type: () => pick(['"pv"', '"pvh"', '"hvm"', '"HVM"', '"hv"', '"pvhx"', '"xen"']),
  on_crash: () => q(caseVar(pick(['destroy', 'restart', 'preserve', 'coredump-restart', 'rename-restart', 'soft-reset', 'reboot']))),
  on_poweroff: () => q(caseVar(pick(['destroy', 'restart', 'shutdown']))),
  vga: () => q(caseVar(pick(['stdvga', 'cirrus', 'none', 'qxl', 'vga']))),
  bios: () => q(caseVar(pick(['seabios', 'rombios', 'ovmf', 'uefi']))),
  tsc_mode: () => pick(['0', '2', '3', '4', q(caseVar(pick(['default', 'native', 'native_paravirt', 'always_emulate', 'pvrdtscp'])))]),
  timer_mode: () => pick(['0', '3', '5', q(caseVar(pick(['delay_for_missed_ticks', 'one_missed_tick_pending', 'none'])))]),
  acpi: () => pick(['1', '0', '"1"', '"on"', '2', '[1]']),
  pae: () => pick(['1', '"true"']),
  hap: () => pick(['1', '"no"']),
  viridian: () => pick(['1', '0', '[ "defaults" ]', '[ "all", "!stimer" ]', '[ "Synic" ]', '[ "base", "bogus" ]', '"defaults"']),
  hdtype: () => q(caseVar(pick(['ide', 'ahci', 'sata']))),
  altp2m: () => pick(['0', '2', '4', q(caseVar(pick(['external', 'limited', 'off'])))]),
  cpus: () => rnd() < 0.3 ? `[ ${Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => q(pick(cpuTok))).join(', ')} ]` : q(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(cpuTok)).join(',')),
  cpus_soft: () => q(Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => pick(cpuTok)).join(',')),
  disk: () => `[ ${Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => q(Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(diskTok)).join(','))).join(', ')} ]`,
  vif: () => `[ ${Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => q(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(vifTok)).join(','))).join(', ')} ]`,
  pci: () => `[ ${q([pick(pciTok), ...(rnd() < 0.6 ? [pick(pciTok)] : [])].join(','))} ]`,
  uuid: () => pick(['"6f3b2b1a-1d2e-4c5b-9a8f-7e6d5c4b3a21"', '"6F3B2B1A-1D2E-4C5B-9A8F-7E6D5C4B3A21"', '"6f3b2b1a1d2e4c5b9a8f7e6d5c4b3a21"', '"xyz"']),
  kernel: () => pick(['"/boot/vmlinuz"', '""', '[ "/k" ]']),
  firmware: () => pick(['"pvgrub32"', '"pvgrub64"', '"uefi"', '"bios"', '"/usr/lib/xen/boot/ovmf.bin"', '"pvgrub"']),
  bootloader: () => pick(['"pygrub"', '"/usr/bin/pygrub"']),
  builder: () => pick(['"hvm"', '"generic"', '"linux"', '"h"']),
  channel: () => `[ ${q(pick(['connection=pty', 'connection=socket,path=/s', 'connection=socket', 'name=a', 'connection=pty,name=x,extra=1', 'connection = pty']))} ]`,
  vtpm: () => `[ ${q(pick(['backend=0', 'backend=vtpm,uuid=6f3b2b1a-1d2e-4c5b-9a8f-7e6d5c4b3a21', 'uuid=xx,backend=0', 'backend=0,type=x', '']))} ]`,
  vkb: () => `[ ${q(pick(['backend-type=qemu', 'backend-type=Linux', 'backend=0', 'backend-type=linux,width=800,height=600', 'backend-type=x']))} ]`,
  ioports: () => `[ ${q(pick(['3f8', '3f8-3ff', 'zz', '3f8-', '10000', '3f8x']))} ]`,
  irqs: () => `[ ${pick(['4', '"4"', '"04"', '"4a"', '"0x4"', '"4294967296"'])} ]`,
  iomem: () => `[ ${q(pick(['a0000,20', 'a0000,20@1000', 'a0000', 'a0000,20@', 'A0000,20', 'a0000,20,']))} ]`,
  cpuid: () => pick(['"host,avx=0"', '"host,avx512f=0,lm=1"', '"host,AVX=0"', '"host,avx"', '"avx=0"', '[ "0x80000001:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ]', '[ "1:eax=xxxx" ]']),
  usbctrl: () => `[ ${q(pick(['type=pv,version=3', 'type=auto', 'type=qusb,ports=40', 'type=usb3', 'version=2,ports=8']))} ]`,
  device_model_version: () => q(pick(['qemu-xen', 'qemu-xen-traditional', 'Qemu-Xen', 'qemu-upstream'])),
  max_grant_frames: () => pick(['32', '"64"', '"-2"', '"big"', '2147483648']),
  maxcpus: () => '2', extra: () => '"console=hvc0"', root: () => '"/dev/xvda"', cmdline: () => '"ro"',
  rdm: () => pick(['"strategy=host"', '"strategy=host,policy=strict"', '"policy=x"', '"strategy=Host"']),
  vnclisten: () => pick(['"127.0.0.1"', '"0.0.0.0:2"']), vncdisplay: () => pick(['1', '0']),
  name: () => pick(['"n"', '""', '[ "n" ]']),
};
const valueKeys = Object.keys(val);
function values() {
  const cfg = { ...BASES[pick(Object.keys(BASES))] };
  for (let k = 0, n = 1 + Math.floor(rnd() * 3); k < n; k++) { const key = pick(valueKeys); if (rnd() < 0.07 && key in cfg) delete cfg[key]; else cfg[key] = val[key](); }
  return lines(cfg);
}

// ---- 2. random device specs
const T = {
  channel: ['connection=pty', 'connection=socket', 'path=/run/x', 'name=org.x', 'backend=0', 'connection=Socket', ' connection=pty', 'conection=pty', 'name', '', 'path=', 'connection=pty=x', '=x', 'name=a=b', 'name==b'],
  vtpm: ['backend=0', 'uuid=6f3b2b1a-1d2e-4c5b-9a8f-7e6d5c4b3a21', 'uuid=x', 'backend', ' backend=1', 'Backend=0', ''],
  p9: ['tag=t', 'path=/p', 'security_model=none', 'backend=0', 'security_model=mapped', 'type=qemu', 'tag', ' tag=t', '', 'type=xen_9pfsd', 'type=x', 'max-files=10', 'max-open-files=x', 'max-space=1', 'auto-delete=1', 'path=', 'tag = t', '=x'],
  virtio: ['backend=0', 'type=virtio,device22', 'type=virtio', 'transport=mmio', 'transport=pci', 'transport=MMIO', 'grant_usage=1', 'grant_usage=x', 'foo=bar', 'junk', ' type=virtio,device1', '', 'bdf=00:01.0'],
  smbios: ['bios_vendor=X', 'oem=y', 'colour=blue', 'bios_vendor', 'bios_vendor=', 'BIOS_VENDOR=x', 'system_product_name=p', 'oem=a=b', ' oem=z'],
  llc_colors: ['0-3', '8', 'x', '4-1', '', '0x10', ' 3', '2-'],
  pvcalls: ['backend=0', 'backend', 'be=0', ''],
  vkb: ['backend-type=qemu', 'backend-type=linux', 'backend=0', 'unique-id=k', 'feature-abs-pointer=1', 'width=800', 'height=x', 'multi-touch-width=10', 'multi-touch-height=10', 'multi-touch-num-contacts=2', 'feature-multi-touch=1', 'feature-multi-touch=0', 'backend_type=qemu', ' backend-type=linux', 'backend-type'],
  vdispl: ['backend=0', 'be-alloc=1', 'connectors=c0:800x600', 'connectors=c0:800x600;c1:1x1', 'connectors=c0:800', 'connectors=c0:800x', 'connector=c:1x1', ' backend=0'],
  usbctrl: ['type=pv', 'type=devicemodel', 'type=QUSB', 'type=x', 'version=2', 'version=4', 'ports=8', 'ports=0', 'port=1', ' type=pv'],
  usbdev: ['type=hostdev', 'type=HostDev', 'type=x', 'hostbus=1', 'hostaddr=0x2', 'controller=0', 'port=1', 'bus=1', ' type=hostdev'],
  vfb: ['vnc=1', 'sdl=1', 'vnclisten=0.0.0.0', 'vncdisplay=3', 'vncunused=1', 'keymap=de', 'type=vnc', 'vnc', 'opengl=1', 'display=:0', 'xauthority=/x', 'vncpasswd=s'],
  pci: ['0000:03:00.0', '03:00.1', '0000:03:00.0@2', 'permissive=1', 'msitranslate=0', 'seize=1', 'power_mgmt=1', 'rdm_policy=strict', 'rdm_policy=loose', 'vslot=3', 'bdf=03:00.0', 'name=x', ' permissive=1', 'permissive', '3:0.0', '03:20.0', '03:00.9'],
};
function specs() {
  const key = pick(Object.keys(T));
  const items = Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => Array.from({ length: Math.floor(rnd() * 4) + (key === 'pci' ? 1 : 0) }, () => pick(T[key])).join(','));
  return `name = "f"\ntype = "${pick(['pv', 'pvh', 'hvm'])}"\nkernel = "/k"\nmemory = 512\n${key} = [ ${items.map((x) => q(x)).join(', ')} ]\n`;
}

// ---- 3. keys that interact
function cross() {
  const c = {};
  c.name = maybe(0.95, () => pick(['"x"', '"y"']));
  c.type = maybe(0.7, () => pick(['"pv"', '"pvh"', '"hvm"', '"h"', '"p"']));
  c.builder = maybe(0.15, () => pick(['"hvm"', '"generic"']));
  c.kernel = maybe(0.5, () => pick(['"/k"', '"/usr/lib/xen/boot/hvmloader"', '""']));
  c.firmware = maybe(0.2, () => pick(['"pvgrub64"', '"pvgrub32"', '"uefi"', '"bios"', '"pvgrub"']));
  c.bootloader = maybe(0.2, () => '"pygrub"');
  c.cmdline = maybe(0.2, () => '"ro"'); c.root = maybe(0.2, () => '"/dev/xvda"'); c.extra = maybe(0.2, () => '"quiet"');
  c.memory = maybe(0.8, () => pick(['512', '1024', '2048']));
  c.maxmem = maybe(0.3, () => pick(['512', '1024', '4096']));
  c.vcpus = maybe(0.7, () => pick(['1', '2', '4', '9', '0']));
  c.maxvcpus = maybe(0.4, () => pick(['1', '2', '4', '10', '16']));
  c.cpus = maybe(0.4, () => pick(['"0-1"', '"all"', '"9"', '"^0"', '"nodes:0"', '[ "0", "1" ]', '[ "0", "^0" ]', '[ "3", "9", "1" ]', '"0-7,^0-6"', '"8-15"']));
  c.cpus_soft = maybe(0.15, () => pick(['"0"', '"12"']));
  c.vnuma = maybe(0.15, () => pick(['[ [ "pnode=0", "size=1024", "vcpus=0-1", "vdistances=10" ] ]', '[ [ "pnode=0", "size=512", "vcpus=0", "vdistances=10,20" ], [ "pnode=0", "size=512", "vcpus=1", "vdistances=20,10" ] ]', '[ [ "pnode=0", "size=2048", "vcpus=0-9", "vdistances=10" ] ]']));
  c.pci = maybe(0.2, () => '[ "0000:03:00.0" ]');
  c.timer_mode = maybe(0.1, () => pick(['1', '"delay_for_missed_ticks"']));
  c.vnclisten = maybe(0.1, () => '"0.0.0.0:3"'); c.vncdisplay = maybe(0.1, () => '1');
  c.bios_path_override = maybe(0.05, () => '"/b"');
  c.device_model_override = maybe(0.05, () => '"/q"');
  return lines(c);
}

// ---- 4. every key of the knowledge table, with values of every shape
const SHAPE_BASES = {
  pv: 'name = "f"\ntype = "pv"\nkernel = "/k"\nmemory = 512\nvcpus = 2\n',
  pvh: 'name = "f"\ntype = "pvh"\nkernel = "/k"\nmemory = 512\nvcpus = 2\n',
  hvm: 'name = "f"\ntype = "hvm"\nmemory = 1024\nvcpus = 2\n',
};
const shapeValues = ['1', '0', '"1"', '"x"', '""', '" 3"', '"3 "', '[ 1 ]', '[ "a" ]', '[ ]', '[ [ "a" ] ]', '0x10', '"yes"', '"-1"', '"a=b"', '"a,b"', '"all"', '"none"', '"default"', '[ "a=b,c=d" ]', '"2G"'];
const kbKeys = kb.options.map((o) => o.key).filter((k) => !['name', 'type', 'builder'].includes(k));
function shapes() {
  let text = SHAPE_BASES[pick(Object.keys(SHAPE_BASES))];
  for (let k = 0, n = 1 + Math.floor(rnd() * 2); k < n; k++) {
    const key = pick(kbKeys);
    const enums = (kb.options.find((o) => o.key === key).values ?? []).map((v) => q(rnd() < 0.3 ? v.value.toUpperCase() : v.value));
    text += `${key} ${rnd() < 0.05 ? '+=' : '='} ${rnd() < 0.35 && enums.length ? pick(enums) : pick(shapeValues)}\n`;
  }
  return text;
}

const generators = [values, specs, cross, shapes];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'semantic-fuzz-'));
const services = Object.fromEntries(releases.map((r) => [r, new service(undefined, { xenVersion: r })]));
const bad = Object.fromEntries(releases.map((r) => [r, 0]));
// --oracle-diff: print each config on which the releases' xl's differ (exit status or messages;
// libxl's own source line numbers aside), instead of judging the validator.
const oracleDiff = process.argv.includes('--oracle-diff');
const sameish = (a, b) => a.exit === b.exit && a.stderr.replace(/\.c:\d+:/g, '.c:N:') === b.stderr.replace(/\.c:\d+:/g, '.c:N:');
let differ = 0;
try {
  for (let i = 0; i < N; i++) {
    const text = generators[i % generators.length]();
    const name = `f${i}.cfg`;
    fs.writeFileSync(path.join(dir, name), text);
    const recs = [];
    for (const release of releases) {
      const r = runOracle(release, 'xl-dryrun', [name], { cwd: dir, encoding: 'utf8' });
      const rec = { tool: 'xl-dryrun', xen: release, exit: r.status ?? 128 + (os.constants.signals[r.signal] ?? 0), stderr: r.stderr, stdout: r.stdout };
      if (r.signal) rec.signal = r.signal;
      recs.push(rec);
      if (oracleDiff) continue;
      const v = judge(name, text, rec, services[release], false);
      if (v.problems.length) { bad[release]++; console.log(`--- ${name} [xl ${release} exit ${rec.exit}, xenVersion ${release}]\n${text}${v.problems.map((p) => `  !! ${p}`).join('\n')}`); }
    }
    if (oracleDiff && recs.some((r) => !sameish(r, recs[0]))) {
      differ++;
      console.log(`--- ${name}\n${text}${recs.map((r) => `  xl ${r.xen}: exit ${r.exit}: ${JSON.stringify(r.stderr.split('\n').slice(1).join('|'))}`).join('\n')}`);
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
if (oracleDiff) { console.log(`semantic-fuzz: the xl's of ${releases.join(', ')} differ on ${differ} of ${N} configs (seed ${positional[0] ?? 1})`); process.exit(0); }
for (const release of releases) console.log(`semantic-fuzz: xl ${release}: ${bad[release]} of ${N} configs disagree (seed ${positional[0] ?? 1})`);
process.exit(Object.values(bad).some((n) => n) ? 1 : 0);
