// The syntax tree of an xl.cfg file. Every node keeps exact source offsets [start, end);
// positions (line/column) are computed on demand from the document's LineIndex.
// Nodes are read-only views over the parser's compact tree (tree.ts): made on first access,
// always the same object for the same node, with values read from the source when asked for.

export interface StringAtom {
  readonly kind: 'string';
  readonly start: number;
  readonly end: number;
  /** Quote character used: ' or ". */
  readonly quote: string;
  /** The value as xl 4.17 stores it after unescaping (its quirks included). */
  readonly value: string;
}

export interface NumberAtom {
  readonly kind: 'number';
  readonly start: number;
  readonly end: number;
  /** Numbers are stored as the text written (xl converts them only when read). */
  readonly value: string;
}

export interface ListValue {
  readonly kind: 'list';
  readonly start: number;
  /** End of the closing bracket, or where the list was cut off by an error. */
  readonly end: number;
  readonly items: Value[];
  readonly closed: boolean;
}

export type Atom = StringAtom | NumberAtom;
export type Value = Atom | ListValue;

export interface Assignment {
  readonly kind: 'assignment';
  /** Start of the key; end of the value (or of what was parsed before an error). */
  readonly start: number;
  readonly end: number;
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly op: '=' | '+=';
  readonly opStart: number;
  /** Missing when the statement broke before its value. */
  readonly value?: Value;
  /** False when a syntax error cut the statement short: xl stores nothing for it. */
  readonly complete: boolean;
}

export interface Comment {
  readonly start: number;
  readonly end: number;
}

/** A problem found while parsing. `rejects` = xl refuses the file for it. */
export interface ParseProblem {
  code: string;
  message: string;
  start: number;
  end: number;
  rejects: boolean;
  severity: 'error' | 'warning' | 'info';
  /** Machine-readable hint for a quick fix. */
  fix?: { title: string; start: number; end: number; newText: string };
}
