// The syntax tree of an xl.cfg file. Every node keeps exact source offsets [start, end);
// positions (line/column) are computed on demand from the document's LineIndex.

export interface StringAtom {
  kind: 'string';
  start: number;
  end: number;
  /** Quote character used: ' or ". */
  quote: string;
  /** The value as xl 4.17 stores it after unescaping (its quirks included). */
  value: string;
}

export interface NumberAtom {
  kind: 'number';
  start: number;
  end: number;
  /** Numbers are stored as the text written (xl converts them only when read). */
  value: string;
}

export interface ListValue {
  kind: 'list';
  start: number;
  /** End of the closing bracket, or where the list was cut off by an error. */
  end: number;
  items: Value[];
  closed: boolean;
}

export type Atom = StringAtom | NumberAtom;
export type Value = Atom | ListValue;

export interface Assignment {
  kind: 'assignment';
  /** Start of the key; end of the value (or of what was parsed before an error). */
  start: number;
  end: number;
  key: string;
  keyStart: number;
  keyEnd: number;
  op: '=' | '+=';
  opStart: number;
  /** Missing when the statement broke before its value. */
  value?: Value;
  /** False when a syntax error cut the statement short: xl stores nothing for it. */
  complete: boolean;
}

export interface Comment {
  start: number;
  end: number;
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
