// Hover: keys, values, spec sub-keys, unknown keys, and ecosystem terms in comments and strings.

import { nodeAt, splitSpec, XlDocument } from '../document';
import { inRelease, releaseLabel, type Knowledge, type OptionInfo, type SpecTable, type XenRelease } from '../knowledge';
import type { StringAtom } from '../parser';
import { DEFAULT_SETTINGS, Hover, Settings } from '../types';
import { closest, integerValue } from '../values';
import { matchEnum } from './diagnostics/values';
import { codeSpan, expansionText, optionMarkdown, releaseWarning, subKeyMarkdown, unknownSubKeyText, valueNote } from './markdown';
import { termAt, termMarkdown } from './terms';

// `settings` (the release judged by) is for release notes in the texts.
export function hover(doc: XlDocument, kb: Knowledge, offset: number, settings: Settings = DEFAULT_SETTINGS): Hover | undefined {
  const range = (s: number, e: number) => doc.lines.range(s, e);
  const release = settings.xenVersion;
  const node = nodeAt(doc, offset);
  const stmt = node.stmt;
  if (stmt && node.onKey) {
    const info = kb.option(stmt.key, doc.kind);
    if (info) return { contents: optionMarkdown(kb, info, { guestType: doc.kind === 'domain' ? doc.guest.type : undefined, release }), range: range(stmt.keyStart, stmt.keyEnd) };
    const guesses = closest(stmt.key, kb.optionsFor(doc.kind).map((o) => o.key));
    return {
      contents: `**${stmt.key}** — not a key xl knows. xl ignores it without a warning, so it has no effect.` +
        (guesses.length ? `\n\nClosest known keys: ${guesses.map((g) => `\`${g}\``).join(', ')}` : ''),
      range: range(stmt.keyStart, stmt.keyEnd),
    };
  }
  if (stmt && node.atom && node.atom.kind !== 'list') {
    const info = kb.option(stmt.key, doc.kind);
    const atom = node.atom;
    if (info) {
      const spec = info.spec ? kb.spec(info.spec) : undefined;
      if (spec && atom.kind === 'string') {
        const h = specHover(doc, kb, info, atom, offset, release);
        if (h) return h;
      }
      const text = valueMarkdown(kb, info, atom.value, release);
      if (text) return { contents: text, range: range(atom.start, atom.end) };
    }
  }
  // Terms in comments and string values.
  const inComment = doc.parsed.comments.some((c) => offset >= c.start && offset <= c.end);
  const inString = node.atom?.kind === 'string';
  if (inComment || inString) {
    const m = termAt(kb, doc.text, offset);
    if (m) return { contents: termMarkdown(kb, m.term), range: range(m.start, m.end) };
  }
  return undefined;
}

function valueMarkdown(kb: Knowledge, info: OptionInfo, value: string, release: XenRelease): string | undefined {
  if (info.values?.length) {
    let hit = matchEnum(info.values, value, info.caseInsensitive);
    if (!hit && info.prefixMatch) hit = info.values.find((v) => v.value.startsWith(value) && value !== '');
    if (hit) {
      const term = kb.glossary.find((t) => t.term.toLowerCase() === hit!.value.toLowerCase() || t.aliases.some((a) => a.toLowerCase() === hit!.value.toLowerCase()));
      const note = valueNote(hit, info.since);
      const absent = releaseWarning(hit, release, `\`${hit.value}\``);
      const expansion = expansionText(hit, release);
      return `**${info.key} = "${hit.value}"** — ${hit.doc}`
        + (absent ? `\n\n${absent}` : '')
        + (hit.deprecated ? `\n\n⚠️ **Deprecated**${hit.deprecatedSince ? ` since ${hit.deprecatedSince}` : ''}: ${hit.deprecated}` : '')
        + (note ? `\n\n_${note.charAt(0).toUpperCase() + note.slice(1)}._` : '')
        + (expansion ? `\n\n${expansion}` : '')
        + (term ? `\n\n${term.full}` : '') + (hit.value !== value ? `\n\nxl reads ${codeSpan(value)} as \`${hit.value}\`.` : '');
    }
  }
  if (info.shape.includes('integer') || info.shape.includes('boolean')) {
    const n = integerValue(value);
    if (n === undefined) return undefined;
    if (info.shape.includes('boolean') && !info.shape.includes('integer')) return `**${info.key}** is ${n !== 0 ? 'on (true)' : 'off (false)'}.`;
    const written = /^0[0-7]+$/.test(value) ? ` (written in octal: ${value})` : /^0x/i.test(value) ? ` (written in hex: ${value})` : '';
    let extra = '';
    if (info.unit === 'MiB' && n >= 1024) extra = ` = ${(n / 1024).toFixed(n % 1024 ? 2 : 0)} GiB`;
    return `**${info.key}** = ${n}${info.unit ? ' ' + info.unit : ''}${extra}${written}`;
  }
  return undefined;
}

