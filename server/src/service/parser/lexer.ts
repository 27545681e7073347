// A lexer that behaves exactly like libxlutil's flex scanner (libxlu_cfg_l.l, Xen 4.17),
// including its error states, so that we accept and reject the same files as `xl`.
// It keeps exact offsets for every token and reports problems through a callback.

import { decodeString, strtoulBase10Length } from './tree';

export const enum Tok {
  EOF, IDENT, NUMBER, STRING, COMMA, LBRACK, RBRACK, EQ, ADD, SEMI, NEWLINE,
}

export const TOKEN_NAMES = ['end of file', 'word', 'number', 'string', "','", "'['", "']'", "'='", "'+='", "';'", 'end of line'];

/** Why the scanner entered its error state. */
export type LexErrorKind =
  | 'uppercase'      // [A-Z]
  | 'python'         // one of + - . ( ) :  (xl adds the "looks like Python" warning)
  | 'carriage-return'
  | 'comment-at-eof' // '#' with no newline after it
  | 'quote'          // a quote that does not start a valid one-line string
  | 'other';

export interface LexError {
  kind: LexErrorKind;
  /** Offending text: the bad character and the run after it that flex swallows. */
  start: number;
  end: number;
  /** Offset of the character that started the error state. */
  at: number;
  /** xl's location line (1-based, as flex sets it) used for its error suppression. */
  locLine: number;
}

export interface StringProblem {
  kind: 'bad-escape' | 'hex-escape' | 'octal-escape-invalid' | 'octal-escape-dropped' | 'nul';
  start: number;
  end: number;
}

export interface LexerSink {
  lexError(e: LexError): void;
  stringProblem(p: StringProblem, locLine: number): void;
  comment(start: number, end: number): void;
}

/** Character classes, indexed by UTF-16 code unit (ASCII only has members). */
const IDENT = 1, NUMBER = 2, STRING_STOP = 4;
const CLASS = new Uint8Array(65536);
CLASS[0] |= STRING_STOP; CLASS[10] |= STRING_STOP; CLASS[34] |= STRING_STOP; CLASS[39] |= STRING_STOP; CLASS[92] |= STRING_STOP;
for (let c = 97; c <= 122; c++) CLASS[c] |= IDENT;
for (let c = 48; c <= 57; c++) CLASS[c] |= IDENT | NUMBER;
CLASS[46] |= IDENT; CLASS[95] |= IDENT;
for (let c = 97; c <= 102; c++) CLASS[c] |= NUMBER;
CLASS[120] |= NUMBER;

export class Lexer {
  pos = 0;
  /** Offset from which the text holds no more newlines (found by a failed search). */
  private noNewlineFrom = Infinity;
  /** flex's yylineno: 1-based number of the line the scanner is on. */
  lineNo = 1;
  /** Current token. */
  kind: Tok = Tok.EOF;
  start = 0;
  end = 0;
  /** xl's yylloc.first_line for the token. */
  locLine = 1;
  /** Set when the scanner saw the likely-Python characters. */
  likelyPython = false;
  /** Set when a NUL byte inside a string would make xl abort. */
  aborted = false;
  /** Set when the current STRING token holds a backslash (its value needs decoding). */
  escaped = false;
  /** FNV-1a hash of the current IDENT token (for interning keys). */
  identHash = 0;
  /**
   * Offset of the first character of each line scanned so far (lineStarts[0] = 0); the first
   * lineNo entries are valid. Every newline is consumed by exactly one token or error run.
   */
  lineStarts: Int32Array;

  constructor(private readonly text: string, private readonly sink: LexerSink) {
    this.lineStarts = new Int32Array(Math.max(64, text.length >> 5));
  }

  /** Decoded value of the current STRING token. */
  get stringValue(): string {
    return this.escaped ? decodeString(this.text, this.start, this.end) : this.text.slice(this.start + 1, this.end - 1);
  }

  /** Line starts of the whole text: the scanned part, then the rest found by searching. */
  allLineStarts(): Int32Array {
    const text = this.text;
    let n = this.lineNo;
    let starts = this.lineStarts;
    let from = n > 1 ? starts[n - 1] : 0;
    if (this.pos > from) from = this.pos;
    for (let i = text.indexOf('\n', from); i !== -1; i = text.indexOf('\n', i + 1)) {
      if (n >= starts.length) starts = growLines(starts);
      starts[n++] = i + 1;
    }
    // A view of the right length; copied when most of the room went unused.
    return starts.length > 2 * n + 1024 ? starts.slice(0, n) : starts.subarray(0, n);
  }

