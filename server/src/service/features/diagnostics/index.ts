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
import type { XlReader } from './reader';
import { readLikeXl } from './xlParse';
import { checkNameComments } from '../names';

export { SEMANTIC_CODES, HOST_DEPENDENT_CODES } from './codes';

/**
 * The replay's reader of each checked document: the checks across configs read the same values
 * (peek only) instead of building a second one. It depends on the document alone.
 */
const readers = new WeakMap<XlDocument, XlReader>();
export function readerOf(doc: XlDocument): XlReader | undefined {
  return readers.get(doc);
}

export function computeDiagnostics(doc: XlDocument, kb: Knowledge, settings: Settings): Diagnostic[] {
  const ctx = new CheckContext(doc, kb, settings);
  for (const p of doc.syntaxProblems) {
    ctx.add(p.code, p.rejects ? 'error' : p.severity, p.message, p.start, p.end,
      p.fix ? [{ ...p.fix, safe: isSafeSyntaxFix(p.code) }] : []);
  }
  if (doc.kind === 'domain') {
    const model = readLikeXl(ctx);
    readers.set(doc, model.reader);
    checkCrossField(ctx, model);
    checkKeys(ctx, model);
  } else {
    checkXlConfValues(ctx);
    checkKeys(ctx);
  }
  checkNameComments(ctx);
  for (const o of ctx.overflow.values()) {
    if (!ctx.admit('more-problems', o.severity, o.start, o.end)) continue;
    const what = o.severity === 'info' ? 'notes' : `${o.severity}s`;
    const d = ctx.push('more-problems', o.severity, `${o.count.toLocaleString('en-US')} more '${o.code}' ${what} from here on are not listed: a file lists the first ${ctx.cap} of each code (setting xlcfg.maxProblemsPerCode, 0 for all).`, o.start, o.end);
    d.unlisted = o.count;
    d.unlistedCode = o.code;
  }
  return ctx.diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.range.start.line - b.d.range.start.line || a.d.range.start.character - b.d.range.start.character || a.i - b.i)
    .map((x) => x.d);
}

/** Syntax fixes that never change what a correct reading of the file means. */
function isSafeSyntaxFix(code: string): boolean {
  return ['crlf', 'comment-at-eof', 'list-extra-comma', 'list-missing-comma', 'uppercase-hex', 'bare-word', 'invalid-character'].includes(code);
}
