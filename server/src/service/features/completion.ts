// Completion: keys (by relevance for the guest type), values, spec sub-keys and their values,
// generated MACs and UUIDs, and whole device entries. Works on the text before the cursor,
// because the line being typed is usually not valid yet.

import { findStatement, XlDocument } from '../document';
import { deprecatedIn, EnumValue, existsIn, Knowledge, OptionInfo, SpecTable, SubKeyInfo, XenRelease } from '../knowledge';
import type { CompletionItem, Settings } from '../types';
import { randomUuid, randomXenMac } from '../values';
import { optionMarkdown, shapeLabel, subKeyMarkdown, valueNote } from './markdown';
import { guestArch } from './diagnostics/guest';

export function complete(doc: XlDocument, kb: Knowledge, offset: number, settings: Settings): CompletionItem[] {
  const text = doc.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  if (/^[ \t]*#/.test(prefix)) return [];
  const keyTyping = /^[ \t]*([a-z0-9_.]*)$/i.exec(prefix);
  if (keyTyping && !insideOpenList(doc, offset)) {
    const wordStart = offset - keyTyping[1].length;
    return keyCompletions(doc, kb, settings, doc.lines.range(wordStart, offset));
  }
  // Which key's value are we in?
  let key: string | undefined;
  let valuePrefix: string;
  const onLine = /^[ \t]*([a-z][._0-9a-z]*)[ \t]*\+?=(.*)$/.exec(prefix);
  if (onLine) { key = onLine[1]; valuePrefix = onLine[2]; }
  else {
    const stmt = findStatement(doc, offset) ?? lastOpenStatement(doc, offset);
    if (!stmt) return [];
    key = stmt.key;
    valuePrefix = text.slice(stmt.opStart + stmt.op.length, offset);
  }
  const info = kb.option(key, doc.kind);
  if (!info) return [];
  const str = openString(valuePrefix);
  if (str) {
    const strStartOffset = offset - str.content.length;
    const spec = info.spec ? kb.spec(info.spec) : undefined;
    if (spec) return specCompletions(doc, kb, spec, str.content, offset, settings.xenVersion, info.since);
    if (info.values?.length) return enumItems(info, doc.lines.range(strStartOffset, offset), false, settings);
    if (info.format === 'uuid') return [{ label: randomUuid(), kind: 'value', detail: 'a new random UUID', range: doc.lines.range(strStartOffset, offset) }];
    return [];
  }
  return valueCompletions(doc, kb, info, offset, settings);
}

function insideOpenList(doc: XlDocument, offset: number): boolean {
  const stmt = lastOpenStatement(doc, offset);
  return !!stmt;
}

/** A statement whose list is still open at `offset` (a list spanning several lines). */
function lastOpenStatement(doc: XlDocument, offset: number) {
  const stmts = doc.parsed.statements;
  for (let i = stmts.length - 1; i >= 0; i--) {
    const s = stmts[i];
    if (s.start > offset) continue;
    if (s.value?.kind === 'list' && s.value.start < offset && (!s.value.closed || offset < s.value.end)) return s;
    return undefined;
  }
  return undefined;
}

/** If the text ends inside a quoted string, its quote and content so far. */
function openString(s: string): { quote: string; content: string } | undefined {
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') { i++; continue; }
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") { quote = c; start = i + 1; }
    else if (c === '#') return undefined;
  }
  return quote ? { quote, content: s.slice(start) } : undefined;
}


/** The brief documentation of each key depends on the knowledge entry and the release: built once per pair. */
const briefDocs = new WeakMap<OptionInfo, Map<XenRelease, string>>();
function briefDoc(kb: Knowledge, info: OptionInfo, release: XenRelease): string {
  let byRelease = briefDocs.get(info);
  if (!byRelease) briefDocs.set(info, byRelease = new Map());
  let d = byRelease.get(release);
  if (d === undefined) byRelease.set(release, d = optionMarkdown(kb, info, { brief: true, release }));
  return d;
}

/** Whether an entry's deprecation holds in the release (the value form keeps its release apart). */
function isDeprecated(entry: { deprecated?: unknown; deprecatedSince?: XenRelease }, since: XenRelease | undefined, release: XenRelease): boolean {
  return !!entry.deprecated && deprecatedIn(since ?? entry.deprecatedSince, release);
}

/**
 * Keys for a new line: the ones most configs of this kind of guest set first (data/completion.yaml),
 * then the rest the guest type reads, then deprecated and undocumented ones. Keys for another
 * architecture are left out, and so are keys already set, but for lists, which `+=` extends.
 */
