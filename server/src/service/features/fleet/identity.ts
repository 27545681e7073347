// What one domain config claims on its host, for the checks across configs (fleet.ts): its name
// and UUID, the MACs, disks, PCI devices, console ports and bridges it uses, and what it asks of
// the host. Read from the service's parsed document through xl's getters (diagnostics/reader.ts)
// and xl's own spec parsers (parseDisk, parseBdf); nothing here parses a spec string again.
// The result holds no reference to the document: a folder of 10,000 configs keeps only this.

import type { XlDocument } from '../../document';
import { existsIn, type GuestType, type Knowledge, type XenRelease } from '../../knowledge';
import type { NumberAtom, StringAtom, Value } from '../../parser';
import type { LineIndex } from '../../text';
import type { Range, Settings, Severity } from '../../types';
import { integerValue } from '../../values';
import { atoi, strtok } from '../diagnostics/clib';
import { CheckContext } from '../diagnostics/context';
import { parseDisk } from '../diagnostics/disk';
import { readerOf } from '../diagnostics';
import { XlReader, type Setting } from '../diagnostics/reader';
import { parseBdf } from '../diagnostics/specs';
import { FLEET_CODES, type FleetCode } from './codes';

/** Something a config claims, and where: `key` is what two configs are compared by. */
export interface Claim {
  key: string;
  /** As written, for messages. */
  shown: string;
  range: Range;
  /** Codes a `# xlcfg-disable…` comment silences here. */
  silenced?: FleetCode[];
}

/** How a disk is served decides what happens when two guests write it. */
export type DiskService = 'blkback' | 'qemu' | 'script';

export interface DiskClaim extends Claim {
  writable: boolean;
  service: DiskService;
  /** The backend domain's name (Domain-0 unless backend= names a driver domain). */
  backend: string;
}

export interface ConsoleClaim extends Claim {
  kind: 'vnc' | 'spice' | 'spice-tls';
  /** The TCP port QEMU listens on (VNC display N is 5900 + N). */
  port: number;
}

/** A host-hygiene finding of the file itself (no other file involved). */
export interface Hint {
  code: FleetCode;
  message: string;
  range: Range;
  silenced?: boolean;
}

export interface GuestIdentity {
  uri: string;
  type: GuestType;
  name?: Claim;
  uuid?: Claim;
  macs: Claim[];
  disks: DiskClaim[];
  pci: Claim[];
  consoles: ConsoleClaim[];
  bridges: Claim[];
  /** MiB the guest starts with (xl's default when not set). */
  memory: { mib: number; range: Range; silenced?: FleetCode[] };
  vcpus: { count: number; range: Range; silenced?: FleetCode[] };
  hints: Hint[];
  /** Errors of the file's own checks, when the caller knows them (an autostart entry asks). */
  errors?: number;
  /** Per-code severity overrides of this file's settings, for the fleet codes only. */
  severities?: Partial<Record<FleetCode, Severity | 'off'>>;
}

