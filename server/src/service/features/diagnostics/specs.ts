// Spec strings (disk, vif, pci, vfb, channel, ...): unknown sub-keys (xl drops them, so a typo
// silently loses a setting), bad values, required sub-keys, and the positional rules of disks.

import { splitSpec, SpecItem } from '../../document';
import type { SpecTable, SubKeyInfo } from '../../knowledge';
import type { StringAtom, Value } from '../../parser';
import { closest, MAC_RE, readInteger, UUID_RE } from '../../values';
import type { CheckContext } from './context';
import { matchEnum, contributingStatements } from './values';

/** Disk target prefixes that stand for the format field (xl-disk-configuration(5)). */
const DISK_PREFIX_RE = /^(phy|file|tap|tap2|aio|ioemu|tapdisk|raw|qcow|qcow2|vhd|iscsi|nbd|enbd|drbd):/;
const VIF_RATE_RE = /^[0-9]+(GB|MB|KB|B|Gb|Mb|Kb|b)\/s(@[0-9]+(s|ms|us))?$/;
const BDF_RE = /^(?:[0-9a-fA-F]{1,4}:)?[0-9a-fA-F]{1,2}:[0-9a-fA-F]{1,2}\.(?:[0-7]|\*)(?:@[0-9a-fA-F]{1,2})?$/;

export function checkSpecs(ctx: CheckContext): void {
  const { doc, kb } = ctx;
  if (doc.kind !== 'domain') return;
  for (const [key, stmts] of contributingStatements(doc.parsed.statements)) {
    const info = kb.option(key);
    if (!info?.spec || stmts.some((s) => ctx.failed.has(s.start))) continue;
    const table = kb.spec(info.spec);
    if (!table) continue;
    for (const stmt of stmts) {
      const v = stmt.value!;
      if (v.kind === 'list') for (const item of v.items) checkSpecValue(ctx, table, item);
      else if (info.format === 'spec') checkSpecValue(ctx, table, v);
    }
  }
}

function checkSpecValue(ctx: CheckContext, table: SpecTable, v: Value): void {
  if (v.kind === 'list') {
    // vnuma / vsnd nest their specs one level deeper
    for (const inner of v.items) checkSpecValue(ctx, table, inner);
    return;
  }
  if (v.kind !== 'string') return;
  if (table.name === 'cpuid' || table.name === 'vsnd') return; // free-form families, checked by hover only
  checkSpec(ctx, table, v);
}

export function checkSpec(ctx: CheckContext, table: SpecTable, atom: StringAtom): void {
  const { kb, doc } = ctx;
  const items = splitSpec(doc.text, atom, table.name);
  const positional = table.subkeys.filter((s) => s.kind === 'positional').sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const flags = new Set(table.subkeys.filter((s) => s.kind === 'flag').map((s) => s.key));
  const named = table.subkeys.filter((s) => s.kind === 'named');
  const seen = new Set<string>();
  let positionalIndex = 0;
  let diskPrefixed = false;
  for (const item of items) {
    if (item.key === '' && item.value === undefined) {
      if (items.length > 1) ctx.report('spec-empty-item', 'warning', 'Empty item between commas.', item.start, Math.max(item.end, item.start + 1));
      continue;
    }
    if (item.value === undefined) {
      if (flags.has(item.key)) { seen.add(item.key); continue; }
      const field = positional[positionalIndex];
      if (!field) {
        if (positional.length) {
          ctx.report('spec-too-many-positional', 'error', `Too many unnamed fields in this ${table.name} spec: it takes at most ${positional.length} (${positional.map((p) => p.key).join(', ')}). Name the others (key=value).`, item.start, item.end);
        } else {
          unknownSubKey(ctx, table, item, [...flags, ...named.map((n) => n.key)]);
        }
        continue;
      }
      if (table.name === 'disk' && positionalIndex === 0 && DISK_PREFIX_RE.test(item.key)) { diskPrefixed = true; positionalIndex++; }
      positionalIndex++;
      if (field.values?.length) checkSubValue(ctx, table, field, item.key, item.start, item.end);
      seen.add(field.key);
      continue;
    }
    const sub = kb.subKey(table, item.key);
    if (!sub) { unknownSubKey(ctx, table, item, named.map((n) => n.key)); continue; }
    if (seen.has(sub.key) && table.name === 'disk') {
      ctx.report('spec-respecified', 'error', `'${sub.key}' is given twice in this disk spec: xl refuses it ("${sub.key} respecified").`, item.start, item.end);
    }
    seen.add(sub.key);
    if (sub.deprecated) {
      ctx.report('deprecated-subkey', 'warning', `'${item.key}=' is deprecated: ${sub.deprecated.note}${sub.deprecated.replacement ? ` Use ${sub.deprecated.replacement}.` : ''}`, item.start, item.keyEnd, [], ['deprecated']);
    }
    checkSubValue(ctx, table, sub, item.value, item.valueStart!, item.end);
  }
  void diskPrefixed;
  for (const sub of table.subkeys) {
    if (sub.required && !seen.has(sub.key) && !(sub.aliases ?? []).some((a) => seen.has(a))) {
      ctx.report('spec-missing-required', 'error', `This ${table.name} spec needs '${sub.key}=': ${sub.summary}`, atom.start, atom.end);
    }
  }
  if (table.name === 'channel') {
    const conn = items.find((i) => i.key === 'connection');
    if (conn?.value === 'socket' && !items.some((i) => i.key === 'path')) {
      ctx.report('spec-missing-required', 'error', "A channel with connection=socket needs 'path=' (the UNIX socket to create).", atom.start, atom.end);
    }
  }
}

