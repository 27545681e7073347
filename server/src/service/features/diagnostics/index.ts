// Diagnostics in stages: syntax, keys, shapes and values, spec strings, cross-field rules.
// Each stage skips the parts an earlier stage already found broken. Users can silence a code
// per setting (xlcfg.diagnostics) or inline with `# xlcfg-disable-next-line CODE`.

import type { XlDocument } from '../../document';
import type { Knowledge } from '../../knowledge';
import type { Diagnostic, Settings } from '../../types';
import { CheckContext } from './context';
import { checkCrossField } from './crossField';
import { checkKeys } from './keys';
import { checkSpecs } from './specs';
import { checkValues } from './values';

export function computeDiagnostics(doc: XlDocument, kb: Knowledge, settings: Settings): Diagnostic[] {
  const ctx = new CheckContext(doc, kb, settings);
  for (const p of doc.syntaxProblems) {
    ctx.report(p.code, p.rejects ? 'error' : p.severity, p.message, p.start, p.end,
      p.fix ? [{ ...p.fix, safe: isSafeSyntaxFix(p.code) }] : []);
  }
  checkKeys(ctx);
  checkValues(ctx);
  checkSpecs(ctx);
  checkCrossField(ctx);
  return applySuppressions(doc, settings, ctx.diagnostics);
}

/** Syntax fixes that never change what a correct reading of the file means. */
function isSafeSyntaxFix(code: string): boolean {
  return ['crlf', 'comment-at-eof', 'list-extra-comma', 'list-missing-comma', 'uppercase-hex', 'bare-word', 'invalid-character'].includes(code);
}

const DISABLE_RE = /#\s*xlcfg-disable(-next-line|-line)?(?:[ \t]+([a-z0-9\-, \t]+))?/g;

function applySuppressions(doc: XlDocument, settings: Settings, diagnostics: Diagnostic[]): Diagnostic[] {
  const fileWide = new Set<string>();
  const byLine = new Map<number, Set<string> | 'all'>();
  for (const c of doc.parsed.comments) {
    const text = doc.text.slice(c.start, c.end);
    DISABLE_RE.lastIndex = 0;
    const m = DISABLE_RE.exec(text);
    if (!m) continue;
    const codes = m[2] ? m[2].split(/[\s,]+/).filter(Boolean) : [];
    const line = doc.lines.positionAt(c.start).line;
    if (!m[1]) { for (const code of codes.length ? codes : ['*']) fileWide.add(code); continue; }
    const target = m[1] === '-next-line' ? line + 1 : line;
    byLine.set(target, codes.length ? new Set(codes) : 'all');
  }
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const override = settings.diagnostics[d.code];
    if (override === 'off') continue;
    if (fileWide.has('*') || fileWide.has(d.code)) continue;
    const rule = byLine.get(d.range.start.line);
    if (rule === 'all' || rule?.has(d.code)) continue;
    out.push(override ? { ...d, severity: override } : d);
  }
  return out;
}