const DOM0_NAMES = new Set(['', '0', 'Domain-0', 'dom0']);
const ANY_ADDRESS = new Set(['', '0.0.0.0', '::', '[::]', '*']);
/** Files xl cannot read as a domain config at all: an unrendered template, an xm Python config. */
const NOT_XL = new Set(['template-file', 'template-syntax', 'xm-python-config']);
/** Template placeholders, the same marks the parser's template detection looks for (Jinja2, Perl, shell). */
const TEMPLATE_MARK_RE = /\{\{|\{%|\{\$[A-Za-z_]|\$\{[A-Za-z_]/;
const TEMPLATE_MARK = { test: (s: string) => s.includes('{') && TEMPLATE_MARK_RE.test(s) };
const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The backend domain's canonical name: dom0 has several spellings. */
export function backendName(name: string | undefined): string {
  const n = (name ?? '').trim();
  return DOM0_NAMES.has(n) ? 'Domain-0' : n;
}

/**
 * A disk target as the host sees it: a path normalised (`/dev//vg0/./x` is `/dev/vg0/x`), and a
 * device-mapper name of LVM written as its volume group path (`/dev/mapper/vg0-x` is `/dev/vg0/x`;
 * LVM doubles a dash inside a name).
 */
export function normaliseTarget(target: string): string {
  const t = target.trim();
  if (!t.startsWith('/')) return t;
  const p = normalisePath(t);
  const m = p.startsWith('/dev/mapper/') ? /^\/dev\/mapper\/((?:[^-/]|--)+)-((?:[^-/]|--)+)$/.exec(p) : null;
  return m ? `/dev/${m[1].replace(/--/g, '-')}/${m[2].replace(/--/g, '-')}` : p;
}

/** path.posix.normalize for an absolute path (the service also runs in the browser, without node's path). */
function normalisePath(p: string): string {
  if (!/\/\/|\/\.\.?(\/|$)|.\/$/.test(p)) return p; // already normal: most paths
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop(); else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** Six octets, lower case, two digits each; undefined when xl would not read it as a MAC. */
export function normaliseMac(mac: string): string | undefined {
  const t = mac.trim();
  if (t.length === 17 && /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(t)) return t.toLowerCase();
  if (!/^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/.test(t)) return undefined;
  return t.split(':').map((o) => o.toLowerCase().padStart(2, '0')).join(':');
}

/** `[DDDD:]BB:DD.F` as xl reads it, written out in full: 03:00.0 is 0000:03:00.0. */
export function normaliseBdf(text: string): string | undefined {
  const b = parseBdf(text.trim(), 0);
  if (!b || b.end !== text.trim().length) return undefined;
  const h = (n: number, w: number) => n.toString(16).padStart(w, '0');
  return `${h(b.domain, 4)}:${h(b.bus, 2)}:${h(b.device, 2)}.${b.func === '*' ? '*' : b.func.toString(16)}`;
}

/** The UUID in one case (libxl reads hex digits of either case). */
export function normaliseUuid(uuid: string): string {
  return uuid.trim().toLowerCase();
}

type Atom = StringAtom | NumberAtom;

/**
 * A claim whose range is worked out when first asked: most claims are never shown (no conflict),
 * and a folder of 10,000 configs holds about ten per config.
 */
class Placed implements Claim {
  /** Lines and columns as plain numbers: no object, and no reference to the document, until asked. */
  private readonly sl: number;
  private readonly sc: number;
  private readonly el: number;
  private readonly ec: number;
  constructor(readonly key: string, readonly shown: string, readonly silenced: FleetCode[] | undefined, lines: LineIndex | Placed, start = 0, end = 0) {
    if (lines instanceof Placed) { this.sl = lines.sl; this.sc = lines.sc; this.el = lines.el; this.ec = lines.ec; return; }
    const a = lines.positionAt(start), b = lines.positionAt(end);
    this.sl = a.line; this.sc = a.character; this.el = b.line; this.ec = b.character;
  }
  get range(): Range { return { start: { line: this.sl, character: this.sc }, end: { line: this.el, character: this.ec } }; }
}

class PlacedDisk extends Placed implements DiskClaim {
  constructor(c: Placed, readonly writable: boolean, readonly service: DiskService, readonly backend: string) { super(c.key, c.shown, c.silenced, c); }
}

class PlacedConsole extends Placed implements ConsoleClaim {
  constructor(c: Placed, readonly kind: ConsoleClaim['kind'], readonly port: number) { super(c.key, c.shown, c.silenced, c); }
}

/**
 * The identity of a domain config, or undefined for a file that is no guest: xl.conf, a template
 * xl cannot read, a fragment with no name.
 */
export function guestIdentity(doc: XlDocument, kb: Knowledge, settings: Settings, errors?: number): GuestIdentity | undefined {
  if (doc.kind !== 'domain' || doc.syntaxProblems.some((p) => NOT_XL.has(p.code))) return undefined;
  // A dedicated context: its admit() answers whether a comment silences a code on a line.
  const ctx = new CheckContext(doc, kb, { ...settings, diagnostics: {}, maxProblemsPerCode: 0 });
  // The diagnostics' own reader when the file was just checked (the CLI, the server): one pass.
  const reader = readerOf(doc) ?? new XlReader(ctx);
  const comments = doc.text.includes('xlcfg-disable');
  const silencedAt = (codes: readonly FleetCode[], start: number): FleetCode[] | undefined => {
    if (!comments) return undefined;
    const out = codes.filter((c) => !ctx.admit(c, 'error', start, start, false));
    return out.length ? out : undefined;
  };
  const range = (s: number, e: number) => doc.lines.range(s, e);
  /** Source offsets of part of a string's value (the whole string when it has escapes). */
  const inAtom = (a: Atom, from: number, to: number): [number, number] =>
    a.kind === 'string' ? ctx.inString(a, from, to, [a.start, a.end]) : [a.start, a.end];
  const claim = (key: string, shown: string, a: Atom, from: number, to: number, codes: readonly FleetCode[]): Placed => {
    const [s, e] = inAtom(a, from, to);
    return new Placed(key, shown, silencedAt(codes, s), doc.lines, s, e);
  };
  const text = (key: string): { value: string; s: Setting } | undefined => {
    const s = reader.peek(key);
    return s && s.kind === 'string' && s.op === '=' ? { value: s.text!, s } : undefined;
  };
  const num = (key: string): number | undefined => { const t = text(key); return t ? integerValue(t.value) : undefined; };
  const items = (key: string): Atom[] => {
    const s = reader.peek(key);
    if (!s || s.kind !== 'list') return [];
    const out: Atom[] = [];
    for (const v of s.items as Value[]) { if (v.kind === 'list') break; out.push(v); }
    return out;
  };

  const nameS = text('name');
  if (!nameS || nameS.value.trim() === '') return undefined;
  // Placeholders inside quotes: xl reads the file, but it is a template to render, not a guest.
  if (TEMPLATE_MARK.test(nameS.value) || ['uuid', 'disk', 'vif', 'pci', 'vfb'].some((k) => {
    const s = reader.peek(k);
    return s && (s.kind === 'string' ? TEMPLATE_MARK.test(s.text!) : s.items!.some((v) => v.kind !== 'list' && TEMPLATE_MARK.test(v.value)));
  })) return undefined;
  const type = doc.guest.type;
  const release: XenRelease = settings.xenVersion;
  const whole = (t: { value: string; s: Setting }, key: string, shown: string, codes: readonly FleetCode[]): Placed =>
    t.s.atom ? claim(key, shown, t.s.atom, 0, t.value.length, codes) : new Placed(key, shown, silencedAt(codes, t.s.start), doc.lines, t.s.start, t.s.end);

  const id: GuestIdentity = {
    uri: doc.uri, type,
    name: whole(nameS, nameS.value, nameS.value, ['duplicate-guest-name']),
    macs: [], disks: [], pci: [], consoles: [], bridges: [], hints: [],
    memory: { mib: 0, range: FILE_START }, vcpus: { count: 1, range: FILE_START },
    errors,
  };
  const uuid = text('uuid');
  if (uuid && uuid.value.trim()) id.uuid = whole(uuid, normaliseUuid(uuid.value), uuid.value.trim(), ['duplicate-uuid']);

  const memS = text('memory');
  const mem = memS ? integerValue(memS.value) : undefined;
  id.memory = {
    mib: mem ?? (Number(kb.option('memory')?.default) || 0),
    range: memS ? range(memS.s.start, memS.s.end) : id.name!.range,
    silenced: silencedAt(['autostart-memory'], memS?.s.start ?? nameS.s.start),
  };
  const vcpuS = text('vcpus');
  const vcpus = vcpuS ? integerValue(vcpuS.value) : undefined;
  id.vcpus = {
    count: vcpus ?? 1,
    range: vcpuS ? range(vcpuS.s.start, vcpuS.s.end) : id.name!.range,
    silenced: silencedAt(['vcpus-over-host-cpus'], vcpuS?.s.start ?? nameS.s.start),
  };

  // Disks: xl's parser; the identity of a disk is its backend domain and its target.
  for (const a of items('disk')) {
    const spec = a.value;
    // The release's own reading, as the file's check made it (and cached it).
    const d = parseDisk(spec, release);
    if (d.errors.length || !d.target || d.target.value.trim() === '') continue;
    const tok = (rule: string) => d.tokens.find((t) => t.rule === rule);
    const valueOf = (rule: string) => { const t = tok(rule); return t ? t.text.slice(t.text.indexOf('=') + 1).replace(/,$/, '') : undefined; };
    const backendtype = valueOf('backendtype');
    const script = tok('script') || tok('prefix-script');
    const access = d.access?.value;
    const writable = !d.cdrom && !(access === 'r' || access === 'ro');
    const service: DiskService = script ? 'script' : backendtype === 'qdisk' || (d.format !== 'raw' && backendtype !== 'phy') ? 'qemu' : 'blkback';
    const backend = backendName(valueOf('backend'));
    const target = normaliseTarget(d.target.value);
    const c = claim(`${backend}\0${target}`, d.target.value.trim(), a, d.target.start, d.target.end, ['shared-writable-disk']);
    id.disks.push(new PlacedDisk(c, writable, service, backend));
  }

  // Network interfaces: the MAC and the bridge of each (strtok over ',', as parse_nic_config).
  for (const a of items('vif')) {
    const spec = a.value;
    let backend = 'Domain-0';
    const found: { key: string; value: string; start: number; end: number }[] = [];
    for (const t of strtok(spec, ',')) {
      let start = t.start;
      while (start < t.end && spec[start] === ' ') start++;
      const eq = spec.indexOf('=', start);
      if (eq === -1 || eq >= t.end) continue;
      const key = spec.slice(start, eq);
      if (key === 'backend') backend = backendName(spec.slice(eq + 1, t.end));
      if (key === 'mac' || key === 'bridge') found.push({ key, value: spec.slice(eq + 1, t.end), start: eq + 1, end: t.end });
    }
    for (const f of found) {
      if (f.key === 'mac') {
        const mac = normaliseMac(f.value);
        if (mac) id.macs.push(claim(mac, f.value.trim(), a, f.start, f.end, ['duplicate-mac']));
      } else if (f.value.trim()) {
        id.bridges.push(claim(`${backend}\0${f.value.trim()}`, f.value.trim(), a, f.start, f.end, []));
      }
    }
  }

  // PCI passthrough: the address first or bdf=, as libxlu_pci.c reads it; a device by name= too.
  const pciPermissive = (num('pci_permissive') ?? 0) !== 0;
  for (const a of items('pci')) {
    const spec = a.value;
    const first = parseBdf(spec, 0);
    let bdf: string | undefined, from = 0, to = 0;
    if (first) { bdf = normaliseBdf(spec.slice(0, first.end)); to = first.end; }
    let permissive = pciPermissive;
    for (const t of strtok(spec, ',')) {
      const eq = t.text.indexOf('=');
      if (eq === -1) continue;
      const key = t.text.slice(0, eq), value = t.text.slice(eq + 1);
      if (key === 'bdf' && !bdf) { bdf = normaliseBdf(value); from = t.start + eq + 1; to = t.end; }
      else if (key === 'name' && !bdf) { bdf = `name:${value}`; from = t.start + eq + 1; to = t.end; }
      else if (key === 'permissive') permissive = atoi(value) !== 0;
    }
    if (!bdf) continue;
    const c = claim(bdf, spec.slice(from, to).trim(), a, from, to, ['duplicate-pci-device', 'pci-permissive']);
    id.pci.push(c);
    if (permissive) {
      id.hints.push({
        code: 'pci-permissive', range: c.range, silenced: c.silenced?.includes('pci-permissive'),
        message: `PCI device ${c.shown} is passed through in permissive mode: the guest may write any of its configuration space, which pciback otherwise filters. A guest that owns it can then reprogram the device against the host. Use permissive only for a device that needs it and a guest you trust.`,
      });
    }
  }

  consoles(id, type, text, items, claim, whole);

  // pygrub reads the guest's own disk in dom0 as root; bootloader_restrict (where the release has
  // it) runs it as an unprivileged user.
  const bootloader = text('bootloader');
  const restrictOption = kb.option('bootloader_restrict');
  if (type !== 'hvm' && bootloader && /(^|\/)pygrub$/.test(bootloader.value.trim()) && restrictOption && existsIn(restrictOption, release) && !num('bootloader_restrict')) {
    const c = whole(bootloader, '', '', ['pygrub-unrestricted']);
    id.hints.push({
      code: 'pygrub-unrestricted', range: c.range, silenced: !!c.silenced,
      message: `pygrub runs in dom0 as root and reads this guest's disk, which the guest controls: a crafted image attacks the host. Xen ${release} can run it as an unprivileged user: add bootloader_restrict = 1 (with the user set up, see xl.cfg(5)), or boot with PV-GRUB (firmware = "pvgrub64").`,
    });
  }

  const severities: GuestIdentity['severities'] = {};
  let any = false;
  for (const code of FLEET_CODES) {
    const o = settings.diagnostics[code];
    if (o !== undefined && Object.prototype.hasOwnProperty.call(settings.diagnostics, code)) { severities[code] = o; any = true; }
  }
  if (any) id.severities = severities;
  return id;
}

function consoleClaim(c: Placed, kind: ConsoleClaim['kind'], port: number): ConsoleClaim {
  return new PlacedConsole(c, kind, port);
}

type Text = (key: string) => { value: string; s: Setting } | undefined;

/**
 * VNC and SPICE: the port each fixes, and whether it listens on every address without a password.
 * HVM guests read the top-level keys (VNC is on by default); PV and PVH guests their vfb specs,
 * or the top-level keys when vnc = 1 and there is no vfb.
 */
function consoles(
  id: GuestIdentity, type: GuestType, text: Text, items: (key: string) => Atom[],
  claim: (key: string, shown: string, a: Atom, from: number, to: number, codes: readonly FleetCode[]) => Placed,
  whole: (t: { value: string; s: Setting }, key: string, shown: string, codes: readonly FleetCode[]) => Placed,
): void {
  const openHint = (what: string, c: Claim, silenced: boolean) => id.hints.push({
    code: 'console-open-to-all', range: c.range, silenced,
    message: `${what} listens on every address of the host with no password: anyone who reaches the host on the network gets this guest's screen and keyboard. Listen on 127.0.0.1 (reach it through an SSH tunnel), or set a password.`,
  });
  const codes: FleetCode[] = ['duplicate-console-port', 'console-open-to-all'];
  const vfbs = type === 'hvm' ? [] : items('vfb');
  const vncTop = type === 'hvm' ? (text('vnc') ? atoi(text('vnc')!.value) !== 0 : true) : vfbs.length === 0 && !!text('vnc') && atoi(text('vnc')!.value) !== 0;
  if (vncTop) {
    const listen = text('vnclisten');
    const display = text('vncdisplay');
    const unused = text('vncunused');
    const passwd = text('vncpasswd');
    const colon = listen ? listen.value.lastIndexOf(':') : -1;
    const listenDisplay = listen && colon !== -1 && /^[0-9]+$/.test(listen.value.slice(colon + 1)) ? Number(listen.value.slice(colon + 1)) : undefined;
    const address = listen ? (colon !== -1 && listenDisplay !== undefined ? listen.value.slice(0, colon) : listen.value) : '127.0.0.1';
    const at = display ?? listen ?? unused;
    if (unused && atoi(unused.value) === 0 && at) {
      const n = listenDisplay ?? atoi(display!.value);
      id.consoles.push(consoleClaim(whole(at, `tcp:${5900 + n}`, `VNC display ${n}`, codes), 'vnc', 5900 + n));
    }
    if (listen && ANY_ADDRESS.has(address.trim()) && !(passwd && passwd.value !== '')) {
      const c = whole(listen, '', '', codes);
      openHint('The VNC console', c, !!c.silenced?.includes('console-open-to-all'));
    }
  }
  for (const a of vfbs) {
    const spec = a.value;
    const kv = new Map<string, { value: string; start: number; end: number }>();
    for (const t of strtok(spec, ',')) {
      const eq = t.text.indexOf('=');
      if (eq === -1) break;
      kv.set(t.text.slice(0, eq), { value: t.text.slice(eq + 1), start: t.start + eq + 1, end: t.end });
    }
    if (!kv.has('vnc') || atoi(kv.get('vnc')!.value) === 0) continue;
    const listen = kv.get('vnclisten');
    const colon = listen ? listen.value.lastIndexOf(':') : -1;
    const listenDisplay = listen && colon !== -1 && /^[0-9]+$/.test(listen.value.slice(colon + 1)) ? Number(listen.value.slice(colon + 1)) : undefined;
    const unused = kv.get('vncunused');
    if (unused && atoi(unused.value) === 0) {
      const display = kv.get('vncdisplay');
      const n = listenDisplay ?? (display ? atoi(display.value) : 0);
      const at = display ?? listen ?? unused;
      id.consoles.push(consoleClaim(claim(`tcp:${5900 + n}`, `VNC display ${n}`, a, at.start, at.end, codes), 'vnc', 5900 + n));
    }
    const address = listen ? (listenDisplay !== undefined ? listen.value.slice(0, colon) : listen.value) : '127.0.0.1';
    if (listen && ANY_ADDRESS.has(address.trim()) && !(kv.get('vncpasswd')?.value)) {
      const c = claim('', '', a, listen.start, listen.end, codes);
      openHint('The VNC console', c, !!c.silenced?.includes('console-open-to-all'));
    }
  }
  const spice = text('spice');
  if (type === 'hvm' && spice && atoi(spice.value) !== 0) {
    for (const [key, kind] of [['spiceport', 'spice'], ['spicetls_port', 'spice-tls']] as const) {
      const p = text(key);
      const n = p ? integerValue(p.value) : undefined;
      if (p && n !== undefined && n > 0) id.consoles.push(consoleClaim(whole(p, `tcp:${n}`, `SPICE port ${n}`, codes), kind, n));
    }
    const host = text('spicehost');
    const noTicket = text('spicedisable_ticketing');
    if ((!host || ANY_ADDRESS.has(host.value.trim())) && noTicket && atoi(noTicket.value) !== 0) {
      const where = host ?? spice;
      const c = whole(where, '', '', codes);
      openHint('The SPICE console', c, !!c.silenced?.includes('console-open-to-all'));
    }
  }
}
