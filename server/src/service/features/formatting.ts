// Formatting: consistent spacing around '=' and inside lists, one quote style where it does not
// change the value, long lists one item per line, comments kept where they are.
//
// It never changes what the file means. It works on xl's own tokens, refuses files that do not
// lex and parse cleanly (they are returned unchanged), and checks its own result: the formatted
// text must parse to the same statements, key by key and value by value, or nothing is changed.
//
// The file is formatted in chunks: one chunk per logical line (a statement line, with all the
// lines of a multi-line list, or a comment line), and one per run of blank lines. A range
// format rewrites the chunks that touch the range, so a partial result is always a valid file.

import { LexError, Lexer, LexerSink, Tok } from '../parser/lexer';
import { parse } from '../parser/parser';
import { toXlValue } from '../parser';
import type { Assignment } from '../parser';
import type { LineIndex } from '../text';
import type { TextEdit } from '../types';

export type QuoteStyle = 'double' | 'single' | 'preserve';

export interface FormatOptions {
  /** Quote character for strings; a string is only requoted when that leaves its value alone. */
  quoteStyle: QuoteStyle;
  /** Lists longer than this (in columns) are written one item per line. */
  maxLineLength: number;
  /** One level of indentation inside multi-line lists. */
  indent: string;
  /** `[ "a", "b" ]` (true) or `["a", "b"]` (false). */
  bracketSpacing: boolean;
}

export const DEFAULT_FORMAT_OPTIONS: FormatOptions = { quoteStyle: 'double', maxLineLength: 80, indent: '    ', bracketSpacing: true };

/** Lists nested deeper than this are left as the user wrote them (the file is not formatted). */
const MAX_DEPTH = 64;

export type FormatResult =
  | { ok: true; text: string; chunks: Chunk[] }
  | { ok: false; reason: string };

/** A source span [start, end) (whole lines, with their newline) and its formatted text. */
export interface Chunk { start: number; end: number; text: string }

// ---- the token tree ------------------------------------------------------------------------

interface Atom { kind: 'atom'; text: string; quote?: string }
interface List {
  kind: 'list';
  entries: Entry[];
  /** Comment on the line of '[' after it. */
  openComment?: string;
  /** Own-line comments after the last item. */
  closingComments: string[];
  /** Written over several lines in the source: kept that way. */
  multiline: boolean;
  /** Holds a comment somewhere inside: cannot be written on one line. */
  hasComment: boolean;
}
interface Entry { value: Node; leading: string[]; trailing?: string }
type Node = Atom | List;

interface Statement { kind: 'stmt'; key: string; op: string; value: Node }
interface Semi { kind: 'semi' }
interface Line { start: number; end: number; parts: (Statement | Semi)[]; comment?: string; blank: boolean }

class Refuse extends Error {}

class Tokens implements LexerSink {
  readonly lexer: Lexer;
  constructor(readonly text: string) { this.lexer = new Lexer(text, this); }
  lexError(e: LexError): void {
    const line = this.text.slice(0, e.at).split('\n').length;
    throw new Refuse(`line ${line} has a character xl cannot read (see xlcfg check)`);
  }
  stringProblem(): void { /* values are compared after formatting */ }
  comment(): void { /* comments are read from NEWLINE tokens */ }
}

/** The comment a NEWLINE token carries (`# ...` without the newline), if any. */
function commentOf(text: string, start: number, end: number): string | undefined {
  if (text.charCodeAt(start) !== 35) return undefined;
  const body = text.slice(start, text.charCodeAt(end - 1) === 10 ? end - 1 : end);
  return body.replace(/[ \t]+$/, '');
}

