// Quick fixes: the fixes attached to diagnostics that touch the requested range.

import type { Diagnostic, QuickFix, Range } from '../types';

export interface CodeAction extends QuickFix { diagnostic: Diagnostic }

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

export function codeActions(diagnostics: readonly Diagnostic[], range: Range): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (!overlaps(d.range, range)) continue;
    for (const f of d.fixes) out.push({ ...f, diagnostic: d });
  }
  return out;
}
