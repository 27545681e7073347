// How xl reads atoms: numbers with C's strtol(s, &end, 0), booleans as numbers, strings as is.

export type IntegerReading =
  | { ok: true; value: bigint; base: 8 | 10 | 16 }
  | { ok: false; reason: 'not-a-number' | 'out-of-range' };

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

/** C strtol(s, &ep, 0) as xl's xlu_cfg_get_long uses it, including its failure cases. */
export function readInteger(s: string): IntegerReading {
  let i = 0;
  while (i < s.length && /[ \t\n\v\f\r]/.test(s[i])) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') { neg = s[i] === '-'; i++; }
  let base: 8 | 10 | 16 = 10;
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) { base = 16; i += 2; }
  else if (s[i] === '0') base = 8;
  const digitsStart = i;
  const digit = base === 16 ? /[0-9a-fA-F]/ : base === 8 ? /[0-7]/ : /[0-9]/;
  while (i < s.length && digit.test(s[i])) i++;
  if (i === digitsStart || i !== s.length) return { ok: false, reason: 'not-a-number' };
  let v = BigInt((base === 16 ? '0x' : base === 8 ? '0o' : '') + s.slice(digitsStart, i));
  if (neg) v = -v;
  if (v > LONG_MAX || v < LONG_MIN) return { ok: false, reason: 'out-of-range' };
  return { ok: true, value: v, base };
}

/** A number for display: `0x800` -> 2048. */
export function integerValue(s: string): number | undefined {
  const r = readInteger(s);
  return r.ok ? Number(r.value) : undefined;
}

export const MAC_RE = /^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/;
export const UUID_RE = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

/** A fresh locally unique MAC in Xen's OUI 00:16:3e. */
export function randomXenMac(random: () => number = Math.random): string {
  const b = () => Math.floor(random() * 256).toString(16).padStart(2, '0');
  return `00:16:3e:${(Math.floor(random() * 128)).toString(16).padStart(2, '0')}:${b()}:${b()}`;
}

export function randomUuid(random: () => number = Math.random): string {
  const h = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const variant = (8 + Math.floor(random() * 4)).toString(16);
  return `${h(8)}-${h(4)}-4${h(3)}-${variant}${h(3)}-${h(12)}`;
}

/** Damerau-Levenshtein distance (optimal string alignment), for did-you-mean. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) { d[i] = [i]; }
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

const bareNames = new Map<string, string>();
/** A candidate without underscores, remembered (the same tables are searched again and again). */
function bareOf(c: string): string {
  let b = bareNames.get(c);
  if (b === undefined) { b = c.replace(/_/g, ''); if (bareNames.size < 10000) bareNames.set(c, b); }
  return b;
}

/** Known names closest to `name`, best first. */
export function closest(name: string, candidates: Iterable<string>, max = 3): string[] {
  const scored: [string, number][] = [];
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  const bare = name.replace(/[_-]/g, '');
  for (const c of candidates) {
    // The edit distance is at least the difference in length: skip the table when that is too far.
    let d = Math.abs(c.length - name.length) > limit ? Infinity : editDistance(name, c);
    if (c.startsWith(name) || name.startsWith(c)) d = Math.min(d, 1.5);
    if (bareOf(c) === bare) d = 0.5;
    if (d <= limit) scored.push([c, d]);
  }
  return scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])).slice(0, max).map((s) => s[0]);
}