function unknownSubKey(ctx: CheckContext, table: SpecTable, item: SpecItem, candidates: string[]): void {
  const guesses = closest(item.key, candidates);
  const hint = guesses.length ? ` Did you mean ${guesses.map((g) => `'${g}'`).join(' or ')}?` : '';
  const effect = table.unknownKey === 'error' ? 'xl refuses the config.'
    : table.unknownKey === 'warning-dropped' ? 'xl prints "unrecognized argument" and drops it, so the guest starts without this setting.'
      : 'xl ignores it silently.';
  ctx.report('spec-unknown-subkey', table.unknownKey === 'ignored' ? 'warning' : 'error', `Unknown ${table.name} parameter '${item.key}': ${effect}${hint}`, item.start, item.keyEnd,
    guesses.map((g) => ({ title: `Rename to '${g}'`, start: item.start, end: item.keyEnd, newText: g })));
}

function checkSubValue(ctx: CheckContext, table: SpecTable, sub: SubKeyInfo, value: string, start: number, end: number): void {
  if (sub.values?.length && !sub.openValues && sub.format !== 'path' && sub.format !== 'text') {
    const closed = sub.values.every((x) => /^[A-Za-z0-9_.\-]+$/.test(x.value));
    if (closed && !matchEnum(sub.values, value, sub.caseInsensitive)) {
      const guesses = closest(value, sub.values.map((x) => x.value));
      const ci = sub.values.find((x) => x.value.toLowerCase() === value.toLowerCase());
      ctx.report('spec-unknown-value', 'error', `'${value}' is not a valid ${sub.key} for ${table.name}${ci ? ' (values are case-sensitive)' : ''}. Valid: ${sub.values.map((x) => x.value).join(', ')}.`, start, end,
        (ci ? [ci.value] : guesses).map((g) => ({ title: `Write ${g}`, start, end, newText: g })));
      return;
    }
  }
  switch (table.name === 'vif' && sub.key === 'rate' ? 'vif-rate' : table.name === 'pci' && (sub.key === 'bdf' || sub.kind === 'positional') ? 'pci-bdf' : sub.format) {
    case 'mac':
      if (!MAC_RE.test(value)) ctx.report('spec-invalid-mac', 'error', `'${value}' is not a MAC address: xl says "Invalid parameter mac" and the interface gets a random one. Use six hex octets, e.g. 00:16:3e:xx:xx:xx.`, start, end);
      break;
    case 'uuid':
      if (!UUID_RE.test(value)) ctx.report('spec-invalid-uuid', 'error', `'${value}' is not a UUID.`, start, end);
      break;
    case 'vif-rate':
      if (!VIF_RATE_RE.test(value)) ctx.report('spec-invalid-rate', 'error', `'${value}' is not a vif rate: write an amount per second with a unit and an optional interval, e.g. 10Mb/s or 1MB/s@20ms.`, start, end);
      break;
    case 'pci-bdf':
      if (!BDF_RE.test(value)) ctx.report('spec-invalid-bdf', 'error', `'${value}' is not a PCI address: write [DDDD:]BB:DD.F (hex), e.g. 0000:03:00.0, optionally @VSLOT.`, start, end);
      break;
  }
  if (sub.format === undefined && /^(devid|mtu|vncdisplay|port|ports|version|hostbus|hostaddr|controller)$/.test(sub.key) && !readInteger(value).ok) {
    ctx.report('spec-not-a-number', 'error', `'${sub.key}' needs a number; '${value}' is not one.`, start, end);
  }
}
