// Inputs for the benchmarks and the stress run, all deterministic: a 100-line and an N-line
// xl config, 1,000 real-sized configs made from the samples and the corpus, and the peer's
// YAML document with its JSON schema of 100 described keys.
import fs from 'node:fs';
import path from 'node:path';
import { corpusDir, root } from './lib.mjs';

let seed = 7;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const hex2 = () => rnd(256).toString(16).padStart(2, '0');
const mac = () => `00:16:3e:${hex2()}:${hex2()}:${hex2()}`;

/** A realistic HVM guest config of exactly 100 lines: comments, every value shape, device lists. */
export function config100(name = 'bench-guest', { devices = true } = {}) {
  seed = 7;
  const lines = [
    `# ${name}.cfg - an HVM guest with passthrough, written by hand over the years`,
    '#',
    '# General',
    `name = "${name}"`,
    'type = "hvm"',
    'uuid = "3f2b8c1e-7a4d-4e6b-9c0d-1a2b3c4d5e6f"',
    '',
    '# Firmware and boot',
    'firmware = "uefi"',
    'boot = "dc"',
    'bios = "ovmf"',
    '',
    '# Memory and CPUs',
    'memory = 8192',
    'maxmem = 8192',
    'vcpus = 4',
    'maxvcpus = 4',
    'cpus = "2-7,^5"',
    'cpus_soft = "0-7"',
    'cpu_weight = 512',
    'cap = 0',
    '',
    '# Behaviour',
    'on_poweroff = "destroy"',
    'on_reboot = "restart"',
    'on_crash = "coredump-restart"',
    'on_watchdog = "restart"',
    '',
    '# Platform',
    'acpi = 1',
    'apic = 1',
    'pae = 1',
    'hap = 1',
    'nestedhvm = 0',
    'viridian = [ "base", "freq", "time_ref_count", "apic_assist" ]',
    'timer_mode = "no_delay_for_missed_ticks"',
    'tsc_mode = "default"',
    'localtime = 0',
    'rtc_timeoffset = 3600',
    '',
    '# Disks: the system disk, a data disk and an installer image',
    'disk = [',
    `    "format=raw, vdev=xvda, access=rw, target=/dev/vg0/${name}-root",`,
    `    "format=qcow2, vdev=xvdb, access=rw, target=/srv/xen/images/${name}-data.qcow2",`,
    '    "file:/srv/iso/debian-12.iso,hdc:cdrom,r",',
    ']',
    '',
    '# Network',
    'vif = [',
    `    "mac=${mac()}, bridge=xenbr0, model=e1000, vifname=${name}.0",`,
    `    "mac=${mac()}, bridge=xenbr1, rate=100Mb/s, vifname=${name}.1",`,
    ']',
    '',
    '# Passthrough',
    'pci = [ "0000:03:00.0,permissive=1", "0000:04:00.0,msitranslate=1" ]',
    'pci_permissive = 0',
    'rdm = "strategy=host,policy=relaxed"',
    'iomem = [ "fe000,1@fe000" ]',
    '',
    '# Display and input',
    'vnc = 1',
    'vnclisten = "127.0.0.1"',
    'vncdisplay = 5',
    'vncpasswd = ""',
    'sdl = 0',
    'videoram = 16',
    'serial = "pty"',
    'usb = 1',
    'usbdevice = [ "tablet" ]',
    'keymap = "en-us"',
    '',
    '# Device model',
    'device_model_version = "qemu-xen"',
    'device_model_stubdomain_override = 0',
    'device_model_args_hvm = [ "-no-shutdown" ]',
    '',
    '# Channels and consoles',
    `channel = [ "connection=socket, name=org.qemu.guest_agent.0, path=/run/xen/${name}-agent.sock" ]`,
    'vkb = [ "backend-type=linux" ]',
    '',
    '# Memory details',
    'shadow_memory = 0',
    'max_grant_frames = 64',
    'max_maptrack_frames = 1024',
    '',
    '# Scheduling',
    'pool = "Pool-0"',
    '',
    '# NUMA',
    'vnuma = [ [ "pnode=0", "size=4096", "vcpus=0-1", "vdistances=10,20" ],',
    '          [ "pnode=0", "size=4096", "vcpus=2-3", "vdistances=20,10" ] ]',
    '',
    '# Misc',
    'altp2m = "disabled"',
    'soundhw = "hda"',
    'vga = "stdvga"',
    '# end of file',
  ];
  while (lines.length < 100) lines.splice(lines.length - 1, 0, `# note ${lines.length}`);
  let out = lines.slice(0, 100);
  if (!devices) {
    // The big config writes its own device lists: keep the line count, drop these.
    let inList = false;
    out = out.map((l) => {
      const starts = /^(disk|vif|pci|iomem) = /.test(l);
      const hide = starts || inList;
      if (starts) inList = l.trimEnd().endsWith('[');
      else if (inList && l.startsWith(']')) inList = false;
      return hide ? '# (devices below)' : l;
    });
  }
  return out.join('\n') + '\n';
}

const vdevName = (i) => { let s = ''; for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(97 + ((n - 1) % 26)) + s; return `xvd${s}`; };

