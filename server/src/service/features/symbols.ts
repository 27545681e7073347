// Document symbols (outline, breadcrumbs, go to symbol): keys grouped by topic (general, boot,
// memory and CPU, devices, graphics, HVM platform, device model, architecture), list items as
// children, each disk named by its target and each vif by its bridge.

import { splitSpec, SpecItem, XlDocument } from '../document';
import type { Knowledge, OptionInfo } from '../knowledge';
import type { Assignment, StringAtom, Value } from '../parser';
import type { Range } from '../types';

export type SymbolKind = 'namespace' | 'property' | 'object' | 'array' | 'string' | 'number';

/** Mirrors LSP's DocumentSymbol (kinds by name; the server maps them to LSP numbers). */
export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole construct; contains selectionRange. */
  range: Range;
  /** What to reveal and select: the key, or the item. */
  selectionRange: Range;
  deprecated?: boolean;
  children?: DocumentSymbol[];
}

export interface SymbolOptions {
  /** Group keys under topics (default), or list them flat in file order. */
  groupByTopic: boolean;
}

export type Topic = 'general' | 'boot' | 'memory-cpu' | 'devices' | 'graphics' | 'hvm' | 'device-model' | 'arch' | 'unknown';

export const TOPIC_LABELS: Record<Topic, string> = {
  general: 'General',
  boot: 'Boot',
  'memory-cpu': 'Memory and CPU',
  devices: 'Devices',
  graphics: 'Graphics and console',
  hvm: 'HVM platform',
  'device-model': 'Device model',
  arch: 'Architecture (Arm, x86)',
  unknown: 'Unknown keys',
};

const TOPIC_ORDER: Topic[] = ['general', 'boot', 'memory-cpu', 'devices', 'graphics', 'hvm', 'device-model', 'arch', 'unknown'];

/** Keys whose man page section is broader than their topic. */
const KEY_TOPICS: Record<string, Topic> = { vfb: 'graphics', vdispl: 'graphics', display: 'graphics', xauthority: 'graphics', e820_host: 'memory-cpu' };

/** The man page section decides the topic; the first rule that matches wins. */
const SECTION_TOPICS: [RegExp, Topic][] = [
  [/^Architecture Specific/, 'arch'],
  [/^Device-Model/, 'device-model'],
  [/Graphics|Spice/, 'graphics'],
  [/Kernel Boot|Boot Device|^Paravirtualised \(PV\) Guest Specific Options; PVH/, 'boot'],
  [/CPU|Memory Allocation|NUMA|Paging/, 'memory-cpu'],
  [/^Devices|Miscellaneous Emulated Hardware|^Undocumented \/ deprecated/, 'devices'],
  [/^Fully-virtualised|^Undocumented HVM/, 'hvm'],
];

export function topicOf(info: OptionInfo | undefined): Topic {
  if (!info) return 'unknown';
  const byKey = KEY_TOPICS[info.key];
  if (byKey) return byKey;
  for (const [re, topic] of SECTION_TOPICS) if (re.test(info.section)) return topic;
  return 'general';
}

const MAX_NAME = 60;
const MAX_CHILDREN = 1000;

function short(s: string, max = MAX_NAME): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

/** A symbol name must not be empty. */
function nameOf(s: string): string {
  return s.trim() === '' ? '""' : short(s);
}

function preview(v: Value | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'list') return v.items.length === 1 ? '1 item' : `${v.items.length} items`;
  return short(v.kind === 'string' ? JSON.stringify(v.value) : v.value);
}

export function documentSymbols(doc: XlDocument, kb: Knowledge, options: SymbolOptions = { groupByTopic: true }): DocumentSymbol[] {
  const range = (s: number, e: number) => doc.lines.range(s, e);
  const keys: { topic: Topic; symbol: DocumentSymbol; start: number; end: number }[] = [];
  for (const stmt of doc.parsed.statements) {
    const info = kb.option(stmt.key, doc.kind);
    const end = Math.max(stmt.end, stmt.keyEnd);
    const symbol: DocumentSymbol = {
      name: stmt.key,
      detail: (stmt.op === '+=' ? '+= ' : '') + (preview(stmt.value) ?? ''),
      kind: 'property',
      range: range(stmt.start, end),
      selectionRange: range(stmt.keyStart, stmt.keyEnd),
    };
    if (info?.deprecated) symbol.deprecated = true;
    if (stmt.value?.kind === 'list') {
      const children = listChildren(doc, kb, stmt, info, stmt.value);
      if (children.length) symbol.children = children;
    }
    keys.push({ topic: doc.kind === 'domain' ? topicOf(info) : info ? 'general' : 'unknown', symbol, start: stmt.start, end });
  }
  if (!options.groupByTopic || doc.kind !== 'domain') return keys.map((k) => k.symbol);
  const groups: DocumentSymbol[] = [];
  for (const topic of TOPIC_ORDER) {
    const members = keys.filter((k) => k.topic === topic);
    if (!members.length) continue;
    const start = Math.min(...members.map((m) => m.start));
    const end = Math.max(...members.map((m) => m.end));
    groups.push({
      name: TOPIC_LABELS[topic],
      detail: members.length === 1 ? '1 key' : `${members.length} keys`,
      kind: 'namespace',
      range: range(start, end),
      selectionRange: members[0].symbol.selectionRange,
      children: members.map((m) => m.symbol),
    });
  }
  return groups;
}

