// The configs of one host, checked together: two guests writing one disk, sharing a MAC, a PCI
// device, a name, a UUID or a console port; autostart entries that lead nowhere; a host too small
// for its guests. Pure and incremental: update() replaces one file's identity in an index keyed
// by what configs are compared by, so its cost is the size of that file, not of the folder; a
// file's findings look up only its own claims.

import { docsLink, type Diagnostic, type Position, type Range, type Severity } from '../../types';
import { FLEET_DEFAULT_SEVERITY, type FleetCode } from './codes';
import type { HostProfile } from './host';
import type { Claim, ConsoleClaim, DiskClaim, GuestIdentity } from './identity';

/** A place in another file that a finding points to (LSP relatedInformation). */
export interface Related { uri: string; range: Range; message: string }

export interface FleetDiagnostic extends Diagnostic { related: Related[] }

/** The kinds of claims configs are compared by (and Find All References follows). */
export type ClaimKind = 'name' | 'uuid' | 'mac' | 'disk' | 'pci' | 'port' | 'bridge';
/**
 * Indexed kinds: the claimed kinds, and the writable disks again on their own (a base image that
 * thousands of guests read is no conflict, and must cost no more than one that nobody shares).
 */
type IndexKind = ClaimKind | 'disk-writer';

export interface FleetOptions {
  /** How a file is named in messages (a path relative to the folder); the URI's last part by default. */
  label?: (uri: string) => string;
  /** Severity overrides for findings not tied to a guest's own settings (autostart entries). */
  severities?: Record<string, Severity | 'off'>;
  /** Index bridges (for Find All References; never a conflict). Default true; a one-shot check has no use for them. */
  indexBridges?: boolean;
}

export interface ClaimRef { uri: string; kind: ClaimKind; claim: Claim }

interface AutostartEntry { target?: string; range: Range }
/** A key's claimants as flat pairs, file then claim: no object per claim in the index. */
type Claimants = (string | Claim)[];

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const LISTED = 3;

export class Fleet {
  private readonly guests = new Map<string, GuestIdentity>();
  /**
   * Per kind, key -> every claim of it with its file (small arrays: most things have one
   * claimant). Keyed by the claim's own key string, whose hash V8 keeps once computed.
   */
  private readonly index = new Map<IndexKind, Map<string, Claimants>>();
  private readonly autostart = new Map<string, AutostartEntry>();
  /** Target URI -> the autostart entries that point to it. */
  private readonly startedBy = new Map<string, Set<string>>();
  private memoryTotal?: number;
  private host?: HostProfile;

  constructor(private readonly options: FleetOptions = {}) {}

  get size(): number { return this.guests.size; }

  /** The host's memory and CPUs; undefined: rules that need them stay silent. Returns the files whose findings change. */
  setHost(host: HostProfile | undefined): Set<string> {
    this.host = host;
    return new Set(this.guests.keys());
  }

  getHost(): HostProfile | undefined { return this.host; }

  identity(uri: string): GuestIdentity | undefined { return this.guests.get(uri); }

  *identities(): IterableIterator<GuestIdentity> { yield* this.guests.values(); }

  /**
   * Replaces one file's identity (undefined: the file is no guest, or gone). Returns the files
   * whose findings may have changed: this one, those that shared a claim with its old or new
   * self, and the autostart entries (and autostarted guests) it concerns.
   */
  update(uri: string, identity: GuestIdentity | undefined): Set<string> {
    const affected = new Set<string>([uri]);
    const old = this.guests.get(uri);
    if (old) {
      this.peersOf(old, affected);
      forEachClaim(old, true, (kind, c) => { if (kind !== 'bridge' || this.options.indexBridges !== false) this.unindex(kind, c.key, uri); });
      this.guests.delete(uri);
    }
    if (identity) {
      this.guests.set(uri, identity);
      forEachClaim(identity, true, (kind, c) => { if (kind !== 'bridge' || this.options.indexBridges !== false) this.indexClaim(kind, c, uri); });
      this.peersOf(identity, affected);
    }
    for (const entry of this.startedBy.get(uri) ?? []) affected.add(entry);
    if (this.startedBy.has(uri)) {
      this.memoryTotal = undefined;
      for (const t of this.startedBy.keys()) affected.add(t);
    }
    return affected;
  }