/** Whether only blanks precede `offset` on its line. */
function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function readLines(text: string): Line[] {
  const toks = new Tokens(text);
  const lx = toks.lexer;
  const lines: Line[] = [];
  let pending: Tok | undefined;
  const peek = () => { if (pending === undefined) pending = lx.next(); return pending; };
  const take = () => { const t = peek(); pending = undefined; return t; };
  let lineStart = 0;
  for (;;) {
    const t = peek();
    if (t === Tok.EOF) {
      if (lineStart < text.length) lines.push({ start: lineStart, end: text.length, parts: [], blank: text.slice(lineStart).trim() === '' });
      break;
    }
    const line: Line = { start: lineStart, end: lineStart, parts: [], blank: false };
    for (;;) {
      const k = peek();
      if (k === Tok.EOF) { line.end = text.length; break; }
      if (k === Tok.NEWLINE) {
        take();
        line.comment = commentOf(text, lx.start, lx.end);
        line.end = lx.end;
        break;
      }
      if (k === Tok.SEMI) { take(); line.parts.push({ kind: 'semi' }); continue; }
      if (k !== Tok.IDENT) throw new Refuse('unexpected token');
      take();
      const key = text.slice(lx.start, lx.end);
      const op = take();
      if (op !== Tok.EQ && op !== Tok.ADD) throw new Refuse('unexpected token');
      const value = readValue(text, lx, peek, take);
      line.parts.push({ kind: 'stmt', key, op: op === Tok.EQ ? '=' : '+=', value });
      const after = peek();
      if (after !== Tok.NEWLINE && after !== Tok.SEMI && after !== Tok.EOF) throw new Refuse('unexpected token');
    }
    line.blank = line.parts.length === 0 && line.comment === undefined;
    lines.push(line);
    lineStart = line.end;
  }
  return lines;
}

/** Reads a value without recursion; lists keep their comments. */
function readValue(text: string, lx: Lexer, peek: () => Tok, take: () => Tok): Node {
  const stack: { list: List; start: number; pendingLeading: string[]; lastEntry?: Entry }[] = [];
  for (;;) {
    let node: Node;
    let t = take();
    if (t === Tok.STRING) node = { kind: 'atom', text: text.slice(lx.start, lx.end), quote: text[lx.start] };
    else if (t === Tok.NUMBER) node = { kind: 'atom', text: text.slice(lx.start, lx.end) };
    else if (t === Tok.LBRACK) {
      if (stack.length >= MAX_DEPTH) throw new Refuse(`lists are nested more than ${MAX_DEPTH} deep`);
      stack.push({ list: { kind: 'list', entries: [], closingComments: [], multiline: false, hasComment: false }, start: lx.start, pendingLeading: [] });
      // Comments and newlines before the first item, or a closing bracket.
      const f = stack[stack.length - 1];
      readGap(text, lx, peek, take, f);
      if (peek() !== Tok.RBRACK) continue;
      take();
      node = closeList(text, lx, stack.pop()!);
    } else throw new Refuse('unexpected token');
    // Attach complete values to their lists, closing lists as far as the tokens say.
    for (;;) {
      const f = stack[stack.length - 1];
      if (!f) return node;
      const entry: Entry = { value: node, leading: f.pendingLeading };
      if (node.kind === 'list' && node.hasComment) f.list.hasComment = true;
      f.pendingLeading = [];
      f.list.entries.push(entry);
      f.lastEntry = entry;
      readGap(text, lx, peek, take, f);
      t = peek();
      if (t === Tok.COMMA) {
        take();
        readGap(text, lx, peek, take, f);
        if (peek() !== Tok.RBRACK) break; // next item
      }
      if (peek() !== Tok.RBRACK) throw new Refuse('unexpected token');
      take();
      node = closeList(text, lx, stack.pop()!);
    }
  }
}

function closeList(text: string, lx: Lexer, f: { list: List; start: number; pendingLeading: string[] }): List {
  f.list.closingComments.push(...f.pendingLeading);
  f.list.multiline = text.slice(f.start, lx.end).includes('\n');
  return f.list;
}

/** Newlines and comments between list tokens: a comment after code on its line trails it. */
function readGap(text: string, lx: Lexer, peek: () => Tok, take: () => Tok, f: { list: List; pendingLeading: string[]; lastEntry?: Entry }): void {
  while (peek() === Tok.NEWLINE) {
    take();
    const c = commentOf(text, lx.start, lx.end);
    if (c === undefined) continue;
    f.list.hasComment = true;
    if (startsLine(text, lx.start)) f.pendingLeading.push(c);
    else if (f.lastEntry) f.lastEntry.trailing = f.lastEntry.trailing ? `${f.lastEntry.trailing} ${c}` : c;
    else f.list.openComment = f.list.openComment ? `${f.list.openComment} ${c}` : c;
  }
}

