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

import type { Assignment, Comment, ParseProblem } from './ast';
import { LexError, Lexer, LexerSink, StringProblem, Tok } from './lexer';
import { describeLexError, describeStringProblem, describeSyntaxError, StatementInfo, SyntaxContext } from './messages';
import {
  S_META, S_OP_START, S_VALUE, SM_ADD, SM_COMPLETE, STMT_FIELDS, SyntaxTree,
  V_END, V_META, V_START, V_SUBTREE_END, VAL_FIELDS, VK_LIST, VK_NUMBER, VK_STRING, VM_CLOSED, VM_ESCAPED,
} from './tree';

export interface ParsedFile {
  text: string;
  /** The node views (made on first access, then kept). */
  statements: Assignment[];
  comments: Comment[];
  /** Problems in source order; at most one xl-rejecting problem per line. */
  problems: ParseProblem[];
  /** True when xl would refuse the file. */
  rejected: boolean;
  /** xl would hit an assertion (NUL byte in a string) and abort. */
  aborted: boolean;
  likelyPython: boolean;
  /** The compact tree the node views read from. */
  readonly tree: SyntaxTree;
  /** Offset of the first character of each line. */
  readonly lineStarts: Int32Array;
}

class Parsed implements ParsedFile {
  constructor(
    readonly tree: SyntaxTree,
    public problems: ParseProblem[],
    public rejected: boolean,
    public aborted: boolean,
    public likelyPython: boolean,
    readonly lineStarts: Int32Array,
  ) {}
  get text(): string { return this.tree.text; }
  get statements(): Assignment[] { return this.tree.statements; }
  get comments(): Comment[] { return this.tree.comments; }
}

/** bison's YYMAXDEPTH: the parser stack never grows past this many entries. */
const MAX_PARSER_STACK = 10000;
/** Each open list takes at least two stack entries. */
const MAX_OPEN_LISTS = MAX_PARSER_STACK / 2 + 2;

/** Thrown internally to stop at EOF during error recovery (bison's YYABORT). */
class Abort {}

export function parse(text: string): ParsedFile {
  return new Parser(text).run();
}

class Parser implements LexerSink {
  private readonly lexer: Lexer;
  private readonly tree: SyntaxTree;
  private readonly problems: ParseProblem[] = [];
  private rejected = false;
  /** Lines (0-based) that already carry a rejecting problem. */
  private lastProblemLine = -1;
  /** Lookahead token present. */
  private haveToken = false;
  /** The last stored assignment of each key id, + 1 (what xl's find() returns for `+=`). */
  private readonly lastComplete: number[] = [];
  /** bison's yyerrstatus: tokens still to shift before errors are reported again. */
  private errStatus = 0;
  /** The lists being parsed, outermost first: value index, stack size before it, before its current item. */
  private readonly frameList = new Int32Array(MAX_OPEN_LISTS);
  private readonly frameBase = new Int32Array(MAX_OPEN_LISTS);
  private readonly frameItemBase = new Int32Array(MAX_OPEN_LISTS);
  private depth = 0;

  constructor(private readonly text: string) {
    this.tree = new SyntaxTree(text);
    this.lexer = new Lexer(text, this);
  }

