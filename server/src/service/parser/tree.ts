// The compact core of a parsed file: every statement, value and comment as a few int32s in
// flat typed arrays (struct of arrays), so parsing a 60 MB file allocates a handful of big
// buffers instead of millions of small objects. The node objects of ast.ts are thin views over
// it, made on first access and cached (so the same node is always the same object).
//
// Statements: STMT_FIELDS int32s each (key start, operator start, first value node, flags and
// key id); the key's end and the statement's end follow from them.
// Values: VAL_FIELDS int32s each, in pre-order (a list comes before its items, and its subtree
// is contiguous): start, end, kind/flags, and for a list the index just past its subtree.
// Keys are interned: each distinct key text gets an id and one string.

import type { Assignment, Comment, ListValue, NumberAtom, StringAtom, Value } from './ast';

export const STMT_FIELDS = 4;
export const S_KEY_START = 0, S_OP_START = 1, S_VALUE = 2, S_META = 3;
/** S_META bits: '+=', complete, has an operator; the key id above them. */
export const SM_ADD = 1, SM_COMPLETE = 2, SM_HAS_OP = 4, SM_KEY_SHIFT = 3;

export const VAL_FIELDS = 4;
export const V_START = 0, V_END = 1, V_META = 2, V_SUBTREE_END = 3;
/** V_META: kind in the low 2 bits, then flags. */
export const VK_NUMBER = 0, VK_STRING = 1, VK_LIST = 2;
export const VM_KIND = 3, VM_CLOSED = 4, VM_ESCAPED = 8;

