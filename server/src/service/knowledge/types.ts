// Typed shape of the knowledge tables. The tables are authored as YAML under
// knowledge/data/ and compiled to JSON at build time (scripts/compile-knowledge.mjs),
// so nothing parses YAML at run time.

export type GuestType = 'pv' | 'pvh' | 'hvm';
export type Arch = 'x86' | 'arm' | 'any';

/**
 * Every Xen release the project models, oldest first. 'master' is the development tree: after
 * the newest release, never chosen by `auto`.
 */
export const XEN_RELEASES = [
  '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '4.10', '4.11', '4.12', '4.13', '4.14', '4.15', '4.16',
  '4.17', '4.18', '4.19', '4.20', '4.21', '4.22', 'master',
] as const;
export type XenRelease = typeof XEN_RELEASES[number];
/** The newest released Xen: what `auto` means off a Xen control domain. */
export const NEWEST_RELEASE: XenRelease = '4.22';
/** Releases checked against a real xl here (../shared/oracle); the others are modelled from source. */
export const ORACLE_RELEASES: readonly XenRelease[] = ['4.17', '4.20'];

/** How a value is written in the file. */
export type ValueShape = 'string' | 'integer' | 'boolean' | 'list';

/** What the text of a string value (or of each list item) means. */
export type ValueFormat =
  | 'text'        // free text
  | 'path'        // a file or device path
  | 'enum'        // one of `values`
  | 'cpulist'     // "all", "0-3,^1", "nodes:0"
  | 'uuid'
  | 'mac'
  | 'iomem'       // "HEXSTART,HEXPAGES[@HEXGFN]"
  | 'ioport'      // "HEX" or "HEX-HEX"
  | 'address'     // host or IP address, optionally :display
  | 'spec';       // comma separated key=value spec string; `spec` names the sub-key table

/**
 * When an option, enum value or sub-key exists. A key exists from the first release whose xl
 * READS it (not the first that documents it) up to, not including, `removed`. Absent `since`
 * means every modelled release (4.4 had it). See docs/releases.md.
 */
export interface ReleaseSpan {
  /** First release whose xl reads the key (or whose xl/libxl accepts the value). */
  since?: XenRelease;
  /** First release whose xl no longer reads it, or whose xl/libxl no longer accepts the value. */
  removed?: XenRelease;
  /** What that release does with it: `refused` by xl (xl -N fails), `fails-at-create` (xl -N accepts, libxl refuses when the domain is built), or `ignored`. */
  removedHow?: RemovedHow;
}

export type RemovedHow = 'refused' | 'fails-at-create' | 'ignored';

export interface EnumValue extends ReleaseSpan {
  value: string;
  /** One line: what choosing this value does. */
  doc: string;
  /** Why the value is deprecated (still accepted). */
  deprecated?: string;
  /** Release from which it is deprecated. */
  deprecatedSince?: XenRelease;
  /** For a value that stands for a set (viridian `defaults`): the set, from each release on. */
  expandsTo?: { since: XenRelease; values: string[] }[];
}

export interface Deprecation {
  /** Release from which it is deprecated. */
  since?: XenRelease;
  /** Replacement key or form, e.g. `type = "hvm"`. */
  replacement?: string;
  note: string;
}

/** A bound that changed across releases: `value` holds from `since` on (until the next row). */
export interface PerRelease<T> {
  since: XenRelease;
  value: T;
  /** When it holds only under a condition, e.g. "with eSPI". */
  note?: string;
}

export interface OptionInfo extends ReleaseSpan {
  key: string;
  /** Accepted shapes; the first is the preferred one. */
  shape: ValueShape[];
  format?: ValueFormat;
  /** Format of list items, for list-shaped keys. */
  itemFormat?: ValueFormat;
  /** Sub-key table name for spec strings (disk, vif, pci, ...). */
  spec?: string;
  values?: EnumValue[];
  /** xl compares enum values ignoring case. */
  caseInsensitive?: boolean;
  /** Accepted but deprecated shapes, e.g. the integer form of tsc_mode. */
  deprecatedShapes?: ValueShape[];
  /** xl matches the value by prefix (type). */
  prefixMatch?: boolean;
  unit?: string;
  min?: number;
  max?: number;
  /** `max` by release, where it changed (the newest row at or before the release applies). */
  maxByRelease?: PerRelease<number>[];
  /**
   * From this release on, a program checks the value against `values` (before it, any text was
   * passed on); `valuesCheckedBy` says who checks it and how.
   */
  valuesCheckedSince?: XenRelease;
  valuesCheckedBy?: string;
  /** Default as a user would write it, or a short phrase when it depends. */
  default?: string;
  guests: GuestType[];
  arch: Arch;
  /** Man page section heading path, e.g. "General Options / Memory Allocation". */
  section: string;
  /** First release whose xl.cfg(5) documents it (absent: never documented). */
  documentedSince?: XenRelease;
  /** First release whose man page no longer documents it, while xl still reads it. */
  undocumentedSince?: XenRelease;
  deprecated?: Deprecation;
  /** Key is read by xl but is not in xl.cfg(5). */
  undocumented?: boolean;
  /** One line, our words. */
  summary: string;
  /** A fuller explanation, our words, Markdown. */
  doc: string;
  /** Man page this key is documented in, and the anchor id of its item there. */
  manPage: string;
  anchor?: string;
  /** Example value as written in a file, e.g. `"pvh"` or `[ "phy:/dev/vg/g,xvda,w" ]`. */
  example?: string;
}

