// A small JSONC reader (JSON with // and /* */ comments and trailing commas, as VS Code's own
// settings files) that keeps where every value is, so a bad project file is reported at the
// exact line and column. It never throws: errors are returned with the best tree it could read.

export type JsonNode =
  | { kind: 'object'; start: number; end: number; members: JsonMember[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'string'; start: number; end: number; value: string }
  | { kind: 'number'; start: number; end: number; value: number }
  | { kind: 'boolean'; start: number; end: number; value: boolean }
  | { kind: 'null'; start: number; end: number };

export interface JsonMember { key: string; keyStart: number; keyEnd: number; value: JsonNode }

export interface JsonError { message: string; start: number; end: number }

class Stop extends Error {}

export function parseJsonc(text: string): { root?: JsonNode; errors: JsonError[] } {
  const errors: JsonError[] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (message: string, start = pos, end = Math.min(text.length, start + 1)): never => {
    errors.push({ message, start, end: Math.max(start, end) });
    throw new Stop();
  };
  const skip = () => {
    for (;;) {
      const c = text[pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') pos++;
      else if (c === '/' && text[pos + 1] === '/') { while (pos < text.length && text[pos] !== '\n') pos++; }
      else if (c === '/' && text[pos + 1] === '*') {
        const close = text.indexOf('*/', pos + 2);
        if (close === -1) fail('a /* comment is never closed', pos, pos + 2);
        pos = close + 2;
      } else return;
    }
  };
  const describe = (): string => (pos >= text.length ? 'the end of the file' : `'${text[pos]}'`);

  const readString = (): { value: string; start: number; end: number } => {
    const start = pos++;
    let out = '';
    for (;;) {
      if (pos >= text.length || text[pos] === '\n') fail('a string is never closed', start, pos);
      const c = text[pos];
      if (c === '"') { pos++; return { value: out, start, end: pos }; }
      if (c === '\\') {
        const e = text[pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) { out += simple[e]; pos += 2; continue; }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) { out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16)); pos += 6; continue; }
        fail('an invalid escape in a string', pos, pos + 2);
      }
      if (c.charCodeAt(0) < 0x20) fail('a control character inside a string', pos);
      out += c;
      pos++;
    }
  };

  const readValue = (depth: number): JsonNode => {
    if (depth > 64) fail('values nested too deep');
    skip();
    const start = pos;
    const c = text[pos];
    if (c === '{') {
      pos++;
      const members: JsonMember[] = [];
      skip();
      while (text[pos] !== '}') {
        if (text[pos] !== '"') fail(`expected a property name in double quotes, found ${describe()}`);
        const key = readString();
        skip();
        if (text[pos] !== ':') fail(`expected ':' after "${key.value}", found ${describe()}`);
        pos++;
        const value = readValue(depth + 1);
        members.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value });
        skip();
        if (text[pos] === ',') { pos++; skip(); continue; }
        if (text[pos] !== '}') fail(`expected ',' or '}' after a property, found ${describe()}`);
      }
      pos++;
      return { kind: 'object', start, end: pos, members };
    }
    if (c === '[') {
      pos++;
      const items: JsonNode[] = [];
      skip();
      while (text[pos] !== ']') {
        items.push(readValue(depth + 1));
        skip();
        if (text[pos] === ',') { pos++; skip(); continue; }
        if (text[pos] !== ']') fail(`expected ',' or ']' after an item, found ${describe()}`);
      }
      pos++;
      return { kind: 'array', start, end: pos, items };
    }
    if (c === '"') { const s = readString(); return { kind: 'string', ...s }; }
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
    if (num) { pos += num[0].length; return { kind: 'number', start, end: pos, value: Number(num[0]) }; }
    for (const [word, node] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, pos) && !/[A-Za-z0-9_]/.test(text[pos + word.length] ?? '')) {
        pos += word.length;
        return node === null ? { kind: 'null', start, end: pos } : { kind: 'boolean', start, end: pos, value: node };
      }
    }
    const word = /^[^\s,:{}[\]"]+/.exec(text.slice(pos, pos + 100));
    return fail(word ? `'${word[0]}' is not a JSON value (strings need double quotes)` : `expected a value, found ${describe()}`, pos, pos + (word ? word[0].length : 1));
  };

  try {
    skip();
    if (pos >= text.length) return { errors: [{ message: 'the file is empty; write {} for a project file with no settings', start: 0, end: 0 }] };
    const root = readValue(0);
    skip();
    if (pos < text.length) fail(`unexpected ${describe()} after the end of the settings object`);
    return { root, errors };
  } catch (e) {
    if (e instanceof Stop) return { errors };
    throw e;
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1, lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') { line++; lineStart = i + 1; }
  return { line, column: offset - lineStart + 1 };
}