  private newline(at: number): void {
    const n = this.lineNo++;
    if (n >= this.lineStarts.length) this.lineStarts = growLines(this.lineStarts);
    this.lineStarts[n] = at + 1;
  }

  /** Scan the next token into kind/start/end/locLine. */
  next(): Tok {
    const text = this.text;
    const len = text.length;
    let p = this.pos;
    for (;;) {
      if (p >= len) { this.pos = p; this.start = this.end = len; return (this.kind = Tok.EOF); }
      const c = text.charCodeAt(p);
      if (c === 32 || c === 9) { p++; continue; }
      if (c >= 97 && c <= 122) {
        let q = p + 1;
        let h = Math.imul(0x811c9dc5 ^ c, 0x01000193);
        for (; q < len; q++) {
          const d = text.charCodeAt(q);
          if ((CLASS[d] & IDENT) === 0) break;
          h = Math.imul(h ^ d, 0x01000193);
        }
        this.identHash = h;
        this.pos = q; this.start = p; this.end = q; this.locLine = this.lineNo;
        return (this.kind = Tok.IDENT);
      }
      if (c >= 48 && c <= 57) {
        let q = p + 1;
        while (q < len && (CLASS[text.charCodeAt(q)] & NUMBER) !== 0) q++;
        this.pos = q; this.start = p; this.end = q; this.locLine = this.lineNo;
        return (this.kind = Tok.NUMBER);
      }
      switch (c) {
        case 10:
          this.pos = p + 1; this.start = p; this.end = p + 1;
          this.locLine = this.lineNo; this.newline(p);
          return (this.kind = Tok.NEWLINE);
        case 39: case 34: {
          const q = this.scanString(p, c);
          if (q > 0) {
            this.pos = q; this.start = p; this.end = q; this.locLine = this.lineNo;
            return (this.kind = Tok.STRING);
          }
          break;
        }
        case 44: return this.token(Tok.COMMA, p, p + 1);
        case 91: return this.token(Tok.LBRACK, p, p + 1);
        case 93: return this.token(Tok.RBRACK, p, p + 1);
        case 61: return this.token(Tok.EQ, p, p + 1);
        case 59: return this.token(Tok.SEMI, p, p + 1);
        case 43:
          if (p + 1 < len && text.charCodeAt(p + 1) === 61) return this.token(Tok.ADD, p, p + 2);
          break;
        case 35: {
          // Remember when no newline is left, or a long last line full of '#' goes quadratic.
          const nl = p >= this.noNewlineFrom ? -1 : text.indexOf('\n', p);
          if (nl === -1) this.noNewlineFrom = Math.min(this.noNewlineFrom, p);
          if (nl !== -1) {
            this.sink.comment(p, nl);
            this.pos = nl + 1; this.start = p; this.end = nl + 1;
            this.locLine = this.lineNo; this.newline(nl);
            return (this.kind = Tok.NEWLINE);
          }
          break;
        }
      }
      // flex rules 13/14: any other character enters the error state.
      if (this.errorState(p, c)) return this.kind;
      p = this.pos;
    }
  }

  private token(kind: Tok, start: number, end: number): Tok {
    this.pos = end; this.start = start; this.end = end; this.locLine = this.lineNo;
    return (this.kind = kind);
  }

  /**
   * End offset of a valid one-line string starting at p, or -1. Sets `escaped`, and checks the
   * escapes (and NUL bytes) of a valid string the way xl's dequote will.
   */
  private scanString(p: number, quote: number): number {
    const text = this.text;
    const len = text.length;
    let q = p + 1;
    let special = false;
    let escaped = false;
    for (;;) {
      let c = 0;
      // Skip the ordinary characters (a table lookup each), stop at a quote, \n, \\ or NUL.
      while (q < len && (CLASS[c = text.charCodeAt(q)] & STRING_STOP) === 0) q++;
      if (q >= len) return -1;
      if (c === quote) {
        this.escaped = escaped;
        if (special) this.checkEscapes(p, q + 1);
        return q + 1;
      }
      if (c === 10) return -1;
      if (c === 92) {
        if (q + 1 >= len || text.charCodeAt(q + 1) === 10) return -1;
        special = escaped = true;
        q += 2;
        continue;
      }
      if (c === 0) special = true;
      q++; // NUL, or the other quote
    }
  }

