// A recovering parser for xl.cfg that follows libxlutil's bison grammar (libxlu_cfg_y.y) and its
// error recovery (`stmt: error NEWLINE`), so it rejects exactly what xl rejects, and keeps going
// after an error the way xl does: one bad line never hides the rest.
//
//   file       : stmts | stmts assignment
//   stmt       : assignment endstmt | endstmt | error NEWLINE
//   assignment : IDENT '=' value | IDENT '+=' value
//   endstmt    : NEWLINE | ';'
//   value      : STRING | NUMBER | '[' nlok valuelist ']'
//   valuelist  : (empty) | values | values ',' nlok
//   values     : value nlok | values ',' nlok value nlok

import type { Assignment, Comment, ListValue, ParseProblem, Value } from './ast';
import { LexError, Lexer, LexerSink, StringProblem, Tok } from './lexer';
import { describeLexError, describeStringProblem, describeSyntaxError, SyntaxContext } from './messages';

export interface ParsedFile {
  text: string;
  statements: Assignment[];
  comments: Comment[];
  /** Problems in source order; at most one xl-rejecting problem per line. */
  problems: ParseProblem[];
  /** True when xl would refuse the file. */
  rejected: boolean;
  /** xl would hit an assertion (NUL byte in a string) and abort. */
  aborted: boolean;
  likelyPython: boolean;
}

/** bison's YYMAXDEPTH: the parser stack never grows past this many entries. */
const MAX_PARSER_STACK = 10000;

/** Thrown internally to stop at EOF during error recovery (bison's YYABORT). */
class Abort {}

export function parse(text: string): ParsedFile {
  return new Parser(text).run();
}

class Parser implements LexerSink {
  private readonly lexer: Lexer;
  private readonly statements: Assignment[] = [];
  private readonly comments: Comment[] = [];
  private readonly problems: ParseProblem[] = [];
  private rejected = false;
  /** Lines (0-based) that already carry a rejecting problem. */
  private lastProblemLine = -1;
  private readonly lineOfOffset: (offset: number) => number;
  /** Lookahead token present. */
  private haveToken = false;
  /** The last stored assignment of each key (what xl's find() returns for `+=`). */
  private readonly lastComplete = new Map<string, Assignment>();
  /** bison's yyerrstatus: tokens still to shift before errors are reported again. */
  private errStatus = 0;

