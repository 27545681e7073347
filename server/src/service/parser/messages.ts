// Plain-words explanations of syntax problems, each with a stable code and, where the fix is
// obvious, an edit. xl says "syntax error, unexpected IDENT"; we say what to change.

import type { Assignment, ParseProblem } from './ast';
import { LexError, StringProblem, Tok, TOKEN_NAMES } from './lexer';

/** What a syntax error message needs to know about the statement it cuts short. */
export interface StatementInfo extends Pick<Assignment, 'key' | 'keyStart' | 'keyEnd' | 'opStart' | 'op'> {
  /** Where the value starts, and on which line (1-based). */
  value?: { start: number; line?: number };
}

/** A lowercase word at the start of its line, followed by '=' or '+=': the next setting, not a list item. */
function startsSetting(text: string, start: number, wordEnd: number): boolean {
  let p = start - 1;
  while (p >= 0 && (text[p] === ' ' || text[p] === '\t')) p--;
  if (p >= 0 && text[p] !== '\n') return false;
  if (!/^[a-z][._0-9a-z]*$/.test(text.slice(start, wordEnd))) return false;
  let q = wordEnd;
  while (q < text.length && (text[q] === ' ' || text[q] === '\t')) q++;
  return text[q] === '=' || (text[q] === '+' && text[q + 1] === '=');
}

/** The message for a setting that starts while the list of `key` is still open. */
function listStillOpen(key: string | undefined, word: string, start: number, end: number, stmt?: StatementInfo): ParseProblem {
  const where = stmt?.value?.line ? ` (opened on line ${stmt.value.line})` : '';
  return problem('unclosed-list', `The list of '${key}'${where} is still open where '${word}' starts a new setting: close it with ']' before this line. If it has its ']', a line inside it lost a closing bracket or quote.`, start, end);
}

export type SyntaxContext = 'statement-start' | 'after-key' | 'after-equals' | 'after-value' | 'list-item' | 'list-after-item';

const BOOLEAN_WORDS: Record<string, string> = {
  true: '1', false: '0', yes: '1', no: '0', on: '1', off: '0',
};

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The run of word-like characters starting at `start` (what a user thinks of as one word). */
function wordAt(text: string, start: number): number {
  let q = start;
  while (q < text.length && /[A-Za-z0-9_.\-:/@+]/.test(text[q])) q++;
  return q;
}

function problem(code: string, message: string, start: number, end: number, fix?: ParseProblem['fix']): ParseProblem {
  return { code, message, start, end, rejects: true, severity: 'error', fix };
}

