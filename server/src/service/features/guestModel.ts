// The guest an xl config describes, as the layer diagram draws it: name, type, vCPUs, memory,
// how it boots, and each device with the place that serves it (a backend in dom0 or a driver
// domain, QEMU, or the hardware itself for passthrough). Pure: reads the parsed document only.
// Every string in the result comes from the user's file and must be treated as text by whoever
// renders it.

import { splitSpec, XlDocument } from '../document';
import type { GuestType, Knowledge } from '../knowledge';
import type { Assignment, Atom, StringAtom, Value } from '../parser';
import { problemCount } from '../types';
import type { Diagnostic, Range } from '../types';
import { integerValue } from '../values';
import { guestArch } from './diagnostics/guest';

/** The domain that serves a device: dom0 unless the spec names another (a driver domain). */
export interface BackendDomain {
  name: string;
  isDom0: boolean;
}

export interface DiskModel {
  /** Position in the disk list, from 0. */
  index: number;
  /** Host path or other target; empty for an empty CD-ROM drive. */
  target: string;
  vdev?: string;
  format: string;
  access: 'rw' | 'ro';
  cdrom: boolean;
  /** Which backend driver will most likely serve it. */
  driver: 'blkback' | 'qdisk' | 'tapdisk';
  backend: BackendDomain;
  range: Range;
}

export interface VifModel {
  index: number;
  mac?: string;
  /** Bridge the backend interface joins; xl's default when not given. */
  bridge: string;
  bridgeIsDefault: boolean;
  ip?: string;
  model?: string;
  vifname?: string;
  /** HVM guests also get an emulated card from QEMU unless type=vif. */
  emulated: boolean;
  backend: BackendDomain;
  range: Range;
}

export interface PassthroughModel {
  kind: 'pci' | 'dtdev' | 'iomem' | 'irq' | 'ioport';
  /** BDF, device tree path, address range, IRQ or port range as written. */
  id: string;
  range: Range;
}

export interface OtherDeviceModel {
  kind: 'vfb' | 'vkb' | 'vtpm' | 'channel' | 'p9' | 'usb' | 'vdispl' | 'vsnd' | 'console';
  label: string;
  backend: BackendDomain;
  range: Range;
}

export interface GuestModel {
  /** xl.conf is not a guest: the diagram says so instead of drawing one. */
  fileKind: 'domain' | 'xl.conf';
  name?: string;
  type: GuestType;
  /** Where the type came from; `default` means no type key (xl assumes PV on x86). */
  typeSource: 'type' | 'builder' | 'default';
  /** From the architecture-specific keys the file sets. */
  arch?: 'x86' | 'arm';
  vcpus: { online: number; max?: number; isDefault: boolean };
  /** MiB. */
  memory: { initial: number; max?: number; isDefault: boolean };
  boot: { method: 'kernel' | 'bootloader' | 'firmware' | 'none'; detail?: string };
  /** QEMU serving emulated devices (HVM) or qdisk / vfb backends; where it runs. */
  deviceModel?: { where: 'dom0' | 'stub-domain'; reasons: string[] };
  disks: DiskModel[];
  vifs: VifModel[];
  passthrough: PassthroughModel[];
  others: OtherDeviceModel[];
  /** The file's problems, so the diagram can say when it shows a half-read file. */
  problems: { errors: number; warnings: number; rejected: boolean; first?: { message: string; line: number } };
}

const DOM0: BackendDomain = { name: 'Domain-0', isDom0: true };
/** xl's defaults when the file leaves them out (xl.cfg(5)). */
const DEFAULT_BRIDGE = 'xenbr0';
const DEFAULT_VCPUS = 1;
const DISK_PREFIX_RE = /^(phy|file|tap|tap2|aio|ioemu|tapdisk|raw|qcow|qcow2|vhd|iscsi|nbd|enbd|drbd):/;
const FORMATS = new Set(['raw', 'qcow', 'qcow2', 'vhd', 'qed', 'empty']);
/** Keys whose list items are passed-through hardware, with the kind the diagram shows. */
const PASSTHROUGH_KEYS: [string, PassthroughModel['kind']][] = [['pci', 'pci'], ['dtdev', 'dtdev'], ['iomem', 'iomem'], ['irqs', 'irq'], ['ioports', 'ioport']];
const OTHER_KEYS: [string, OtherDeviceModel['kind']][] = [['vfb', 'vfb'], ['vkb', 'vkb'], ['vtpm', 'vtpm'], ['channel', 'channel'], ['p9', 'p9'], ['usbdev', 'usb'], ['vdispl', 'vdispl'], ['vsnd', 'vsnd']];

