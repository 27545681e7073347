// Markdown renderings of knowledge entries, shared by hover, completion and the CLI.

import {
  allInRelease, deprecatedIn, EnumValue, existsIn, inRelease, Knowledge, OptionInfo, ReleaseSpan, releaseLabel, RemovedHow,
  removedIn, SpecTable, SubKeyInfo, unknownKeyIn, XEN_RELEASES, XenRelease,
} from '../knowledge';

const GUEST_NAMES: Record<string, string> = { pv: 'PV', pvh: 'PVH', hvm: 'HVM' };

const OLDEST = XEN_RELEASES[0];

/**
 * Text from the user's file as a Markdown code span: nothing inside is read as Markdown or HTML.
 * The fence is one backtick longer than the longest run inside; line breaks become spaces.
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

const REMOVED_HOW: Record<RemovedHow, string> = {
  refused: 'xl refuses it',
  'fails-at-create': 'xl -N accepts it, but creating the domain fails',
  ignored: 'xl ignores it',
};

/** "Since Xen 4.18" / "In every release from Xen 4.4": when an entry appeared. */
function sinceText(span: ReleaseSpan): string {
  const since = span.since ?? OLDEST;
  return since === OLDEST ? `In every release from ${releaseLabel(OLDEST)}` : `Since ${releaseLabel(since)}`;
}

/** "Removed in Xen 4.21: xl refuses it". */
function removedText(span: ReleaseSpan): string | undefined {
  if (!span.removed) return undefined;
  return `Removed in ${releaseLabel(span.removed)}${span.removedHow ? `: ${REMOVED_HOW[span.removedHow]}` : ''}`;
}

/** The release facts of an option or sub-key, one line each: since, deprecated, removed. */
export function releaseFacts(span: ReleaseSpan, deprecatedSince?: XenRelease, deprecated?: boolean): string[] {
  const lines = [sinceText(span)];
  if (deprecated) lines.push(deprecatedSince ? `Deprecated since ${deprecatedSince}` : 'Deprecated');
  const removed = removedText(span);
  if (removed) lines.push(removed);
  return lines;
}

/**
 * A warning line when the chosen release does not have the entry (undefined when it does).
 * `what` names the entry, e.g. "`ffa`".
 */
export function releaseWarning(span: ReleaseSpan, release: XenRelease | undefined, what: string): string | undefined {
  if (!release || existsIn(span, release)) return undefined;
  const where = `${what} is not in ${releaseLabel(release)} (the chosen release)`;
  if (removedIn(span, release)) {
    return `⚠️ ${where}: it was removed in ${releaseLabel(span.removed!)}${span.removedHow ? `, and ${REMOVED_HOW[span.removedHow]}` : ''}.`;
  }
  return `⚠️ ${where}: it came in ${releaseLabel(span.since!)}.`;
}

/** A short note on an enum value's own history, for lists, completion details and hovers. */
export function valueNote(v: EnumValue, keySince?: XenRelease): string | undefined {
  const parts: string[] = [];
  if (v.since && v.since !== (keySince ?? OLDEST) && v.since !== OLDEST) parts.push(`since ${v.since}`);
  if (v.deprecated) parts.push(v.deprecatedSince ? `deprecated since ${v.deprecatedSince}` : 'deprecated');
  if (v.removed) parts.push(`removed in ${v.removed}${v.removedHow ? ` (${REMOVED_HOW[v.removedHow]})` : ''}`);
  return parts.length ? parts.join('; ') : undefined;
}

/** The members of a value that stands for a set (viridian `defaults`) in `release`. */
export function expansionText(v: EnumValue, release: XenRelease | undefined): string | undefined {
  if (!v.expandsTo?.length) return undefined;
  const rows = v.expandsTo.map((r) => `- from ${r.since}: ${r.values.map((x) => `\`${x}\``).join(', ')}`);
  const now = release ? inRelease(v.expandsTo.map((r) => ({ since: r.since, value: r.values })), release) : undefined;
  return (now ? `In ${releaseLabel(release!)} \`${v.value}\` means ${now.value.map((x) => `\`${x}\``).join(', ')}.\n\n` : '')
    + `What \`${v.value}\` stands for, by release:\n${rows.join('\n')}`;
}

function valueLine(v: EnumValue, keySince: XenRelease | undefined, release: XenRelease | undefined): string {
  const note = valueNote(v, keySince);
  const absent = release && !existsIn(v, release) ? ` — not in ${releaseLabel(release)}` : '';
  return `- \`${v.value}\` — ${v.doc}${note ? ` *(${note})*` : ''}${absent}`;
}

export function shapeLabel(info: OptionInfo): string {
  const parts = info.shape.map((s) => {
    if (s === 'list') return info.spec ? `list of ${info.spec} spec strings` : info.itemFormat === 'enum' ? 'list of names' : 'list';
    if (s === 'boolean') return 'boolean (0 or 1)';
    if (s === 'string' && info.format === 'spec') return `${info.spec ?? ''} spec string`.trim();
    if (s === 'string' && info.format && info.format !== 'text') return `string (${info.format})`;
    return s;
  });
  return parts.join(' or ');
}