function keyCompletions(doc: XlDocument, kb: Knowledge, settings: Settings, range: CompletionItem['range']): CompletionItem[] {
  const set = new Set<string>();
  for (const s of doc.parsed.statements) if (s.complete) set.add(s.key);
  const guest = doc.guest.type;
  const arch = doc.kind === 'domain' ? guestArch({ doc, kb, settings }) ?? 'x86' : undefined;
  const kind = arch === 'arm' ? 'arm' : guest;
  const items: CompletionItem[] = [];
  for (const info of kb.optionsFor(doc.kind)) {
    const again = set.has(info.key);
    if (again && info.shape[0] !== 'list') continue;
    if (!existsIn(info, settings.xenVersion)) continue;
    if (doc.kind === 'domain' && info.guests.length && !info.guests.includes(guest) && doc.guest.source !== 'default') continue;
    if (arch && info.arch !== 'any' && info.arch !== arch) continue;
    const common = kb.commonRank(kind, info.key);
    const deprecated = isDeprecated(info, info.deprecated?.since, settings.xenVersion);
    let rank: string;
    if (deprecated) rank = '8';
    else if (info.undocumented) rank = '9';
    else if (again) rank = '7'; // a list already set: offered to add to it
    else if (common !== undefined) rank = `0${String(common).padStart(3, '0')}`;
    else rank = info.guests.includes(guest) ? `${1 + info.guests.length}` : '5'; // the more specific to the guest, the earlier
    items.push({
      label: info.key,
      kind: 'property',
      detail: `${shapeLabel(info)}${again ? ' — add to it with +=' : ''}${deprecated ? ' — deprecated' : ''}`,
      documentation: briefDoc(kb, info, settings.xenVersion),
      insertText: `${info.key} ${again ? '+=' : '='} ${valueTemplate(info)}`,
      snippet: true,
      range,
      sortText: `${rank}_${info.key}`,
      deprecated,
      retrigger: !!info.values?.length,
    });
  }
  return items;
}

function valueTemplate(info: OptionInfo): string {
  if (info.shape[0] === 'list') {
    if (info.spec) return `[ '\${1}' ]`;
    return `[ "\${1}" ]`;
  }
  if (info.shape[0] === 'boolean') return '${1|1,0|}';
  if (info.shape[0] === 'integer') return info.default && /^[0-9]+$/.test(info.default) ? `\${1:${info.default}}` : '${1}';
  if (info.values?.length && info.values.length <= 12 && info.values.every((v) => /^[\w.-]+$/.test(v.value))) return `"\${1|${info.values.map((v) => v.value).join(',')}|}"`;
  return '"${1}"';
}

function enumItems(info: OptionInfo, range: CompletionItem['range'], quoted: boolean, settings: Settings): CompletionItem[] {
  return valueItems(info.values, info.since, settings.xenVersion, range, quoted);
}

/**
 * Completion items for enum values: the values the chosen release does not have are hidden
 * (xlcfg.xenVersion); each item's detail says its own history (since, deprecated, removed).
 */
function valueItems(values: readonly EnumValue[] | undefined, keySince: XenRelease | undefined, release: XenRelease, range: CompletionItem['range'], quoted: boolean): CompletionItem[] {
  return (values ?? []).filter((v) => existsIn(v, release)).map((v, i) => {
    const deprecated = isDeprecated(v, undefined, release);
    return {
      label: quoted ? `"${v.value}"` : v.value,
      kind: 'enum' as const,
      detail: valueNote(v, keySince),
      documentation: v.deprecated ? `${v.doc}\n\nDeprecated: ${v.deprecated}` : v.doc,
      insertText: quoted ? `"${v.value}"` : v.value,
      range,
      sortText: `${deprecated ? 9 : 0}_${String(i).padStart(3, '0')}`,
      deprecated,
    };
  });
}

function valueCompletions(doc: XlDocument, kb: Knowledge, info: OptionInfo, offset: number, settings: Settings): CompletionItem[] {
  const range = doc.lines.range(offset, offset);
  const out: CompletionItem[] = [];
  if (info.values?.length && info.shape.includes('string')) out.push(...enumItems(info, range, true, settings));
  if (info.shape.includes('boolean')) {
    out.push({ label: '1', kind: 'constant', detail: 'true', insertText: '1', range }, { label: '0', kind: 'constant', detail: 'false', insertText: '0', range });
  }
  if (info.format === 'uuid') out.push({ label: `"${randomUuid()}"`, kind: 'value', detail: 'a new random UUID', range });
  if (info.shape[0] === 'list' && info.spec) {
    const table = kb.spec(info.spec);
    const snippet = table ? deviceSnippet(table) : undefined;
    if (snippet) out.push({ label: `[ '${info.spec} spec' ]`, kind: 'snippet', detail: `a ${info.spec} entry`, insertText: `[ '${snippet}' ]`, snippet: true, range });
  }
  if (info.default !== undefined && info.shape[0] === 'integer' && /^[0-9]+$/.test(info.default)) {
    out.push({ label: info.default, kind: 'value', detail: 'default', range });
  }
  return out;
}