export function guestModel(doc: XlDocument, kb: Knowledge, diagnostics: readonly Diagnostic[] = []): GuestModel {
  const v = doc.values;
  const str = (key: string) => (typeof v[key] === 'string' ? (v[key] as string) : undefined);
  const int = (key: string) => { const s = str(key); const n = s === undefined ? undefined : integerValue(s); return n !== undefined && Number.isFinite(n) ? n : undefined; };
  const range = (s: number, e: number) => doc.lines.range(s, e);
  const type = doc.guest.type;

  const errors = diagnostics.filter((d) => d.severity === 'error');
  const firstError = errors.length ? errors.reduce((a, b) => (b.range.start.line < a.range.start.line ? b : a)) : undefined;
  const problems: GuestModel['problems'] = {
    errors: problemCount(diagnostics, 'error'),
    warnings: problemCount(diagnostics, 'warning'),
    rejected: doc.parsed.rejected || doc.syntaxProblems.some((p) => p.rejects),
    first: firstError ? { message: firstError.message, line: firstError.range.start.line } : undefined,
  };

  const online = int('vcpus');
  const maxv = int('maxvcpus');
  const memory = int('memory');
  const maxmem = int('maxmem');
  const memDefault = Number(kb.option('memory')?.default) || 0;

  const model: GuestModel = {
    fileKind: doc.kind,
    name: str('name'),
    type,
    typeSource: doc.guest.source,
    arch: doc.kind === 'domain' ? guestArch({ doc, kb }) : undefined,
    vcpus: { online: online ?? DEFAULT_VCPUS, max: maxv !== undefined && maxv !== online ? maxv : undefined, isDefault: online === undefined },
    memory: { initial: memory ?? memDefault, max: maxmem !== undefined && maxmem !== memory ? maxmem : undefined, isDefault: memory === undefined },
    boot: bootOf(v, type),
    disks: [],
    vifs: [],
    passthrough: [],
    others: [],
    problems,
  };
  if (doc.kind !== 'domain') return model;

  const items = (key: string) => specAtoms(doc.parsed.statements, key);
  model.disks = items('disk').map((atom, index) => diskOf(doc, atom, index, range));
  const defaultBridge = DEFAULT_BRIDGE;
  model.vifs = items('vif').map((atom, index) => vifOf(doc, atom, index, type, defaultBridge, range));
  for (const [key, kind] of PASSTHROUGH_KEYS) {
    for (const atom of listAtoms(doc.parsed.statements, key)) {
      let id = atom.value;
      if (kind === 'pci' && atom.kind === 'string') {
        const parts = splitSpec(doc.text, atom);
        id = parts.find((p) => p.value === undefined && p.key)?.key ?? parts.find((p) => p.key.trim() === 'bdf')?.value ?? atom.value;
      }
      model.passthrough.push({ kind, id: id.trim(), range: range(atom.start, atom.end) });
    }
  }
  for (const [key, kind] of OTHER_KEYS) {
    for (const atom of items(key)) {
      const parts = splitSpec(doc.text, atom);
      const named = (k: string) => parts.find((p) => p.key === k)?.value?.trim();
      const backend = backendOf(named('backend'));
      const label = kind === 'channel' ? named('name') ?? 'channel' : kind === 'p9' ? named('tag') ?? '9pfs share' : kind === 'usb' ? 'USB device' : kind;
      model.others.push({ kind, label, backend, range: range(atom.start, atom.end) });
    }
  }

  const reasons: string[] = [];
  if (type === 'hvm') reasons.push('emulated PC hardware for an HVM guest');
  if (model.disks.some((d) => d.driver === 'qdisk' && d.backend.isDom0)) reasons.push('qdisk disk backend');
  if (model.others.some((o) => o.kind === 'vfb') || (type !== 'hvm' && (str('vnc') === '1' || str('sdl') === '1'))) reasons.push('virtual framebuffer');
  if (reasons.length) {
    const stub = type === 'hvm' && str('device_model_stubdomain_override') === '1';
    model.deviceModel = { where: stub ? 'stub-domain' : 'dom0', reasons };
  }
  return model;
}

function bootOf(v: Record<string, unknown>, type: GuestType): GuestModel['boot'] {
  const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const firmware = s('firmware');
  const kernel = s('kernel');
  if (s('bootloader')) return { method: 'bootloader', detail: s('bootloader') };
  if (firmware && /^pvgrub(32|64)$/.test(firmware)) return { method: 'firmware', detail: `PV-GRUB (${firmware})` };
  if (kernel && /grub/i.test(kernel)) return { method: 'firmware', detail: `GRUB image ${kernel}` };
  if (kernel) return { method: 'kernel', detail: kernel };
  if (type === 'hvm') {
    const bios = s('bios');
    const fw = firmware ?? (bios ? bios : undefined);
    const label = !fw || fw === 'bios' || fw === 'seabios' ? 'SeaBIOS' : fw === 'uefi' || fw.toLowerCase() === 'ovmf' ? 'OVMF (UEFI)' : fw.toLowerCase() === 'rombios' ? 'ROMBIOS' : fw;
    return { method: 'firmware', detail: label };
  }
  if (firmware) return { method: 'firmware', detail: firmware };
  return { method: 'none' };
}

