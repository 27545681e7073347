// Parser facade: parse once, then read effective values (what xl stores) or problems.

import { LineIndex, Range } from '../text';
import type { Assignment, ParseProblem, Value } from './ast';
import { parse, ParsedFile } from './parser';
import { S_META, S_VALUE, SM_ADD, SM_COMPLETE, SM_KEY_SHIFT, STMT_FIELDS, SyntaxTree, treeOfStatements } from './tree';

export type { Assignment, Comment, ListValue, ParseProblem, StringAtom, NumberAtom, Value, Atom } from './ast';
export type { ParsedFile } from './parser';

export type XlValue = string | XlValue[];

export interface SyntaxError {
  code: string;
  message: string;
  range: Range;
}

export interface XlConfig {
  parsed: ParsedFile;
  lines: LineIndex;
  /** Problems xl would reject the file for (one per line, in order), with LSP ranges. */
  syntaxErrors: SyntaxError[];
  /** Effective values as xl stores them: last assignment wins, += applied, first-appearance order. */
  effectiveValues(): Record<string, XlValue>;
  /** The same, as [key, value] pairs in first-appearance order (cheaper for huge files). */
  effectiveEntries(): [string, XlValue][];
}

export function parseXlConfig(text: string): XlConfig {
  const parsed = parse(text);
  const lines = new LineIndex(text, parsed.lineStarts);
  let syntaxErrors: SyntaxError[] | undefined;
  return {
    parsed, lines,
    // Made on first use (a CRLF file has one per line; the editor does not need them).
    get syntaxErrors(): SyntaxError[] {
      if (!syntaxErrors) {
        syntaxErrors = [];
        for (const p of parsed.problems) if (p.rejects) syntaxErrors.push({ code: p.code, message: p.message, range: lines.range(p.start, p.end) });
        if (parsed.rejected && syntaxErrors.length === 0) {
          // Only an abort can reject with no located problem; keep the verdict visible.
          syntaxErrors.push({ code: 'nul-in-string', message: 'xl aborts on this file.', range: lines.range(0, 0) });
        }
      }
      return syntaxErrors;
    },
    effectiveValues: () => treeEffectiveValues(parsed.tree),
    effectiveEntries: () => treeEffectiveEntries(parsed.tree),
  };
}

/** The plain value (strings and nested arrays). Iterative: lists may nest thousands deep. */
export function toXlValue(v: Value): XlValue {
  if (v.kind !== 'list') return v.value;
  const root: XlValue[] = [];
  const stack: [Value[], XlValue[]][] = [[v.items, root]];
  while (stack.length) {
    const [items, out] = stack.pop()!;
    for (const item of items) {
      if (item.kind !== 'list') { out.push(item.value); continue; }
      const inner: XlValue[] = [];
      out.push(inner);
      stack.push([item.items, inner]);
    }
  }
  return root;
}

/**
 * What xl's lookups return for each key, applying '=' and '+=' in order; keys in the order of
 * their first stored assignment. Linear: only the last '=' of each key and the '+=' after it
 * are turned into values.
 */
export function effectiveValues(statements: readonly Assignment[]): Record<string, XlValue> {
  const tree = treeOfStatements(statements);
  if (tree) return treeEffectiveValues(tree);
  // The statement that sets each key's value: its last '=', else its first assignment.
  const setter = new Map<string, number>();
  const out = new Map<string, XlValue>();
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    if (!s.complete || !s.value) continue;
    if (!setter.has(s.key)) out.set(s.key, ''); // first appearance fixes the order
    if (s.op === '=' || !setter.has(s.key)) setter.set(s.key, i);
  }
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    if (!s.complete || !s.value || i < setter.get(s.key)!) continue;
    add(out, s.key, i === setter.get(s.key), toXlValue(s.value));
  }
  const result: Record<string, XlValue> = {};
  for (const [key, value] of out) result[key] = value;
  return result;
}

/** Stores v for key: as its value (`set`), or appended by '+=' (a type mismatch is skipped: xl rejects the file). */
function add(out: Map<string, XlValue>, key: string, set: boolean, v: XlValue): void {
  if (set) { out.set(key, v); return; }
  const prev = out.get(key)!;
  if (typeof prev === 'string') { if (typeof v === 'string') out.set(key, prev + v); return; }
  if (Array.isArray(v)) for (const x of v) prev.push(x);
}

/**
 * The effective value of one key, without building the values of every key (a generated file can
 * hold a million keys; most features ask for a few).
 */
export function treeEffectiveValue(tree: SyntaxTree, key: string): XlValue | undefined {
  const id = tree.keyNames.indexOf(key);
  return id < 0 ? undefined : treeEffectiveEntries(tree, id)[0]?.[1];
}

/** effectiveValues straight from the compact tree (no node objects). */
function treeEffectiveValues(tree: SyntaxTree): Record<string, XlValue> {
  const result: Record<string, XlValue> = {};
  for (const [key, value] of treeEffectiveEntries(tree)) result[key] = value;
  return result;
}

/**
 * Each key with its effective value, in first-appearance order (no object keyed by a million
 * names): the last '=' and the '+=' after it. `only`: that key id alone.
 */
