// The C library calls xl's parsers are built on, with glibc's exact behaviour, so the spec
// parsers below accept and refuse exactly what xl does (leading blanks, signs, 0x prefixes,
// wrap-around of negative numbers in strtoul, strtok's skipping of empty fields).

const SPACE = /[ \t\n\v\f\r]/;
export const ULONG_MAX = (1n << 64n) - 1n;
export const LONG_MAX = (1n << 63n) - 1n;
export const LONG_MIN = -(1n << 63n);

export interface Scan {
  value: bigint;
  /** Index just after the number, or the start index when nothing was converted. */
  end: number;
  /** Whether any digit was converted. */
  ok: boolean;
  overflow: boolean;
}

/** The digit value of s[i] in any base up to 36, or 99 (also past the end). */
function digitAt(s: string, i: number): number {
  const code = s.charCodeAt(i);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

const isSpaceCode = (c: number) => c === 32 || (c >= 9 && c <= 13);

/**
 * Digits of `base` from i on, as an exact magnitude: in a double while it stays below 2^53
 * (every real config), in a BigInt beyond (numbers far past ULONG_MAX must still read as overflow).
 */
function digits(s: string, i: number, base: number): { mag: bigint; end: number } {
  let small = 0;
  const limit = Number.MAX_SAFE_INTEGER / base - base;
  let d: number;
  while ((d = digitAt(s, i)) < base) {
    if (small > limit) {
      let mag = BigInt(small);
      const b = BigInt(base);
      while ((d = digitAt(s, i)) < base) { mag = mag * b + BigInt(d); i++; }
      return { mag, end: i };
    }
    small = small * base + d;
    i++;
  }
  return { mag: BigInt(small), end: i };
}

/** Shared body of strtoul/strtol: blanks, sign, base prefix, digits. Magnitude unbounded. */
function scanNumber(s: string, from: number, base: number): { neg: boolean; mag: bigint; end: number; ok: boolean } {
  let i = from;
  while (i < s.length && isSpaceCode(s.charCodeAt(i))) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') { neg = s[i] === '-'; i++; }
  if ((base === 0 || base === 16) && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && i + 2 < s.length && digitAt(s, i + 2) < 16) {
    i += 2;
    base = 16;
  } else if (base === 0) {
    base = s[i] === '0' ? 8 : 10;
  }
  const start = i;
  const { mag, end } = digits(s, i, base);
  if (end === start) return { neg: false, mag: 0n, end: from, ok: false };
  return { neg, mag, end, ok: true };
}

/** strtoul(s + from, &end, base). */
export function strtoul(s: string, from: number, base: number): Scan {
  const r = scanNumber(s, from, base);
  if (!r.ok) return { value: 0n, end: from, ok: false, overflow: false };
  if (r.mag > ULONG_MAX) return { value: ULONG_MAX, end: r.end, ok: true, overflow: true };
  const value = r.neg ? (r.mag === 0n ? 0n : (ULONG_MAX + 1n - r.mag)) : r.mag;
  return { value, end: r.end, ok: true, overflow: false };
}

/** strtol(s + from, &end, base). */
export function strtol(s: string, from: number, base: number): Scan {
  const r = scanNumber(s, from, base);
  if (!r.ok) return { value: 0n, end: from, ok: false, overflow: false };
  const v = r.neg ? -r.mag : r.mag;
  if (v > LONG_MAX) return { value: LONG_MAX, end: r.end, ok: true, overflow: true };
  if (v < LONG_MIN) return { value: LONG_MIN, end: r.end, ok: true, overflow: true };
  return { value: v, end: r.end, ok: true, overflow: false };
}

/** atoi: strtol in base 10, truncated to int. */
export function atoi(s: string): number {
  const r = strtol(s, 0, 10);
  return Number(BigInt.asIntN(32, r.value));
}

/** sscanf's %x conversion at `from` (blanks, sign, optional 0x): the value as unsigned int. */
export function scanHex(s: string, from: number): { value: number; end: number } | undefined {
  let i = from;
  while (i < s.length && isSpaceCode(s.charCodeAt(i))) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') { neg = s[i] === '-'; i++; }
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && i + 2 < s.length && digitAt(s, i + 2) < 16) i += 2;
  const start = i;
  const scanned = digits(s, i, 16);
  const mag = scanned.mag;
  i = scanned.end;
  if (i === start) return undefined;
  let v = mag > ULONG_MAX ? ULONG_MAX : mag;
  if (neg) v = (ULONG_MAX + 1n - v) & ULONG_MAX;
  return { value: Number(v & 0xffffffffn), end: i };
}

export function isxdigit(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

export function isspace(c: string | undefined): boolean {
  return c !== undefined && SPACE.test(c);
}

/** A token of strtok(): its text and where it starts in the original string. */
export interface Token { text: string; start: number; end: number }

/** strtok(s, delims) over the whole string: empty fields are skipped, as strtok does. */
export function strtok(s: string, delims: string, from = 0, to = s.length): Token[] {
  const out: Token[] = [];
  let i = from;
  const one = delims.length === 1 ? delims.charCodeAt(0) : -1;
  const isDelim = one >= 0 ? (k: number) => s.charCodeAt(k) === one : (k: number) => delims.includes(s[k]);
  while (i < to) {
    while (i < to && isDelim(i)) i++;
    if (i >= to) break;
    const start = i;
    while (i < to && !isDelim(i)) i++;
    out.push({ text: s.slice(start, i), start, end: i });
    i++;
  }
  return out;
}

/** xl's trim(isspace, ...): the range without surrounding blanks. */
export function trim(t: Token): Token {
  let s = 0, e = t.text.length;
  while (s < e && isspace(t.text[s])) s++;
  while (e > s && isspace(t.text[e - 1])) e--;
  return { text: t.text.slice(s, e), start: t.start + s, end: t.start + e };
}

/** libxl_uuid_from_string: exactly 8-4-4-4-12 hex digits. */
export function isLibxlUuid(s: string): boolean {
  return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s);
}