  remove(uri: string): Set<string> {
    const affected = this.update(uri, undefined);
    if (this.autostart.has(uri)) for (const a of this.setAutostart(uri, undefined, false)) affected.add(a);
    return affected;
  }

  /**
   * An entry of /etc/xen/auto: it points to `target` (a config's URI), or to nothing (a dangling
   * link) when target is undefined. `present` false removes the entry. What a link is, the caller
   * decides (it reads the file system); a plain file there is its own target.
   */
  setAutostart(entry: string, target: string | undefined, present = true, range: Range = START): Set<string> {
    const affected = new Set<string>([entry]);
    const old = this.autostart.get(entry);
    if (old?.target) {
      const by = this.startedBy.get(old.target);
      by?.delete(entry);
      if (by && !by.size) this.startedBy.delete(old.target);
    }
    if (present) {
      this.autostart.set(entry, { target, range });
      if (target) {
        let by = this.startedBy.get(target);
        if (!by) this.startedBy.set(target, (by = new Set()));
        by.add(entry);
      }
    } else this.autostart.delete(entry);
    this.memoryTotal = undefined;
    for (const t of this.startedBy.keys()) affected.add(t);
    if (old?.target) affected.add(old.target);
    return affected;
  }

  autostartEntries(): { entry: string; target?: string }[] {
    return [...this.autostart].map(([entry, e]) => ({ entry, target: e.target }));
  }

  /** Every file with findings, and its findings. */
  findings(): Map<string, FleetDiagnostic[]> {
    const out = new Map<string, FleetDiagnostic[]>();
    for (const uri of new Set([...this.guests.keys(), ...this.autostart.keys()])) {
      const d = this.diagnosticsFor(uri);
      if (d.length) out.set(uri, d);
    }
    return out;
  }

