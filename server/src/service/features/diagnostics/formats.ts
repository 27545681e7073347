// Value formats xl parses itself (tools/xl/xl_parse.c): CPU lists, I/O ports, IRQs, iomem
// ranges, CPUID policies, viridian enlightenments. Each parser follows xl's C code (strtoul and
// strtok semantics) and reports what xl does with a bad value.

import { releaseLabel } from '../../knowledge';
import { closest } from '../../values';
import { scanHex, strtok, strtoul, ULONG_MAX } from './clib';
import { CPUID_FLAGS } from './cpuid';
import type { SpecReporter } from './specs';
import { cpuidFlagSince, laterCpuidFlags } from './xlReading';

// -------------------------------------------------------------------------------------------
// CPU lists (parse_cpurange / update_cpumap_range / parse_range)

/** A set of CPU numbers as sorted, disjoint, inclusive ranges. */
type Ranges = [bigint, bigint][];

function addRange(set: Ranges, a: bigint, b: bigint): Ranges {
  const out: Ranges = [];
  let lo = a, hi = b;
  for (const [x, y] of set) {
    if (y + 1n < lo || x > hi + 1n) out.push([x, y]);
    else { lo = x < lo ? x : lo; hi = y > hi ? y : hi; }
  }
  out.push([lo, hi]);
  return out.sort((p, q) => (p[0] < q[0] ? -1 : 1));
}

function removeRange(set: Ranges, a: bigint, b: bigint): Ranges {
  const out: Ranges = [];
  for (const [x, y] of set) {
    if (y < a || x > b) { out.push([x, y]); continue; }
    if (x < a) out.push([x, a - 1n]);
    if (y > b) out.push([b + 1n, y]);
  }
  return out;
}

/** One parsed CPU list item, with its place in the string. */
export interface CpuItem {
  not: boolean;
  nodes: boolean;
  all: boolean;
  a: bigint;
  b: bigint;
  start: number;
  end: number;
}

export interface CpuListResult {
  items: CpuItem[];
  error?: { message: string; start: number; end: number; kind: 'range' | 'not-all' };
}

/** parse_cpurange(): stops at the first bad item, as xl does. */
export function parseCpuList(s: string): CpuListResult {
  const items: CpuItem[] = [];
  for (const t of strtok(s, ',')) {
    let p = t.start;
    let not = false, nodes = false;
    if (s.startsWith('^', p)) { not = true; p++; }
    if (s.startsWith('node:', p)) { nodes = true; p += 5; } else if (s.startsWith('nodes:', p)) { nodes = true; p += 6; }
    const body = s.slice(p, t.end);
    if (body === 'all') {
      if (not) return { items, error: { message: `Can't combine "^" and "all"`, start: t.start, end: t.end, kind: 'not-all' } };
      items.push({ not, nodes, all: true, a: 0n, b: 0n, start: t.start, end: t.end });
      continue;
    }
    const a = strtoul(body, 0, 10);
    let ok = a.ok && a.value !== ULONG_MAX;
    let b = a;
    let e = a.end;
    if (ok && body[e] === '-') {
      b = strtoul(body, e + 1, 10);
      ok = b.ok && b.value !== ULONG_MAX && b.value >= a.value;
      e = b.end;
    }
    if (!ok || e !== body.length) return { items, error: { message: `Invalid pcpu range: ${t.text}.`, start: t.start, end: t.end, kind: 'range' } };
    items.push({ not, nodes, all: false, a: a.value, b: b.value, start: t.start, end: t.end });
  }
  return { items };
}

/** A host for evaluating a CPU list: CPUs 0..cpus-1 split evenly over `nodes` NUMA nodes. */
export interface Host { cpus: bigint; nodes: bigint }
/** The host the checks assume when they warn: small, as many test and embedded machines are. */
export const SMALL_HOST: Host = { cpus: 8n, nodes: 1n };
/** A host bigger than any real one, to tell "empty everywhere" from "empty on a small host". */
export const HUGE_HOST: Host = { cpus: 1n << 20n, nodes: 1n << 8n };

/** The CPUs the list selects on `host` (bits beyond the host's CPUs have no effect). */
export function cpuSet(items: CpuItem[], host: Host): Ranges {
  let set: Ranges = [];
  const perNode = host.cpus / host.nodes;
  for (const it of items) {
    let ranges: Ranges;
    if (it.all) ranges = [[0n, host.cpus - 1n]];
    else if (it.nodes) {
      const lo = it.a, hi = it.b < host.nodes - 1n ? it.b : host.nodes - 1n;
      ranges = lo > hi ? [] : [[lo * perNode, (hi + 1n) * perNode - 1n]];
    } else {
      const hi = it.b < host.cpus - 1n ? it.b : host.cpus - 1n;
      ranges = it.a > hi ? [] : [[it.a, hi]];
    }
    for (const [a, b] of ranges) set = it.not ? removeRange(set, a, b) : addRange(set, a, b);
  }
  return set;
}