function treeEffectiveEntries(tree: SyntaxTree, only?: number): [string, XlValue][] {
  const stmts = tree.stmts;
  const n = tree.stmtCount;
  const setter = new Int32Array(tree.keyNames.length).fill(-1);
  const order: number[] = [];
  let from = n;
  for (let i = 0, o = 0; i < n; i++, o += STMT_FIELDS) {
    const meta = stmts[o + S_META];
    if (!(meta & SM_COMPLETE)) continue;
    const k = meta >>> SM_KEY_SHIFT;
    if (only !== undefined && k !== only) continue;
    if (setter[k] < 0) order.push(k);
    else if (meta & SM_ADD) continue;
    setter[k] = i;
  }
  for (const k of order) if (setter[k] < from) from = setter[k];
  const values: XlValue[] = new Array(tree.keyNames.length);
  for (let i = from, o = from * STMT_FIELDS; i < n; i++, o += STMT_FIELDS) {
    const meta = stmts[o + S_META];
    if (!(meta & SM_COMPLETE)) continue;
    const k = meta >>> SM_KEY_SHIFT;
    const si = setter[k];
    if (si < 0 || i < si) continue;
    const v = tree.plainValue(stmts[o + S_VALUE]);
    if (i === si) { values[k] = v; continue; }
    const prev = values[k];
    if (typeof prev === 'string') { if (typeof v === 'string') values[k] = prev + v; continue; }
    if (Array.isArray(v)) for (const x of v) prev.push(x);
  }
  return order.map((k) => [tree.keyNames[k], values[k]] as [string, XlValue]);
}

/**
 * The problems to show a user: the parser's, with floods collapsed into one clear diagnostic
 * (a CRLF file fails on every line; an xm-era Python config or a template fails everywhere).
 */
export function userFacingProblems(parsed: ParsedFile): ParseProblem[] {
  const { text } = parsed;
  let problems = parsed.problems;
  const crlf = problems.filter((p) => p.code === 'crlf');
  if (crlf.length > 1) {
    const first = crlf[0];
    problems = problems.filter((p) => p.code !== 'crlf');
    problems.unshift({
      ...first,
      code: 'crlf',
      message: `This file has Windows line endings (CR LF) on ${crlf.length} lines: xl rejects every one of them. Convert the file to LF line endings.`,
      fix: lazyFix('Convert line endings to LF', 0, text.length, () => text.replace(/\r\n/g, '\n')),
    });
  }
  const python = detectPythonConfig(text, parsed);
  if (python) {
    const rejecting = problems.filter((p) => p.rejects);
    const first = rejecting[0];
    return [
      {
        code: 'xm-python-config', severity: 'error', rejects: true, start: first?.start ?? 0, end: first?.end ?? 0,
        message: `This looks like an old xm/xend config written in Python (${python}). xl does not run Python: rewrite it as plain 'key = value' lines (${rejecting.length} lines fail as they are).`,
      },
      ...problems.filter((p) => !p.rejects),
    ];
  }
  const template = detectTemplate(text);
  if (template) {
    const templated = problems.filter((p) => p.rejects && isOnTemplateLine(text, p.start));
    if (templated.length) {
      const skipped = new Set(templated);
      const rest = problems.filter((p) => !skipped.has(p));
      return [
        {
          code: 'template-file', severity: 'error', rejects: true, start: templated[0].start, end: templated[0].end,
          message: `This file is a template (${template}): xl cannot read it until it is rendered. ${templated.length} templated line(s) are skipped; the rest of the file is checked as usual.`,
        },
        ...rest,
      ];
    }
  }
  return problems;
}

function detectPythonConfig(text: string, parsed: ParsedFile): string | undefined {
  if (!parsed.rejected) return undefined;
  const m = /^[ \t]*(import [\w.]+|from [\w.]+ import|def \w+\(|if .*:[ \t]*$|for \w+ in .*:[ \t]*$|else:|elif )/m.exec(text);
  if (m) return `'${m[1].trim()}'`;
  if (parsed.likelyPython && /=[^\n#"']*%/m.test(text)) return "'%' string formatting";
  return undefined;
}

const TEMPLATE_RE = /\{\{|\{%|\{\$[A-Za-z_]|\$\{[A-Za-z_]/;

function detectTemplate(text: string): string | undefined {
  const m = TEMPLATE_RE.exec(text);
  if (!m) return undefined;
  if (m[0] === '{{' || m[0] === '{%') return 'Jinja2-style {{ }} / {% %}';
  if (m[0].startsWith('{$')) return 'Perl-style {$var}';
  return 'shell-style ${var}';
}

function isOnTemplateLine(text: string, offset: number): boolean {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end === -1) end = text.length;
  return TEMPLATE_RE.test(text.slice(start, end));
}

/** A fix whose replacement text (which may be as big as the file) is made only when read. */
function lazyFix(title: string, start: number, end: number, make: () => string): NonNullable<ParseProblem['fix']> {
  let text: string | undefined;
  return {
    title, start, end,
    get newText(): string { return (text ??= make()); },
  };
}