  /** The findings of one file: its own claims looked up in the index. */
  diagnosticsFor(uri: string): FleetDiagnostic[] {
    const out: FleetDiagnostic[] = [];
    const id = this.guests.get(uri);
    const entry = this.autostart.get(uri);
    if (entry) this.autostartFindings(uri, entry, out);
    if (!id) return out;
    const add = (code: FleetCode, range: Range, message: string, related: Related[] = [], silenced?: readonly FleetCode[]) => {
      if (silenced?.includes(code)) return;
      const severity = this.severity(code, id);
      if (severity === 'off') return;
      out.push({ range, severity, code, message, href: docsLink(code), fixes: [], related });
    };
    const who = id.name?.shown ?? this.label(uri);

    if (id.name) {
      const peers = this.peers('name', id.name.key, uri);
      if (peers.length) {
        add('duplicate-guest-name', id.name.range,
          `Another config names its guest '${id.name.shown}' too (${this.where(peers)}): xl create refuses the second one while the first runs ("domain with name … already exists"). Give each guest its own name.`,
          this.related(peers, (p) => `'${id.name!.shown}' is also the name here`), id.name.silenced);
      }
    }
    if (id.uuid) {
      const peers = this.peers('uuid', id.uuid.key, uri);
      if (peers.length) {
        add('duplicate-uuid', id.uuid.range,
          `The UUID ${id.uuid.shown} is also the UUID of ${this.guestsIn(peers)} (${this.where(peers)}): both start, the second overwrites the first's /vm/<uuid> entry in xenstore, and tools that key on the UUID mix them up. Give each guest its own UUID (or remove the line: xl then makes one up).`,
          this.related(peers, () => 'the same UUID here'), id.uuid.silenced);
      }
    }
    for (const mac of id.macs) {
      const peers = this.peers('mac', mac.key, uri);
      if (peers.length) {
        add('duplicate-mac', mac.range,
          `The MAC ${mac.shown} is also used by ${this.guestsIn(peers)} (${this.where(peers)}): both guests start, and on a shared network both lose their connection as the switch and bridge keep moving the address between them. Give each interface its own MAC (MACs compare without case).`,
          this.related(peers, () => `MAC ${mac.shown} here too`), mac.silenced);
      }
    }
    for (const disk of id.disks) this.diskFindings(uri, disk, add);
    for (const pci of id.pci) {
      const peers = this.peers('pci', pci.key, uri);
      if (peers.length) {
        add('duplicate-pci-device', pci.range,
          `The PCI device ${pci.shown}${pci.key.startsWith('name:') || pci.key === pci.shown ? '' : ` (${pci.key})`} is also passed through to ${this.guestsIn(peers)} (${this.where(peers)}): a device can be assigned to one guest at a time, so whichever starts second fails to start.`,
          this.related(peers, () => `PCI device ${pci.key} here too`), pci.silenced);
      }
    }
    for (const con of id.consoles) {
      const peers = this.peers('port', con.key, uri);
      if (peers.length) {
        add('duplicate-console-port', con.range,
          `${describePort(con)} (TCP port ${con.port}) is also fixed by ${this.guestsIn(peers)} (${this.where(peers)}): QEMU of the guest started second cannot listen on it, and that guest fails to start. Use another display or port, or vncunused = 1 to take the next free display.`,
          this.related(peers, (p) => `${describePort(p.claim as ConsoleClaim)} here`), con.silenced);
      }
    }
    for (const h of id.hints) if (!h.silenced) add(h.code, h.range, h.message);

    const host = this.host;
    if (host) {
      if (id.vcpus.count > host.cpus) {
        add('vcpus-over-host-cpus', id.vcpus.range,
          `'${who}' has ${id.vcpus.count} vCPUs, and the host has ${host.cpus} CPUs (${host.source ?? 'host profile'}): the guest's own vCPUs take turns on fewer CPUs, and a guest kernel that waits on one of its stalled vCPUs slows to a crawl. Give it at most ${host.cpus}. (Many guests with ${host.cpus} vCPUs or fewer each are fine.)`,
          [], id.vcpus.silenced);
      }
      if (this.startedBy.has(uri) && !id.errors) {
        const total = this.autostartMemory();
        const available = host.memoryMiB - (host.dom0MemoryMiB ?? 0);
        if (total > available) {
          let n = 0;
          for (const t of this.startedBy.keys()) { const g = this.guests.get(t); if (g && !g.errors) n++; }
          add('autostart-memory', id.memory.range,
            `The ${n} autostarted guests need ${total} MiB together; the host has ${host.memoryMiB} MiB${host.dom0MemoryMiB ? `, ${host.dom0MemoryMiB} MiB of it kept by dom0 (dom0_mem)` : ''} (${host.source ?? 'host profile'}): the guests started last fail for lack of memory when the host boots. '${who}' asks for ${id.memory.mib} MiB.`,
            [], id.memory.silenced);
        }
      }
    }
    return out;
  }

  /** The claim under a position in a file, if any (for references and highlights). */
  claimAt(uri: string, position: Position): ClaimRef | undefined {
    const id = this.guests.get(uri);
    if (!id) return undefined;
    let found: ClaimRef | undefined;
    forEachClaim(id, false, (kind, c) => { if (!found && kind !== 'disk-writer' && contains(c.range, position)) found = { uri, kind, claim: c }; });
    return found;
  }

  /** Every claim of the same thing across the folder (this one included). */
  references(kind: ClaimKind, key: string): ClaimRef[] {
    const out: ClaimRef[] = [];
    const entries = this.keys(kind).get(key) ?? [];
    for (let i = 0; i < entries.length; i += 2) out.push({ uri: entries[i] as string, kind, claim: entries[i + 1] as Claim });
    return out;
  }

  // -----------------------------------------------------------------------------------------

