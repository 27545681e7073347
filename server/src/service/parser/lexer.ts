// A lexer that behaves exactly like libxlutil's flex scanner (libxlu_cfg_l.l, Xen 4.17),
// including its error states, so that we accept and reject the same files as `xl`.
// It keeps exact offsets for every token and reports problems through a callback.

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

const isIdentChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95;
const isNumberChar = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || c === 120;

export class Lexer {
  pos = 0;
  /** flex's yylineno: 1-based number of the line the scanner is on. */
  lineNo = 1;
  /** Current token. */
  kind: Tok = Tok.EOF;
  start = 0;
  end = 0;
  /** xl's yylloc.first_line for the token. */
  locLine = 1;
  /** Decoded value of a STRING token. */
  stringValue = '';
  /** Set when the scanner saw the likely-Python characters. */
  likelyPython = false;
  /** Set when a NUL byte inside a string would make xl abort. */
  aborted = false;

  constructor(private readonly text: string, private readonly sink: LexerSink) {}

  /** Scan the next token into kind/start/end/locLine. */
  next(): Tok {
    const text = this.text;
    const len = text.length;
    for (;;) {
      const p = this.pos;
      if (p >= len) { this.start = this.end = len; return (this.kind = Tok.EOF); }
      const c = text.charCodeAt(p);
      if (c >= 97 && c <= 122) {
        let q = p + 1;
        while (q < len && isIdentChar(text.charCodeAt(q))) q++;
        return this.token(Tok.IDENT, p, q);
      }
      if (c >= 48 && c <= 57) {
        let q = p + 1;
        while (q < len && isNumberChar(text.charCodeAt(q))) q++;
        return this.token(Tok.NUMBER, p, q);
      }
      switch (c) {
        case 32: case 9: this.pos = p + 1; continue;
        case 44: return this.token(Tok.COMMA, p, p + 1);
        case 91: return this.token(Tok.LBRACK, p, p + 1);
        case 93: return this.token(Tok.RBRACK, p, p + 1);
        case 61: return this.token(Tok.EQ, p, p + 1);
        case 59: return this.token(Tok.SEMI, p, p + 1);
        case 43:
          if (p + 1 < len && text.charCodeAt(p + 1) === 61) return this.token(Tok.ADD, p, p + 2);
          break;
        case 10:
          this.pos = p + 1; this.start = p; this.end = p + 1;
          this.locLine = this.lineNo; this.lineNo++;
          return (this.kind = Tok.NEWLINE);
        case 35: {
          const nl = text.indexOf('\n', p);
          if (nl !== -1) {
            this.sink.comment(p, nl);
            this.pos = nl + 1; this.start = p; this.end = nl + 1;
            this.locLine = this.lineNo; this.lineNo++;
            return (this.kind = Tok.NEWLINE);
          }
          break;
        }
        case 39: case 34: {
          const q = this.scanString(p, c);
          if (q > 0) {
            this.pos = q; this.start = p; this.end = q; this.locLine = this.lineNo;
            this.stringValue = this.dequote(p, q);
            return (this.kind = Tok.STRING);
          }
          break;
        }
      }
      // flex rules 13/14: any other character enters the error state.
      if (this.errorState(p, c)) return this.kind;
    }
  }

  private token(kind: Tok, start: number, end: number): Tok {
    this.pos = end; this.start = start; this.end = end; this.locLine = this.lineNo;
    return (this.kind = kind);
  }

  /** End offset of a valid one-line string starting at p, or -1. */
  private scanString(p: number, quote: number): number {
    const text = this.text;
    const len = text.length;
    let q = p + 1;
    while (q < len) {
      const c = text.charCodeAt(q);
      if (c === quote) return q + 1;
      if (c === 10) return -1;
      if (c === 92) {
        if (q + 1 >= len || text.charCodeAt(q + 1) === 10) return -1;
        q += 2;
        continue;
      }
      q++;
    }
    return -1;
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
    if (d === 10) this.lineNo++;
    this.sink.lexError({ kind, start: p, end: q, at: p, locLine: this.lineNo });
    this.locLine = this.lineNo;
    this.kind = Tok.NEWLINE;
    return true;
  }

  /**
   * libxlutil's dequote, with xl 4.17's escape handling: \xHH is always rejected, an octal
   * escape is read with base-10 strtoul on the characters after its first digit and then
   * dropped from the value (nothing is written), and a NUL byte makes xl abort.
   */
  private dequote(start: number, end: number): string {
    const text = this.text;
    const last = end - 1;
    let hasSpecial = false;
    let hasNul = false;
    for (let i = start + 1; i < last; i++) {
      const c = text.charCodeAt(i);
      if (c === 92) hasSpecial = true;
      else if (c === 0) { hasSpecial = true; hasNul = true; break; }
    }
    if (!hasSpecial) return text.slice(start + 1, last);
    let out = '';
    let p = start + 1;
    if (hasNul) {
      this.aborted = true;
      this.sink.stringProblem({ kind: 'nul', start, end }, this.lineNo);
    }
    while (p < last) {
      const c = text.charCodeAt(p++);
      if (c !== 92) { out += String.fromCharCode(c); continue; }
      const escStart = p - 1;
      const nc = text.charCodeAt(p++);
      switch (nc) {
        case 34: case 39: case 92: out += String.fromCharCode(nc); continue;
        case 97: out += '\x07'; continue;
        case 98: out += '\b'; continue;
        case 102: out += '\f'; continue;
        case 110: out += '\n'; continue;
        case 114: out += '\r'; continue;
        case 116: out += '\t'; continue;
        case 118: out += '\v'; continue;
      }
      if (nc === 120) {
        // 4.17 skips one more character and then can never read enough hex digits.
        this.sink.stringProblem({ kind: 'hex-escape', start: escStart, end: Math.min(escStart + 4, last) }, this.lineNo);
        return out;
      }
      if (nc >= 48 && nc <= 55) {
        const used = strtoulBase10Length(text, p, Math.min(p + 3, end));
        if (used <= 1) {
          this.sink.stringProblem({ kind: 'octal-escape-invalid', start: escStart, end: Math.min(p + Math.max(used, 1), last) }, this.lineNo);
          return out;
        }
        this.sink.stringProblem({ kind: 'octal-escape-dropped', start: escStart, end: p + used }, this.lineNo);
        p += used;
        continue;
      }
      this.sink.stringProblem({ kind: 'bad-escape', start: escStart, end: Math.min(p, last) }, this.lineNo);
      return out;
    }
    return out;
  }
}

/**
 * How many characters C's strtoul(buf, &ep, 10) consumes, where buf holds text[from, to)
 * (at most 3 characters, possibly including the closing quote): optional white space, an
 * optional sign, then decimal digits. 0 when no digits are read.
 */
function strtoulBase10Length(text: string, from: number, to: number): number {
  let q = from;
  while (q < to) {
    const c = text.charCodeAt(q);
    if (c === 32 || (c >= 9 && c <= 13)) q++; else break;
  }
  if (q < to) {
    const c = text.charCodeAt(q);
    if (c === 43 || c === 45) q++;
  }
  const digitsStart = q;
  while (q < to) {
    const c = text.charCodeAt(q);
    if (c >= 48 && c <= 57) q++; else break;
  }
  return q === digitsStart ? 0 : q - from;
}