  constructor(private readonly text: string) {
    this.lexer = new Lexer(text, this);
    let lineStarts: number[] | undefined;
    this.lineOfOffset = (offset) => {
      if (!lineStarts) {
        lineStarts = [0];
        for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
      }
      let lo = 0, hi = lineStarts.length - 1;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1; }
      return lo;
    };
  }

  run(): ParsedFile {
    try {
      this.file();
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
    }
    return {
      text: this.text,
      statements: this.statements,
      comments: this.comments,
      problems: this.problems,
      rejected: this.rejected || this.lexer.aborted,
      aborted: this.lexer.aborted,
      likelyPython: this.lexer.likelyPython,
    };
  }

  // ---- token access -------------------------------------------------------------------

  private peek(): Tok {
    if (!this.haveToken) { this.lexer.next(); this.haveToken = true; }
    return this.lexer.kind;
  }

  private shift(): void {
    this.haveToken = false;
    if (this.errStatus > 0) this.errStatus--;
  }

  // ---- grammar ------------------------------------------------------------------------

  private file(): void {
    for (;;) {
      const t = this.peek();
      if (t === Tok.EOF) return;
      if (t === Tok.NEWLINE || t === Tok.SEMI) { this.shift(); continue; }
      if (t === Tok.IDENT) { this.assignment(); continue; }
      this.syntaxError('statement-start');
    }
  }

  private assignment(): void {
    const lx = this.lexer;
    const keyStart = lx.start, keyEnd = lx.end;
    const key = this.text.slice(keyStart, keyEnd);
    this.shift();
    const t = this.peek();
    if (t !== Tok.EQ && t !== Tok.ADD) {
      const partial: Assignment = { kind: 'assignment', start: keyStart, end: keyEnd, key, keyStart, keyEnd, op: '=', opStart: keyEnd, complete: false };
      this.statements.push(partial);
      this.syntaxError('after-key', partial);
      return;
    }
    const op = t === Tok.EQ ? '=' : '+=';
    const opStart = lx.start;
    this.shift();
    const stmt: Assignment = { kind: 'assignment', start: keyStart, end: lx.end, key, keyStart, keyEnd, op, opStart, complete: false };
    this.statements.push(stmt);
    // Stack: state 0, stmts, IDENT, '=' (4 entries) before the value.
    const value = this.value(stmt, 'after-equals', 4);
    if (!value) return;
    stmt.value = value;
    stmt.end = value.end;
    stmt.complete = true;
    // The reduction (and xl's store, with its += type check) happens before the next token.
    if (op === '+=') this.checkAddition(stmt);
    this.lastComplete.set(key, stmt);
    const after = this.peek();
    if (after === Tok.NEWLINE || after === Tok.SEMI) { this.shift(); return; }
    if (after === Tok.EOF) return;
    this.syntaxError('after-value', stmt);
  }

  /**
   * Parses a value without recursion (lists nest as deep as the file says), tracking the size
   * of bison's parser stack: xl gives up with "memory exhausted" when it reaches 10000 entries
   * (about 5000 nested lists), and so do we, at the same token.
   * `count` is the stack size before the value. Returns undefined after a syntax error.
   */
  private value(stmt: Assignment, context: SyntaxContext, count: number): Value | undefined {
    const lx = this.lexer;
    const frames: { list: ListValue; base: number; itemBase: number }[] = [];
    let expect: SyntaxContext = context;
    let c = count;
    for (;;) {
      // Expecting the start of a value at stack size c.
      let produced: Value;
      const t = this.peek();
      if (t === Tok.STRING || t === Tok.NUMBER) {
        this.push(c + 1);
        produced = t === Tok.STRING
          ? { kind: 'string', start: lx.start, end: lx.end, quote: this.text[lx.start], value: lx.stringValue }
          : { kind: 'number', start: lx.start, end: lx.end, value: this.text.slice(lx.start, lx.end) };
        this.shift();
      } else if (t === Tok.LBRACK) {
        const list: ListValue = { kind: 'list', start: lx.start, end: lx.end, items: [], closed: false };
        // Keep the partial list on the statement so features can still see it after an error.
        if (!stmt.value) stmt.value = list;
        if (frames.length) { const parent = frames[frames.length - 1].list; parent.items.push(list); parent.end = list.end; }
        this.push(c + 1);
        this.shift();
        this.push(c + 2);
        this.newlines(c + 2);
        if (this.peek() === Tok.RBRACK) {
          this.push(c + 4);
          list.end = lx.end; list.closed = true; this.shift();
          produced = list;
        } else {
          frames.push({ list, base: c, itemBase: c + 2 });
          c += 2;
          expect = 'list-item';
          continue;
        }
      } else {
        for (const f of frames) f.list.end = Math.max(f.list.end, lx.start);
        this.syntaxError(expect, stmt);
        return undefined;
      }
      // A value is complete: attach it to the enclosing list, then look for ',' or ']'.
      for (;;) {
        const f = frames[frames.length - 1];
        if (!f) return produced;
        const items = f.list.items;
        if (items[items.length - 1] !== produced) items.push(produced);
        f.list.end = produced.end;
        this.push(f.itemBase + 2);
        this.newlines(f.itemBase + 2);
        const t2 = this.peek();
        if (t2 === Tok.COMMA) {
          this.push(f.base + 4);
          this.shift();
          this.push(f.base + 5);
          this.newlines(f.base + 5);
          if (this.peek() !== Tok.RBRACK) {
            f.itemBase = f.base + 5;
            c = f.itemBase;
            expect = 'list-item';
            break;
          }
        } else if (t2 !== Tok.RBRACK) {
          for (const g of frames) g.list.end = Math.max(g.list.end, lx.start);
          this.syntaxError('list-after-item', stmt);
          return undefined;
        }
        this.push(f.base + 4);
        f.list.end = lx.end; f.list.closed = true; this.shift();
        frames.pop();
        produced = f.list;
        c = f.base;
      }
    }
  }

  /** bison's stack overflow check, for a push that makes the stack `size` entries deep. */
  private push(size: number): void {
    if (size < MAX_PARSER_STACK) return;
    const lx = this.lexer;
    this.report({
      code: 'nesting-too-deep',
      message: `Lists nested too deeply: xl's parser runs out of stack here ("memory exhausted") and rejects the file.`,
      start: lx.start, end: Math.max(lx.end, lx.start + 1), rejects: true, severity: 'error',
    });
    throw new Abort();
  }

  /** nlok: each NEWLINE is shifted (one more stack entry) and reduced away again. */
  private newlines(count: number): void {
    while (this.peek() === Tok.NEWLINE) { this.push(count + 1); this.shift(); }
  }

  // ---- semantics that xl checks while parsing -----------------------------------------

  private checkAddition(stmt: Assignment): void {
    const prev = this.lastComplete.get(stmt.key);
    if (!prev || !prev.value || !stmt.value) return;
    const prevIsList = prev.value.kind === 'list';
    const isList = stmt.value.kind === 'list';
    if (prevIsList !== isList) {
      this.report({
        code: 'add-type-mismatch',
        message: isList
          ? `'${stmt.key} +=' adds a list to the string set earlier: xl refuses to mix them. Use a string here, or '=' to replace the value.`
          : `'${stmt.key} +=' adds a string to the list set earlier: xl refuses to mix them. Wrap the value in [ ] to append it to the list.`,
        start: stmt.opStart, end: stmt.value.end, rejects: true, severity: 'error',
      });
    }
  }

  // ---- errors -------------------------------------------------------------------------

  private report(p: ParseProblem): void {
    if (p.rejects) {
      this.rejected = true;
      const line = this.lineOfOffset(p.start);
      if (line === this.lastProblemLine) return;
      this.lastProblemLine = line;
    }
    this.problems.push(p);
  }

  /** bison's yyerrlab + yyerrlab1 with the single `error NEWLINE` recovery rule. */
  private syntaxError(context: SyntaxContext, stmt?: Assignment): void {
    const lx = this.lexer;
    this.report(describeSyntaxError(this.text, context, lx.kind, lx.start, lx.end, stmt));
    if (this.errStatus === 3) {
      if (lx.kind === Tok.EOF) throw new Abort();
      this.haveToken = false; // discard the lookahead
    }
    this.errStatus = 3;
    for (;;) {
      const t = this.peek();
      if (t === Tok.NEWLINE) { this.shift(); return; }
      if (t === Tok.EOF) throw new Abort();
      this.haveToken = false;
    }
  }

  lexError(e: LexError): void {
    this.report(describeLexError(this.text, e));
  }

  stringProblem(p: StringProblem): void {
    this.report(describeStringProblem(this.text, p));
  }

  comment(start: number, end: number): void {
    this.comments.push({ start, end });
  }
}
