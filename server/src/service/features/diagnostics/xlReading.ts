// How xl reads each key, by release: the table in knowledge/data/xl-reading.yaml (compiled into
// the knowledge bundle), and the enum values of each key from the options' `values`, filtered by
// the release modelled. The replay (xlParse.ts) asks here instead of keeping its own lists.

import bundleJson from '../../knowledge/generated/knowledge.json';
import { existsIn, EnumValue, Knowledge, XenRelease } from '../../knowledge';

export type Getter = 'string' | 'long' | 'defbool' | 'list';
export type Compare = 'exact' | 'case-insensitive' | 'prefix';
export type OnBad = 'refused' | 'warned-and-ignored' | 'ignored' | 'fails-at-create';

export interface XlReadingRule {
  key: string;
  getter: Getter;
  /** dont_warn = 1: a value of the wrong shape is ignored without a word. */
  quiet?: boolean;
  /** xl exits when the getter fails. */
  fatal?: boolean;
  min?: number;
  max?: number;
  unit?: string;
  compare?: Compare;
  onBad?: OnBad;
  /** xl first reads the value as a number that indexes the names: 'deprecated' says so. */
  numberForm?: 'deprecated' | 'accepted';
  /** Names libxl accepts that the man page does not list. */
  hidden?: string[];
  /** What xl prints when it refuses. */
  said?: string;
  since?: XenRelease;
  removed?: XenRelease;
  source?: string;
}

interface XlReadingData {
  xlReading?: XlReadingRule[];
  cpuidFlags?: { since: XenRelease; names: string[] }[];
}

const data = bundleJson as unknown as XlReadingData;
const rules = new Map<string, XlReadingRule[]>();
for (const r of data.xlReading ?? []) rules.set(r.key, [...(rules.get(r.key) ?? []), r]);

/** How the release's xl reads `key` (undefined: the table does not describe it for that release). */
export function readingOf(key: string, release: XenRelease): XlReadingRule | undefined {
  return rules.get(key)?.find((r) => existsIn(r, release));
}

/** Every key the table describes. */
export function describedKeys(): string[] {
  return [...rules.keys()];
}

/** The option's names that the release's xl (or libxl) accepts, from the knowledge's `values`. */
export function valuesIn(kb: Knowledge, key: string, release: XenRelease): string[] {
  return (kb.option(key)?.values ?? []).filter((v) => valueExists(v, release)).map((v) => v.value);
}

/** Names the option has in some other release: for "later releases accept it" notes. */
export function valuesElsewhere(kb: Knowledge, key: string, release: XenRelease): EnumValue[] {
  return (kb.option(key)?.values ?? []).filter((v) => !valueExists(v, release));
}

function valueExists(v: EnumValue, release: XenRelease): boolean {
  return existsIn(v, release);
}

/** CPUID flag names added after 4.17 that the release knows (libxl_cpuid.c, cpufeatureset.h). */
export function laterCpuidFlags(release: XenRelease): Set<string> {
  const out = new Set<string>();
  for (const row of data.cpuidFlags ?? []) if (existsIn({ since: row.since }, release)) for (const n of row.names) out.add(n);
  return out;
}

/** The release that first knows a CPUID flag name, if any release after 4.17 does. */
export function cpuidFlagSince(name: string): XenRelease | undefined {
  return (data.cpuidFlags ?? []).find((row) => row.names.includes(name))?.since;
}