function grow(a: Int32Array, need: number): Int32Array {
  let size = a.length * 2;
  while (size < need) size *= 2;
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

export class SyntaxTree {
  stmts: Int32Array;
  stmtCount = 0;
  vals: Int32Array;
  valCount = 0;
  /** Comment ranges, two int32s each. */
  comms: Int32Array;
  commentCount = 0;
  /** Interned keys: the text of each key id. */
  readonly keyNames: string[] = [];
  private keyTable = new Int32Array(64);
  private readonly keyHashes: number[] = [];
  private readonly keyStarts: number[] = [];
  private readonly keyLengths: number[] = [];

  private stmtViews: Assignment[] | undefined;
  /** Views made one at a time before (or instead of) the whole array: the array reuses them. */
  private someStmtViews: Map<number, Assignment> | undefined;
  private valViews: (Value | undefined)[] | undefined;
  private commentViews: Comment[] | undefined;

  constructor(readonly text: string) {
    // Room for a statement per 32 characters, a value per 16 and a comment per 128: enough
    // for most files (they grow by doubling otherwise). Pages never written cost no memory.
    this.stmts = new Int32Array(Math.max(64, text.length >> 5) * STMT_FIELDS);
    this.vals = new Int32Array(Math.max(64, text.length >> 4) * VAL_FIELDS);
    this.comms = new Int32Array(Math.max(64, text.length >> 7) * 2);
  }

  // ---- building (parser only) -----------------------------------------------------------

  /** The id of the key text[start, end) whose hash (any function of its text) is h, interning it on first sight. */
  keyId(start: number, end: number, h: number): number {
    const text = this.text;
    let table = this.keyTable;
    let mask = table.length - 1;
    let slot = h & mask;
    const len = end - start;
    for (;;) {
      const e = table[slot];
      if (e === 0) break;
      const id = e - 1;
      if (this.keyHashes[id] === h && this.keyLengths[id] === len) {
        // Compare with the key's first occurrence, in the same string.
        const first = this.keyStarts[id];
        let i = 0;
        while (i < len && text.charCodeAt(first + i) === text.charCodeAt(start + i)) i++;
        if (i === len) return id;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.keyNames.length;
    this.keyNames.push(text.slice(start, end));
    this.keyHashes.push(h);
    this.keyStarts.push(start);
    this.keyLengths.push(len);
    table[slot] = id + 1;
    if ((id + 1) * 2 > table.length) {
      // Rehash into a table twice the size.
      table = new Int32Array(table.length * 2);
      mask = table.length - 1;
      for (let k = 0; k <= id; k++) {
        let s = this.keyHashes[k] & mask;
        while (table[s] !== 0) s = (s + 1) & mask;
        table[s] = k + 1;
      }
      this.keyTable = table;
    }
    return id;
  }

  /** A statement; `opStart` < 0 when it has no operator. */
  addStatement(keyStart: number, keyId: number, opStart: number, add: boolean): number {
    const n = this.stmtCount++;
    let s = this.stmts;
    const o = n * STMT_FIELDS;
    if (o + STMT_FIELDS > s.length) s = this.stmts = grow(s, o + STMT_FIELDS);
    s[o + S_KEY_START] = keyStart;
    s[o + S_VALUE] = -1;
    if (opStart < 0) {
      s[o + S_OP_START] = keyStart + this.keyNames[keyId].length;
      s[o + S_META] = keyId << SM_KEY_SHIFT;
    } else {
      s[o + S_OP_START] = opStart;
      s[o + S_META] = (keyId << SM_KEY_SHIFT) | (add ? SM_ADD | SM_HAS_OP : SM_HAS_OP);
    }
    return n;
  }

  addValue(start: number, end: number, meta: number): number {
    const n = this.valCount++;
    let v = this.vals;
    const o = n * VAL_FIELDS;
    if (o + VAL_FIELDS > v.length) v = this.vals = grow(v, o + VAL_FIELDS);
    v[o + V_START] = start;
    v[o + V_END] = end;
    v[o + V_META] = meta;
    v[o + V_SUBTREE_END] = n + 1;
    return n;
  }

  addComment(start: number, end: number): void {
    const o = this.commentCount++ * 2;
    let c = this.comms;
    if (o + 2 > c.length) c = this.comms = grow(c, o + 2);
    c[o] = start;
    c[o + 1] = end;
  }

  /** After parsing: gives back the room the guesses left unused when it is most of the array. */
  trim(): void {
    const fit = (a: Int32Array, used: number) => (a.length > 2 * used + 1024 ? a.slice(0, used) : a);
    this.stmts = fit(this.stmts, this.stmtCount * STMT_FIELDS);
    this.vals = fit(this.vals, this.valCount * VAL_FIELDS);
    this.comms = fit(this.comms, this.commentCount * 2);
  }

  // ---- reading ----------------------------------------------------------------------------

  stmtStart(i: number): number { return this.stmts[i * STMT_FIELDS + S_KEY_START]; }
  stmtKeyId(i: number): number { return this.stmts[i * STMT_FIELDS + S_META] >>> SM_KEY_SHIFT; }
  stmtKey(i: number): string { return this.keyNames[this.stmts[i * STMT_FIELDS + S_META] >>> SM_KEY_SHIFT]; }
  stmtComplete(i: number): boolean { return (this.stmts[i * STMT_FIELDS + S_META] & SM_COMPLETE) !== 0; }
  stmtIsAdd(i: number): boolean { return (this.stmts[i * STMT_FIELDS + S_META] & SM_ADD) !== 0; }
  stmtValue(i: number): number { return this.stmts[i * STMT_FIELDS + S_VALUE]; }
  stmtKeyEnd(i: number): number { return this.stmts[i * STMT_FIELDS + S_KEY_START] + this.stmtKey(i).length; }
  /** End of the value, else of the operator, else of the key (what was parsed before an error). */
  stmtEnd(i: number): number {
    const o = i * STMT_FIELDS;
    const s = this.stmts;
    const meta = s[o + S_META];
    if (meta & SM_COMPLETE) return this.vals[s[o + S_VALUE] * VAL_FIELDS + V_END];
    if (meta & SM_HAS_OP) return s[o + S_OP_START] + (meta & SM_ADD ? 2 : 1);
    return s[o + S_KEY_START] + this.keyNames[meta >>> SM_KEY_SHIFT].length;
  }
  valKind(v: number): number { return this.vals[v * VAL_FIELDS + V_META] & VM_KIND; }

  /** The value of an atom as xl stores it. */
  atomText(v: number): string {
    const o = v * VAL_FIELDS;
    const vals = this.vals;
    const start = vals[o + V_START], end = vals[o + V_END], meta = vals[o + V_META];
    if ((meta & VM_KIND) === VK_NUMBER) return this.text.slice(start, end);
    if (meta & VM_ESCAPED) return decodeString(this.text, start, end);
    return this.text.slice(start + 1, end - 1);
  }

  /** Calls f on each item of list v, in order. */
  forEachItem(v: number, f: (item: number) => void): void {
    const vals = this.vals;
    const end = vals[v * VAL_FIELDS + V_SUBTREE_END];
    for (let i = v + 1; i < end; i = vals[i * VAL_FIELDS + V_SUBTREE_END]) f(i);
  }

  /** The plain value of node v (strings and nested arrays). Iterative: lists nest deep. */
  plainValue(v: number): XlPlain {
    const vals = this.vals;
    if ((vals[v * VAL_FIELDS + V_META] & VM_KIND) !== VK_LIST) return this.atomText(v);
    const root: XlPlain[] = [];
    const outs: XlPlain[][] = [root];
    const ends: number[] = [vals[v * VAL_FIELDS + V_SUBTREE_END]];
    // Pre-order walk: a node belongs to the innermost open list whose subtree contains it.
    for (let i = v + 1; i < ends[0]; i++) {
      while (i >= ends[ends.length - 1]) { ends.pop(); outs.pop(); }
      const out = outs[outs.length - 1];
      const o = i * VAL_FIELDS;
      if ((vals[o + V_META] & VM_KIND) !== VK_LIST) { out.push(this.atomText(i)); continue; }
      const inner: XlPlain[] = [];
      out.push(inner);
      outs.push(inner);
      ends.push(vals[o + V_SUBTREE_END]);
    }
    return root;
  }

  get statements(): Assignment[] {
    let views = this.stmtViews;
    if (!views) {
      views = new Array<Assignment>(this.stmtCount);
      const some = this.someStmtViews;
      for (let i = 0; i < this.stmtCount; i++) views[i] = some?.get(i) ?? new AssignmentNode(this, i);
      this.stmtViews = views;
      this.someStmtViews = undefined;
      treesOfViews.set(views, this);
    }
    return views;
  }

  /** The view of statement i alone, for code that walks the arrays: the same object as statements[i]. */
  statement(i: number): Assignment {
    if (this.stmtViews) return this.stmtViews[i];
    const some = (this.someStmtViews ??= new Map());
    let view = some.get(i);
    if (!view) some.set(i, (view = new AssignmentNode(this, i)));
    return view;
  }

  /** The statements of one key, in order (views of those alone). */
  statementsOf(key: string): Assignment[] {
    const id = this.keyNames.indexOf(key);
    const out: Assignment[] = [];
    if (id < 0) return out;
    for (let i = 0; i < this.stmtCount; i++) if (this.stmtKeyId(i) === id) out.push(this.statement(i));
    return out;
  }

  get comments(): Comment[] {
    let views = this.commentViews;
    if (!views) {
      views = new Array<Comment>(this.commentCount);
      const c = this.comms;
      for (let i = 0; i < this.commentCount; i++) views[i] = { start: c[2 * i], end: c[2 * i + 1] };
      this.commentViews = views;
    }
    return views;
  }

  /** The node object of value v (made once). */
  valueNode(v: number): Value {
    let views = this.valViews;
    if (!views) views = this.valViews = new Array(this.valCount);
    let node = views[v];
    if (node === undefined) {
      const kind = this.vals[v * VAL_FIELDS + V_META] & VM_KIND;
      node = kind === VK_LIST ? new ListNode(this, v) : kind === VK_STRING ? new StringNode(this, v) : new NumberNode(this, v);
      views[v] = node;
    }
    return node;
  }
}

export type XlPlain = string | XlPlain[];

const treesOfViews = new WeakMap<readonly Assignment[], SyntaxTree>();

/** The tree whose statement views `statements` is (untouched), if it is one. */
export function treeOfStatements(statements: readonly Assignment[]): SyntaxTree | undefined {
  const tree = treesOfViews.get(statements);
  return tree && tree.stmtCount === statements.length ? tree : undefined;
}

// ---- the node views ---------------------------------------------------------------------------

class AssignmentNode implements Assignment {
  constructor(private readonly t: SyntaxTree, private readonly i: number) {}
  get kind(): 'assignment' { return 'assignment'; }
  get start(): number { return this.t.stmts[this.i * STMT_FIELDS + S_KEY_START]; }
  get end(): number { return this.t.stmtEnd(this.i); }
  get key(): string { return this.t.stmtKey(this.i); }
  get keyStart(): number { return this.t.stmts[this.i * STMT_FIELDS + S_KEY_START]; }
  get keyEnd(): number { return this.t.stmtKeyEnd(this.i); }
  get op(): '=' | '+=' { return this.t.stmtIsAdd(this.i) ? '+=' : '='; }
  get opStart(): number { return this.t.stmts[this.i * STMT_FIELDS + S_OP_START]; }
  get value(): Value | undefined {
    const v = this.t.stmts[this.i * STMT_FIELDS + S_VALUE];
    return v < 0 ? undefined : this.t.valueNode(v);
  }
  get complete(): boolean { return this.t.stmtComplete(this.i); }
  toJSON(): object { return plainAssignment(this); }
}

class StringNode implements StringAtom {
  constructor(private readonly t: SyntaxTree, private readonly i: number) {}
  get kind(): 'string' { return 'string'; }
  get start(): number { return this.t.vals[this.i * VAL_FIELDS + V_START]; }
  get end(): number { return this.t.vals[this.i * VAL_FIELDS + V_END]; }
  get quote(): string { return this.t.text[this.t.vals[this.i * VAL_FIELDS + V_START]]; }
  /** Made from the source on each read (short strings: cheaper than keeping them). */
  get value(): string { return this.t.atomText(this.i); }
  toJSON(): object { return { kind: this.kind, start: this.start, end: this.end, quote: this.quote, value: this.value }; }
}

class NumberNode implements NumberAtom {
  constructor(private readonly t: SyntaxTree, private readonly i: number) {}
  get kind(): 'number' { return 'number'; }
  get start(): number { return this.t.vals[this.i * VAL_FIELDS + V_START]; }
  get end(): number { return this.t.vals[this.i * VAL_FIELDS + V_END]; }
  get value(): string { return this.t.atomText(this.i); }
  toJSON(): object { return { kind: this.kind, start: this.start, end: this.end, value: this.value }; }
}

class ListNode implements ListValue {
  private cached: Value[] | undefined = undefined;
  constructor(private readonly t: SyntaxTree, private readonly i: number) {}
  get kind(): 'list' { return 'list'; }
  get start(): number { return this.t.vals[this.i * VAL_FIELDS + V_START]; }
  get end(): number { return this.t.vals[this.i * VAL_FIELDS + V_END]; }
  get closed(): boolean { return (this.t.vals[this.i * VAL_FIELDS + V_META] & VM_CLOSED) !== 0; }
  get items(): Value[] {
    let items = this.cached;
    if (!items) {
      items = [];
      const t = this.t, vals = t.vals;
      const end = vals[this.i * VAL_FIELDS + V_SUBTREE_END];
      for (let k = this.i + 1; k < end; k = vals[k * VAL_FIELDS + V_SUBTREE_END]) items.push(t.valueNode(k));
      this.cached = items;
    }
    return items;
  }
  toJSON(): object { return { kind: this.kind, start: this.start, end: this.end, items: this.items, closed: this.closed }; }
}

function plainAssignment(s: Assignment): object {
  return {
    kind: s.kind, start: s.start, end: s.end, key: s.key, keyStart: s.keyStart, keyEnd: s.keyEnd,
    op: s.op, opStart: s.opStart, complete: s.complete, ...(s.value ? { value: s.value } : {}),
  };
}

// ---- strings ------------------------------------------------------------------------------------

/**
 * The value xl 4.17 stores for the string token text[start, end) (quotes included): libxlutil's
 * dequote with its quirks (\xHH and bad escapes cut the value short, octal escapes dropped).
 * The lexer reports the problems; this only builds the value.
 */
export function decodeString(text: string, start: number, end: number): string {
  const last = end - 1;
  let out = '';
  let p = start + 1;
  let run = p;
  while (p < last) {
    const c = text.charCodeAt(p);
    if (c !== 92) { p++; continue; }
    if (run < p) out += text.slice(run, p);
    const nc = text.charCodeAt(p + 1);
    p += 2;
    run = p;
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
    if (nc >= 48 && nc <= 55) {
      const used = strtoulBase10Length(text, p, Math.min(p + 3, end));
      if (used <= 1) return out;
      p += used;
      run = p;
      continue;
    }
    return out; // \x, or an escape xl does not know: the value stops here
  }
  if (run < last) out += text.slice(run, last);
  return out;
}

/**
 * How many characters C's strtoul(buf, &ep, 10) consumes, where buf holds text[from, to)
 * (at most 3 characters, possibly including the closing quote): optional white space, an
 * optional sign, then decimal digits. 0 when no digits are read.
 */
export function strtoulBase10Length(text: string, from: number, to: number): number {
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
