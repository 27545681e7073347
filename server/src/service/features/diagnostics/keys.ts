// Key-level checks, after the replay: keys xl never looked at (unknown, or for another guest
// type), keys the chosen release lacks, deprecated keys the replay did not already report,
// options for another architecture, and duplicates whose first value is lost.

import { existsIn, releaseLabel, removedIn } from '../../knowledge';
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
  vncconsole: {
    note: "'vncconsole' (xm: open a VNC viewer when the guest starts) is not read by xl. Run 'xl create -V' or 'xl vncviewer' instead; 'vnc = 1' alone does not open a viewer.",
    fix: (s, text) => ({ title: "Remove 'vncconsole'", start: s.start, end: lineEndAfter(text, s.end), newText: '' }),
  },
};

/** Numeric order of a release name ("4.10" sorts between 4.4 and 4.14; master last). */
const releaseRank = (r: string) => (r === 'master' ? Infinity : r.split('.').reduce((n, part) => n * 100 + Number(part), 0));

/**
 * Whether a key's deprecation applies to the release modelled: not before the release that
 * deprecated it, and not for a key a later release removed (not-in-version says that, where it
 * is gone; before, it is a normal option).
 */
function deprecatedIn(info: { deprecated?: { since?: string }; removed?: string }, release: string): boolean {
  if (info.removed) return false;
  const since = info.deprecated?.since;
  return !since || !/^\d+\.\d+$/.test(since) || releaseRank(release) >= releaseRank(since);
}

/** What an option of one architecture does on the other, where it is more than nothing. */
const ARCH_NOTES: Record<string, Partial<Record<'x86' | 'arm', string>>> = {
  vpmu: {
    x86: "xl still passes it on, and a host whose Xen was not booted with vPMU support refuses the guest. On x86 the vPMU is switched on for the whole host, with Xen's vpmu= boot option.",
  },
};

/** The keys of REMOVED, for lookups that do not intern every unknown key of a flood. */
const REMOVED_KEYS = new Set(Object.keys(REMOVED));

