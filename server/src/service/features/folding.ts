// Folding: lists written over several lines (nested ones too) and blocks of comment lines.

import type { XlDocument } from '../document';
import type { Value } from '../parser';

/** Mirrors LSP's FoldingRange: 0-based lines; the start line stays visible. */
export interface FoldingRange { startLine: number; endLine: number; kind?: 'comment' | 'region' }

export function foldingRanges(doc: XlDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const { lines, text } = doc;
  // Lists: from the line of '[' to the line before a ']' that starts its line (so it stays
  // visible, as in JSON), else to the line of ']'.
  const stack: Value[] = [];
  for (const s of doc.parsed.statements) if (s.value?.kind === 'list') stack.push(s.value);
  while (stack.length) {
    const v = stack.pop()!;
    if (v.kind !== 'list') continue;
    const startLine = lines.lineOf(v.start);
    let endLine = lines.lineOf(Math.max(v.start, v.end - 1));
    if (v.closed && /^[ \t]*$/.test(text.slice(lines.lineStarts[endLine], v.end - 1))) endLine--;
    if (endLine > startLine) out.push({ startLine, endLine });
    for (const item of v.items) if (item.kind === 'list') stack.push(item);
  }
  // Comment blocks: two or more consecutive lines that hold only a comment.
  let blockStart = -1, blockEnd = -1;
  const flush = () => { if (blockStart !== -1 && blockEnd > blockStart) out.push({ startLine: blockStart, endLine: blockEnd, kind: 'comment' }); };
  for (const c of doc.parsed.comments) {
    const line = lines.lineOf(c.start);
    if (!/^[ \t]*$/.test(text.slice(lines.lineStarts[line], c.start))) continue;
    if (line === blockEnd + 1 && blockStart !== -1) { blockEnd = line; continue; }
    flush();
    blockStart = blockEnd = line;
  }
  flush();
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