/** A typical entry for a device list, as a snippet. */
export function deviceSnippet(table: SpecTable): string | undefined {
  switch (table.name) {
    case 'disk': return "${1:/dev/vg/guest-disk},${2|raw,qcow2,vhd|},${3:xvda},${4|rw,ro|}";
    case 'vif': return `mac=\${1:${randomXenMac()}},bridge=\${2:xenbr0}`;
    case 'pci': return '${1:0000:03:00.0}';
    case 'vfb': return 'vnc=1,vnclisten=${1:127.0.0.1}';
    case 'channel': return 'name=${1:org.qemu.guest_agent.0},connection=${2|pty,socket|}';
    case 'vtpm': return 'backend=${1:vtpmmgr}';
    case 'usbctrl': return 'version=${1|2,3,1|},ports=${2:4}';
    case 'usbdev': return 'hostbus=${1:1},hostaddr=${2:2}';
    case 'p9': return 'tag=${1:share},path=${2:/srv/share},security_model=none';
    default: return undefined;
  }
}

function specCompletions(doc: XlDocument, kb: Knowledge, table: SpecTable, content: string, offset: number, release: XenRelease, keySince: XenRelease | undefined): CompletionItem[] {
  const parts = content.split(',');
  const current = parts[parts.length - 1];
  const used = new Set(parts.slice(0, -1).map((p) => p.split('=')[0].trim()));
  const eq = current.indexOf('=');
  if (eq !== -1) {
    const subName = current.slice(0, eq).trim();
    const sub = kb.subKey(table, subName);
    const valueStart = offset - (current.length - eq - 1);
    const range = doc.lines.range(valueStart, offset);
    if (!sub || !existsIn(sub, release)) return [];
    if (sub.format === 'mac' || subName === 'mac') return [{ label: randomXenMac(), kind: 'value', detail: "a new MAC in Xen's range 00:16:3e", range }];
    if (sub.format === 'uuid') return [{ label: randomUuid(), kind: 'value', detail: 'a new random UUID', range }];
    return valueItems(sub.values, sub.since, release, range, false);
  }
  const wordStart = offset - current.trimStart().length;
  const range = doc.lines.range(wordStart, offset);
  const items: CompletionItem[] = [];
  let order = 0;
  for (const sub of table.subkeys) {
    if (used.has(sub.key)) continue;
    // Sub-keys the chosen release does not have are hidden, as keys and values are.
    if (!existsIn(sub, release)) continue;
    // Positional fields can also be named (vdev=xvda); the PCI address is only written bare.
    if (sub.kind === 'positional' && (table.name === 'pci' || /:$/.test(sub.key))) continue;
    items.push({
      label: sub.kind === 'flag' ? sub.key : `${sub.key}=`,
      kind: sub.kind === 'flag' ? 'keyword' as const : 'property' as const,
      detail: `${sub.summary}${subKeyNote(sub, keySince, release)}`,
      documentation: subKeyMarkdown(kb, table, sub, release),
      insertText: sub.kind === 'flag' ? sub.key : `${sub.key}=`,
      range,
      // In the table's own order (the common ones come first there), the rare ones (COLO) last.
      sortText: `${sub.required ? 0 : isDeprecated(sub, sub.deprecated?.since, release) ? 9 : sub.rare ? 8 : 1}_${String(order++).padStart(3, '0')}`,
      deprecated: isDeprecated(sub, sub.deprecated?.since, release),
      retrigger: sub.kind === 'named' && (!!sub.values?.length || sub.format === 'mac' || sub.key === 'mac'),
    });
  }
  return items;
}

/** " (since 4.19; deprecated)": a sub-key's own history, where it differs from its option's. */
function subKeyNote(sub: SubKeyInfo, keySince: XenRelease | undefined, release: XenRelease): string {
  const parts: string[] = [];
  if (sub.since && keySince && sub.since !== keySince) parts.push(`since ${sub.since}`);
  if (isDeprecated(sub, sub.deprecated?.since, release)) parts.push(sub.deprecated?.since ? `deprecated since ${sub.deprecated.since}` : 'deprecated');
  return parts.length ? ` (${parts.join('; ')})` : '';
}
