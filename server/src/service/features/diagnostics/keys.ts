// Key-level checks, after the replay: keys xl never looked at (unknown, or for another guest
// type), keys the chosen release lacks, deprecated keys the replay did not already report,
// options for another architecture, and duplicates whose first value is lost.

import { existsIn, releaseLabel } from '../../knowledge';
import type { Assignment } from '../../parser';
import { closest } from '../../values';
import type { CheckContext, Fix } from './context';
import { guestArch } from './guest';
import type { XlModel } from './xlParse';

/** Keys older Xen releases read and current xl does not: a removal, not a typo. */
const REMOVED: Record<string, { note: string; fix?: (stmt: Assignment, text: string) => Fix | undefined }> = {
  pvh: {
    note: "'pvh = 1' selected the PVHv1 mode of Xen 4.4 to 4.9, which is gone: current xl ignores the key. Write type = \"pvh\".",
    fix: (s) => ({ title: 'Replace with type = "pvh"', start: s.start, end: s.end, newText: 'type = "pvh"' }),
  },
  cpu_cap: {
    note: "'cpu_cap' was xm's name for the scheduler cap: xl reads 'cap' and ignores this key. Rename it to 'cap'.",
    fix: (s) => ({ title: "Rename to 'cap'", start: s.keyStart, end: s.keyEnd, newText: 'cap' }),
  },
  extid: { note: "'extid' (Viridian extensions of old xend) is not read by xl: use viridian = [ \"defaults\" ]." },
};