// ---- rendering -----------------------------------------------------------------------------

function requote(atom: Atom, style: QuoteStyle): string {
  if (!atom.quote || style === 'preserve') return atom.text;
  const want = style === 'double' ? '"' : "'";
  if (atom.quote === want) return atom.text;
  const body = atom.text.slice(1, -1);
  // Swapping the delimiters keeps the value when the new quote does not occur inside: escapes
  // are read the same way in both kinds of string.
  if (body.includes(want)) return atom.text;
  return want + body + want;
}

class Renderer {
  constructor(private readonly o: FormatOptions) {}

  /** One-line form, or undefined when the node holds a comment. */
  inline(n: Node): string | undefined {
    if (n.kind === 'atom') return requote(n, this.o.quoteStyle);
    if (n.hasComment) return undefined;
    if (!n.entries.length) return '[]';
    const parts: string[] = [];
    for (const e of n.entries) {
      const s = this.inline(e.value);
      if (s === undefined) return undefined;
      parts.push(s);
    }
    const sp = this.o.bracketSpacing ? ' ' : '';
    return `[${sp}${parts.join(', ')}${sp}]`;
  }

  /** Renders a value that starts at `column` and is followed by `suffix` on its last line. */
  value(n: Node, column: number, level: number, suffixLength: number): string {
    if (n.kind === 'atom') return requote(n, this.o.quoteStyle);
    if (!n.multiline) {
      const one = this.inline(n);
      // A single value gains nothing from a line of its own: it stays as long as it is.
      const single = n.entries.length === 1 && n.entries[0].value.kind === 'atom';
      if (one !== undefined && (column + one.length + suffixLength <= this.o.maxLineLength || n.entries.length === 0 || single)) return one;
    }
    if (!n.entries.length && !n.hasComment) return '[]';
    const pad = this.o.indent.repeat(level + 1);
    const out: string[] = [n.openComment ? `[ ${n.openComment}` : '['];
    if (n.entries.length > 1 && n.entries.every((e) => e.value.kind === 'atom' && !e.value.quote)) {
      this.fill(n, pad, out);
      out.push(this.o.indent.repeat(level) + ']');
      return out.join('\n');
    }
    for (const e of n.entries) {
      for (const c of e.leading) out.push(pad + c);
      const v = this.value(e.value, pad.length, level + 1, 1);
      out.push(`${pad}${v},${e.trailing ? ' ' + e.trailing : ''}`);
    }
    for (const c of n.closingComments) out.push(pad + c);
    out.push(this.o.indent.repeat(level) + ']');
    return out.join('\n');
  }

  /** Numbers (irqs, cpus) are packed as many to a line as fit; a comment starts a new line. */
  private fill(n: List, pad: string, out: string[]): void {
    let cur = '';
    const flush = () => { if (cur) out.push(pad + cur); cur = ''; };
    for (const e of n.entries) {
      if (e.leading.length) { flush(); for (const c of e.leading) out.push(pad + c); }
      const piece = (e.value as Atom).text + ',';
      if (cur && pad.length + cur.length + 1 + piece.length > this.o.maxLineLength) flush();
      cur = cur ? `${cur} ${piece}` : piece;
      if (e.trailing) { cur += ' ' + e.trailing; flush(); }
    }
    flush();
    for (const c of n.closingComments) out.push(pad + c);
  }

  line(l: Line): string {
    let s = '';
    for (const p of l.parts) {
      if (p.kind === 'semi') { s += ';'; continue; }
      if (s) s += ' ';
      const head = `${p.key} ${p.op} `;
      const lastLine = s.slice(s.lastIndexOf('\n') + 1);
      s += head + this.value(p.value, lastLine.length + head.length, 0, 0);
    }
    if (l.comment !== undefined) s += s ? ' ' + l.comment : l.comment;
    return s;
  }
}

