// Key-level checks: unknown keys (xl ignores them silently), deprecated and removed keys,
// keys the chosen Xen release lacks, keys that do not apply to the guest type, duplicates.

import { existsIn, releaseLabel } from '../../knowledge';
import { closest } from '../../values';
import type { CheckContext } from './context';
import { guestArch } from './guest';

export function checkKeys(ctx: CheckContext): void {
  const { doc, kb, settings } = ctx;
  const table = doc.kind;
  const names = kb.optionsFor(table).map((o) => o.key);
  const allowed = new Set(settings.allowedKeys);
  const arch = guestArch(ctx);
  const lastIndex = new Map<string, number>();
  doc.parsed.statements.forEach((s, i) => { if (s.complete) lastIndex.set(s.key, i); });

  doc.parsed.statements.forEach((stmt, i) => {
    const info = kb.option(stmt.key, table);
    if (!info) {
      if (allowed.has(stmt.key)) return;
      ctx.failed.add(stmt.start);
      const guesses = closest(stmt.key, names);
      const hint = guesses.length ? ` Did you mean ${guesses.map((g) => `'${g}'`).join(' or ')}?` : '';
      const where = table === 'xl.conf' ? 'xl.conf(5)' : 'xl.cfg(5)';
      ctx.report('unknown-key', 'warning',
        `Unknown key '${stmt.key}': xl ignores it without a word, so this setting has no effect.${hint} (Not in ${where}; add it to xlcfg.allowedKeys if a patched toolstack reads it.)`,
        stmt.keyStart, stmt.keyEnd, guesses.map((g) => ({ title: `Rename to '${g}'`, start: stmt.keyStart, end: stmt.keyEnd, newText: g })));
      return;
    }
    if (info.deprecated) {
      const rep = info.deprecated.replacement ? ` Use ${info.deprecated.replacement} instead.` : '';
      ctx.report('deprecated-key', 'warning', `'${stmt.key}' is deprecated${info.deprecated.since ? ` since ${info.deprecated.since}` : ''}: ${info.deprecated.note}${rep}`,
        stmt.keyStart, stmt.keyEnd, [], ['deprecated']);
    }
    if (!existsIn(info, settings.xenVersion)) {
      const when = info.until && !existsIn({ until: info.until }, settings.xenVersion)
        ? `is no longer documented in ${releaseLabel(settings.xenVersion)}`
        : `is not in ${releaseLabel(settings.xenVersion)} (documented from ${releaseLabel(info.since ?? 'master')})`;
      ctx.report('not-in-version', 'warning', `'${stmt.key}' ${when}, the release chosen in xlcfg.xenVersion.`, stmt.keyStart, stmt.keyEnd);
    }
    if (table === 'domain' && !info.guests.includes(doc.guest.type) && info.guests.length > 0) {
      const forWhom = info.guests.map((g) => g.toUpperCase()).join('/');
      ctx.report('not-for-guest-type', 'warning',
        `'${stmt.key}' applies to ${forWhom} guests; this is a${doc.guest.type === 'hvm' ? 'n' : ''} ${doc.guest.type.toUpperCase()} guest${doc.guest.source === 'default' ? ' (no type set: xl assumes PV on x86)' : ''}, so xl ignores it or refuses it.`,
        stmt.keyStart, stmt.keyEnd, [], ['unnecessary']);
    }
    if (table === 'domain' && info.arch !== 'any' && arch && arch !== info.arch) {
      ctx.report('wrong-architecture', 'warning', `'${stmt.key}' is for ${info.arch === 'arm' ? 'Arm' : 'x86'} guests, but this config is for ${arch === 'arm' ? 'Arm' : 'x86'}.`, stmt.keyStart, stmt.keyEnd);
    }
    const last = lastIndex.get(stmt.key);
    if (stmt.complete && stmt.op === '=' && last !== undefined && last > i) {
      const later = doc.parsed.statements[last];
      const laterLine = doc.lines.positionAt(later.keyStart).line + 1;
      const overridden = doc.parsed.statements.slice(i + 1, last + 1).some((s) => s.key === stmt.key && s.op === '=');
      if (overridden) {
        ctx.report('duplicate-key', 'warning', `'${stmt.key}' is set again on line ${laterLine}: xl keeps only the last '=' so this one is lost.`,
          stmt.start, stmt.end, [{ title: `Remove this earlier '${stmt.key}'`, start: stmt.start, end: lineEndAfter(doc.text, stmt.end), newText: '' }], ['unnecessary']);
      }
    }
  });
}

function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}