export function describeSyntaxError(text: string, context: SyntaxContext, tok: Tok, start: number, end: number, stmt?: StatementInfo): ParseProblem {
  const got = TOKEN_NAMES[tok];
  const key = stmt?.key;
  switch (context) {
    case 'statement-start':
      if (tok === Tok.STRING || tok === Tok.NUMBER || tok === Tok.LBRACK) {
        return problem('value-without-key', `A value with no key in front of it: each line must look like 'key = value'. If this continues a list from the line above, the list was already closed.`, start, end);
      }
      if (tok === Tok.EQ || tok === Tok.ADD) {
        return problem('missing-key', `'${text.slice(start, end)}' has no key before it: write 'key = value', with a lowercase key.`, start, end);
      }
      if (tok === Tok.COMMA || tok === Tok.RBRACK) {
        return problem('unexpected-token', `Unexpected ${got} outside of a list.`, start, end);
      }
      return problem('unexpected-token', `Unexpected ${got}: a line must hold 'key = value', a comment or nothing.`, start, end);
    case 'after-key':
      if (tok === Tok.NEWLINE || tok === Tok.EOF || tok === Tok.SEMI) {
        const ks = stmt ? stmt.keyStart : start;
        return problem('missing-equals', `'${key}' is not followed by '= value'. Write '${key} = "..."' or remove the line.`, ks, stmt ? stmt.keyEnd : end);
      }
      return problem('missing-equals', `Expected '=' or '+=' after '${key}', found ${got}. Write '${key} = value'.`, start, end, tok === Tok.IDENT || tok === Tok.STRING || tok === Tok.NUMBER || tok === Tok.LBRACK
        ? { title: `Insert '=' after '${key}'`, start, end: start, newText: '= ' } : undefined);
    case 'after-equals':
    case 'list-item': {
      const inList = context === 'list-item';
      if (tok === Tok.IDENT) {
        const wordEnd = wordAt(text, start);
        const word = text.slice(start, wordEnd);
        if (inList && startsSetting(text, start, wordEnd)) return listStillOpen(key, word, start, wordEnd, stmt);
        const asBool = BOOLEAN_WORDS[word.toLowerCase()];
        if (asBool !== undefined && !inList) {
          return problem('bare-word', `'${word}' is not a value xl understands: booleans are written as numbers (1 for true, 0 for false).`, start, wordEnd,
            { title: `Replace '${word}' with ${asBool}`, start, end: wordEnd, newText: asBool });
        }
        return problem('bare-word', `Values must be quoted: write "${word}" instead of ${word}. xl reads unquoted words as syntax errors.`, start, wordEnd,
          { title: `Quote "${word}"`, start, end: wordEnd, newText: `"${word}"` });
      }
      if (inList && tok === Tok.COMMA) {
        return problem('list-extra-comma', 'A comma with no value before it: remove the extra comma.', start, end,
          { title: 'Remove the extra comma', start, end, newText: '' });
      }
      if (tok === Tok.NEWLINE && !inList) {
        const s = stmt ? stmt.opStart : start;
        return problem('missing-value', `'${key} ${stmt?.op ?? '='}' has no value on its line. xl needs the value (or at least the opening '[' of a list) on the same line as the '='.`, s, Math.max(end - 1, s + 1));
      }
      if (tok === Tok.EOF) {
        if (inList) return problem('unclosed-list', `The list of '${key}' is never closed: add ']' at its end.`, stmt?.value?.start ?? start, lastTokenEnd(text),
          { title: "Close the list with ']'", start: text.length, end: text.length, newText: text.endsWith('\n') ? ']\n' : '\n]\n' });
        return problem('missing-value', `'${key} ${stmt?.op ?? '='}' has no value: the file ends here.`, stmt ? stmt.opStart : start, stmt ? stmt.opStart + stmt.op.length : end);
      }
      if (inList && tok === Tok.SEMI) {
        return problem('unexpected-token', `';' ends a statement and cannot appear inside a list: use ',' between items.`, start, end,
          { title: "Replace ';' with ','", start, end, newText: ',' });
      }
      return problem('expected-value', `Expected a value (a quoted string, a number or a [list]), found ${got}.`, start, end);
    }
    case 'after-value':
      if (tok === Tok.IDENT) {
        return problem('statements-on-one-line', `Two settings on one line: xl needs a line break or ';' between them.`, start, end,
          { title: 'Put the second setting on its own line', start, end: start, newText: '\n' });
      }
      if (tok === Tok.STRING || tok === Tok.NUMBER || tok === Tok.LBRACK) {
        return problem('extra-value', `A second value after '${key} = ...': a setting holds one value. To give several, use a list: [ "a", "b" ].`, start, end);
      }
      return problem('unexpected-token', `Unexpected ${got} after the value of '${key}'.`, start, end);
    case 'list-after-item':
      if (tok === Tok.STRING || tok === Tok.NUMBER || tok === Tok.LBRACK) {
        return problem('list-missing-comma', 'Missing comma between two list items.', start, end,
          { title: "Insert ','", start, end: start, newText: ', ' });
      }
      if (tok === Tok.IDENT) {
        const wordEnd = wordAt(text, start);
        const word = text.slice(start, wordEnd);
        if (startsSetting(text, start, wordEnd)) return listStillOpen(key, word, start, wordEnd, stmt);
        return problem('bare-word', `Values must be quoted, and list items separated by commas: write , "${word}".`, start, wordEnd);
      }
      if (tok === Tok.EOF) {
        return problem('unclosed-list', `The list of '${key}' is never closed: add ']' at its end.`, stmt?.value?.start ?? start, lastTokenEnd(text),
          { title: "Close the list with ']'", start: text.length, end: text.length, newText: text.endsWith('\n') ? ']\n' : '\n]\n' });
      }
      if (tok === Tok.SEMI) {
        return problem('unexpected-token', `';' cannot appear inside a list: use ',' between items and ']' to close it.`, start, end,
          { title: "Replace ';' with ','", start, end, newText: ',' });
      }
      return problem('unexpected-token', `Expected ',' or ']' in the list of '${key}', found ${got}.`, start, end);
  }
}