/** Highest CPU or node number the list needs for each part to mean something. */
export function cpuNeeds(items: CpuItem[]): { cpu?: bigint; node?: bigint } {
  let cpu: bigint | undefined, node: bigint | undefined;
  for (const it of items) {
    if (it.all || it.not) continue;
    if (it.nodes) node = node === undefined || it.a < node ? it.a : node;
    else cpu = cpu === undefined || it.a < cpu ? it.a : cpu;
  }
  return { cpu, node };
}

// -------------------------------------------------------------------------------------------
// ioports, irqs, iomem

/** One `ioports` item: strtoul(…, 16), optional -END; an error stops xl. */
export function checkIoport(r: SpecReporter): void {
  const s = r.item.text;
  const a = strtoul(s, 0, 16);
  const stop = (msg: string) => r.whole('invalid-ioport', 'error', `${msg} xl refuses the config. Write a hex port or range, e.g. "2f8" or "2f8-2ff".`);
  if (!a.ok) { stop(`'${s}' is not an I/O port.`); return; }
  if (a.value >= 0xffffffffn) { stop(`I/O port ${s} is too big.`); return; }
  if (s[a.end] === '-') {
    const b = strtoul(s, a.end + 1, 16);
    if (!b.ok || b.end !== s.length) { stop(`'${s}' is not an I/O port range.`); return; }
    if (b.value >= 0xffffffffn) { stop(`I/O port ${s.slice(a.end + 1)} is too big.`); return; }
    if (b.value < a.value) r.whole('invalid-ioport', 'warning', `The range ${s} ends before it starts; xl does not notice and computes a huge port count. Write the lower port first.`);
  } else if (a.end !== s.length) {
    r.report('invalid-ioport', 'error', `xl reads '${s}' as port ${a.value.toString(16)}, prints "Invalid argument parsing ioport" about the rest and carries on. Remove '${s.slice(a.end)}'.`, a.end, s.length,
      r.fix('Remove the extra text', a.end, s.length, '', true));
  }
}

/** One `irqs` item: strtoul(…, 10) with nothing after it; an error stops xl. */
export function checkIrq(r: SpecReporter): void {
  const s = r.item.text;
  const n = strtoul(s, 0, 10);
  if (!n.ok || n.end !== s.length) {
    r.whole('invalid-irq', 'error', `'${s}' is not an IRQ number: xl refuses the config. IRQs are decimal numbers${/^\s*0x/i.test(s) ? ' (no 0x)' : ''}.`);
  } else if (n.value >= 0xffffffffn) {
    r.whole('invalid-irq', 'error', `IRQ ${s} is too big${s.trim().startsWith('-') ? ' (a negative number wraps around)' : ''}: xl refuses the config.`);
  }
}

/** One `iomem` item: sscanf("%lx,%lx%n@%lx%n") must consume it all; an error stops xl. */
export function checkIomem(r: SpecReporter): void {
  const s = r.item.text;
  const a = scanHex(s, 0);
  let ok = false;
  if (a && s[a.end] === ',') {
    const b = scanHex(s, a.end + 1);
    if (b) {
      if (b.end === s.length) ok = true;
      else if (s[b.end] === '@') { const c = scanHex(s, b.end + 1); ok = !!c && c.end === s.length; }
    }
  }
  if (!ok) r.whole('invalid-iomem', 'error', `'${s}' is not an iomem range: xl refuses the config. Write "START,PAGES" or "START,PAGES@GFN" in hex, e.g. "f0000,10".`);
}

// -------------------------------------------------------------------------------------------
// cpuid

/**
 * The libxl string form, "host,flag=value,...": errors are printed and the item skipped. The flag
 * names are 4.17's table plus, from 4.18, those of cpufeatureset.h of the release (xl-reading.yaml).
 */