export function optionMarkdown(kb: Knowledge, info: OptionInfo, opts: { guestType?: string; brief?: boolean; release?: XenRelease } = {}): string {
  const release = opts.release;
  const lines: string[] = [];
  lines.push(`**${info.key}** — ${info.summary}`);
  const absent = releaseWarning(info, release, `\`${info.key}\``);
  if (absent) lines.push('', absent);
  if (info.deprecated && (!release || deprecatedIn(info.deprecated.since, release))) {
    lines.push('', `⚠️ **Deprecated**${info.deprecated.since ? ` since ${info.deprecated.since}` : ''}: ${info.deprecated.note}${info.deprecated.replacement ? ` Use \`${info.deprecated.replacement}\`.` : ''}`);
  }
  if (opts.guestType && info.guests.length && !info.guests.includes(opts.guestType as never)) {
    lines.push('', `⚠️ Does not apply to this ${GUEST_NAMES[opts.guestType] ?? opts.guestType} guest (only ${info.guests.map((g) => GUEST_NAMES[g]).join(', ')}).`);
  }
  if (!opts.brief) lines.push('', info.doc);
  const facts: string[] = [];
  facts.push(`Value: ${shapeLabel(info)}${info.unit ? `, in ${info.unit}` : ''}`);
  if (info.default !== undefined) facts.push(`Default: \`${info.default}\``);
  const range = rangeText(info, release);
  if (range) facts.push(range);
  facts.push(`Guests: ${info.guests.map((g) => GUEST_NAMES[g]).join(', ') || 'all'}${info.arch !== 'any' ? ` · ${info.arch === 'arm' ? 'Arm' : 'x86'} only` : ''}`);
  facts.push(...releaseFacts(info, info.deprecated?.since, !!info.deprecated));
  if (info.undocumented) facts.push('Read by xl but not documented in xl.cfg(5)');
  else if (info.undocumentedSince) facts.push(`xl still reads it, but the man page dropped it in ${releaseLabel(info.undocumentedSince)}`);
  if (info.valuesCheckedSince) facts.push(`Names checked from ${releaseLabel(info.valuesCheckedSince)} on${info.valuesCheckedBy ? `, by ${info.valuesCheckedBy}` : ''}`);
  if (info.example) facts.push(`Example: \`${info.key} = ${info.example}\``);
  lines.push('', facts.map((f) => `- ${f}`).join('\n'));
  if (info.values?.length && !opts.brief) {
    lines.push('', '**Values**', info.values.slice(0, 20).map((v) => valueLine(v, info.since, release)).join('\n'));
    if (info.caseInsensitive) lines.push('', '_xl compares these names without regard to case._');
  }
  lines.push('', `[xl.cfg(5): ${info.section}](${kb.link(info, release)})`);
  return lines.join('\n');
}

/** "Range: … to 960" for the release, with the conditional bounds of that release (eSPI). */
function rangeText(info: OptionInfo, release: XenRelease | undefined): string | undefined {
  if (info.maxByRelease?.length) {
    if (release) {
      const rows = allInRelease(info.maxByRelease, release);
      if (!rows.length) return undefined;
      const plain = rows.find((r) => !r.note);
      const others = rows.filter((r) => r.note).map((r) => `${r.value} ${r.note}`);
      return `Range in ${releaseLabel(release)}: ${info.min ?? '…'} to ${plain?.value ?? '…'}${others.length ? ` (${others.join('; ')})` : ''}`;
    }
    return `Maximum by release: ${info.maxByRelease.map((r) => `${r.value}${r.note ? ` ${r.note}` : ''} from ${r.since}`).join('; ')}`;
  }
  if (info.min !== undefined || info.max !== undefined) return `Range: ${info.min ?? '…'} to ${info.max ?? '…'}`;
  return undefined;
}

export function subKeyMarkdown(kb: Knowledge, table: SpecTable, sub: SubKeyInfo, release?: XenRelease): string {
  const lines: string[] = [];
  const name = sub.kind === 'positional' ? `${sub.key}= (or unnamed field ${(sub.position ?? 0) + 1})` : sub.kind === 'flag' ? `${sub.key} (flag)` : `${sub.key}=`;
  lines.push(`**${table.name}: ${name}** — ${sub.summary}`);
  const absent = releaseWarning(sub, release, `\`${sub.key}\``);
  if (absent) lines.push('', absent);
  if (sub.deprecated && (!release || deprecatedIn(sub.deprecated.since, release))) {
    lines.push('', `⚠️ **Deprecated**${sub.deprecated.since ? ` since ${sub.deprecated.since}` : ''}: ${sub.deprecated.note}${sub.deprecated.replacement ? ` Use \`${sub.deprecated.replacement}\`.` : ''}`);
  }
  lines.push('', sub.doc);
  const facts: string[] = [];
  if (sub.required) facts.push('Required');
  if (sub.default !== undefined) facts.push(`Default: \`${sub.default}\``);
  if (sub.aliases?.length) facts.push(`Also written: ${sub.aliases.map((a) => `\`${a}\``).join(', ')}`);
  facts.push(...releaseFacts(sub, sub.deprecated?.since, !!sub.deprecated));
  if (sub.example) facts.push(`Example: \`${sub.example}\``);
  lines.push('', facts.map((f) => `- ${f}`).join('\n'));
  if (sub.values?.length) lines.push('', sub.values.map((v) => valueLine(v, sub.since, release)).join('\n'));
  lines.push('', `[${sub.manPage.replace(/\.(\d)$/, '($1)')}](${kb.link(sub)})`);
  return lines.join('\n');
}

const UNKNOWN_KEY_TEXT = {
  error: 'xl refuses the config',
  'warning-dropped': 'xl warns and drops it, and uses the rest',
  ignored: 'xl skips it without a word',
} as const;

/** What the chosen release's xl does with a sub-key the table does not have. */
export function unknownSubKeyText(table: SpecTable, key: string, release: XenRelease, guesses: string[]): string {
  const action = unknownKeyIn(table, release);
  return `${codeSpan(key)} is not a ${table.name} parameter in ${releaseLabel(release)}: ${UNKNOWN_KEY_TEXT[action]}.`
    + (table.unknownKeyNote ? ` ${table.unknownKeyNote}` : '')
    + (guesses.length ? ` Did you mean ${guesses.map((g) => `\`${g}\``).join(', ')}?` : '');
}