  private diskFindings(uri: string, disk: DiskClaim, add: (code: FleetCode, range: Range, message: string, related: Related[], silenced?: readonly FleetCode[]) => void): void {
    const peers = this.peers(disk.writable ? 'disk' : 'disk-writer', disk.key, uri);
    if (!peers.length) return;
    const peerWrites = peers.some((p) => (p.claim as DiskClaim).writable);
    const how = disk.writable && peerWrites ? 'both may write it' : disk.writable ? 'this guest writes it while the other reads it' : 'the other guest writes it while this one reads it';
    const all = [disk, ...peers.map((p) => p.claim as DiskClaim)];
    const effect = all.every((d) => d.service === 'blkback')
      ? "Xen's hotplug script sees the device in use and refuses to attach it, so the guest started second fails to start."
      : all.some((d) => d.service === 'script')
        ? 'A custom block script does not check for sharing: both guests start and the data is corrupted.'
        : 'QEMU (qcow2 and other images) does not check for sharing: both guests start and the data is corrupted.';
    const where = disk.backend === 'Domain-0' ? '' : ` in driver domain ${disk.backend}`;
    add('shared-writable-disk', disk.range,
      `The disk ${disk.shown}${where} is also a disk of ${this.guestsIn(peers)} (${this.where(peers)}), and ${how}. ${effect} Share it read-only (access=ro) on both sides, or give each guest its own copy.`,
      this.related(peers, (p) => `${disk.shown} here, ${(p.claim as DiskClaim).writable ? 'writable' : 'read-only'}`), disk.silenced);
  }

  private autostartFindings(uri: string, entry: AutostartEntry, out: FleetDiagnostic[]): void {
    const push = (code: FleetCode, message: string, related: Related[] = []) => {
      const severity = this.severity(code);
      if (severity !== 'off') out.push({ range: entry.range, severity, code, message, href: docsLink(code), fixes: [], related });
    };
    const target = entry.target ? this.guests.get(entry.target) : undefined;
    if (!entry.target) {
      push('autostart-missing-config', `This autostart entry points to nothing (a link to a file that is gone): the guest never starts when the host boots. Remove the link, or point it at the config.`);
    } else if (!target) {
      push('autostart-missing-config', `This autostart entry points to ${this.label(entry.target)}, which is not a domain config (no name, or not an xl config): xendomains cannot start it when the host boots.`,
        [{ uri: entry.target, range: START, message: 'the file the entry points to' }]);
    } else if (target.errors && target.uri !== uri) {
      push('autostart-config-errors', `This autostart entry starts ${this.label(entry.target)}, which has ${target.errors} error${target.errors === 1 ? '' : 's'}: xl refuses it, so the guest '${target.name?.shown}' does not start when the host boots.`,
        [{ uri: entry.target, range: target.name?.range ?? START, message: `the config of '${target.name?.shown}'` }]);
    }
  }

  private autostartMemory(): number {
    if (this.memoryTotal === undefined) {
      let total = 0;
      // A guest xl refuses does not start, and takes no memory.
      for (const t of this.startedBy.keys()) { const g = this.guests.get(t); if (g && !g.errors) total += g.memory.mib; }
      this.memoryTotal = total;
    }
    return this.memoryTotal;
  }

  private severity(code: FleetCode, id?: GuestIdentity): Severity | 'off' {
    return id?.severities?.[code] ?? this.options.severities?.[code] ?? FLEET_DEFAULT_SEVERITY[code];
  }