export function checkCpuidString(r: SpecReporter): void {
  const { ctx } = r;
  const s = r.item.text;
  const toks = strtok(s, ',');
  if (!toks.length) return;
  if (toks[0].text !== 'host') {
    r.report('invalid-cpuid', 'error', `The cpuid string must start with "host": xl prints "first word must be host" and ignores the whole setting.`, toks[0].start, toks[0].end,
      r.fix('Insert host,', 0, 0, 'host,'));
    return;
  }
  const later = laterCpuidFlags(ctx.release);
  const known = (n: string) => CPUID_FLAGS.has(n) || later.has(n);
  for (const t of toks.slice(1)) {
    const eq = t.text.indexOf('=');
    if (eq === -1) {
      r.report('invalid-cpuid', 'error', `'${t.text}' needs a value (e.g. ${t.text}=0 or ${t.text}=1): xl prints "missing "=" in key=value" and skips it.`, t.start, t.end,
        r.fix(`Write ${t.text}=0`, t.end, t.end, '=0'));
      continue;
    }
    const name = t.text.slice(0, eq);
    const val = t.text.slice(eq + 1);
    if (!known(name)) {
      const lc = name.toLowerCase();
      const all = [...CPUID_FLAGS, ...later];
      const guesses = known(lc) ? [lc] : known(lc.replace(/_/g, '-')) ? [lc.replace(/_/g, '-')] : closest(lc.replace(/_/g, '-'), all);
      const since = cpuidFlagSince(name) ?? cpuidFlagSince(lc) ?? cpuidFlagSince(lc.replace(/_/g, '-'));
      const note = since ? ` (${releaseLabel(since)} and later know it.)` : '';
      r.report('invalid-cpuid', 'error', `'${name}' is not a CPUID flag the xl of ${releaseLabel(ctx.release)} knows: it prints "unknown CPUID flag name" and skips it.${note}${guesses.length ? ` Did you mean ${guesses.map((g) => `'${g}'`).join(' or ')}?` : ''}`, t.start, t.start + eq,
        guesses.flatMap((g) => r.fix(`Write ${g}`, t.start, t.start + eq, g)));
      continue;
    }
    const n = strtoul(val, 0, 0);
    if (!n.ok && !['x', 'k', 's'].includes(val[0])) {
      r.report('invalid-cpuid', 'error', `'${val}' is not a CPUID value: xl prints "illegal CPUID value" and skips ${name}. Use 0, 1, x (default), k (host) or s (host, kept on migration).`, t.start + eq + 1, t.end);
    }
  }
}

/** The xend list form, "LEAF[,SUBLEAF]:eax=<32 chars>,...": errors printed, item skipped. */
export function checkCpuidXend(r: SpecReporter): void {
  const s = r.item.text;
  const fail = (msg: string, from = 0, to = s.length) =>
    r.report('invalid-cpuid', 'error', `${msg}: xl prints "while parsing CPUID line" and ignores this item.`, from, to);
  const leaf = strtoul(s, 0, 0);
  if (!leaf.ok) { fail('A CPUID item starts with the leaf number, e.g. 1:ecx=...'); return; }
  let p = leaf.end;
  if (s[p] === ',') {
    const sub = strtoul(s, p + 1, 0);
    if (!sub.ok) { fail('The subleaf after the comma is not a number', p + 1); return; }
    p = sub.end;
  }
  if (s[p] !== ':') { fail("The leaf number must be followed by ':'", p, Math.min(s.length, p + 1)); return; }
  p++;
  while (p < s.length) {
    if (s[p] !== 'e' || s[p + 2] !== 'x' || !['a', 'b', 'c', 'd'].includes(s[p + 1]) || s.indexOf('=', p) === -1) {
      fail('Registers are eax, ebx, ecx or edx', p, Math.min(s.length, p + 3));
      return;
    }
    const vs = s.indexOf('=', p) + 1;
    let ve = s.indexOf(',', vs);
    if (ve === -1) ve = s.length;
    if (ve - vs !== 32) { fail(`A register policy is exactly 32 characters (bit 31 first); this one has ${ve - vs}`, vs, ve); return; }
    if (ve === s.length) break;
    p = ve + 1;
    while (s[p] === ' ' || s[p] === '\n') p++;
  }
}

// -------------------------------------------------------------------------------------------
// viridian (libxl_viridian_enlightenment names, compared without case; "all" and "defaults" exact)

export const VIRIDIAN = ['base', 'freq', 'time_ref_count', 'reference_tsc', 'hcall_remote_tlb_flush', 'apic_assist', 'crash_ctl', 'synic', 'stimer', 'hcall_ipi',
  'ex_processor_masks', 'no_vp_limit', 'cpu_hotplug'];

export function checkViridian(r: SpecReporter): boolean {
  const s = r.item.text;
  if (s === 'all' || s === 'defaults') return true;
  const name = s.startsWith('!') ? s.slice(1) : s;
  if (VIRIDIAN.includes(name.toLowerCase())) return true;
  const lc = name.toLowerCase();
  const guesses = lc === 'all' || lc === 'defaults' ? [lc] : closest(name, [...VIRIDIAN, 'all', 'defaults']);
  const off = s.startsWith('!') ? 1 : 0;
  r.report('unknown-value', 'error', `'${name}' is not a viridian enlightenment: xl refuses the config.${lc === 'all' || lc === 'defaults' ? ` "${lc}" is written in lower case${off ? ' and cannot be negated' : ''}.` : ''} Valid: all, defaults, ${VIRIDIAN.join(', ')}.`, off, s.length,
    guesses.flatMap((g) => r.fix(`Write ${g}`, off, s.length, g)));
  return false;
}