export function describeLexError(text: string, e: LexError): ParseProblem {
  const ch = text[e.at];
  if (e.locLine === -1) {
    return {
      code: 'trailing-character', severity: 'warning', rejects: false, start: e.at, end: e.end,
      message: `xl 4.17 silently ignores a single stray character at the very end of the file ('${printable(ch)}'). Remove it, or end the file with a newline if it was meant as a comment.`,
      fix: { title: 'Remove the stray character', start: e.at, end: e.end, newText: '' },
    };
  }
  switch (e.kind) {
    case 'carriage-return':
      return problem('crlf', 'Windows line ending (CR LF): xl reads the carriage return as an invalid character and rejects the line. Save the file with LF line endings.', e.at, e.at + 1,
        { title: 'Remove the carriage return', start: e.at, end: e.at + 1, newText: '' });
    case 'comment-at-eof':
      return problem('comment-at-eof', 'A comment on the last line needs a newline after it: xl 4.17 rejects a final comment that ends the file.', e.at, e.end,
        { title: 'Add a newline at the end of the file', start: text.length, end: text.length, newText: '\n' });
    case 'quote': {
      const le = lineEnd(text, e.at);
      const rest = text.slice(e.at + 1, le);
      const q = ch;
      if (/\\$/.test(rest)) {
        return problem('unterminated-string', 'This string ends with a backslash that escapes its closing quote. Strings must close on the same line; write \\\\ for a literal backslash.', e.at, le);
      }
      return problem('unterminated-string', `This string has no closing ${q} on its line. Strings must open and close on one line.`, e.at, le,
        { title: `Close the string with ${q}`, start: le, end: le, newText: q });
    }
    case 'uppercase':
    case 'python': {
      const ls = lineStart(text, e.at);
      const before = text.slice(ls, e.at);
      const atKey = /^[ \t]*[a-z]?[._0-9a-z]*$/.test(before) && !/^[ \t]*$/.test(before) || (/^[ \t]*$/.test(before) && e.kind === 'uppercase');
      if (atKey || (e.kind === 'uppercase' && /^[ \t]*$/.test(before))) {
        const keyStart = ls + before.length - before.trimStart().length;
        let keyEnd = e.at;
        while (keyEnd < text.length && /[A-Za-z0-9_.\-]/.test(text[keyEnd])) keyEnd++;
        const written = text.slice(keyStart, keyEnd);
        if (/^[A-Za-z][A-Za-z0-9_.\-]*$/.test(written)) {
          const fixed = written.toLowerCase().replace(/-/g, '_');
          if (ch === '-' || /-/.test(written)) {
            return problem('hyphen-in-key', `Keys use underscores, not hyphens: '${written}' is not a key xl can read. Did you mean '${fixed}'?`, keyStart, keyEnd,
              { title: `Rename to '${fixed}'`, start: keyStart, end: keyEnd, newText: fixed });
          }
          if (e.kind === 'uppercase') {
            return problem('uppercase-key', `Keys are lowercase: xl cannot read '${written}'. Did you mean '${fixed}'?`, keyStart, keyEnd,
              { title: `Rename to '${fixed}'`, start: keyStart, end: keyEnd, newText: fixed });
          }
        }
      }
      if (e.kind === 'uppercase' && /[0-9a-fx]/.test(text[e.at - 1] ?? '') && /(^|[^A-Za-z0-9_])[0-9][0-9a-fx]*$/.test(before)) {
        const numStart = e.at - (/[0-9][0-9a-fx]*$/.exec(before)?.[0].length ?? 0);
        const written = text.slice(numStart, e.end);
        if (/^0[xX][0-9a-fA-F]+$/.test(written)) {
          return problem('uppercase-hex', `xl reads hexadecimal digits in lowercase only: write ${written.toLowerCase()}.`, numStart, e.end,
            { title: `Write ${written.toLowerCase()}`, start: numStart, end: e.end, newText: written.toLowerCase() });
        }
        return problem('number-with-unit', `xl numbers take no unit suffix ('${written}'). Sizes such as memory are plain numbers in MiB: 512M is 512, 2G is 2048.`, numStart, e.end,
          unitFix(written, numStart, e.end));
      }
      if (e.kind === 'uppercase') {
        const wordEnd = wordAt(text, e.at);
        const word = text.slice(e.at, wordEnd);
        const asBool = BOOLEAN_WORDS[word.toLowerCase()];
        if (asBool !== undefined) {
          return problem('bare-word', `'${word}' is Python, not xl: booleans are written as numbers (1 for true, 0 for false).`, e.at, wordEnd,
            { title: `Replace '${word}' with ${asBool}`, start: e.at, end: wordEnd, newText: asBool });
        }
        return problem('bare-word', `Values must be quoted: write "${word}" instead of ${word}.`, e.at, wordEnd,
          { title: `Quote "${word}"`, start: e.at, end: wordEnd, newText: `"${word}"` });
      }
      return pythonProblem(text, e);
    }
    case 'other': {
      const code = ch.charCodeAt(0);
      if (ch === '\f') return problem('invalid-character', 'Form feed character: xl accepts only spaces and tabs as blanks.', e.at, e.at + 1,
        { title: 'Replace the form feed with a space', start: e.at, end: e.at + 1, newText: ' ' });
      if (ch === '\uFEFF') return problem('invalid-character', 'The file starts with a byte-order mark, which xl rejects. Save the file as UTF-8 without BOM.', e.at, e.at + 1,
        { title: 'Remove the byte-order mark', start: e.at, end: e.at + 1, newText: '' });
      if (ch === '{' || ch === '$' || ch === '%' || ch === '}') {
        return problem('template-syntax', `'${ch}' is not part of xl's syntax. If this file is a template, render it before giving it to xl.`, e.at, e.end);
      }
      if (code === 0) return problem('invalid-character', 'NUL byte outside a string: xl rejects it.', e.at, e.at + 1);
      if (code > 127) return problem('invalid-character', `'${ch}' outside quotes: xl accepts non-ASCII characters only inside strings and comments.`, e.at, e.end);
      if (ch === '"' || ch === "'") break;
      return problem('invalid-character', `'${printable(ch)}' is not part of xl's syntax here. Values are quoted strings, numbers or [lists].`, e.at, e.end);
    }
  }
  return problem('invalid-character', `'${printable(ch)}' is not part of xl's syntax here.`, e.at, e.end);
}

