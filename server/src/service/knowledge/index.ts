// The knowledge tables, compiled from YAML at build time, with lookups every feature shares.

import { GlossaryTerm, GuestType, KnowledgeBundle, OptionInfo, PerRelease, ReleaseSpan, SpecTable, SubKeyInfo, UnknownKeyAction, ValueFormatInfo, XEN_RELEASES, XenRelease } from './types';

export * from './types';

// An import (not a require) so that tsc copies the compiled JSON next to the test build in out/.
import bundleJson from './generated/knowledge.json';
const bundle = bundleJson as unknown as KnowledgeBundle;

export const MAN_PAGE_BASE = 'https://xenbits.xen.org/docs/unstable/man/';

/** Where xenbits keeps the man pages of a release (master: the unstable pages). */
export function manPageBase(release: XenRelease): string {
  return release === 'master' ? MAN_PAGE_BASE : `https://xenbits.xen.org/docs/${release}-testing/man/`;
}

export class Knowledge {
  readonly options: readonly OptionInfo[];
  readonly xlConf: readonly OptionInfo[];
  readonly specs: readonly SpecTable[];
  readonly formats: readonly ValueFormatInfo[];
  readonly glossary: readonly GlossaryTerm[];
  private readonly optionMap = new Map<string, OptionInfo>();
  private readonly xlConfMap = new Map<string, OptionInfo>();
  private readonly specMap = new Map<string, SpecTable>();
  private readonly formatMap = new Map<string, ValueFormatInfo>();
  private readonly termMap = new Map<string, GlossaryTerm>();
  /** Per kind of guest: key → its place among the keys completion offers first. */
  private readonly firstKeys = new Map<string, Map<string, number>>();

  constructor(data: KnowledgeBundle) {
    this.options = data.options;
    this.xlConf = data.xlConf;
    this.specs = data.specs;
    this.formats = data.formats;
    this.glossary = data.glossary;
    for (const o of data.options) this.optionMap.set(o.key, o);
    for (const o of data.xlConf) this.xlConfMap.set(o.key, o);
    for (const s of data.specs) this.specMap.set(s.name, s);
    for (const f of data.formats) this.formatMap.set(f.name, f);
    for (const t of data.glossary) this.termMap.set(t.id, t);
    for (const o of data.completionOrder ?? []) this.firstKeys.set(o.guest, new Map(o.first.map((k, i) => [k, i])));
  }

  option(key: string, table: 'domain' | 'xl.conf' = 'domain'): OptionInfo | undefined {
    return (table === 'domain' ? this.optionMap : this.xlConfMap).get(key);
  }

  optionsFor(table: 'domain' | 'xl.conf'): readonly OptionInfo[] {
    return table === 'domain' ? this.options : this.xlConf;
  }

  /** Where `key` stands among the keys most configs of this kind of guest set (undefined: not among them). */
  commonRank(guest: GuestType | 'arm', key: string): number | undefined {
    return this.firstKeys.get(guest)?.get(key);
  }

  spec(name: string): SpecTable | undefined {
    return this.specMap.get(name);
  }

  /** A sub-key written as `key=value` or as a flag; positional fields can be named too (vdev=). */
  subKey(table: SpecTable, key: string): SubKeyInfo | undefined {
    let positional: SubKeyInfo | undefined;
    for (const s of table.subkeys) {
      if (s.key !== key && !s.aliases?.includes(key)) continue;
      if (s.kind !== 'positional') return s;
      positional ??= s;
    }
    return positional;
  }

  format(name: string): ValueFormatInfo | undefined {
    return this.formatMap.get(name);
  }

  term(id: string): GlossaryTerm | undefined {
    return this.termMap.get(id);
  }

  /**
   * Link to the man page section of an option or sub-key. With a release, an option's link goes
   * to that release's page when that page documents it (its anchor is there); otherwise to the
   * current page, with the anchor only when the current page still documents it.
   */
  link(entry: { manPage: string; anchor?: string; documentedSince?: XenRelease; undocumentedSince?: XenRelease; removed?: XenRelease }, release?: XenRelease): string {
    const documentedIn = (r: XenRelease) => !entry.documentedSince || existsIn({ since: entry.documentedSince, removed: entry.undocumentedSince ?? entry.removed }, r);
    const own = !!release && release !== 'master' && !!entry.anchor && !!entry.documentedSince && documentedIn(release);
    const anchor = entry.anchor && (own || documentedIn('master')) ? '#' + entry.anchor : '';
    return `${own ? manPageBase(release!) : MAN_PAGE_BASE}${entry.manPage}.html${anchor}`;
  }
}

export const knowledge = new Knowledge(bundle);

/** Position of a release in XEN_RELEASES (-1 for an unknown name). */
export function releaseIndex(release: string): number {
  return (XEN_RELEASES as readonly string[]).indexOf(release);
}

export function isXenRelease(s: string): s is XenRelease {
  return releaseIndex(s) >= 0;
}

/** Whether `release` is `min` or later. */
export function atLeast(release: XenRelease, min: XenRelease): boolean {
  return releaseIndex(release) >= releaseIndex(min);
}

/**
 * Whether an option, enum value or sub-key exists in `release`: from its `since` (xl first reads
 * it) up to, not including, its `removed`.
 */
export function existsIn(entry: ReleaseSpan, release: XenRelease): boolean {
  const at = releaseIndex(release);
  if (entry.since && releaseIndex(entry.since) > at) return false;
  if (entry.removed && releaseIndex(entry.removed) <= at) return false;
  return true;
}

/** Whether `release` is past the entry's removal (as opposed to before its first release). */
export function removedIn(entry: ReleaseSpan, release: XenRelease): boolean {
  return !!entry.removed && releaseIndex(entry.removed) <= releaseIndex(release);
}

/** Whether a deprecation (from `since`; no release = always) applies to `release`. */
export function deprecatedIn(since: XenRelease | undefined, release: XenRelease): boolean {
  return !since || atLeast(release, since);
}

/** The row of a per-release table that holds in `release` (the newest at or before it). */
export function inRelease<T>(rows: readonly PerRelease<T>[] | undefined, release: XenRelease): PerRelease<T> | undefined {
  let best: PerRelease<T> | undefined;
  for (const r of rows ?? []) if (atLeast(release, r.since) && (!best || atLeast(r.since, best.since))) best = r;
  return best;
}

/** All rows of a per-release table that hold in `release` (several when they differ by condition, e.g. with eSPI). */
export function allInRelease<T>(rows: readonly PerRelease<T>[] | undefined, release: XenRelease): PerRelease<T>[] {
  const best = inRelease(rows, release);
  return best ? (rows ?? []).filter((r) => r.since === best.since) : [];
}

/** What xl does, in `release`, with a sub-key the table does not know. */
export function unknownKeyIn(table: SpecTable, release: XenRelease): UnknownKeyAction {
  return inRelease(table.unknownKeyByRelease, release)?.value ?? table.unknownKey;
}

/** The upper bound of an option in `release`, without condition (undefined: none known). */
export function maxIn(info: OptionInfo, release: XenRelease): number | undefined {
  const rows = allInRelease(info.maxByRelease, release);
  if (info.maxByRelease?.length) return rows.find((r) => !r.note)?.value;
  return info.max;
}

export function releaseLabel(r: string): string {
  return r === 'master' ? 'current Xen (master)' : `Xen ${r}`;
}