export interface SubKeyInfo extends ReleaseSpan {
  /** Name as written before '=' (or the flag word itself for flags). */
  key: string;
  /** `flag` = a bare word with no '=' (cdrom, discard); `positional` = unnamed field. */
  kind: 'named' | 'flag' | 'positional';
  /** 0-based position for positional fields. */
  position?: number;
  format?: ValueFormat;
  values?: EnumValue[];
  default?: string;
  /** `values` are common examples, not a closed set (vif model: any QEMU NIC). */
  openValues?: boolean;
  /** xl compares the values ignoring case. */
  caseInsensitive?: boolean;
  required?: boolean;
  /** Seldom used (the COLO parameters): completion lists it last. */
  rare?: boolean;
  deprecated?: Deprecation;
  aliases?: string[];
  summary: string;
  doc: string;
  manPage: string;
  anchor?: string;
  example?: string;
}

/** `error`: xl refuses the config; `warning-dropped`: xl warns and drops the item; `ignored`: silently. */
export type UnknownKeyAction = 'error' | 'warning-dropped' | 'ignored';

export interface SpecTable {
  /** Table name: disk, vif, pci, vfb, ... */
  name: string;
  /** The option(s) that use it. */
  usedBy: string[];
  summary: string;
  manPage: string;
  anchor?: string;
  /** What xl does with a sub-key it does not know, in the table's first release. */
  unknownKey: UnknownKeyAction;
  /** Where that changed: from `since` on, xl does `value` (the newest row at or before a release applies). */
  unknownKeyByRelease?: PerRelease<UnknownKeyAction>[];
  /** What else happens with an unknown sub-key, where it is more than `unknownKey` says. */
  unknownKeyNote?: string;
  /** What xl does with an item that is not name=value, by release (tables without flags or positional fields). */
  malformedItemByRelease?: PerRelease<string>[];
  subkeys: SubKeyInfo[];
}

export interface ValueFormatInfo {
  name: ValueFormat | string;
  summary: string;
  doc: string;
  examples: string[];
}

export interface GlossaryTerm {
  id: string;
  term: string;
  /** Other spellings and names; matched case-insensitively unless `caseSensitive`. */
  aliases: string[];
  caseSensitive?: boolean;
  category:
    | 'hypervisor' | 'domain' | 'toolstack' | 'product' | 'project' | 'organisation'
    | 'virtualization-mode' | 'device' | 'driver' | 'boot' | 'security' | 'scheduling'
    | 'memory' | 'mechanism' | 'availability' | 'unikernel' | 'architecture';
  /** Where it sits in the stack. */
  layer: 'hardware' | 'hypervisor' | 'control-domain' | 'guest' | 'ecosystem' | 'cross-cutting';
  short: string;
  full: string;
  related: string[];
  link: string;
  /** Typed links to neighbouring terms, shown on hover ("part of XAPI", "replaced by PVH in 2018"). */
  relations?: GlossaryRelation[];
  /** Names (the term or aliases) matched only as written although the others match in any case ("VM", "SR"). */
  exactCase?: string[];
}

/** How a glossary term stands to another one, read as "<this term> <kind> <other term>". */
export type GlossaryRelationKind =
  | 'kind-of' | 'part-of' | 'runs-in' | 'runs-on' | 'built-on' | 'uses' | 'managed-by' | 'owned-by'
  | 'replaced-by' | 'replaces' | 'renamed-to' | 'renamed-from' | 'forked-from' | 'alternative-to' | 'contrast-with'
  | 'hosts' | 'develops' | 'co-owns';

export interface GlossaryRelation {
  kind: GlossaryRelationKind;
  /** Id of the other term. */
  term: string;
  /** When it became true: a year ("2023") or a Xen release ("4.20"). */
  since?: string;
}

/** The keys completion offers first for one kind of guest (data/completion.yaml). */
export interface CompletionOrder {
  guest: GuestType | 'arm';
  first: string[];
}

export interface KnowledgeBundle {
  options: OptionInfo[];
  specs: SpecTable[];
  formats: ValueFormatInfo[];
  xlConf: OptionInfo[];
  glossary: GlossaryTerm[];
  completionOrder?: CompletionOrder[];
}
