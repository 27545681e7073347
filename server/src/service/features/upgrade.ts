// The upgrade check: what changes for a config when its host moves from one Xen release to
// another. The file is judged by both releases with the same rules, and the difference is
// sorted by what it means to the admin (the release that refuses, no longer reads, or reads
// differently), with the fixes the newer release's diagnostics offer.

import type { XlDocument } from '../document';
import { atLeast, Knowledge, XenRelease } from '../knowledge';
import type { Diagnostic, Range, Settings, Severity } from '../types';
import { computeDiagnostics } from './diagnostics';

export type UpgradeChangeKind =
  /** The target release refuses the config here (or fails at create); the source did not. */
  | 'refused'
  /** The target release no longer reads (or never had) this key, value or parameter. */
  | 'no-longer-read'
  /** The target release reads it, but differently: a new warning. */
  | 'reads-differently'
  /** Something the source release refused or ignored is fine in the target. */
  | 'resolved';

export interface UpgradeChange {
  kind: UpgradeChangeKind;
  /**
   * The diagnostic that says it (from the target release, or from the source one for `resolved`),
   * its message led by what the change means and its severity the change's (UPGRADE_SEVERITY):
   * every door shows it as it is.
   */
  diagnostic: Diagnostic;
}

/** What the new release refuses is an error, what it no longer reads or reads differently a warning, what it no longer objects to a note. */
export const UPGRADE_SEVERITY: Record<UpgradeChangeKind, Severity> = { refused: 'error', 'no-longer-read': 'warning', 'reads-differently': 'warning', resolved: 'info' };

export interface UpgradeReport {
  from: XenRelease;
  to: XenRelease;
  /** Whether `to` is newer than `from` (the check also runs downgrades). */
  upgrade: boolean;
  changes: UpgradeChange[];
}

/** Codes that mean "this release does not read it". */
const NOT_READ = new Set(['not-in-version', 'removed-key']);
/** Codes that mean "this release refuses it", whatever their severity. */
const REFUSED = new Set(['fails-at-create']);

/** Diagnostics are the same finding when they have the same code, severity and place. */
function findingKey(d: Diagnostic): string {
  return `${d.code}|${d.severity}|${rangeKey(d.range)}`;
}

function rangeKey(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

const RANK: Record<UpgradeChangeKind, number> = { refused: 0, 'no-longer-read': 1, 'reads-differently': 2, resolved: 3 };

export function upgradeReport(doc: XlDocument, kb: Knowledge, settings: Settings, from: XenRelease, to: XenRelease): UpgradeReport {
  // Every finding counts here: the per-code cap would hide differences.
  const judge = (release: XenRelease) => computeDiagnostics(doc, kb, { ...settings, xenVersion: release, maxProblemsPerCode: 0 });
  const before = judge(from);
  const after = judge(to);
  const seenBefore = new Set(before.map(findingKey));
  const seenAfter = new Set(after.map(findingKey));
  const changes: UpgradeChange[] = [];
  for (const d of after) {
    if (seenBefore.has(findingKey(d)) || d.severity === 'hint' || d.code === 'more-problems') continue;
    const kind: UpgradeChangeKind = NOT_READ.has(d.code) ? 'no-longer-read' : d.severity === 'error' || REFUSED.has(d.code) ? 'refused' : 'reads-differently';
    changes.push({ kind, diagnostic: d });
  }
  for (const d of before) {
    if (seenAfter.has(findingKey(d)) || d.severity === 'hint' || d.code === 'more-problems') continue;
    // Only what the source release refused or ignored: a warning that merely changed wording or
    // place shows up as its new form above.
    if (d.severity === 'error' || NOT_READ.has(d.code) || REFUSED.has(d.code)) changes.push({ kind: 'resolved', diagnostic: { ...d, fixes: [] } });
  }
  for (const c of changes) c.diagnostic = { ...c.diagnostic, severity: UPGRADE_SEVERITY[c.kind], message: `${describeUpgradeChange(c.kind, from, to)}: ${c.diagnostic.message}` };
  changes.sort((a, b) => RANK[a.kind] - RANK[b.kind]
    || a.diagnostic.range.start.line - b.diagnostic.range.start.line
    || a.diagnostic.range.start.character - b.diagnostic.range.start.character);
  return { from, to, upgrade: atLeast(to, from), changes };
}

/** One line per kind, for people: what the change means on the new host. */
export function describeUpgradeChange(kind: UpgradeChangeKind, from: XenRelease, to: XenRelease): string {
  const name = (r: XenRelease) => (r === 'master' ? 'Xen master' : `Xen ${r}`);
  switch (kind) {
    case 'refused': return `${name(to)} refuses this (${name(from)} did not)`;
    case 'no-longer-read': return `${name(to)} does not read this (${name(from)} did)`;
    case 'reads-differently': return `${name(to)} reads this differently`;
    case 'resolved': return `fine in ${name(to)}; ${name(from)} said`;
  }
}