/**
 * The string atoms a list key ends up with, following xl: the last `=` wins and `+=` appends.
 * Items that are not strings (numbers, nested lists) are skipped; a plain string counts as one item.
 */
function specAtoms(statements: readonly Assignment[], key: string): StringAtom[] {
  return listAtoms(statements, key).filter((a): a is StringAtom => a.kind === 'string');
}

/** Like specAtoms, numbers included (irqs = [ 42 ]). */
function listAtoms(statements: readonly Assignment[], key: string): Atom[] {
  let out: Atom[] = [];
  for (const s of statements) {
    if (s.key !== key || !s.complete || !s.value) continue;
    const atoms = atomsOf(s.value);
    out = s.op === '+=' ? [...out, ...atoms] : atoms;
  }
  return out;
}

function atomsOf(v: Value): Atom[] {
  if (v.kind === 'list') return v.items.filter((i): i is Atom => i.kind !== 'list');
  return [v];
}

function backendOf(name: string | undefined): BackendDomain {
  if (!name || name === '0' || name === 'Domain-0' || name === 'dom0') return DOM0;
  return { name, isDom0: false };
}

/** xl-disk-configuration(5): positional target, format, vdev, access, or the same by name. */
function diskOf(doc: XlDocument, atom: StringAtom, index: number, range: (s: number, e: number) => Range): DiskModel {
  const parts = splitSpec(doc.text, atom, 'disk');
  let target: string | undefined, format: string | undefined, vdev: string | undefined, access: string | undefined;
  let devtype: string | undefined, backendName: string | undefined, backendtype: string | undefined, prefix: string | undefined;
  let cdrom = false;
  let pos = 0;
  for (const p of parts) {
    const key = p.key.trim();
    if (p.value !== undefined) {
      const val = p.value.trim();
      switch (key) {
        case 'target': target = val; break;
        case 'format': format = val; break;
        case 'vdev': vdev = val; break;
        case 'access': access = val; break;
        case 'devtype': devtype = val; break;
        case 'backend': backendName = val; break;
        case 'backendtype': backendtype = val; break;
      }
      continue;
    }
    if (key === 'cdrom') { cdrom = true; continue; }
    if (pos === 0) {
      pos++;
      const m = DISK_PREFIX_RE.exec(key);
      let t = key;
      // "tap:aio:/x", "phy:/dev/x", "qcow2:/x": the prefixes stand for the format field.
      for (let m2 = m; m2; m2 = DISK_PREFIX_RE.exec(t)) { prefix = prefix ?? m2[1]; t = t.slice(m2[0].length); }
      target = t;
      if (m) pos++;
      continue;
    }
    if (pos === 1) { if (FORMATS.has(key)) format = key; pos++; continue; }
    if (pos === 2) { vdev = key; pos++; continue; }
    if (pos === 3) { access = key; pos++; continue; }
  }
  if (vdev && /:cdrom$/.test(vdev)) { cdrom = true; vdev = vdev.replace(/:cdrom$/, ''); }
  if (devtype === 'cdrom') cdrom = true;
  if (!format && prefix && FORMATS.has(prefix)) format = prefix;
  const fmt = format ?? 'raw';
  const ro = access !== undefined ? /^(r|ro)$/.test(access) : cdrom;
  let driver: DiskModel['driver'];
  if (backendtype === 'qdisk' || backendtype === 'tap' || backendtype === 'phy') driver = backendtype === 'phy' ? 'blkback' : backendtype === 'tap' ? 'tapdisk' : 'qdisk';
  else if (prefix === 'tap' || prefix === 'tap2' || prefix === 'tapdisk') driver = 'tapdisk';
  else driver = fmt === 'raw' && !cdrom ? 'blkback' : 'qdisk';
  return { index, target: target ?? '', vdev, format: fmt, access: ro ? 'ro' : 'rw', cdrom, driver, backend: backendOf(backendName), range: range(atom.start, atom.end) };
}

function vifOf(doc: XlDocument, atom: StringAtom, index: number, type: GuestType, defaultBridge: string, range: (s: number, e: number) => Range): VifModel {
  const parts = splitSpec(doc.text, atom, 'vif');
  const named = (k: string) => parts.find((p) => p.key.trim() === k && p.value !== undefined)?.value?.trim();
  const bridge = named('bridge');
  const vifType = named('type');
  return {
    index,
    mac: named('mac'),
    bridge: bridge || defaultBridge,
    bridgeIsDefault: !bridge,
    ip: named('ip'),
    model: named('model'),
    vifname: named('vifname'),
    emulated: type === 'hvm' && vifType !== 'vif',
    backend: backendOf(named('backend')),
    range: range(atom.start, atom.end),
  };
}