/**
 * An xl config of exactly `n` lines, as a big host's would be: the 100-line guest, then long
 * device and passthrough lists one item per line (disks, NICs, PCI functions, I/O memory, IRQs,
 * I/O ports) with comments between groups. It is valid: the work measured is the real one.
 */
export function configLines(n) {
  seed = 11;
  const lines = config100('big', { devices: false }).trimEnd().split('\n');
  const rest = n - lines.length;
  const share = { disk: 0.2, vif: 0.15, pci: 0.25, iomem: 0.15, irqs: 0.15, ioports: 0.1 };
  const item = {
    disk: (i) => `    "format=raw, vdev=${vdevName(i)}, access=rw, target=/dev/vg${i % 4}/big-${i}",`,
    vif: (i) => `    "mac=${mac()}, bridge=xenbr${i % 4}, vifname=big.${i}",`,
    pci: (i) => `    "0000:${(1 + (i >> 8)).toString(16).padStart(2, '0')}:${((i >> 3) & 31).toString(16).padStart(2, '0')}.${i & 7}",`,
    iomem: (i) => `    "${(0xf0000 + i * 16).toString(16)},10",`,
    irqs: (i) => `    ${32 + i},`,
    ioports: (i) => `    "${(0x1000 + i * 8).toString(16)}-${(0x1000 + i * 8 + 7).toString(16)}",`,
  };
  const keys = Object.keys(share);
  keys.forEach((key, k) => {
    const budget = k === keys.length - 1 ? n - lines.length : Math.floor(rest * share[key]);
    lines.push(`# ${key}: one item per line, grouped`, `${key} = [`);
    let i = 0;
    while (i < budget - 3) {
      if (i % 50 === 49) lines.push(`    # group ${Math.floor(i / 50) + 1}`); else lines.push(item[key](i));
      i++;
    }
    lines.push(']');
  });
  return lines.slice(0, n).join('\n') + '\n';
}

/** Templates for real-sized configs: the samples, and the corpus's domain configs when present. */
function templates() {
  const out = [];
  for (const f of fs.readdirSync(path.join(root, 'samples')).sort()) if (f.endsWith('.cfg')) out.push(fs.readFileSync(path.join(root, 'samples', f), 'utf8'));
  if (fs.existsSync(corpusDir)) {
    for (const f of fs.readdirSync(corpusDir).sort()) {
      if (!f.endsWith('.cfg') || /xl\.conf/.test(f)) continue;
      out.push(fs.readFileSync(path.join(corpusDir, f), 'utf8'));
    }
  }
  return out;
}

/** `count` real-sized configs in `dir` (names, memory and MACs varied per file). */
export function realSizedConfigs(dir, count = 1000) {
  const marker = path.join(dir, `.complete-${count}`);
  const t = templates();
  const files = Array.from({ length: count }, (_, i) => path.join(dir, `guest-${String(i).padStart(4, '0')}.cfg`));
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === String(t.length)) return { files, templates: t.length };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  seed = 5;
  files.forEach((file, i) => {
    const text = t[i % t.length]
      .replace(/^name\s*=\s*(["']).*?\1/m, `name = "bench-${i}"`)
      .replace(/^memory\s*=\s*\d+/m, `memory = ${256 * (1 + (i % 16))}`)
      .replace(/([0-9a-f]{2}:){5}[0-9a-f]{2}/gi, () => mac());
    fs.writeFileSync(file, text);
  });
  fs.writeFileSync(marker, String(t.length));
  return { files, templates: t.length };
}

/** The peer's input: a JSON schema of 100 described keys and a 100-line YAML document using them. */
export function yamlPeer(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const properties = {};
  const lines = [];
  for (let i = 0; i < 100; i++) {
    const key = `key${String(i).padStart(3, '0')}`;
    const kind = i % 4;
    const description = `**${key}**: what this setting does, in a sentence or two. It is read at start-up; ` +
      `the default suits most hosts. See the manual, section ${i + 1}, for the details and examples.`;
    if (kind === 0) { properties[key] = { type: 'string', enum: ['alpha', 'beta', 'gamma', 'delta'], enumDescriptions: ['first', 'second', 'third', 'fourth'], description, default: 'alpha' }; lines.push(`${key}: beta`); }
    else if (kind === 1) { properties[key] = { type: 'integer', minimum: 0, maximum: 65536, description, default: 512 }; lines.push(`${key}: ${i * 64}`); }
    else if (kind === 2) { properties[key] = { type: 'boolean', description, default: false }; lines.push(`${key}: true`); }
    else { properties[key] = { type: 'string', pattern: '^[a-z0-9/._-]+$', description }; lines.push(`${key}: /srv/data/item-${i}`); }
  }
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', title: 'bench', type: 'object', properties, additionalProperties: false };
  const schemaFile = path.join(dir, 'schema.json');
  fs.writeFileSync(schemaFile, JSON.stringify(schema, null, 2));
  const docFile = path.join(dir, 'doc.yaml');
  fs.writeFileSync(docFile, lines.join('\n') + '\n');
  return { schemaFile, docFile, text: lines.join('\n') + '\n' };
}
