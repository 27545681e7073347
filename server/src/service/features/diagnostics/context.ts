// Shared plumbing for the diagnostic checks: each check reports through a CheckContext.

import type { XlDocument } from '../../document';
import type { Knowledge } from '../../knowledge';
import { Diagnostic, docsLink, QuickFix, Settings, Severity } from '../../types';

export interface Fix { title: string; start: number; end: number; newText: string; safe?: boolean }

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  /** Statements (by start offset) that failed an earlier stage: later stages skip them. */
  readonly failed = new Set<number>();

  constructor(readonly doc: XlDocument, readonly kb: Knowledge, readonly settings: Settings) {}

  report(code: string, severity: Severity, message: string, start: number, end: number, fixes: Fix[] = [], tags?: Diagnostic['tags']): void {
    const lines = this.doc.lines;
    const quickFixes: QuickFix[] = fixes.map((f, i) => ({
      title: f.title,
      edits: [{ range: lines.range(f.start, f.end), newText: f.newText }],
      safe: f.safe ?? false,
      preferred: i === 0,
    }));
    this.diagnostics.push({ range: lines.range(start, end), severity, code, message, href: docsLink(code), fixes: quickFixes, tags });
  }
}