function listChildren(doc: XlDocument, kb: Knowledge, stmt: Assignment, info: OptionInfo | undefined, list: Value & { kind: 'list' }): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const table = info?.spec ? kb.spec(info.spec) : undefined;
  list.items.slice(0, MAX_CHILDREN).forEach((item, i) => {
    const r = doc.lines.range(item.start, item.end);
    if (item.kind === 'string' && table) {
      const { name, detail } = specLabel(doc, table.name, item, i);
      out.push({ name: nameOf(name), detail, kind: 'object', range: r, selectionRange: r });
    } else if (item.kind === 'list') {
      // vnuma and vsnd nest one level: [ [ "pnode=0", "size=512" ], ... ]
      const parts = item.items.filter((x): x is StringAtom => x.kind === 'string').map((x) => x.value);
      const label = stmt.key === 'vnuma' ? `vnode ${i}` : `[${i}]`;
      out.push({ name: label, detail: short(parts.join(', ')), kind: 'array', range: r, selectionRange: r });
    } else {
      out.push({ name: nameOf(item.value), kind: item.kind === 'number' ? 'number' : 'string', range: r, selectionRange: r });
    }
  });
  return out;
}

/** Disk target prefixes that stand for the format field (xl-disk-configuration(5)). */
const DISK_PREFIX_RE = /^(phy|file|tap|tap2|aio|ioemu|tapdisk|raw|qcow|qcow2|vhd|iscsi|nbd|enbd|drbd):/;

export interface DiskFields { target?: { text: string; start: number; end: number }; vdev?: string; access?: string; format?: string; cdrom: boolean }

/**
 * The fields of a disk spec: named ones, and the positional target, format, vdev and access
 * (a legacy `phy:` style prefix on the target stands for the format field).
 */
export function diskFields(items: SpecItem[]): DiskFields {
  const f: DiskFields = { cdrom: false };
  const order = ['target', 'format', 'vdev', 'access'] as const;
  let pos = 0;
  for (const item of items) {
    if (item.value === undefined) {
      if (item.key === 'cdrom') { f.cdrom = true; continue; }
      if (item.key === '' || /^(discard|no-discard|direct-io-safe|trusted|untrusted|colo|no-colo)$/.test(item.key)) { if (item.key === '') pos++; continue; }
      // The old `hdc:cdrom` form names the vdev wherever it stands.
      if (/^[a-z]+\w*:cdrom$/.test(item.key)) { f.vdev = item.key.slice(0, -':cdrom'.length); f.cdrom = true; pos = 3; continue; }
      const field = order[pos];
      if (field === 'target') {
        const m = DISK_PREFIX_RE.exec(item.key);
        const skip = m ? m[0].length : 0;
        f.target = { text: item.key.slice(skip), start: item.start + skip, end: item.end };
        if (m) { f.format = m[1]; pos++; }
      } else if (field === 'format') f.format = item.key;
      else if (field === 'vdev') f.vdev = item.key;
      else if (field === 'access') f.access = item.key;
      pos++;
      continue;
    }
    const v = item.value.trim();
    if (item.key === 'target') f.target = { text: v, start: item.valueStart! + (item.value.length - item.value.trimStart().length), end: item.end };
    else if (item.key === 'vdev') f.vdev = v;
    else if (item.key === 'format') f.format = v;
    else if (item.key === 'access') f.access = v;
    else if (item.key === 'devtype' && v === 'cdrom') f.cdrom = true;
  }
  return f;
}

/** Sub-keys that name an item of each device list best. */
const NAMING_KEYS: Record<string, string[]> = {
  vif: ['bridge', 'ip', 'mac', 'vifname'],
  p9: ['tag'],
  channel: ['name'],
  virtio: ['type'],
  usbctrl: ['type'],
  vtpm: ['backend', 'uuid'],
  vfb: ['type'],
  pvcalls: ['backend'],
};

function specLabel(doc: XlDocument, table: string, atom: StringAtom, index: number): { name: string; detail?: string } {
  const items = splitSpec(doc.text, atom, table);
  const get = (k: string) => items.find((i) => i.key === k && i.value !== undefined)?.value?.trim();
  if (table === 'disk') {
    const f = diskFields(items);
    const detail = [f.vdev, f.format, f.access, f.cdrom ? 'cdrom' : undefined].filter(Boolean).join(' · ');
    return { name: f.target?.text || (f.cdrom ? '(empty cdrom)' : `disk ${index}`), detail: detail || undefined };
  }
  if (table === 'pci') {
    const bdf = items.find((i) => i.value === undefined)?.key || get('bdf');
    return { name: bdf || `pci ${index}`, detail: short(items.filter((i) => i.value !== undefined).map((i) => `${i.key}=${i.value}`).join(', ')) || undefined };
  }
  const naming = NAMING_KEYS[table];
  if (naming) {
    for (const k of naming) {
      const v = get(k);
      if (v) {
        const rest = items.filter((i) => i.key !== k).map((i) => (i.value === undefined ? i.key : `${i.key}=${i.value}`)).join(', ');
        return { name: v, detail: short(`${table} ${index}${rest ? ' · ' + rest : ''}`) };
      }
    }
    return { name: `${table} ${index}`, detail: short(atom.value) || undefined };
  }
  return { name: atom.value };
}
