// Smart selection (expand / shrink): sub-key or its value -> `key=value` item -> the spec
// string's text -> the string with its quotes -> each enclosing list -> the statement -> its
// line with the trailing comment.

import { findStatement, splitSpec, XlDocument } from '../document';
import type { Knowledge } from '../knowledge';
import type { Value } from '../parser';
import type { Range } from '../types';

/** Mirrors LSP's SelectionRange: the innermost range, with its parents outward. */
export interface SelectionRange { range: Range; parent?: SelectionRange }

type Span = [number, number];

function spansAt(doc: XlDocument, kb: Knowledge, offset: number): Span[] {
  const spans: Span[] = [];
  const comment = doc.parsed.comments.find((c) => offset >= c.start && offset <= c.end);
  if (comment) {
    spans.push([comment.start, comment.end]);
    return spans;
  }
  const stmt = findStatement(doc, offset);
  if (!stmt) return spans;
  const statementEnd = Math.max(stmt.end, stmt.keyEnd);
  if (offset >= stmt.keyStart && offset <= stmt.keyEnd) {
    spans.push([stmt.keyStart, stmt.keyEnd]);
  } else if (stmt.value && offset >= stmt.value.start && offset <= stmt.value.end) {
    // Enclosing values from the outermost list inward.
    const chain: Value[] = [stmt.value];
    for (;;) {
      const v = chain[chain.length - 1];
      if (v.kind !== 'list') break;
      const inner = v.items.find((i) => offset >= i.start && offset <= i.end);
      if (!inner) break;
      chain.push(inner);
    }
    const innermost = chain[chain.length - 1];
    if (innermost.kind === 'string' && innermost.end - innermost.start >= 2) {
      const info = kb.option(stmt.key, doc.kind);
      const content: Span = [innermost.start + 1, innermost.end - 1];
      if (offset >= content[0] && offset <= content[1]) {
        const items = splitSpec(doc.text, innermost, info?.spec);
        const item = items.length > 1 || items[0]?.value !== undefined ? items.find((i) => offset >= i.start && offset <= i.end) : undefined;
        if (item) {
          if (item.value !== undefined && item.valueStart !== undefined) {
            if (offset <= item.keyEnd) spans.push([item.start, item.start + doc.text.slice(item.start, item.keyEnd).trimEnd().length]);
            else spans.push([item.valueStart, item.end]);
          }
          spans.push([item.start, item.end]);
        }
      }
      spans.push(content);
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const v = chain[i];
      if (v.kind === 'list' && v.closed && v.end - v.start > 2) {
        // The items, then the list with its brackets.
        const first = v.items[0], last = v.items[v.items.length - 1];
        if (first && last) spans.push([first.start, last.end]);
      }
      spans.push([v.start, v.end]);
    }
  }
  spans.push([stmt.start, statementEnd]);
  // The whole line(s), with a trailing comment.
  const firstLine = doc.lines.lineOf(stmt.start);
  const lastLine = doc.lines.lineOf(statementEnd);
  const lineEnd = lastLine + 1 < doc.lines.lineCount ? doc.lines.lineStarts[lastLine + 1] - 1 : doc.text.length;
  spans.push([doc.lines.lineStarts[firstLine], lineEnd]);
  return spans;
}

export function selectionRange(doc: XlDocument, kb: Knowledge, offset: number): SelectionRange {
  const spans = spansAt(doc, kb, offset);
  // Keep a strictly growing chain that contains the position.
  const chain: Span[] = [];
  for (const s of spans) {
    if (s[0] > offset || s[1] < offset) continue;
    const prev = chain[chain.length - 1];
    if (prev && (s[0] > prev[0] || s[1] < prev[1] || (s[0] === prev[0] && s[1] === prev[1]))) continue;
    chain.push(s);
  }
  if (!chain.length) return { range: doc.lines.range(offset, offset) };
  let result: SelectionRange | undefined;
  for (let i = chain.length - 1; i >= 0; i--) result = { range: doc.lines.range(chain[i][0], chain[i][1]), parent: result };
  return result!;
}
