// A parsed document: the tree, its line index and facts every feature needs (guest type,
// which table of keys applies). Built once per document version and cached by the service.

import type { GuestType } from './knowledge';
import { parseXlConfig, treeEffectiveValue, userFacingProblems, XlValue } from './parser';
import type { Assignment, ParsedFile, ParseProblem, StringAtom, Value } from './parser';
import { LineIndex } from './text';

export type FileKind = 'domain' | 'xl.conf';

export interface XlDocument {
  uri: string;
  version: number;
  text: string;
  kind: FileKind;
  parsed: ParsedFile;
  lines: LineIndex;
  /** Problems to show (floods collapsed). */
  syntaxProblems: ParseProblem[];
  values: Record<string, XlValue>;
  guest: GuestInfo;
}

export interface GuestInfo {
  type: GuestType;
  /** Where the type came from. */
  source: 'type' | 'builder' | 'default';
  /** `type` was a strict prefix (xl's strncmp), e.g. "h" for hvm. */
  prefixOnly?: boolean;
  invalid?: string;
}

export function fileKindOf(uri: string): FileKind {
  return /(^|[\\/])xl\.conf$/.test(decodeURIComponent(uri)) ? 'xl.conf' : 'domain';
}

export function createDocument(uri: string, version: number, text: string): XlDocument {
  const cfg = parseXlConfig(text);
  const parsed = cfg.parsed;
  // Every key's value is built only when a feature asks for them all: the checks ask for a few
  // keys, and a generated file can hold a million.
  let values: Record<string, XlValue> | undefined;
  return {
    uri, version, text, kind: fileKindOf(uri), parsed, lines: cfg.lines,
    syntaxProblems: userFacingProblems(parsed),
    get values() { return (values ??= cfg.effectiveValues()); },
    guest: guestTypeOf((key) => (values ? values[key] : treeEffectiveValue(parsed.tree, key)), brokenTypeLine(parsed.tree, text)),
  };
}

/** A copy of a document (the service's way to drop what was computed from it): the lazy values stay lazy. */
export function copyDocument(doc: XlDocument): XlDocument {
  return Object.defineProperties({}, Object.getOwnPropertyDescriptors(doc)) as XlDocument;
}

/**
 * A `type` line that xl cannot read as written (`type = pvh`, unquoted), and the guest type it
 * means: the file is rejected anyway, and the rest is most useful judged for that type.
 */
export function brokenTypeLine(tree: ParsedFile['tree'], text: string, broken: (s: { start: number; end: number; complete: boolean }) => boolean = (s) => !s.complete):
  { meant?: GuestType; written: string } | undefined {
  const st = tree.statementsOf('type').filter(broken).pop();
  if (!st) return undefined;
  const nl = text.indexOf('\n', st.start);
  const line = text.slice(st.start, nl === -1 ? undefined : nl);
  const word = /=\s*["']?([a-z]+)/i.exec(line)?.[1].toLowerCase();
  return { meant: word ? (['hvm', 'pv', 'pvh'] as GuestType[]).find((t) => t === word) : undefined, written: line.replace(/\s*#.*$/, '').trim() };
}

/** xl's rule: `type` matched by prefix (hvm, then pv, then pvh); else `builder`; else PV. */
export function guestTypeOf(valueOf: (key: string) => XlValue | undefined, brokenType?: { meant?: GuestType }): GuestInfo {
  const type = valueOf('type');
  if (typeof type === 'string') {
    for (const t of ['hvm', 'pv', 'pvh'] as GuestType[]) {
      if (t.startsWith(type)) return { type: t, source: 'type', prefixOnly: type !== t };
    }
    return { type: 'pv', source: 'type', invalid: type };
  }
  if (type === undefined && brokenType?.meant) return { type: brokenType.meant, source: 'type' };
  const builder = valueOf('builder');
  if (typeof builder === 'string') return { type: builder === 'hvm' ? 'hvm' : 'pv', source: 'builder' };
  return { type: 'pv', source: 'default' };
}

/** One comma-separated item of a spec string, with source offsets. */
export interface SpecItem {
  /** Index among the items (positional fields count from 0). */
  index: number;
  start: number;
  end: number;
  /** Text before '=' (or the whole item when there is no '='). */
  key: string;
  keyEnd: number;
  /** Text after '=' (undefined for flags / positional items). */
  value?: string;
  valueStart?: number;
}

/**
 * Splits the text of a spec string into items with source offsets. Works on the raw source
 * between the quotes, so offsets are exact; escapes are rare in spec strings and left as written.
 * For disk specs, `target=` takes the rest of the string, commas included (as xl does).
 */
export function splitSpec(text: string, atom: StringAtom, specName?: string): SpecItem[] {
  const contentStart = atom.start + 1;
  const contentEnd = atom.end - 1;
  const items: SpecItem[] = [];
  let p = contentStart;
  let index = 0;
  while (p <= contentEnd) {
    let end = text.indexOf(',', p);
    if (end === -1 || end > contentEnd) end = contentEnd;
    let raw = text.slice(p, end);
    const lead = raw.length - raw.trimStart().length;
    if (specName === 'disk' && /^\s*target=/.test(raw)) { end = contentEnd; raw = text.slice(p, end); }
    const itemStart = p + lead;
    const eq = text.indexOf('=', itemStart);
    const trimmedEnd = p + raw.trimEnd().length;
    if (eq !== -1 && eq < end) {
      items.push({ index, start: itemStart, end: trimmedEnd, key: text.slice(itemStart, eq).trim(), keyEnd: eq, value: text.slice(eq + 1, trimmedEnd), valueStart: eq + 1 });
    } else {
      items.push({ index, start: itemStart, end: Math.max(itemStart, trimmedEnd), key: text.slice(itemStart, trimmedEnd), keyEnd: Math.max(itemStart, trimmedEnd) });
    }
    index++;
    p = end + 1;
    if (end === contentEnd) break;
  }
  return items;
}

/** What is under an offset: a key, a value, a spec item, or nothing. */
export interface NodeAt {
  stmt?: Assignment;
  onKey?: boolean;
  value?: Value;
  /** The atom directly under the offset (a list item or the value itself). */
  atom?: Value;
  /** The list item index path when inside a list. */
  itemIndex?: number;
}

export function findStatement(doc: XlDocument, offset: number): Assignment | undefined {
  const stmts = doc.parsed.statements;
  let lo = 0, hi = stmts.length - 1, found: Assignment | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = stmts[mid];
    if (s.start <= offset) { found = s; lo = mid + 1; } else hi = mid - 1;
  }
  if (found && offset <= Math.max(found.end, found.opStart + found.op.length)) return found;
  return undefined;
}

export function nodeAt(doc: XlDocument, offset: number): NodeAt {
  const stmt = findStatement(doc, offset);
  if (!stmt) return {};
  if (offset >= stmt.keyStart && offset <= stmt.keyEnd) return { stmt, onKey: true };
  const value = stmt.value;
  if (!value || offset < value.start || offset > value.end) return { stmt };
  let atom: Value = value;
  let itemIndex: number | undefined;
  while (atom.kind === 'list') {
    const inner: Value | undefined = atom.items.find((i) => offset >= i.start && offset <= i.end);
    if (!inner) break;
    if (atom === value) itemIndex = atom.items.indexOf(inner);
    atom = inner;
  }
  return { stmt, value, atom, itemIndex };
}