  /**
   * The problems of libxlutil's dequote, with xl 4.17's escape handling: \xHH is always
   * rejected, an octal escape is read with base-10 strtoul on the characters after its first
   * digit and then dropped from the value (nothing is written), and a NUL byte makes xl abort.
   * The value itself is built by decodeString when asked for.
   */
  private checkEscapes(start: number, end: number): void {
    const text = this.text;
    const last = end - 1;
    for (let i = start + 1; i < last; i++) {
      if (text.charCodeAt(i) === 0) {
        this.aborted = true;
        this.sink.stringProblem({ kind: 'nul', start, end }, this.lineNo);
        break;
      }
    }
    let p = start + 1;
    while (p < last) {
      const c = text.charCodeAt(p++);
      if (c !== 92) continue;
      const escStart = p - 1;
      const nc = text.charCodeAt(p++);
      switch (nc) {
        case 34: case 39: case 92: case 97: case 98: case 102: case 110: case 114: case 116: case 118: continue;
      }
      if (nc === 120) {
        // 4.17 skips one more character and then can never read enough hex digits.
        this.sink.stringProblem({ kind: 'hex-escape', start: escStart, end: Math.min(escStart + 4, last) }, this.lineNo);
        return;
      }
      if (nc >= 48 && nc <= 55) {
        const used = strtoulBase10Length(text, p, Math.min(p + 3, end));
        if (used <= 1) {
          this.sink.stringProblem({ kind: 'octal-escape-invalid', start: escStart, end: Math.min(p + Math.max(used, 1), last) }, this.lineNo);
          return;
        }
        this.sink.stringProblem({ kind: 'octal-escape-dropped', start: escStart, end: p + used }, this.lineNo);
        p += used;
        continue;
      }
      this.sink.stringProblem({ kind: 'bad-escape', start: escStart, end: Math.min(p, last) }, this.lineNo);
      return;
    }
  }

  /**
   * The scanner's error state: the bad character plus the run of non-blank characters after
   * it is one lexical error; a blank or newline right after it ends the error and is returned
   * as a NEWLINE token. A lone bad character at the very end of the file is silently dropped
   * (flex reaches EOF in the error state without reporting). Returns true if a token was set.
   */
  private errorState(p: number, c: number): boolean {
    const text = this.text;
    const len = text.length;
    let kind: LexErrorKind;
    if (c >= 65 && c <= 90) kind = 'uppercase';
    else if (c === 43 || c === 45 || c === 46 || c === 40 || c === 41 || c === 58) { kind = 'python'; this.likelyPython = true; }
    else if (c === 13) kind = 'carriage-return';
    else if (c === 35) kind = 'comment-at-eof';
    else if (c === 34 || c === 39) kind = 'quote';
    else kind = 'other';
    let q = p + 1;
    // Only a single *byte* is dropped at EOF: a non-ASCII character is several UTF-8 bytes.
    if (q >= len && c < 0x80) {
      this.pos = len;
      this.sink.lexError({ kind, start: p, end: len, at: p, locLine: -1 });
      return false;
    }
    const d = text.charCodeAt(q);
    if (d !== 32 && d !== 9 && d !== 10) {
      while (q < len) {
        const e = text.charCodeAt(q);
        if (e === 32 || e === 9 || e === 10) break;
        q++;
      }
      this.pos = q;
      this.sink.lexError({ kind, start: p, end: q, at: p, locLine: this.lineNo });
      return false;
    }
    // Rule 16: the blank or newline ends the error and becomes a NEWLINE token.
    this.pos = q + 1;
    this.start = q; this.end = q + 1;
    if (d === 10) this.newline(q);
    this.sink.lexError({ kind, start: p, end: q, at: p, locLine: this.lineNo });
    this.locLine = this.lineNo;
    this.kind = Tok.NEWLINE;
    return true;
  }
}

function growLines(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

