// Markdown renderings of knowledge entries, shared by hover, completion and the CLI.

import { Knowledge, OptionInfo, releaseLabel, SpecTable, SubKeyInfo } from '../knowledge';

const GUEST_NAMES: Record<string, string> = { pv: 'PV', pvh: 'PVH', hvm: 'HVM' };

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

export function optionMarkdown(kb: Knowledge, info: OptionInfo, opts: { guestType?: string; brief?: boolean } = {}): string {
  const lines: string[] = [];
  lines.push(`**${info.key}** — ${info.summary}`);
  if (info.deprecated) {
    lines.push('', `⚠️ **Deprecated**${info.deprecated.since ? ` since ${info.deprecated.since}` : ''}: ${info.deprecated.note}${info.deprecated.replacement ? ` Use \`${info.deprecated.replacement}\`.` : ''}`);
  }
  if (opts.guestType && info.guests.length && !info.guests.includes(opts.guestType as never)) {
    lines.push('', `⚠️ Does not apply to this ${GUEST_NAMES[opts.guestType] ?? opts.guestType} guest (only ${info.guests.map((g) => GUEST_NAMES[g]).join(', ')}).`);
  }
  if (!opts.brief) lines.push('', info.doc);
  const facts: string[] = [];
  facts.push(`Value: ${shapeLabel(info)}${info.unit ? `, in ${info.unit}` : ''}`);
  if (info.default !== undefined) facts.push(`Default: \`${info.default}\``);
  if (info.min !== undefined || info.max !== undefined) facts.push(`Range: ${info.min ?? '…'} to ${info.max ?? '…'}`);
  facts.push(`Guests: ${info.guests.map((g) => GUEST_NAMES[g]).join(', ') || 'all'}${info.arch !== 'any' ? ` · ${info.arch === 'arm' ? 'Arm' : 'x86'} only` : ''}`);
  if (info.since) facts.push(`Documented by ${releaseLabel(info.since)}${info.until ? `; gone from the ${releaseLabel(info.until)} docs` : ''}`);
  else if (info.undocumented) facts.push('Read by xl but not documented in xl.cfg(5)');
  if (info.example) facts.push(`Example: \`${info.key} = ${info.example}\``);
  lines.push('', facts.map((f) => `- ${f}`).join('\n'));
  if (info.values?.length && !opts.brief) {
    lines.push('', '**Values**', info.values.slice(0, 20).map((v) => `- \`${v.value}\` — ${v.doc}${v.deprecated ? ' *(deprecated)*' : ''}`).join('\n'));
    if (info.caseInsensitive) lines.push('', '_xl compares these names without regard to case._');
  }
  lines.push('', `[xl.cfg(5): ${info.section}](${kb.link(info)})`);
  return lines.join('\n');
}

export function subKeyMarkdown(kb: Knowledge, table: SpecTable, sub: SubKeyInfo): string {
  const lines: string[] = [];
  const name = sub.kind === 'positional' ? `${sub.key}= (or unnamed field ${(sub.position ?? 0) + 1})` : sub.kind === 'flag' ? `${sub.key} (flag)` : `${sub.key}=`;
  lines.push(`**${table.name}: ${name}** — ${sub.summary}`);
  if (sub.deprecated) lines.push('', `⚠️ **Deprecated**: ${sub.deprecated.note}${sub.deprecated.replacement ? ` Use \`${sub.deprecated.replacement}\`.` : ''}`);
  lines.push('', sub.doc);
  const facts: string[] = [];
  if (sub.required) facts.push('Required');
  if (sub.default !== undefined) facts.push(`Default: \`${sub.default}\``);
  if (sub.aliases?.length) facts.push(`Also written: ${sub.aliases.map((a) => `\`${a}\``).join(', ')}`);
  if (sub.example) facts.push(`Example: \`${sub.example}\``);
  if (facts.length) lines.push('', facts.map((f) => `- ${f}`).join('\n'));
  if (sub.values?.length) lines.push('', sub.values.map((v) => `- \`${v.value}\` — ${v.doc}`).join('\n'));
  lines.push('', `[${sub.manPage.replace(/\.(\d)$/, '($1)')}](${kb.link(sub)})`);
  return lines.join('\n');
}