// ---- the formatter -------------------------------------------------------------------------

/** Formats a whole file. Refuses (ok: false) when the file has syntax errors or cannot be formatted safely. */
export function formatText(text: string, options: Partial<FormatOptions> = {}): FormatResult {
  const o: FormatOptions = { ...DEFAULT_FORMAT_OPTIONS, ...options };
  if (!(o.maxLineLength > 0)) o.maxLineLength = DEFAULT_FORMAT_OPTIONS.maxLineLength;
  if (!/^[ \t]*$/.test(o.indent)) o.indent = DEFAULT_FORMAT_OPTIONS.indent;
  const before = parse(text);
  if (before.rejected) return { ok: false, reason: 'the file has syntax errors' };
  let lines: Line[];
  try {
    lines = readLines(text);
  } catch (e) {
    if (e instanceof Refuse) return { ok: false, reason: e.message };
    throw e;
  }
  const r = new Renderer(o);
  const chunks: Chunk[] = [];
  const firstContent = lines.findIndex((l) => !l.blank);
  let lastContent = -1;
  for (let i = lines.length - 1; i >= 0; i--) if (!lines[i].blank) { lastContent = i; break; }
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l.blank) { chunks.push({ start: l.start, end: l.end, text: r.line(l) + '\n' }); continue; }
    let j = i;
    while (j + 1 < lines.length && lines[j + 1].blank) j++;
    // A run of blank lines becomes one; none at the start or the end of the file.
    const keep = firstContent !== -1 && i > firstContent && j < lastContent;
    chunks.push({ start: l.start, end: lines[j].end, text: keep ? '\n' : '' });
    i = j;
  }
  const out = chunks.map((c) => c.text).join('');
  const problem = meaningChanged(before.statements, out);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, text: out, chunks };
}

/** Compares statement by statement: same keys, operators and values, and no syntax error. */
function meaningChanged(original: readonly Assignment[], formatted: string): string | undefined {
  const after = parse(formatted);
  if (after.rejected) return 'the formatted text would not parse';
  if (after.statements.length !== original.length) return 'the formatted text has a different number of statements';
  for (let i = 0; i < original.length; i++) {
    const a = original[i], b = after.statements[i];
    if (a.key !== b.key || a.op !== b.op || !a.value || !b.value) return `formatting would change '${a.key}'`;
    if (JSON.stringify(toXlValue(a.value)) !== JSON.stringify(toXlValue(b.value))) return `formatting would change the value of '${a.key}'`;
    if ((a.value.kind === 'number') !== (b.value.kind === 'number')) return `formatting would change the value of '${a.key}'`;
  }
  return undefined;
}

/** The smallest edit that turns src[start, end) into `text`: common prefix and suffix left alone. */
function minimalEdit(src: string, start: number, end: number, text: string): { start: number; end: number; text: string } | undefined {
  const old = src.slice(start, end);
  if (old === text) return undefined;
  let p = 0;
  const max = Math.min(old.length, text.length);
  while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  return { start: start + p, end: end - s, text: text.slice(p, text.length - s) };
}

/**
 * Edits for the whole document, or only for the chunks that touch `range` (offsets). No edits
 * when the file cannot be formatted safely.
 */
export function formatEdits(text: string, lines: LineIndex, options: Partial<FormatOptions>, range?: { start: number; end: number }): TextEdit[] {
  const r = formatText(text, options);
  if (!r.ok) return [];
  const edits: TextEdit[] = [];
  for (const c of r.chunks) {
    if (range) {
      // A chunk ends after its newline; the selection touches it when they overlap, or when an
      // empty selection sits inside it.
      const touches = range.start === range.end ? range.start >= c.start && range.start < c.end : range.start < c.end && range.end > c.start;
      if (!touches) continue;
    }
    const e = minimalEdit(text, c.start, c.end, c.text);
    if (e) edits.push({ range: lines.range(e.start, e.end), newText: e.text });
  }
  return edits;
}