function pythonProblem(text: string, e: LexError): ParseProblem {
  const ch = text[e.at];
  const prev = text[e.at - 1];
  const next = text[e.at + 1];
  const digitBefore = prev !== undefined && /[0-9a-fx]/.test(prev);
  if (ch === '-' && next !== undefined && /[0-9]/.test(next) && !digitBefore) {
    return problem('negative-number', 'xl reads no signed numbers: a negative value must be quoted ("-1") and only where the option accepts it.', e.at, e.end);
  }
  if (ch === '.' && digitBefore) {
    return problem('decimal-number', 'xl numbers are whole numbers: no decimal point. Memory sizes are in MiB, e.g. 1536 for 1.5 GiB.', e.at, e.end);
  }
  if (ch === '+' || ch === '-') {
    return problem('python-expression', `Arithmetic is not allowed: xl reads only literal values, not expressions. Write the computed number.`, e.at, e.end);
  }
  return problem('python-syntax', `'${ch}' outside quotes: xl reads only 'key = value' lines, not Python. Quote the value if it is text (paths, addresses, MACs).`, e.at, e.end);
}

export function describeStringProblem(text: string, p: StringProblem): ParseProblem {
  const esc = text.slice(p.start, p.end);
  switch (p.kind) {
    case 'bad-escape':
      return problem('invalid-escape', `'${esc}' is not an escape xl knows. Valid: \\" \\' \\\\ \\a \\b \\f \\n \\r \\t \\v. Write \\\\ for a backslash.`, p.start, p.end,
        { title: 'Escape the backslash', start: p.start, end: p.start + 1, newText: '\\\\' });
    case 'hex-escape':
      return problem('hex-escape', `xl 4.17 rejects every \\x escape (a bug fixed in later releases). Write the character itself instead of '${esc}'.`, p.start, p.end);
    case 'octal-escape-invalid':
      return problem('octal-escape', `xl 4.17 rejects this octal escape ('${esc}'); its octal escapes are broken. Write the character itself.`, p.start, p.end);
    case 'octal-escape-dropped':
      return { code: 'octal-escape-dropped', severity: 'warning', rejects: false, start: p.start, end: p.end,
        message: `xl 4.17 silently drops octal escapes: '${esc}' disappears from the value. Write the character itself.` };
    case 'nul':
      return problem('nul-in-string', 'A NUL byte inside a string makes xl 4.17 crash (assertion failure). Remove it.', p.start, p.end);
  }
}

function unitFix(written: string, start: number, end: number): ParseProblem['fix'] {
  const m = /^([0-9]+)([KMGT])i?B?$/i.exec(written);
  if (!m) return undefined;
  const n = Number(m[1]);
  const mib = { K: n / 1024, M: n, G: n * 1024, T: n * 1024 * 1024 }[m[2].toUpperCase() as 'K' | 'M' | 'G' | 'T'];
  if (!Number.isInteger(mib)) return undefined;
  return { title: `Write ${mib} (MiB)`, start, end, newText: String(mib) };
}

/** Where xl's last token ends: trailing blanks are no token, a final newline is one (its own line). */
function lastTokenEnd(text: string): number {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return text[end - 1] === '\n' ? end - 1 : end;
}

function printable(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 32 || c === 127) return '\\x' + c.toString(16).padStart(2, '0');
  return ch;
}
