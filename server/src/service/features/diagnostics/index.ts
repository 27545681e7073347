// Diagnostics in stages: syntax (the parser), then a replay of how xl reads the config (shape,
// values and spec strings of each key, in xl's own order; xlParse.ts), then rules across keys,
// then deprecated, unknown and misplaced keys. A statement that fails a stage is not checked
// again by the later ones. Users silence a code per setting (xlcfg.diagnostics) or inline with
// `# xlcfg-disable-next-line CODE` (also `-line` for the same line, and a bare
// `# xlcfg-disable CODE` for the whole file).

import type { XlDocument } from '../../document';
import type { Knowledge } from '../../knowledge';
import type { Diagnostic, Settings } from '../../types';
import { CheckContext } from './context';
import { checkCrossField } from './crossField';
import { checkKeys } from './keys';
import { checkXlConfValues } from './values';
import { readLikeXl } from './xlParse';

export { SEMANTIC_CODES, HOST_DEPENDENT_CODES } from './codes';

export function computeDiagnostics(doc: XlDocument, kb: Knowledge, settings: Settings): Diagnostic[] {
  const ctx = new CheckContext(doc, kb, settings);
  for (const p of doc.syntaxProblems) {
    ctx.add(p.code, p.rejects ? 'error' : p.severity, p.message, p.start, p.end,
      p.fix ? [{ ...p.fix, safe: isSafeSyntaxFix(p.code) }] : []);
  }
  if (doc.kind === 'domain') {
    const model = readLikeXl(ctx);
    checkCrossField(ctx, model);
    checkKeys(ctx, model);
  } else {
    checkXlConfValues(ctx);
    checkKeys(ctx);
  }
  const sorted = ctx.diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.range.start.line - b.d.range.start.line || a.d.range.start.character - b.d.range.start.character || a.i - b.i)
    .map((x) => x.d);
  return applySuppressions(doc, settings, sorted);
}

/** Syntax fixes that never change what a correct reading of the file means. */
function isSafeSyntaxFix(code: string): boolean {
  return ['crlf', 'comment-at-eof', 'list-extra-comma', 'list-missing-comma', 'uppercase-hex', 'bare-word', 'invalid-character'].includes(code);
}

/** `# xlcfg-disable[-next-line|-line] [CODE[, CODE...]] [-- reason]` as a whole comment. */
const DISABLE_RE = /^#\s*xlcfg-disable(-next-line|-line)?(?:[ \t]+([A-Za-z0-9, \t-]*?))?[ \t]*(?:--[ \t].*)?$/;

function applySuppressions(doc: XlDocument, settings: Settings, diagnostics: Diagnostic[]): Diagnostic[] {
  const fileWide = new Set<string>();
  const byLine = new Map<number, Set<string> | 'all'>();
  for (const c of doc.parsed.comments) {
    const text = doc.text.slice(c.start, c.end).replace(/\r?\n$/, '');
    const m = DISABLE_RE.exec(text);
    if (!m) continue;
    const codes = m[2] ? m[2].split(/[\s,]+/).filter(Boolean) : [];
    const line = doc.lines.positionAt(c.start).line;
    if (!m[1]) { for (const code of codes.length ? codes : ['*']) fileWide.add(code); continue; }
    const target = m[1] === '-next-line' ? line + 1 : line;
    const prev = byLine.get(target);
    if (!codes.length || prev === 'all') byLine.set(target, 'all');
    else byLine.set(target, new Set([...(prev ?? []), ...codes]));
  }
  const overrides = settings.diagnostics ?? {};
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const override = Object.prototype.hasOwnProperty.call(overrides, d.code) ? overrides[d.code] : undefined;
    if (override === 'off') continue;
    if (fileWide.has('*') || fileWide.has(d.code)) continue;
    const rule = byLine.get(d.range.start.line);
    if (rule === 'all' || rule?.has(d.code)) continue;
    out.push(override ? { ...d, severity: override } : d);
  }
  return out;
}