  private label(uri: string): string {
    if (this.options.label) return this.options.label(uri);
    let path = uri.replace(/^[a-z]+:\/\//, '');
    try { path = decodeURIComponent(path); } catch { /* a stray % stays as written */ }
    return path.slice(path.lastIndexOf('/') + 1);
  }

  /** The other files' claims of the same thing. */
  private peers(kind: IndexKind, key: string, uri: string): ClaimRef[] {
    const entries = this.keys(kind).get(key);
    if (!entries || entries.length === 2 && entries[0] === uri) return [];
    const out: ClaimRef[] = [];
    const as: ClaimKind = kind === 'disk-writer' ? 'disk' : kind;
    for (let i = 0; i < entries.length; i += 2) if (entries[i] !== uri) out.push({ uri: entries[i] as string, kind: as, claim: entries[i + 1] as Claim });
    return out;
  }

  private where(peers: ClaimRef[]): string {
    const list = peers.slice(0, LISTED).map((p) => `${this.label(p.uri)}:${p.claim.range.start.line + 1}`);
    return peers.length > LISTED ? `${list.join(', ')} and ${peers.length - LISTED} more` : list.join(', ');
  }

  private guestsIn(peers: ClaimRef[]): string {
    const names = [...new Set(peers.map((p) => this.guests.get(p.uri)?.name?.shown ?? this.label(p.uri)))];
    const shown = names.slice(0, LISTED).map((n) => `'${n}'`);
    const list = names.length > LISTED ? `${shown.join(', ')} and ${names.length - LISTED} more` : shown.length === 2 ? shown.join(' and ') : shown.join(', ');
    return `${names.length === 1 ? 'guest' : 'guests'} ${list}`;
  }

  private related(peers: ClaimRef[], message: (p: ClaimRef) => string): Related[] {
    return peers.map((p) => ({ uri: p.uri, range: p.claim.range, message: message(p) }));
  }

  /**
   * Adds the files whose findings a claim of this identity takes part in: every file with the same
   * claim, but for a read-only disk only those that write it, and for a bridge none (sharing one is
   * what bridges are for).
   */
  private peersOf(id: GuestIdentity, into: Set<string>): void {
    forEachClaim(id, false, (kind, c) => {
      if (kind === 'bridge') return;
      const along = kind === 'disk' && !(c as DiskClaim).writable ? 'disk-writer' : kind;
      const entries = this.keys(along).get(c.key);
      if (!entries || entries.length === 2 && entries[0] === id.uri) return;
      for (let i = 0; i < entries.length; i += 2) into.add(entries[i] as string);
    });
  }

  private keys(kind: IndexKind): Map<string, Claimants> {
    let m = this.index.get(kind);
    if (!m) this.index.set(kind, (m = new Map()));
    return m;
  }

  private indexClaim(kind: IndexKind, c: Claim, uri: string): void {
    const keys = this.keys(kind);
    const entries = keys.get(c.key);
    if (entries) entries.push(uri, c); else keys.set(c.key, [uri, c]);
  }

  private unindex(kind: IndexKind, key: string, uri: string): void {
    const keys = this.keys(kind);
    const entries = keys.get(key);
    if (!entries) return;
    // Removing a file's claims from a key that thousands share (a bridge) costs its length, once per update.
    let n = 0;
    for (let i = 0; i < entries.length; i += 2) if (entries[i] !== uri) { entries[n++] = entries[i]; entries[n++] = entries[i + 1]; }
    if (n) entries.length = n; else keys.delete(key);
  }
}

/** A guest's claims by kind (`indexed`: writable disks once more, as disk-writer). */
function forEachClaim(id: GuestIdentity, indexed: boolean, fn: (kind: IndexKind, c: Claim) => void): void {
  if (id.name) fn('name', id.name);
  if (id.uuid) fn('uuid', id.uuid);
  for (const c of id.macs) fn('mac', c);
  for (const c of id.disks) { fn('disk', c); if (indexed && c.writable) fn('disk-writer', c); }
  for (const c of id.pci) fn('pci', c);
  for (const c of id.consoles) fn('port', c);
  for (const c of id.bridges) fn('bridge', c);
}

function describePort(c: ConsoleClaim): string {
  return c.kind === 'vnc' ? `VNC display ${c.port - 5900} with vncunused = 0` : c.kind === 'spice' ? `SPICE port ${c.port}` : `SPICE TLS port ${c.port}`;
}

function contains(r: Range, p: Position): boolean {
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(r.start, p) && before(p, r.end);
}