  run(): ParsedFile {
    try {
      this.file();
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
      this.cutOpenLists(false);
    }
    const lx = this.lexer;
    this.tree.trim();
    return new Parsed(this.tree, this.problems, this.rejected || lx.aborted, lx.aborted, lx.likelyPython, lx.allLineStarts());
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
      this.syntaxError('statement-start', -1);
    }
  }

  private assignment(): void {
    const lx = this.lexer;
    const tree = this.tree;
    const keyStart = lx.start, keyEnd = lx.end;
    const keyId = tree.keyId(keyStart, keyEnd, lx.identHash);
    this.shift();
    const t = this.peek();
    if (t !== Tok.EQ && t !== Tok.ADD) {
      const partial = tree.addStatement(keyStart, keyId, -1, false);
      this.syntaxError('after-key', partial);
      return;
    }
    const add = t === Tok.ADD;
    const opStart = lx.start;
    this.shift();
    const stmt = tree.addStatement(keyStart, keyId, opStart, add);
    // Stack: state 0, stmts, IDENT, '=' (4 entries) before the value.
    const value = this.value(stmt, 'after-equals', 4);
    if (value < 0) return;
    const o = stmt * STMT_FIELDS;
    const stmts = tree.stmts;
    stmts[o + S_VALUE] = value;
    stmts[o + S_META] |= SM_COMPLETE;
    // The reduction (and xl's store, with its += type check) happens before the next token.
    if (add) this.checkAddition(stmt, keyId);
    this.lastComplete[keyId] = stmt + 1;
    const after = this.peek();
    if (after === Tok.NEWLINE || after === Tok.SEMI) { this.shift(); return; }
    if (after === Tok.EOF) return;
    this.syntaxError('after-value', stmt);
  }

  /**
   * Parses a value without recursion (lists nest as deep as the file says), tracking the size
   * of bison's parser stack: xl gives up with "memory exhausted" when it reaches 10000 entries
   * (about 5000 nested lists), and so do we, at the same token.
   * `count` is the stack size before the value. Returns the value's index, or -1 after a
   * syntax error (a list cut short stays on the statement, so features still see it).
   */
  private value(stmt: number, context: SyntaxContext, count: number): number {
    const lx = this.lexer;
    const tree = this.tree;
    const frameList = this.frameList, frameBase = this.frameBase, frameItemBase = this.frameItemBase;
    let expect: SyntaxContext = context;
    let c = count;
    for (;;) {
      // Expecting the start of a value at stack size c.
      let produced: number;
      const t = this.peek();
      if (t === Tok.STRING || t === Tok.NUMBER) {
        this.push(c + 1);
        produced = tree.addValue(lx.start, lx.end, t === Tok.STRING ? (lx.escaped ? VK_STRING | VM_ESCAPED : VK_STRING) : VK_NUMBER);
        this.shift();
      } else if (t === Tok.LBRACK) {
        const list = tree.addValue(lx.start, lx.end, VK_LIST);
        const so = stmt * STMT_FIELDS + S_VALUE;
        if (tree.stmts[so] < 0) tree.stmts[so] = list;
        if (this.depth > 0) tree.vals[frameList[this.depth - 1] * VAL_FIELDS + V_END] = lx.end;
        this.push(c + 1);
        this.shift();
        this.push(c + 2);
        this.newlines(c + 2);
        if (this.peek() === Tok.RBRACK) {
          this.push(c + 4);
          const vals = tree.vals;
          vals[list * VAL_FIELDS + V_END] = lx.end;
          vals[list * VAL_FIELDS + V_META] |= VM_CLOSED;
          this.shift();
          produced = list;
        } else {
          const d = this.depth++;
          frameList[d] = list; frameBase[d] = c; frameItemBase[d] = c + 2;
          c += 2;
          expect = 'list-item';
          continue;
        }
      } else {
        this.cutOpenLists(true);
        this.syntaxError(expect, stmt);
        return -1;
      }
      // A value is complete (it is an item of the innermost open list, if any): look for ',' or ']'.
      for (;;) {
        if (this.depth === 0) return produced;
        const f = this.depth - 1;
        const list = frameList[f], base = frameBase[f];
        const vals = tree.vals;
        vals[list * VAL_FIELDS + V_END] = vals[produced * VAL_FIELDS + V_END];
        this.push(frameItemBase[f] + 2);
        this.newlines(frameItemBase[f] + 2);
        const t2 = this.peek();
        if (t2 === Tok.COMMA) {
          this.push(base + 4);
          this.shift();
          this.push(base + 5);
          this.newlines(base + 5);
          if (this.peek() !== Tok.RBRACK) {
            frameItemBase[f] = base + 5;
            c = base + 5;
            expect = 'list-item';
            break;
          }
        } else if (t2 !== Tok.RBRACK) {
          this.cutOpenLists(true);
          this.syntaxError('list-after-item', stmt);
          return -1;
        }
        this.push(base + 4);
        const v = tree.vals;
        v[list * VAL_FIELDS + V_END] = lx.end;
        v[list * VAL_FIELDS + V_META] |= VM_CLOSED;
        v[list * VAL_FIELDS + V_SUBTREE_END] = tree.valCount;
        this.shift();
        this.depth--;
        produced = list;
        c = base;
      }
    }
  }

  /**
   * A syntax error (or an abort) ends every open list where parsing stopped: each keeps the
   * items read so far; after a syntax error it also reaches the offending token.
   */
  private cutOpenLists(toToken: boolean): void {
    const vals = this.tree.vals;
    const count = this.tree.valCount;
    const at = this.lexer.start;
    for (let f = 0; f < this.depth; f++) {
      const o = this.frameList[f] * VAL_FIELDS;
      vals[o + V_SUBTREE_END] = count;
      if (toToken && vals[o + V_END] < at) vals[o + V_END] = at;
    }
    this.depth = 0;
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

  private checkAddition(stmt: number, keyId: number): void {
    const prev = this.lastComplete[keyId];
    if (prev === undefined) return;
    const tree = this.tree;
    const prevIsList = tree.valKind(tree.stmtValue(prev - 1)) === VK_LIST;
    const value = tree.stmtValue(stmt);
    const isList = tree.valKind(value) === VK_LIST;
    if (prevIsList !== isList) {
      const key = tree.keyNames[keyId];
      this.report({
        code: 'add-type-mismatch',
        message: isList
          ? `'${key} +=' adds a list to the string set earlier: xl refuses to mix them. Use a string here, or '=' to replace the value.`
          : `'${key} +=' adds a string to the list set earlier: xl refuses to mix them. Wrap the value in [ ] to append it to the list.`,
        start: tree.stmts[stmt * STMT_FIELDS + S_OP_START], end: tree.vals[value * VAL_FIELDS + V_END], rejects: true, severity: 'error',
      });
    }
  }

  // ---- errors -------------------------------------------------------------------------

  /** 0-based line of an offset the lexer has already passed. */
  private lineOf(offset: number): number {
    const starts = this.lexer.lineStarts;
    let lo = 0, hi = this.lexer.lineNo - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= offset) lo = mid; else hi = mid - 1; }
    return lo;
  }

  private report(p: ParseProblem): void {
    if (p.rejects) {
      this.rejected = true;
      const line = this.lineOf(p.start);
      if (line === this.lastProblemLine) return;
      this.lastProblemLine = line;
    }
    this.problems.push(p);
  }

  private statementInfo(stmt: number): StatementInfo | undefined {
    if (stmt < 0) return undefined;
    const tree = this.tree;
    const o = stmt * STMT_FIELDS;
    const s = tree.stmts;
    const v = s[o + S_VALUE];
    return {
      key: tree.stmtKey(stmt), keyStart: s[o], keyEnd: tree.stmtKeyEnd(stmt), opStart: s[o + S_OP_START],
      op: s[o + S_META] & SM_ADD ? '+=' : '=',
      value: v < 0 ? undefined : { start: tree.vals[v * VAL_FIELDS + V_START], line: this.lineOf(tree.vals[v * VAL_FIELDS + V_START]) + 1 },
    };
  }

  /**
   * bison's yyerrlab + yyerrlab1 with the single `error NEWLINE` recovery rule. Like bison, it
   * reports only when three tokens were shifted since the last error: the errors in between are
   * the cascade of that one (a list left open swallows the lines after it), and xl is silent on them.
   */
  private syntaxError(context: SyntaxContext, stmt: number): void {
    const lx = this.lexer;
    if (this.errStatus === 0) this.report(describeSyntaxError(this.text, context, lx.kind, lx.start, lx.end, this.statementInfo(stmt)));
    else this.rejected = true;
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
    // Every lexical error rejects the file except the stray last character (locLine -1); one
    // on a line that already has its problem is dropped unexplained (explaining it costs time
    // in proportion to the line: quadratic on a long line full of errors).
    if (e.locLine !== -1 && this.lineOf(e.at) === this.lastProblemLine) { this.rejected = true; return; }
    this.report(describeLexError(this.text, e));
  }

  stringProblem(p: StringProblem): void {
    this.report(describeStringProblem(this.text, p));
  }

  comment(start: number, end: number): void {
    this.tree.addComment(start, end);
  }
}
