// Offsets <-> LSP positions. Positions are 0-based lines and UTF-16 columns, which is what
// JavaScript string indices already are.

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export class LineIndex {
  /** Offset of the first character of each line. */
  readonly lineStarts: Int32Array;

  /** `lineStarts` may be given when already known (the parser finds them while scanning). */
  constructor(readonly text: string, lineStarts?: Int32Array) {
    if (lineStarts) { this.lineStarts = lineStarts; return; }
    let starts = new Int32Array(Math.max(16, text.length >> 5));
    let n = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      if (n === starts.length) { const bigger = new Int32Array(n * 2); bigger.set(starts); starts = bigger; }
      starts[n++] = i + 1;
    }
    this.lineStarts = n === starts.length ? starts : starts.subarray(0, n);
  }

  get lineCount(): number { return this.lineStarts.length; }

  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, character: clamped - this.lineStarts[line] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const next = pos.line + 1 < this.lineStarts.length ? this.lineStarts[pos.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + pos.character, next));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Text of a line without its newline. */
  lineText(line: number): string {
    const start = this.lineStarts[line];
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.text.length;
    return this.text.slice(start, next);
  }
}