export function checkKeys(ctx: CheckContext, m?: XlModel): void {
  const { doc, kb, settings } = ctx;
  const table = doc.kind;
  const names = kb.optionsFor(table).map((o) => o.key);
  const allowed = new Set(settings.allowedKeys);
  const arch = table === 'domain' ? guestArch(ctx) : undefined;
  // Walks the compact tree: a statement becomes an object only when something is said about
  // it (generated files hold millions of statements).
  const tree = doc.parsed.tree;
  const n = tree.stmtCount;
  const keyCount = tree.keyNames.length;
  /** For each statement, the index of the next complete '=' of the same key (-1: none). */
  const nextAssign = new Int32Array(n);
  const seenAssign = new Int32Array(keyCount).fill(-1);
  for (let i = n - 1; i >= 0; i--) {
    const k = tree.stmtKeyId(i);
    nextAssign[i] = seenAssign[k];
    if (tree.stmtComplete(i) && !tree.stmtIsAdd(i)) seenAssign[k] = i;
  }

  /** Keys the replay already said something about: the key-level notes would only repeat it. */
  const starts = ctx.reportedAt.slice().sort((a, b) => a - b);
  const anyIn = (a: number, b: number) => {
    let lo = 0, hi = starts.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (starts[mid] < a) lo = mid + 1; else hi = mid; }
    return lo < starts.length && starts[lo] < b;
  };
  const covered = new Uint8Array(keyCount);
  if (starts.length) for (let i = 0; i < n; i++) if (anyIn(tree.stmtStart(i), tree.stmtKeyEnd(i))) covered[tree.stmtKeyId(i)] = 1;
  const reported = new Uint8Array(keyCount);
  const known = tree.keyNames.map((key) => !!kb.option(key, table));
  const duplicateOff = ctx.silenced('duplicate-key');
  /**
   * The unknown-key diagnostic, once admit() has let it through. Suggestions cost an edit distance
   * per known key: only for what is listed (a generated file can hold a million unknown keys, and
   * the per-code cap hides all but a hundred).
   */
  const unknownKeyMessage = (key: string, keyStart: number, keyEnd: number): void => {
    const guesses = closest(key, names);
    const hint = guesses.length ? ` Did you mean ${guesses.map((g) => `'${g}'`).join(' or ')}?` : '';
    const where = table === 'xl.conf' ? 'xl.conf(5)' : 'xl.cfg(5)';
    ctx.push('unknown-key', 'warning',
      `Unknown key '${key}': xl ignores it without a word, so this setting has no effect.${hint} (Not in ${where}; if a patched toolstack reads it, add it to xlcfg.allowedKeys.)`,
      keyStart, keyEnd, guesses.map((g) => ({ title: `Rename to '${g}'`, start: keyStart, end: keyEnd, newText: g })));
  };
  /** A key no table knows, where it is first set: listed only while under the per-code cap. */
  const noteUnknown = (i: number, k: number): void => {
    const start = tree.stmtStart(i), keyEnd = tree.stmtKeyEnd(i);
    // No later stage asks where this was said (recordPlace false keeps that list small).
    if (!ctx.admit('unknown-key', 'warning', start, keyEnd, false)) return;
    unknownKeyMessage(tree.keyNames[k], start, keyEnd);
  };
  /** What is said about a key where it is first set (and not already covered by the replay). */
  const noteFirstUse = (stmt: Assignment): void => {
    const info = kb.option(stmt.key, table);
    if (!info) {
      if (allowed.has(stmt.key)) return;
      ctx.failed.add(stmt.start);
      const removed = table === 'domain' ? REMOVED[stmt.key] : undefined;
      if (removed?.note) {
        const fix = removed.fix?.(stmt, doc.text);
        const usable = fix && !(stmt.key === 'pvh' && doc.values.type !== undefined) && !doc.values[fix.newText];
        ctx.report('removed-key', 'warning', removed.note, stmt.keyStart, stmt.keyEnd, usable ? [fix] : [], ['deprecated']);
        return;
      }
      if (ctx.admit('unknown-key', 'warning', stmt.keyStart, stmt.keyEnd)) unknownKeyMessage(stmt.key, stmt.keyStart, stmt.keyEnd);
      return;
    }
    const wrongArch = table === 'domain' && info.arch !== 'any' && !!arch && arch !== info.arch;
    if (!existsIn(info, settings.xenVersion)) {
      const gone = removedIn(info, settings.xenVersion);
      ctx.report('not-in-version', 'warning', gone
        ? `'${stmt.key}' is no longer in ${releaseLabel(settings.xenVersion)} (the release set in xlcfg.xenVersion): its xl ignores it. Remove it.`
        : `'${stmt.key}' is not in ${releaseLabel(settings.xenVersion)} (the release set in xlcfg.xenVersion; xl reads it from ${releaseLabel(info.since ?? 'master')} on): xl ignores it there.`,
        stmt.keyStart, stmt.keyEnd);
    } else if (wrongArch) {
      // The architecture is the reason: the guest-type notes would only say it less clearly.
    } else if (m && !m.typeUnknown && table === 'domain' && !m.reader.read.has(stmt.key)) {
      const forWhom = info.guests.length ? info.guests.map((g) => g.toUpperCase()).join('/') : 'other';
      ctx.report('not-for-guest-type', 'warning',
        `'${stmt.key}' is for ${forWhom} guests and xl does not read it for this ${m.type.toUpperCase()} guest${defaultTypeNote(m)}: it has no effect.`,
        stmt.keyStart, stmt.keyEnd, [{ title: `Remove '${stmt.key}'`, start: stmt.start, end: lineEndAfter(doc.text, stmt.end), newText: '' }], ['unnecessary']);
    } else if (m && !m.typeUnknown && table === 'domain' && info.guests.length && !info.guests.includes(m.type)) {
      const forWhom = info.guests.map((g) => g.toUpperCase()).join('/');
      ctx.report('not-for-guest-type', 'warning',
        `'${stmt.key}' is documented for ${forWhom} guests; this is a${m.type === 'hvm' ? 'n' : ''} ${m.type.toUpperCase()} guest${defaultTypeNote(m)}, where xl reads it but it is not supported or has no effect.`,
        stmt.keyStart, stmt.keyEnd);
    }
    if (info.deprecated && !m?.deprecated.has(stmt.key) && deprecatedIn(info, settings.xenVersion)) {
      const rep = info.deprecated.replacement ? ` Use ${info.deprecated.replacement} instead.` : '';
      ctx.report('deprecated-key', 'warning', `'${stmt.key}' is deprecated${info.deprecated.since ? ` since Xen ${info.deprecated.since}` : ''}: ${info.deprecated.note}${rep}`,
        stmt.keyStart, stmt.keyEnd, [], ['deprecated']);
    }
    if (wrongArch) {
      const why = arch === 'x86' && m?.typeFrom !== 'default' && m?.type === 'hvm' ? 'this is an HVM guest, which only x86 runs' : `the rest of this config is for ${arch === 'arm' ? 'Arm' : 'x86'}`;
      const effect = ARCH_NOTES[stmt.key]?.[arch!] ?? 'it has no effect there.';
      ctx.report('wrong-architecture', 'warning', `'${stmt.key}' is for ${info.arch === 'arm' ? 'Arm' : 'x86'} guests, but ${why}: ${effect}`, stmt.keyStart, stmt.keyEnd);
    }
  };

  for (let i = 0; i < n; i++) {
    if (!tree.stmtComplete(i) || ctx.brokenBySyntax(tree.stmtStart(i), tree.stmtEnd(i))) continue;
    const k = tree.stmtKeyId(i);
    if (!reported[k] && !covered[k]) {
      // An unknown key needs no statement object unless it is listed (a generated file can hold a million).
      if (known[k] || allowed.has(tree.keyNames[k]) || (table === 'domain' && REMOVED_KEYS.has(tree.keyNames[k]))) noteFirstUse(tree.statement(i));
      else noteUnknown(i, k);
    }
    reported[k] = 1;
    // A key xl knows, set with '=' and set again later: this value is lost.
    if (known[k] && !tree.stmtIsAdd(i) && nextAssign[i] >= 0 && !duplicateOff) reportDuplicate(ctx, i, nextAssign[i]);
  }
}

/** Why the guest has its type when the config sets none: xl's default PV, or PVH on Arm. */
function defaultTypeNote(m: XlModel): string {
  if (m.typeFrom !== 'default') return '';
  return m.type === 'pvh' ? ' (no type is set, and on Arm xl makes every guest PVH)' : ' (no type is set, so xl assumes PV)';
}

/** Statement i sets its key with '=' and statement j sets it again: i's value is lost. */
function reportDuplicate(ctx: CheckContext, i: number, j: number): void {
  const { doc } = ctx;
  const tree = doc.parsed.tree;
  const keyStart = tree.stmtStart(i), keyEnd = tree.stmtKeyEnd(i);
  if (!ctx.admit('duplicate-key', 'warning', keyStart, keyEnd, false)) return;
  const key = tree.stmtKey(i);
  const line = doc.lines.positionAt(tree.stmtStart(j)).line + 1;
  ctx.push('duplicate-key', 'warning', `'${key}' is set again on line ${line}: xl keeps only the last '=', so this value is lost. Remove one of them.`,
    keyStart, keyEnd, [{ title: `Remove this earlier '${key}'`, start: keyStart, end: lineEndAfter(doc.text, tree.stmtEnd(i)), newText: '' }], ['unnecessary']);
}

function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}
