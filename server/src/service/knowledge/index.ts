// The knowledge tables, compiled from YAML at build time, with lookups every feature shares.

import { GlossaryTerm, KnowledgeBundle, OptionInfo, SpecTable, SubKeyInfo, ValueFormatInfo, XEN_RELEASES, XenRelease } from './types';

export * from './types';

// An import (not a require) so that tsc copies the compiled JSON next to the test build in out/.
import bundleJson from './generated/knowledge.json';
const bundle = bundleJson as unknown as KnowledgeBundle;

export const MAN_PAGE_BASE = 'https://xenbits.xen.org/docs/unstable/man/';

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
  }

  option(key: string, table: 'domain' | 'xl.conf' = 'domain'): OptionInfo | undefined {
    return (table === 'domain' ? this.optionMap : this.xlConfMap).get(key);
  }

  optionsFor(table: 'domain' | 'xl.conf'): readonly OptionInfo[] {
    return table === 'domain' ? this.options : this.xlConf;
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

  /** Link to the man page section of an option or sub-key. */
  link(entry: { manPage: string; anchor?: string }): string {
    return `${MAN_PAGE_BASE}${entry.manPage}.html${entry.anchor ? '#' + entry.anchor : ''}`;
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

/** Whether an entry added in `since` (and maybe removed in `until`) exists in `release`. */
export function existsIn(entry: { since?: string; until?: string; undocumented?: boolean }, release: XenRelease): boolean {
  const at = releaseIndex(release);
  if (entry.since && releaseIndex(entry.since) > at) return false;
  if (entry.until && releaseIndex(entry.until) <= at) return false;
  return true;
}

export function releaseLabel(r: string): string {
  return r === 'master' ? 'current Xen (master)' : `Xen ${r}`;
}
