// Parser facade: parse once, then read effective values (what xl stores) or problems.

import { LineIndex, Range } from '../text';
import type { Assignment, ParseProblem, Value } from './ast';
import { parse, ParsedFile } from './parser';

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
}

export function parseXlConfig(text: string): XlConfig {
  const parsed = parse(text);
  const lines = new LineIndex(text);
  const syntaxErrors = parsed.problems.filter((p) => p.rejects).map((p) => ({ code: p.code, message: p.message, range: lines.range(p.start, p.end) }));
  if (parsed.rejected && syntaxErrors.length === 0) {
    // Only an abort can reject with no located problem; keep the verdict visible.
    syntaxErrors.push({ code: 'nul-in-string', message: 'xl aborts on this file.', range: lines.range(0, 0) });
  }
  return { parsed, lines, syntaxErrors, effectiveValues: () => effectiveValues(parsed.statements) };
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

/** What xl's lookups return for each key, applying '=' and '+=' in order. */
export function effectiveValues(statements: readonly Assignment[]): Record<string, XlValue> {
  const out = new Map<string, XlValue>();
  for (const s of statements) {
    if (!s.complete || !s.value) continue;
    const v = toXlValue(s.value);
    const prev = out.get(s.key);
    if (s.op === '+=' && prev !== undefined) {
      if (typeof prev === 'string' && typeof v === 'string') { out.set(s.key, prev + v); continue; }
      if (Array.isArray(prev) && Array.isArray(v)) { out.set(s.key, [...prev, ...v]); continue; }
      continue; // type mismatch: xl rejects the file (reported by the parser)
    }
    out.set(s.key, v);
  }
  return orderByFirstAppearance(statements, out);
}

function orderByFirstAppearance(statements: readonly Assignment[], values: Map<string, XlValue>): Record<string, XlValue> {
  const result: Record<string, XlValue> = {};
  for (const s of statements) {
    if (!s.complete || !values.has(s.key) || Object.prototype.hasOwnProperty.call(result, s.key)) continue;
    result[s.key] = values.get(s.key)!;
  }
  return result;
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
      fix: { title: 'Convert line endings to LF', start: 0, end: text.length, newText: text.replace(/\r\n/g, '\n') },
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
      const rest = problems.filter((p) => !templated.includes(p));
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
