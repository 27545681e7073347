// Shared plumbing for the diagnostic checks: each check reports through a CheckContext.

import type { XlDocument } from '../../document';
import type { Knowledge } from '../../knowledge';
import type { StringAtom, Value } from '../../parser';
import { Diagnostic, docsLink, QuickFix, Settings, Severity } from '../../types';
import type { SemanticCode } from './codes';

export interface Fix { title: string; start: number; end: number; newText: string; safe?: boolean }

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  /** Statements (by start offset) that failed an earlier stage: later stages skip them. */
  readonly failed = new Set<number>();
  /**
   * Which xl we model. Xen 4.17 (the release the project's oracle runs) for 4.4 to 4.17;
   * for 'master', 4.17 plus what later releases added (new keys and spec parameters).
   */
  readonly master: boolean;

  /** Lines where the parser found something xl rejects: later stages leave their statements alone. */
  readonly syntaxLines = new Set<number>();

  constructor(readonly doc: XlDocument, readonly kb: Knowledge, readonly settings: Settings) {
    this.master = settings.xenVersion === 'master';
    for (const p of doc.parsed.problems) {
      if (!p.rejects) continue;
      const a = doc.lines.positionAt(p.start).line, b = doc.lines.positionAt(Math.max(p.start, p.end - 1)).line;
      for (let l = a; l <= b; l++) this.syntaxLines.add(l);
    }
  }

  /** Whether a statement shares a line with a syntax error (xl would not read it as written). */
  brokenBySyntax(start: number, end: number): boolean {
    if (!this.syntaxLines.size) return false;
    const a = this.doc.lines.positionAt(start).line, b = this.doc.lines.positionAt(end).line;
    for (let l = a; l <= b; l++) if (this.syntaxLines.has(l)) return true;
    return false;
  }

  report(code: SemanticCode, severity: Severity, message: string, start: number, end: number, fixes: Fix[] = [], tags?: Diagnostic['tags']): void {
    this.add(code, severity, message, start, end, fixes, tags);
  }

  /** For the parser's syntax problems, whose codes live with the parser. */
  add(code: string, severity: Severity, message: string, start: number, end: number, fixes: Fix[] = [], tags?: Diagnostic['tags']): void {
    const lines = this.doc.lines;
    const quickFixes: QuickFix[] = fixes.map((f, i) => ({
      title: f.title,
      edits: [{ range: lines.range(f.start, f.end), newText: f.newText }],
      safe: f.safe ?? false,
      preferred: i === 0,
    }));
    const d: Diagnostic = { range: lines.range(start, Math.max(start, end)), severity, code, message, href: docsLink(code), fixes: quickFixes };
    if (tags?.length) d.tags = tags;
    this.diagnostics.push(d);
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
