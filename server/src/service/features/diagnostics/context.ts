// Shared plumbing for the diagnostic checks: each check reports through a CheckContext.

import type { XlDocument } from '../../document';
import { atLeast, Knowledge, XenRelease } from '../../knowledge';
import type { StringAtom, Value } from '../../parser';
import { DEFAULT_MAX_PROBLEMS_PER_CODE, Diagnostic, docsLink, QuickFix, Settings, Severity } from '../../types';
import type { SemanticCode } from './codes';

export interface Fix { title: string; start: number; end: number; newText: string; safe?: boolean }

/** `# xlcfg-disable[-next-line|-line] [CODE[, CODE...]] [-- reason]` as a whole comment. */
const DISABLE_RE = /^#\s*xlcfg-disable(-next-line|-line)?(?:[ \t]+([A-Za-z0-9, \t-]*?))?[ \t]*(?:--[ \t].*)?$/;

/** Diagnostics of one code beyond the cap: counted, and shown as one summary at the first of them. */
export interface Overflow { code: string; severity: Severity; count: number; start: number; end: number }

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  /** Where every report started, listed or not (silenced, over the cap): later stages ask what was said about a key. */
  readonly reportedAt: number[] = [];
  /** Statements (by start offset) that failed an earlier stage: later stages skip them. */
  readonly failed = new Set<number>();
  /** The Xen release whose xl we model (already resolved from `auto`). */
  readonly release: XenRelease;

  /** Lines where the parser found something xl rejects: later stages leave their statements alone. */
  readonly syntaxLines = new Set<number>();

  /** Codes silenced for the whole file ('*': all), and per line, by `# xlcfg-disable` comments. */
  private readonly fileWide = new Set<string>();
  private readonly byLine = new Map<number, Set<string> | 'all'>();
  private readonly listed = new Map<string, number>();
  readonly overflow = new Map<string, Overflow>();
  /** How many diagnostics of one code are listed (Infinity: all). */
  readonly cap: number;

  constructor(readonly doc: XlDocument, readonly kb: Knowledge, readonly settings: Settings) {
    this.release = settings.xenVersion;
    const cap = settings.maxProblemsPerCode;
    this.cap = cap === undefined ? DEFAULT_MAX_PROBLEMS_PER_CODE : cap > 0 ? cap : Infinity;
    for (const p of doc.parsed.problems) {
      if (!p.rejects) continue;
      const a = doc.lines.positionAt(p.start).line, b = doc.lines.positionAt(Math.max(p.start, p.end - 1)).line;
      for (let l = a; l <= b; l++) this.syntaxLines.add(l);
    }
    this.readSuppressions();
  }

  private readSuppressions(): void {
    const { doc } = this;
    if (!doc.text.includes('xlcfg-disable')) return;
    const tree = doc.parsed.tree;
    for (let i = 0; i < tree.commentCount; i++) {
      const start = tree.comms[2 * i], end = tree.comms[2 * i + 1];
      const m = DISABLE_RE.exec(doc.text.slice(start, end).replace(/\r?\n$/, ''));
      if (!m) continue;
      const codes = m[2] ? m[2].split(/[\s,]+/).filter(Boolean) : [];
      if (!m[1]) { for (const code of codes.length ? codes : ['*']) this.fileWide.add(code); continue; }
      const line = doc.lines.positionAt(start).line;
      const target = m[1] === '-next-line' ? line + 1 : line;
      const prev = this.byLine.get(target);
      if (!codes.length || prev === 'all') this.byLine.set(target, 'all');
      else this.byLine.set(target, new Set([...(prev ?? []), ...codes]));
    }
  }

  /** Whether a statement shares a line with a syntax error (xl would not read it as written). */
  brokenBySyntax(start: number, end: number): boolean {
    if (!this.syntaxLines.size) return false;
    const a = this.doc.lines.positionAt(start).line, b = this.doc.lines.positionAt(end).line;
    for (let l = a; l <= b; l++) if (this.syntaxLines.has(l)) return true;
    return false;
  }

  /** Whether the modelled xl is `min` or later. */
  atLeast(min: XenRelease): boolean {
    return atLeast(this.release, min);
  }

  /** Whether the user turned this code off (setting, or a file-wide comment): checks may skip the work. */
  silenced(code: string): boolean {
    const overrides = this.settings.diagnostics;
    return (overrides !== undefined && Object.prototype.hasOwnProperty.call(overrides, code) && overrides[code] === 'off') ||
      this.fileWide.has('*') || this.fileWide.has(code);
  }

  /**
   * Whether a diagnostic of `code` at start..end is to be listed. If not (silenced, or past the
   * cap of its code, where it is counted), the caller need not build its message.
   * `recordPlace` false: no later stage asks about it (reportedAt stays small).
   */
  admit(code: string, severity: Severity, start: number, end: number, recordPlace = true): boolean {
    if (recordPlace) this.reportedAt.push(start);
    if (this.silenced(code)) return false;
    if (this.byLine.size) {
      const rule = this.byLine.get(this.doc.lines.positionAt(start).line);
      if (rule === 'all' || rule?.has(code)) return false;
    }
    const n = this.listed.get(code) ?? 0;
    if (n < this.cap) { this.listed.set(code, n + 1); return true; }
    const o = this.overflow.get(code);
    if (o) o.count++;
    else this.overflow.set(code, { code, severity: this.severityOf(code, severity), count: 1, start, end: Math.max(start, end) });
    return false;
  }

  private severityOf(code: string, severity: Severity): Severity {
    const o = this.settings.diagnostics?.[code];
    return o && o !== 'off' && Object.prototype.hasOwnProperty.call(this.settings.diagnostics, code) ? o : severity;
  }

  report(code: SemanticCode, severity: Severity, message: string, start: number, end: number, fixes: Fix[] = [], tags?: Diagnostic['tags']): void {
    this.add(code, severity, message, start, end, fixes, tags);
  }

  /** For the parser's syntax problems, whose codes live with the parser. */
  add(code: string, severity: Severity, message: string, start: number, end: number, fixes: Fix[] = [], tags?: Diagnostic['tags']): void {
    if (this.admit(code, severity, start, end)) this.push(code, severity, message, start, end, fixes, tags);
  }

  /** Lists a diagnostic that admit() let through, and returns it. */
  push(code: string, severity: Severity, message: string, start: number, end: number, fixes: Fix[] = [], tags?: Diagnostic['tags']): Diagnostic {
    const lines = this.doc.lines;
    const quickFixes: QuickFix[] = fixes.map((f, i) => ({
      title: f.title,
      edits: [{ range: lines.range(f.start, f.end), newText: f.newText }],
      safe: f.safe ?? false,
      preferred: i === 0,
    }));
    const d: Diagnostic = { range: lines.range(start, Math.max(start, end)), severity: this.severityOf(code, severity), code, message, href: docsLink(code), fixes: quickFixes };
    if (tags?.length) d.tags = tags;
    this.diagnostics.push(d);
    return d;
  }

  /** The source text of a value. */
  source(v: Value): string {
    return this.doc.text.slice(v.start, v.end);
  }

  /**
   * Source offsets of characters [from, to) of a string's value. Exact when the string has no
   * escapes (its source between the quotes is its value); otherwise the whole string.
   */
  inString(atom: StringAtom | undefined, from: number, to: number, whole?: [number, number]): [number, number] {
    if (!atom) return whole ?? [0, 0];
    if (atom.kind !== 'string') return [atom.start, atom.end];
    const raw = this.doc.text.slice(atom.start + 1, atom.end - 1);
    if (raw !== atom.value || to < from) return [atom.start, atom.end];
    const base = atom.start + 1;
    const s = base + Math.min(from, raw.length);
    let e = base + Math.min(to, raw.length);
    if (e === s) e = Math.min(s + 1, atom.end - 1 > s ? atom.end - 1 : s);
    return [s, e];
  }

  /** Whether a string's source text is exactly its value (no escapes), so edits inside are safe. */
  plainString(atom: StringAtom): boolean {
    return atom.kind === 'string' && this.doc.text.slice(atom.start + 1, atom.end - 1) === atom.value;
  }
}