function specHover(doc: XlDocument, kb: Knowledge, info: OptionInfo, atom: StringAtom, offset: number, release: XenRelease): ReturnType<typeof hover> {
  const table = kb.spec(info.spec!)!;
  const items = splitSpec(doc.text, atom, table.name);
  const item = items.find((i) => offset >= i.start && offset <= i.end);
  if (!item) return undefined;
  const range = doc.lines.range(item.start, item.end);
  if (item.value === undefined) {
    const flag = table.subkeys.find((s) => s.kind === 'flag' && s.key === item.key);
    if (flag) return { contents: subKeyMarkdown(kb, table, flag, release), range };
    const positionalIndex = items.filter((i) => i.value === undefined && i.index < item.index && !table.subkeys.some((s) => s.kind === 'flag' && s.key === i.key)).length;
    let pos = positionalIndex;
    if (table.name === 'disk' && pos > 0) {
      const first = items.find((i) => i.value === undefined);
      if (first && /^[a-z0-9]+:/.test(first.key) && !/^\//.test(first.key)) pos++;
    }
    const field = table.subkeys.find((s) => s.kind === 'positional' && s.position === pos);
    if (field) return { contents: subKeyMarkdown(kb, table, field, release), range };
    return malformedItemHover(table, item.key, release, range);
  }
  // `=value` and `name=`: what the release does with a half item, where that is known.
  if (item.key.trim() === '' || item.value === '') {
    const h = malformedItemHover(table, `${item.key}=${item.value}`, release, range);
    if (h) return h;
  }
  const sub = kb.subKey(table, item.key);
  if (sub) {
    const valueDoc = sub.values?.find((v) => (sub.caseInsensitive ? v.value.toLowerCase() === item.value!.toLowerCase() : v.value === item.value));
    const note = valueDoc && valueNote(valueDoc, sub.since);
    const absent = valueDoc && releaseWarning(valueDoc, release, `\`${valueDoc.value}\``);
    return {
      contents: subKeyMarkdown(kb, table, sub, release)
        + (valueDoc ? `\n\n\`${valueDoc.value}\` — ${valueDoc.doc}${note ? ` *(${note})*` : ''}${absent ? `\n\n${absent}` : ''}` : ''),
      range,
    };
  }
  const guesses = closest(item.key, table.subkeys.filter((s) => s.kind !== 'positional').map((s) => s.key));
  return { contents: unknownSubKeyText(table, item.key, release, guesses), range };
}

function malformedItemHover(table: SpecTable, written: string, release: XenRelease, range: Hover['range']): Hover | undefined {
  const malformed = inRelease(table.malformedItemByRelease, release);
  if (!malformed) return undefined;
  return { contents: `${codeSpan(written)} is not a complete ${table.name} name=value item. In ${releaseLabel(release)}: ${malformed.value}`, range };
}