export function checkKeys(ctx: CheckContext, m?: XlModel): void {
  const { doc, kb, settings } = ctx;
  const table = doc.kind;
  const names = kb.optionsFor(table).map((o) => o.key);
  const allowed = new Set(settings.allowedKeys);
  const arch = table === 'domain' ? guestArch(ctx) : undefined;
  const lastIndex = new Map<string, number>();
  doc.parsed.statements.forEach((s, i) => { if (s.complete) lastIndex.set(s.key, i); });
  const reported = new Set<string>();
  /** For each statement, the index of the next complete '=' of the same key. */
  const nextAssign: (number | undefined)[] = [];
  const seenAssign = new Map<string, number>();
  for (let i = doc.parsed.statements.length - 1; i >= 0; i--) {
    const s = doc.parsed.statements[i];
    nextAssign[i] = seenAssign.get(s.key);
    if (s.complete && s.op === '=') seenAssign.set(s.key, i);
  }

  /** Keys the replay already said something about: the key-level notes would only repeat it. */
  const starts = ctx.diagnostics.map((d) => doc.lines.offsetAt(d.range.start)).sort((a, b) => a - b);
  const anyIn = (a: number, b: number) => {
    let lo = 0, hi = starts.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (starts[mid] < a) lo = mid + 1; else hi = mid; }
    return lo < starts.length && starts[lo] < b;
  };
  const covered = new Set(doc.parsed.statements.filter((s) => anyIn(s.keyStart, s.keyEnd)).map((s) => s.key));
  doc.parsed.statements.forEach((stmt, i) => {
    if (!stmt.complete || ctx.brokenBySyntax(stmt.start, stmt.end)) return;
    const info = kb.option(stmt.key, table);
    const first = !reported.has(stmt.key) && !covered.has(stmt.key);
    reported.add(stmt.key);
    if (!info) {
      if (allowed.has(stmt.key) || !first) return;
      ctx.failed.add(stmt.start);
      const removed = table === 'domain' ? REMOVED[stmt.key] : undefined;
      if (removed?.note) {
        const fix = removed.fix?.(stmt, doc.text);
        const usable = fix && !(stmt.key === 'pvh' && doc.values.type !== undefined) && !doc.values[fix.newText];
        ctx.report('removed-key', 'warning', removed.note, stmt.keyStart, stmt.keyEnd, usable ? [fix] : [], ['deprecated']);
        return;
      }
      const guesses = closest(stmt.key, names);
      const hint = guesses.length ? ` Did you mean ${guesses.map((g) => `'${g}'`).join(' or ')}?` : '';
      const where = table === 'xl.conf' ? 'xl.conf(5)' : 'xl.cfg(5)';
      ctx.report('unknown-key', 'warning',
        `Unknown key '${stmt.key}': xl ignores it without a word, so this setting has no effect.${hint} (Not in ${where}; if a patched toolstack reads it, add it to xlcfg.allowedKeys.)`,
        stmt.keyStart, stmt.keyEnd, guesses.map((g) => ({ title: `Rename to '${g}'`, start: stmt.keyStart, end: stmt.keyEnd, newText: g })));
      return;
    }
    if (first && !existsIn(info, settings.xenVersion)) {
      const gone = info.until && !existsIn({ until: info.until }, settings.xenVersion);
      ctx.report('not-in-version', 'warning', gone
        ? `'${stmt.key}' is no longer in ${releaseLabel(settings.xenVersion)} (the release set in xlcfg.xenVersion).`
        : `'${stmt.key}' is not in ${releaseLabel(settings.xenVersion)} (the release set in xlcfg.xenVersion; it came in ${releaseLabel(info.since ?? 'master')}): xl ignores it there.`,
        stmt.keyStart, stmt.keyEnd);
    } else if (first && m && !m.typeUnknown && table === 'domain' && !m.reader.read.has(stmt.key)) {
      const forWhom = info.guests.length ? info.guests.map((g) => g.toUpperCase()).join('/') : 'other';
      ctx.report('not-for-guest-type', 'warning',
        `'${stmt.key}' is for ${forWhom} guests and xl does not read it for this ${m.type.toUpperCase()} guest${m.typeFrom === 'default' ? ' (no type is set, so xl assumes PV)' : ''}: it has no effect.`,
        stmt.keyStart, stmt.keyEnd, [{ title: `Remove '${stmt.key}'`, start: stmt.start, end: lineEndAfter(doc.text, stmt.end), newText: '' }], ['unnecessary']);
    } else if (first && m && !m.typeUnknown && table === 'domain' && info.guests.length && !info.guests.includes(m.type)) {
      const forWhom = info.guests.map((g) => g.toUpperCase()).join('/');
      ctx.report('not-for-guest-type', 'warning',
        `'${stmt.key}' is documented for ${forWhom} guests; this is a${m.type === 'hvm' ? 'n' : ''} ${m.type.toUpperCase()} guest${m.typeFrom === 'default' ? ' (no type is set, so xl assumes PV)' : ''}, where xl reads it but it is not supported or has no effect.`,
        stmt.keyStart, stmt.keyEnd);
    }
    if (first && info.deprecated && !m?.deprecated.has(stmt.key)) {
      const rep = info.deprecated.replacement ? ` Use ${info.deprecated.replacement} instead.` : '';
      ctx.report('deprecated-key', 'warning', `'${stmt.key}' is deprecated${info.deprecated.since ? ` since Xen ${info.deprecated.since}` : ''}: ${info.deprecated.note}${rep}`,
        stmt.keyStart, stmt.keyEnd, [], ['deprecated']);
    }
    if (first && table === 'domain' && info.arch !== 'any' && arch && arch !== info.arch) {
      ctx.report('wrong-architecture', 'warning', `'${stmt.key}' is for ${info.arch === 'arm' ? 'Arm' : 'x86'} guests, but the rest of this config is for ${arch === 'arm' ? 'Arm' : 'x86'}: it has no effect there.`, stmt.keyStart, stmt.keyEnd);
    }
    const last = lastIndex.get(stmt.key);
    if (stmt.complete && stmt.op === '=' && last !== undefined && last > i) {
      const j = nextAssign[i];
      const next = j === undefined ? undefined : doc.parsed.statements[j];
      if (next) {
        const line = doc.lines.positionAt(next.keyStart).line + 1;
        ctx.report('duplicate-key', 'warning', `'${stmt.key}' is set again on line ${line}: xl keeps only the last '=', so this value is lost. Remove one of them.`,
          stmt.keyStart, stmt.keyEnd, [{ title: `Remove this earlier '${stmt.key}'`, start: stmt.start, end: lineEndAfter(doc.text, stmt.end), newText: '' }], ['unnecessary']);
      }
    }
  });
}

function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}
