// Device spec strings, read the way xl 4.17 reads them (tools/xl/xl_parse.c, libxlu_disk_l.l,
// libxlu_pci.c, libxlu_vif.c): the same tokenising (strtok skips empty fields, leading blanks are
// skipped but trailing ones kept), the same prefix matching of "key=", and the same outcome for
// each mistake: refused (error), printed and dropped (error: the guest starts without it), or
// dropped without a word (warning).

import type { SpecTable } from '../../knowledge';
import type { NumberAtom, StringAtom } from '../../parser';
import { existsIn, releaseLabel, removedIn } from '../../knowledge';
import { closest } from '../../values';
import { atoi, isLibxlUuid, scanHex, strtok, strtoul, trim, Token, ULONG_MAX } from './clib';
import type { SemanticCode } from './codes';
import type { CheckContext, Fix } from './context';
import { parseDisk, DiskError } from './disk';

/** One spec string: its value and where it is in the file. */
export interface SpecString {
  text: string;
  atom?: StringAtom | NumberAtom;
  start: number;
  end: number;
}

/** Reports about parts of one spec string, by offsets in its value. */
export class SpecReporter {
  constructor(readonly ctx: CheckContext, readonly key: string, readonly item: SpecString) {}

  range(from: number, to: number): [number, number] {
    const a = this.item.atom;
    if (!a || a.kind !== 'string') return [this.item.start, this.item.end];
    return this.ctx.inString(a, from, to, [this.item.start, this.item.end]);
  }

  /** Whether an edit inside the string can be made by offsets. */
  get editable(): boolean {
    const a = this.item.atom;
    return !!a && a.kind === 'string' && this.ctx.plainString(a);
  }

  fix(title: string, from: number, to: number, newText: string, safe = false): Fix[] {
    if (!this.editable) return [];
    const [s, e] = this.range(from, to);
    return [{ title, start: s, end: from === to ? s : e, newText, safe }];
  }

  report(code: SemanticCode, severity: 'error' | 'warning', message: string, from?: number, to?: number, fixes: Fix[] = []): void {
    // An empty value ("rate="): point at the '=' before it rather than at nothing.
    if (from !== undefined && (to ?? from) <= from && from > 0) { to = from; from = from - 1; }
    const [s, e] = from === undefined ? [this.item.start, this.item.end] : this.range(from, to ?? from);
    this.ctx.report(code, severity, message, s, e, fixes);
  }

  /** The whole string. */
  whole(code: SemanticCode, severity: 'error' | 'warning', message: string, fixes: Fix[] = []): void {
    this.ctx.report(code, severity, message, this.item.start, this.item.end, fixes);
  }
}

const namesOf = new WeakMap<object, Map<string, string[]>>();

/** The named parameters of a spec table (made once per table: every spec of a file asks). */
function names(ctx: CheckContext, table: string): string[] {
  let byTable = namesOf.get(ctx.kb);
  if (!byTable) namesOf.set(ctx.kb, (byTable = new Map()));
  let out = byTable.get(table);
  if (!out) {
    const t = ctx.kb.spec(table);
    out = t ? t.subkeys.filter((s) => s.kind !== 'positional').map((s) => s.key) : [];
    byTable.set(table, out);
  }
  return out;
}

/** Whether the release's xl reads sub-key `key` of `table` (the knowledge's since/removed). */
function subKeyIn(ctx: CheckContext, table: string, key: string): boolean {
  const t = ctx.kb.spec(table);
  const sk = t && ctx.kb.subKey(t, key);
  return !sk || existsIn(sk, ctx.release);
}

/** For a sub-key the release does not read: which releases do. */
function releaseNote(ctx: CheckContext, table: string, key: string): string {
  const t = ctx.kb.spec(table);
  const sk = t && ctx.kb.subKey(t, key);
  if (!sk || existsIn(sk, ctx.release)) return '';
  if (sk.removed && removedIn(sk, ctx.release)) return ` (${releaseLabel(ctx.release)} no longer reads ${key}; releases before ${sk.removed} did.)`;
  return sk.since ? ` (${key} is read from ${releaseLabel(sk.since)} on.)` : '';
}

function didYouMean(guesses: string[]): string {
  return guesses.length ? ` Did you mean ${guesses.map((g) => `'${g}'`).join(' or ')}?` : '';
}

/** A did-you-mean for a parameter name, with rename fixes. */
function suggest(r: SpecReporter, table: string, key: string, from: number, candidates = names(r.ctx, table)): { hint: string; fixes: Fix[] } {
  const lower = candidates.find((c) => c === key.toLowerCase());
  const guesses = lower ? [lower] : closest(key, candidates);
  return { hint: didYouMean(guesses), fixes: guesses.flatMap((g) => r.fix(`Rename to '${g}'`, from, from + key.length, g)) };
}

/** Trailing blanks that xl keeps as part of a value. */
function trailingBlank(r: SpecReporter, key: string, value: string, valueStart: number, what: string): void {
  const m = /[ \t]+$/.exec(value);
  if (!m || m.index === 0) return;
  const from = valueStart + m.index;
  r.report('spec-whitespace', 'warning', `The ${key} value '${value}' ends with a space, and xl keeps it as part of the ${what}. Remove the space.`, from, valueStart + value.length,
    r.fix('Remove the trailing space', from, valueStart + value.length, '', true));
}

// -------------------------------------------------------------------------------------------
// disk (libxlu_disk_l.l)

const VDEV_RE = /^(?:(?:xvd|hd|sd|vd)[a-z]+[0-9]*|d[0-9]+(?:p[0-9]+)?|[0-9]+)$/;

export function checkDisk(r: SpecReporter): void {
  const { ctx } = r;
  const spec = r.item.text;
  const d = parseDisk(spec, ctx.release);
  for (const e of d.errors) reportDiskError(r, spec, e);
  if (d.errors.length) return;
  // Accepted by xl: point out what it will do differently from what the text suggests.
  for (const t of d.tokens) {
    if (t.rule === 'target' && d.target) {
      const m = /,\s*(format|vdev|access|devtype|backend|backendtype|script|specification|discard|no-discard|cdrom)(=|,|$)/.exec(d.target.value);
      if (m) {
        r.report('spec-target-not-last', 'warning', `'target=' takes the rest of the spec, commas included, so '${m[1]}' after it is part of the target path, not a parameter. Put target= last.`, t.start, t.end);
      }
    }
  }
  if (d.vdev) {
    const v = d.vdev.value;
    if (/[ \t]$/.test(v)) trailingBlank(r, 'vdev', v, d.vdev.start, 'device name');
    else if (!VDEV_RE.test(v) && !(d.cdrom && v === '')) {
      r.report('spec-invalid-value', 'warning', `'${v}' is not a virtual disk name xl can decode (xvda, hda, sda, d0p1...): the dry run accepts it, the device fails to attach.`, d.vdev.start, d.vdev.end);
    }
  }
  if (d.access && /\s$/.test(d.access.value)) trailingBlank(r, 'access', d.access.value, d.access.start, 'access mode');
}

function reportDiskError(r: SpecReporter, spec: string, e: DiskError): void {
  const [from, to] = e.near ?? [0, spec.length];
  const near = spec.slice(from, to);
  const refuse = 'xl refuses the config';
  switch (e.kind) {
    case 'format': {
      if (e.positional && !['raw', 'qcow', 'qcow2', 'vhd', 'qed', 'empty'].includes(near.toLowerCase())) {
        const looksVdev = VDEV_RE.test(near.replace(/:(cdrom|disk)$/, ''));
        const fixes = looksVdev ? [...r.fix('Insert the format: raw', from, from, 'raw,'), ...r.fix("Prefix the target with 'phy:'", 0, 0, 'phy:')] : [];
        r.report('spec-positional-format', 'error', `The second unnamed field of a disk spec is the format, so '${near}' is read as a format (raw, qcow, qcow2, vhd, qed, empty) and ${refuse}.${looksVdev ? ` Write the format before the device ('/path,raw,${near},...') or prefix the target with 'phy:'.` : ''}`, from, to, fixes);
        return;
      }
      const lc = near.toLowerCase();
      const ok = ['raw', 'qcow', 'qcow2', 'vhd', 'qed', 'empty'];
      r.report('spec-invalid-value', 'error', `'${near}' is not a disk format${ok.includes(lc) ? ' (formats are lower case)' : ''}: ${refuse}. Valid: ${ok.join(', ')}.`, from, to,
        ok.includes(lc) ? r.fix(`Write ${lc}`, from, to, lc, true) : closest(near, ok).flatMap((g) => r.fix(`Write ${g}`, from, to, g)));
      return;
    }
    case 'access': {
      const t = near.trim().toLowerCase();
      const ok = ['r', 'ro', 'rw', 'w'];
      const shifted = e.prefixed && VDEV_RE.test(near) ? ' With a prefix such as phy: or qcow2: the format field is skipped, so the fields after the target are the device and the access: drop the format field or the prefix.' : '';
      const hint = near !== near.trimEnd() ? ' It ends with a space, which xl keeps.' : near !== t ? ' Access modes are lower case.' : shifted;
      r.report('spec-invalid-value', 'error', `'${near}' is not a disk access mode: ${refuse}.${hint} Valid: r, ro, rw, w.`, from, to,
        ok.includes(t) ? r.fix(`Write ${t}`, from, to, t, true) : []);
      return;
    }
    case 'backendtype': case 'specification': {
      const ok = e.kind === 'backendtype' ? ['phy', 'tap', 'qdisk', 'standalone'] : ['xen', 'virtio'];
      const lc = near.toLowerCase();
      r.report('spec-invalid-value', 'error', `'${near}' is not a valid ${e.kind}${ok.includes(lc) ? ' (values are lower case)' : ''}: ${refuse}. Valid: ${ok.join(', ')}.`, from, to,
        ok.includes(lc) ? r.fix(`Write ${lc}`, from, to, lc, true) : closest(near, ok).flatMap((g) => r.fix(`Write ${g}`, from, to, g)));
      return;
    }
    case 'colo-port':
      r.report('spec-invalid-value', 'error', `colo-port needs a port number other than 0; xl refuses '${near}'.`, from, to);
      return;
    case 'devtype': {
      const v = near.replace(/^devtype=/, '').replace(/,$/, '');
      r.report('spec-invalid-value', 'error', `'${v}' is not a device type: ${refuse}. Use devtype=disk or devtype=cdrom.`, from, to);
      return;
    }
    case 'deprecated-type':
      r.report('spec-invalid-value', 'error', `'${near}' after the ':' of the device name must be cdrom or disk: ${refuse}. Better, write devtype=cdrom.`, from, to);
      return;
    case 'respecified': {
      const field = e.field ?? 'target';
      const first = e.first;
      const later = first && /^(trusted|untrusted)$/.test(first) ? ` ('${first}' is a disk flag only from Xen 4.18 on.)` : '';
      const why = field === 'target' && first !== undefined ? ` '${first}' (a field without '=') was already taken as the target path.${later}` : '';
      r.report('spec-respecified', 'error', `The disk ${field} is given twice: ${refuse} ("${field} respecified").${why}`, from, to);
      return;
    }
    case 'unknown-parameter': {
      const key = near.slice(0, near.indexOf('='));
      const { hint, fixes } = suggest(r, 'disk', key, from);
      r.report('spec-unknown-subkey', 'error', `Unknown disk parameter '${key}': ${refuse}.${hint}`, from, from + key.length, fixes);
      return;
    }
    case 'unknown-prefix': {
      r.report('spec-unknown-prefix', 'error', `'${near}' is not a target prefix xl knows (phy:, file:, tap:, aio:, raw:, qcow2:, vhd:, iscsi:, nbd:, drbd: ...): ${refuse}. Remove it, or give the format with format=.`, from, to);
      return;
    }
    case 'too-many-positional':
      r.report('spec-too-many-positional', 'error', `Too many unnamed fields: a disk spec has at most four (target, format, vdev, access), so xl refuses '${near}'. Name it (key=value) or remove it.`, from, to);
      return;
    case 'bad-syntax': {
      const word = /^([a-z_][-a-z0-9_]*)=/.exec(spec.slice(Math.max(0, spec.lastIndexOf(',', from) + 1)));
      const known = word && names(r.ctx, 'disk').includes(word[1]);
      r.report('spec-invalid-value', 'error', known
        ? `'${word![1]}' is not a disk parameter in Xen 4.17 (added later): ${refuse} ("bad disk syntax"). Remove it, or set xlcfg.xenVersion if the host runs a newer Xen.`
        : `xl cannot read the disk spec from here ("bad disk syntax") and refuses the config.`, from, to);
      return;
    }
    case 'no-vdev':
      r.whole('spec-missing-required', 'error', `This disk has no virtual device name: ${refuse} ("no vdev specified"). Add one, e.g. vdev=xvda or the third field of 'phy:/dev/vg/disk,xvda,w'.`);
      return;
    case 'no-target':
      r.whole('spec-missing-required', 'error', `This disk has no target (the file or device that backs it) and is not a CD-ROM: ${refuse}. Add target=/path or the first field.`);
      return;
  }
}

// -------------------------------------------------------------------------------------------
// vif (parse_nic_config) and its rate (libxlu_vif.c)

const VIF_STRING_KEYS = new Set(['bridge', 'gatewaydev', 'ip', 'script', 'backend', 'vifname', 'model', 'forwarddev', 'colo_checkpoint_host', 'colo_checkpoint_port',
  'colo_compare_pri_in', 'colo_compare_sec_in', 'colo_compare_out', 'colo_compare_notify_dev']);

function isVifKey(ctx: CheckContext, key: string): boolean {
  if (VIF_STRING_KEYS.has(key) || key.startsWith('colo_sock_') || key.startsWith('colo_filter_')) return names(ctx, 'vif').includes(key) || VIF_STRING_KEYS.has(key);
  return false;
}

export function checkVif(r: SpecReporter): void {
  const { ctx } = r;
  const spec = r.item.text;
  const toks = strtok(spec, ',');
  for (let ti = 0; ti < toks.length; ti++) {
    let { start } = toks[ti];
    const { end } = toks[ti];
    while (start < end && spec[start] === ' ') start++;
    const token = spec.slice(start, end);
    const eq = token.indexOf('=');
    const key = eq === -1 ? token : token.slice(0, eq);
    const value = eq === -1 ? '' : token.slice(eq + 1);
    const vs = start + eq + 1;
    if ((token === 'trusted' || token === 'untrusted') && subKeyIn(ctx, 'vif', token)) continue;
    // Sub-keys by release from the knowledge (vlan 4.19, mtu 4.15, ...: parse_nic_config of each tag).
    if (eq === -1 || !matchVifKey(ctx, key) || !subKeyIn(ctx, 'vif', key)) {
      if (key === 'accel') continue;
      const candidates = names(ctx, 'vif').filter((n) => subKeyIn(ctx, 'vif', n));
      if (eq === -1) {
        const bridge = /^(xen)?br[-_.a-z0-9]*$|^virbr/.test(token);
        r.report('spec-unknown-subkey', 'error', `'${token}' is not a key=value pair: xl prints "unrecognized argument" and drops it, so the interface starts without it.${releaseNote(ctx, 'vif', token)}${bridge ? ` Did you mean bridge=${token}?` : ''}`, start, end,
          bridge ? r.fix(`Write bridge=${token}`, start, start, 'bridge=') : []);
      } else {
        const { hint, fixes } = suggest(r, 'vif', key, start, candidates);
        const later = releaseNote(ctx, 'vif', key) || (key === 'trusted' || key === 'untrusted' ? ` ('${key}' is a flag: write it without '=…'.)` : '');
        r.report('spec-unknown-subkey', 'error', `Unknown vif parameter '${key}': xl prints "unrecognized argument" and drops it, so the interface starts without this setting.${later}${hint}`, start, start + key.length, fixes);
      }
      continue;
    }
    switch (key) {
      case 'type':
        if (value !== 'vif' && value !== 'ioemu') {
          const lc = value.toLowerCase();
          // xl prints and keeps the rest of the NIC, whose type libxl then picks as if none were given.
          r.report('spec-invalid-value', 'warning', `vif type must be vif or ioemu: xl says "Invalid parameter \`type'", ignores '${value}' and picks the type it would pick without one.`, vs, end,
            lc === 'vif' || lc === 'ioemu' ? r.fix(`Write ${lc}`, vs, end, lc, true) : []);
        }
        break;
      case 'mac':
        checkMac(r, spec, value, vs, end);
        break;
      case 'netdev':
        r.report('deprecated-subkey', 'warning', "vif 'netdev=' is deprecated (xl says so when it reads it): use gatewaydev=, which does the same.", start, start + 6,
          r.fix('Rename to gatewaydev', start, start + 6, 'gatewaydev', true));
        break;
      case 'rate':
        checkVifRate(r, value, vs);
        break;
      case 'devid': case 'mtu': {
        const n = strtoul(value, 0, 10);
        if (!n.ok || n.value === ULONG_MAX) {
          r.report('spec-invalid-value', 'error', `vif ${key} must be a number: xl stops with "failed to convert "${value}" to number".`, vs, end);
        } else if (n.end !== value.length) {
          r.report('spec-invalid-value', 'warning', `xl reads vif ${key}=${value} as ${n.value} and ignores the rest.`, vs, end);
        } else if (key === 'mtu' && (n.value < 68n || n.value > 65535n)) {
          r.report('spec-invalid-value', 'warning', `An MTU of ${n.value} is outside what network interfaces accept (68 to 65535).`, vs, end);
        }
        break;
      }
      default:
        if (isVifKey(ctx, key) || key.startsWith('colo_')) trailingBlank(r, key, value, vs, key === 'ip' ? 'address list' : 'value');
    }
  }
  // 'accel' is read but not supported: xl says so and ignores it.
  for (const t of toks) {
    const s0 = t.start + (spec.slice(t.start, t.end).length - spec.slice(t.start, t.end).trimStart().length);
    if (spec.startsWith('accel=', s0)) {
      r.report('spec-unsupported', 'error', "vif 'accel=' is not supported: xl says so and ignores it. Remove it.", s0, t.end,
        r.fix("Remove 'accel='", t.start, Math.min(spec.length, t.end + 1), ''));
    }
  }
}

function matchVifKey(ctx: CheckContext, key: string): boolean {
  if (['type', 'mac', 'bridge', 'netdev', 'gatewaydev', 'ip', 'script', 'backend', 'vifname', 'model', 'rate', 'forwarddev', 'devid', 'mtu', 'accel'].includes(key)) return true;
  if (/^colo_(sock_(mirror|compare_(sec|pri)_in|redirector[012]|compare_notify|sec_redirector[01])_(id|ip|port)|filter_(mirror_(queue|outdev)|redirector[01]_(queue|indev|outdev)|sec_redirector[01]_(queue|indev|outdev)|sec_rewriter0_queue)|compare_(pri_in|sec_in|out|notify_dev)|checkpoint_(host|port))$/.test(key)) return true;
  return key === 'vlan';
}

/** The MAC loop of parse_nic_config: six strtoul(…, 16), each followed by any one character. */
function checkMac(r: SpecReporter, spec: string, value: string, vs: number, end: number): void {
  // strtok cut a NUL at the end of this token; xl's loop may read on into the next one.
  const buf = spec.slice(0, end) + '\0' + spec.slice(end + 1);
  let p = vs;
  let valid = true;
  const octets: number[] = [];
  for (let i = 0; i < 6; i++) {
    if (p >= buf.length || buf[p] === '\0') { valid = false; break; }
    const n = strtoul(buf, p, 16);
    if (!n.ok || n.value > 255n) { valid = false; break; }
    octets.push(Number(n.value));
    p = n.end + 1;
  }
  const hex = octets.map((o) => o.toString(16).padStart(2, '0')).join(':');
  const fixes = r.fix('Use a random Xen MAC (00:16:3e:…)', vs, end, randomMacFor(value));
  if (!valid) {
    // xl keeps the octets it read before the bad one; the rest stay 0, and an all-zero MAC is
    // replaced by a random one when the device is created.
    const kept = [...octets, 0, 0, 0, 0, 0, 0].slice(0, 6);
    const effect = kept.every((o) => o === 0) ? 'the interface gets a random one' : `the interface gets ${kept.map((o) => o.toString(16).padStart(2, '0')).join(':')} (what it read before the bad octet, then zeros)`;
    r.report('spec-invalid-mac', 'error', `'${value}' is not a MAC address: xl says "Invalid parameter \`mac'" and ${effect}. Write six hex octets, e.g. 00:16:3e:xx:xx:xx.`, vs, end, fixes);
    return;
  }
  if (p - 1 > end) {
    r.report('spec-invalid-mac', 'warning', `'${value}' has fewer than six octets; xl reads the missing one from the text after the comma and uses ${hex}. Write all six octets.`, vs, end, fixes);
    return;
  }
  // Blanks around it are harmless: strtoul skips the leading ones, and the parse ends at the last octet.
  if (!/^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/.test(value.trim())) {
    r.report('spec-invalid-mac', 'warning', `xl reads '${value}' as ${hex}${p - 1 < end ? ' and ignores the rest' : ''}. Write it as six hex octets separated by ':'.`, vs, end,
      r.fix(`Write ${hex}`, vs, end, hex));
    return;
  }
  if (octets[0] & 1) {
    r.report('spec-invalid-mac', 'warning', `'${value}' is a multicast address (the lowest bit of the first octet is set); a network interface cannot use it. Xen's own range is 00:16:3e:xx:xx:xx.`, vs, end, fixes);
  }
}

function randomMacFor(seed: string): string {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const b = (n: number) => ((h >>> n) & 0xff).toString(16).padStart(2, '0');
  return `00:16:3e:${((h >>> 24) & 0x7f).toString(16).padStart(2, '0')}:${b(8)}:${b(16)}`;
}

/** xlu_vif_parse_rate: an error stops xl. */
export function checkVifRate(r: SpecReporter, rate: string, vs: number): void {
  const at = rate.indexOf('@');
  const bytes = at === -1 ? rate : rate.slice(0, at);
  const interval = at === -1 ? undefined : rate.slice(at + 1);
  const bad = (what: string, from: number, to: number, hint: string) =>
    r.report('spec-invalid-rate', 'error', `${what}: xl refuses the config. ${hint}`, from, to);
  const example = 'Write an amount per second with its unit, e.g. 10Mb/s or 1MB/s@20ms (B = bytes, b = bits, K/M/G = 1000s).';
  if (bytes === '') { bad(`vif rate '${rate}' has no amount`, vs, vs + rate.length, example); return; }
  if (!/^[0-9]+[GMK]?[Bb]\/s$/.test(bytes)) {
    const lc = /^([0-9]+)([gmk])([Bb])\/s$/i.exec(bytes);
    r.report('spec-invalid-rate', 'error', `'${bytes}' is not a vif rate: xl refuses the config. ${lc ? 'The unit prefix must be upper case (K, M, G). ' : ''}${example}`, vs, vs + bytes.length,
      lc ? r.fix(`Write ${lc[1]}${lc[2].toUpperCase()}${lc[3]}/s`, vs, vs + bytes.length, `${lc[1]}${lc[2].toUpperCase()}${lc[3]}/s`, true) : []);
    return;
  }
  const n = strtoul(bytes, 0, 0);
  if (n.value === 0n || n.value > 0xffffffffn) { bad(`vif rate '${bytes}' is ${n.value === 0n ? 'zero' : 'too large'}`, vs, vs + bytes.length, 'The amount must be between 1 and 4294967295.'); return; }
  let usecs = 50000n;
  if (interval !== undefined) {
    const is = vs + at + 1;
    if (!/^[0-9]+[mu]?s?$/.test(interval)) { bad(`'${interval}' is not a replenishment interval`, is, is + interval.length, 'Write a number with s, ms or us, e.g. @20ms.'); return; }
    const iv = strtoul(interval, 0, 0);
    let t = iv.value;
    if (t === 0n || t > 0xffffffffn) { bad(`the interval '${interval}' is ${t === 0n ? 'zero' : 'too large'}`, is, is + interval.length, 'Use an interval above zero.'); return; }
    const unit = interval[iv.end];
    if (unit === 's' || unit === undefined) t *= 1000000n; else if (unit === 'm') t *= 1000n;
    if (t > 0xffffffffn) { bad(`the interval '${interval}' is too long`, is, is + interval.length, 'It must be below 4295 seconds.'); return; }
    usecs = t;
  }
  let bps = n.value;
  const unit = bytes[n.end];
  if (unit === 'G') bps *= 1000000000n; else if (unit === 'M') bps *= 1000000n; else if (unit === 'K') bps *= 1000n;
  if (bps > ULONG_MAX / usecs) bad(`vif rate '${rate}' overflows`, vs, vs + rate.length, 'Use a smaller amount or a shorter interval.');
}

// -------------------------------------------------------------------------------------------
// pci (libxlu_pci.c, 4.17)

/** A PCI address as parse_bdf() read it, and where it ended (the fleet checks compare the numbers). */
export interface Bdf { end: number; domain: number; bus: number; device: number; func: number | '*' }

/** parse_bdf(): [DDDD:]BB:DD.F or .* — undefined when xl's parser fails. */
export function parseBdf(s: string, from: number): Bdf | undefined {
  let p = from;
  let colons = 0;
  while (p < s.length && (/[0-9a-fA-F]/.test(s[p]) || s[p] === ':')) { if (s[p] === ':') colons++; p++; }
  p = from;
  const hex = (at: number) => scanHex(s, at);
  let dom = 0;
  let bus: number, dev: number;
  const a = hex(p);
  if (!a) return undefined;
  if (colons === 1) {
    if (s[a.end] !== ':') return undefined;
    const b = hex(a.end + 1);
    if (!b || s[b.end] !== '.') return undefined;
    bus = a.value; dev = b.value; p = b.end + 1;
  } else if (colons === 2) {
    if (s[a.end] !== ':') return undefined;
    const b = hex(a.end + 1);
    if (!b || s[b.end] !== ':') return undefined;
    const c = hex(b.end + 1);
    if (!c || s[c.end] !== '.') return undefined;
    dom = a.value; bus = b.value; dev = c.value; p = c.end + 1;
  } else return undefined;
  if (dom > 0xffff || bus > 0xff || dev > 0x1f) return undefined;
  if (s[p] === '*') return { end: p + 1, domain: dom, bus, device: dev, func: '*' };
  const f = hex(p);
  if (!f || f.value > 7) return undefined;
  return { end: f.end, domain: dom, bus, device: dev, func: f.value };
}

/**
 * The PCI parser of Xen 4.14 and before (xlu_pci_parse_bdf, libxlu_pci.c:48@RELEASE-4.14.0), a
 * state machine over BDF[@VSLOT][,KEY=VALUE...]; 4.15 replaced it with the spec-string parser.
 */
function checkPciBdf414(r: SpecReporter): void {
  const spec = r.item.text;
  const refuse = `xl stops with "unable to parse PCI BDF"`;
  const hex = (from: number, to: number, mask: bigint): boolean => {
    const tok = spec.slice(from, to);
    const c = strtoul(tok, 0, 16);
    return c.ok && c.end === tok.length && (c.value & ~mask) === 0n;
  };
  const bad = (what: string, from: number, to: number) => {
    r.report('spec-invalid-bdf', 'error', `${what}: ${refuse}. Write [DDDD:]BB:DD.F[@VSLOT][,key=value...] in hex, e.g. 0000:03:00.0.`, from, Math.max(to, from + 1));
  };
  let state: 'domain' | 'bus' | 'dev' | 'func' | 'vslot' | 'key' | 'value' | 'end' = 'domain';
  let tok = 0;
  let dom = 0n;
  let key = '';
  let keyStart = 0;
  for (let p = 0; p <= spec.length; p++) {
    const c = p < spec.length ? spec[p] : '\0';
    switch (state) {
      case 'domain':
        if (c === ':') {
          if (!hex(tok, p, 0xffffn)) { bad(`'${spec.slice(tok, p)}' is not a PCI domain or bus (hex)`, tok, p); return; }
          dom = strtoul(spec.slice(tok, p), 0, 16).value;
          state = 'bus'; tok = p + 1;
        }
        break;
      case 'bus':
        if (c === ':') {
          if (!hex(tok, p, 0xffn)) { bad(`'${spec.slice(tok, p)}' is not a PCI bus (hex, up to ff)`, tok, p); return; }
          state = 'dev'; tok = p + 1;
        } else if (c === '.') {
          if (dom > 0xffn) { bad('Without a domain the bus is at most ff', 0, tok - 1); return; }
          if (!hex(tok, p, 0xffn)) { bad(`'${spec.slice(tok, p)}' is not a PCI device (hex)`, tok, p); return; }
          state = 'func'; tok = p + 1;
        }
        break;
      case 'dev':
        if (c === '.') {
          if (!hex(tok, p, 0xffn)) { bad(`'${spec.slice(tok, p)}' is not a PCI device (hex)`, tok, p); return; }
          state = 'func'; tok = p + 1;
        }
        break;
      case 'func':
        if (c === '\0' || c === '@' || c === ',') {
          if (spec.slice(tok, p) !== '*' && !hex(tok, p, 0x7n)) { bad(`'${spec.slice(tok, p)}' is not a PCI function (0 to 7, or *)`, tok, p); return; }
          state = c === '\0' ? 'end' : c === '@' ? 'vslot' : 'key'; tok = p + 1;
        }
        break;
      case 'vslot':
        if (c === '\0' || c === ',') {
          if (!hex(tok, p, 0xffn)) { bad(`'${spec.slice(tok, p)}' is not a virtual slot (hex)`, tok, p); return; }
          state = c === ',' ? 'key' : 'end'; tok = p + 1;
        }
        break;
      case 'key':
        if (c === '=') { key = spec.slice(tok, p); keyStart = tok; state = 'value'; tok = p + 1; }
        break;
      case 'value':
        if (c === ',' || c === '\0') {
          const v = spec.slice(tok, p);
          if (key === 'rdm_policy' && v !== 'strict' && v !== 'relaxed') {
            r.report('spec-invalid-value', 'error', `'${v}' is not an RDM policy: ${refuse}. Use strict or relaxed (lower case).`, tok, p);
            return;
          }
          if (!['msitranslate', 'power_mgmt', 'permissive', 'seize', 'rdm_policy'].includes(key)) {
            const { hint, fixes } = suggest(r, 'pci', key, keyStart, ['msitranslate', 'power_mgmt', 'permissive', 'seize', 'rdm_policy']);
            r.report('spec-unknown-subkey', 'error', `Unknown pci parameter '${key}': xl ${r.ctx.release} prints "Unknown PCI BDF option" and ignores it.${releaseNote(r.ctx, 'pci', key)}${hint}`, keyStart, keyStart + key.length, fixes);
          }
          state = c === ',' ? 'key' : 'end'; tok = p + 1;
        }
        break;
    }
  }
  if (state !== 'end') bad(state === 'key' ? `'${spec.slice(tok)}' is not key=value` : `'${spec}' is not a complete PCI address`, state === 'key' ? tok : 0, spec.length);
}

export function checkPci(r: SpecReporter): void {
  if (!r.ctx.atLeast('4.15')) { checkPciBdf414(r); return; }
  const spec = r.item.text;
  const refuse = `xl stops with "unable to parse PCI_SPEC_STRING"`;
  let p = 0;
  let bdf = false;
  let name = false;
  const b = parseBdf(spec, 0);
  if (b) {
    bdf = true;
    p = b.end;
    if (spec[p] === '@') {
      const v = scanHex(spec, p + 1);
      if (!v || v.value > 0x1f) {
        r.report('spec-invalid-bdf', 'error', `'${spec.slice(p + 1).split(',')[0]}' is not a virtual slot (hex 0 to 1f after '@'): ${refuse}.`, p + 1, Math.max(p + 2, spec.indexOf(',', p) === -1 ? spec.length : spec.indexOf(',', p)));
        return;
      }
      p = v.end;
    }
    if (spec[p] === ',') p++;
    else if (p < spec.length) {
      const stop = spec.indexOf(',', p);
      const e = stop === -1 ? spec.length : stop;
      r.report('spec-invalid-bdf', 'error', `Unexpected '${spec.slice(p, e)}' after the PCI address: ${refuse}.`, p, e,
        /^\s+$/.test(spec.slice(p, e)) ? r.fix('Remove the spaces', p, e, '', true) : []);
      return;
    }
  }
  while (p < spec.length) {
    const eq = spec.indexOf('=', p);
    const comma = spec.indexOf(',', p);
    if (eq === -1 || (comma !== -1 && comma < eq && false)) {
      const e = comma === -1 ? spec.length : comma;
      const word = spec.slice(p, e);
      if (!bdf && p === 0 && /[:.]/.test(word)) {
        r.report('spec-invalid-bdf', 'error', `'${word}' is not a PCI address: ${refuse}. Write [DDDD:]BB:DD.F in hex, e.g. 0000:03:00.0 (bus up to ff, device up to 1f, function 0-7 or *).`, p, e);
      } else {
        r.report('spec-invalid-value', 'error', `'${word}' is not a key=value pair: ${refuse}.`, p, e);
      }
      return;
    }
    const key = spec.slice(p, eq);
    let ve = spec.indexOf(',', eq + 1);
    if (ve === -1) ve = spec.length;
    const val = spec.slice(eq + 1, ve);
    const vs = eq + 1;
    switch (key) {
      case 'bdf':
        if (parseBdf(val, 0)?.end === undefined) {
          r.report('spec-invalid-bdf', 'error', `'${val}' is not a PCI address: ${refuse}. Write [DDDD:]BB:DD.F in hex, e.g. 0000:03:00.0.`, vs, ve);
          return;
        }
        bdf = true;
        break;
      case 'vslot': {
        const v = scanHex(val, 0);
        if (!v || v.value > 0x1f) { r.report('spec-invalid-bdf', 'error', `'${val}' is not a virtual slot (hex 0 to 1f): ${refuse}.`, vs, ve); return; }
        break;
      }
      case 'permissive': case 'msitranslate': case 'seize': case 'power_mgmt':
        if (!/^\s*[+-]?[0-9]/.test(val)) r.report('spec-invalid-value', 'warning', `pci ${key} is a number (0 or 1); xl reads '${val}' as 0.`, vs, ve);
        break;
      case 'rdm_policy': {
        const lc = val.toLowerCase();
        if (lc !== 'strict' && lc !== 'relaxed') {
          r.report('spec-invalid-value', 'error', `'${val}' is not an RDM policy: ${refuse}. Use strict or relaxed.`, vs, ve, closest(val, ['strict', 'relaxed']).flatMap((g) => r.fix(`Write ${g}`, vs, ve, g)));
          return;
        }
        break;
      }
      case 'name':
        name = true;
        break;
      default: {
        const t = key.trimStart();
        if (t !== key && ['bdf', 'vslot', 'permissive', 'msitranslate', 'seize', 'power_mgmt', 'rdm_policy', 'name'].includes(t)) {
          r.report('spec-whitespace', 'error', `A space after the comma makes the parameter name '${key}', which xl does not know: ${refuse}. Remove the space.`, p, p + key.length - t.length,
            r.fix('Remove the space', p, p + key.length - t.length, '', true));
        } else {
          const { hint, fixes } = suggest(r, 'pci', key, p);
          r.report('spec-unknown-subkey', 'error', `Unknown pci parameter '${key}': ${refuse}.${hint}`, p, p + key.length, fixes);
        }
        return;
      }
    }
    p = ve < spec.length ? ve + 1 : ve;
  }
  if (bdf === name) {
    r.whole('spec-missing-required', 'error', bdf
      ? `A pci spec gives either an address or name=, not both: ${refuse}.`
      : `A pci spec needs the device's address ([DDDD:]BB:DD.F, first) or name=: ${refuse}.`);
  }
}

// -------------------------------------------------------------------------------------------
// rdm (xlu_rdm_parse, 4.17: its policy check is inverted, so a valid policy voids the setting)

export function checkRdm(r: SpecReporter): void {
  const { ctx } = r;
  const spec = r.item.text;
  let state: 'type' | 'strategy' | 'policy' | 'end' = 'type';
  let tok = 0;
  let voidedByPolicy = false;
  for (let p = 0; p <= spec.length; p++) {
    const c = p < spec.length ? spec[p] : '\0';
    if (state === 'type') {
      if (c === '=') {
        const k = spec.slice(tok, p);
        if (k === 'strategy') state = 'strategy';
        else if (k === 'policy') state = 'policy';
        else {
          const { hint, fixes } = suggest(r, 'rdm', k, tok, ['strategy', 'policy']);
          r.report('spec-unknown-subkey', 'error', `Unknown rdm parameter '${k}': xl prints "Unknown RDM state option" and ignores the whole rdm setting.${hint}`, tok, p, fixes);
          return;
        }
        tok = p + 1;
      }
    } else if (c === '\0' || c === ',') {
      const v = spec.slice(tok, p);
      if (state === 'strategy') {
        if (v !== 'host') {
          r.report('spec-invalid-value', 'error', `'${v}' is not an rdm strategy: xl prints "Unknown RDM strategy option" and ignores the whole rdm setting. The only strategy is host.`, tok, p,
            r.fix('Write host', tok, p, 'host'));
          return;
        }
      } else {
        // 4.14 and before compare exactly and keep a valid policy; 4.15's rewrite (libxl's
        // case-insensitive names) inverted the check (libxlu_pci.c@RELEASE-4.15.0).
        const rewritten = ctx.atLeast('4.15');
        const valid = rewritten ? ['strict', 'relaxed'].includes(v.toLowerCase()) : ['strict', 'relaxed'].includes(v);
        if (!valid) {
          r.report('spec-invalid-value', 'error', rewritten
            ? `'${v}' is not an rdm policy: xl prints "Unknown RDM policy" and keeps its default. Use strict or relaxed.`
            : `'${v}' is not an rdm policy: xl ${ctx.release} prints "Unknown RDM property policy value" and ignores the whole rdm setting. Use strict or relaxed (lower case).`, tok, p,
            closest(v, ['strict', 'relaxed']).flatMap((g) => r.fix(`Write ${g}`, tok, p, g)));
        } else if (rewritten) {
          // The inverted check is in every release from 4.15 up to master (libxlu_pci.c:262@RELEASE-4.17.0).
          voidedByPolicy = true;
          r.report('value-ignored', 'warning', `xl ignores the whole rdm setting when it names a valid policy (its check is inverted), without a word. Leave policy= out; strict is the default.`, tok - 7 >= 0 ? tok - 7 : tok, p);
        }
      }
      state = c === ',' ? 'type' : 'end';
      tok = p + 1;
    }
  }
  if (!voidedByPolicy && (state !== 'end' || tok !== spec.length + 1)) {
    r.whole('value-ignored', 'warning', `xl cannot read this rdm setting and ignores it without a word. Write strategy=host${spec.endsWith(',') ? ' without the trailing comma' : ''}.`,
      spec.endsWith(',') && r.editable ? r.fix('Remove the trailing comma', spec.length - 1, spec.length, '', true) : []);
  }
}

// -------------------------------------------------------------------------------------------
// Specs xl reads with strtok(",") and a "key=value" split.

/** Tokens with leading spaces skipped (`while (*p == ' ') p++`). */
function tokens(spec: string): Token[] {
  return strtok(spec, ',').map((t) => {
    let s = t.start;
    while (s < t.end && spec[s] === ' ') s++;
    return { text: spec.slice(s, t.end), start: s, end: t.end };
  });
}

/**
 * vtpm, p9 and pvcalls stop at the first token without '=', and refuse an unknown key.
 * Returns the key=value pairs xl looked at.
 */
function stoppingPairs(r: SpecReporter, table: string, known: string[],
  check?: (p: { key: string; value: string; start: number; vs: number; end: number }) => boolean): { key: string; value: string; start: number; vs: number; end: number }[] | undefined {
  const spec = r.item.text;
  const out = [];
  const toks = tokens(spec);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const eq = t.text.indexOf('=');
    if (eq === -1) {
      const rest = toks.slice(i);
      r.report('spec-ignored-rest', 'warning', `'${t.text}' has no '=': xl stops reading this ${table} spec here and ignores ${rest.length > 1 ? 'it and everything after it' : 'it'} without a word.`, t.start, spec.length);
      break;
    }
    const key = t.text.slice(0, eq);
    if (!known.includes(key)) {
      const { hint, fixes } = suggest(r, table, key, t.start, known);
      r.report('spec-unknown-subkey', 'error', `Unknown ${table} parameter '${key}': xl refuses the config ("Unknown string \`${key}' in ${table === 'p9' ? '9pfs' : table} spec").${hint}`, t.start, t.start + key.length, fixes);
      return undefined;
    }
    const pair = { key, value: t.text.slice(eq + 1), start: t.start, vs: t.start + eq + 1, end: t.end };
    if (check && !check(pair)) return undefined;
    out.push(pair);
  }
  return out;
}

export function checkVtpm(r: SpecReporter): void {
  const pairs = stoppingPairs(r, 'vtpm', ['backend', 'uuid'], (p) => {
    if (p.key !== 'uuid' || isLibxlUuid(p.value)) return true;
    r.report('invalid-uuid', 'error', `'${p.value}' is not a UUID: xl refuses the config ("Failed to parse vtpm UUID"). Write 8-4-4-4-12 hex digits.`, p.vs, p.end);
    return false;
  });
  if (!pairs) return;
  if (!pairs.some((p) => p.key === 'backend')) {
    r.whole('spec-missing-required', 'error', "A vtpm needs backend= (the domain that runs the vTPM manager): xl refuses the config without it.",
      r.editable ? r.fix('Add backend=', r.item.text.length, r.item.text.length, r.item.text ? ',backend=' : 'backend=') : []);
  }
}

/**
 * split_string_into_pair() of Xen 4.18 and later (xl_parse.c@RELEASE-4.18.0:3043): "key=value"
 * split at the first '=', both sides trimmed of blanks; no '=' or nothing after it fails.
 */
function splitPair(t: Token): { key: Token; value: Token } | undefined {
  const eq = t.text.indexOf('=');
  if (eq === -1 || eq === t.text.length - 1) return undefined;
  const key = trim({ text: t.text.slice(0, eq), start: t.start, end: t.start + eq });
  const value = trim({ text: t.text.slice(eq + 1), start: t.start + eq + 1, end: t.end });
  return { key, value };
}

/** p9 parameters by release (xl_parse.c: RELEASE-4.18.0:2230, RELEASE-4.19.0:2237). */
const P9_KEYS_418 = ['security_model', 'path', 'tag', 'backend'];
const P9_KEYS_419 = [...P9_KEYS_418, 'type', 'max-files', 'max-open-files', 'max-space', 'auto-delete'];

/** p9 from Xen 4.18 on: every comma item is key=value, an unknown key or a bad item is refused. */
function checkP9Pairs(r: SpecReporter): void {
  const { ctx } = r;
  const spec = r.item.text;
  const known = ctx.atLeast('4.19') ? P9_KEYS_419 : P9_KEYS_418;
  const seen = new Set<string>();
  let type = '';
  const items = strtok(spec, ',');
  if (!items.length) {
    // split_string_into_string_list() strdup()s the NULL that strtok gives for nothing.
    r.whole('spec-invalid-value', 'error', `An empty p9 spec makes xl ${ctx.release} crash. Write tag=, path= and security_model=, or remove the item.`);
    return;
  }
  for (const t of items) {
    const pair = splitPair(t);
    if (!pair) {
      r.report('spec-invalid-value', 'error', `'${t.text.trim()}' is not key=value (with a value): xl refuses the config ("failed to parse 9pfs configuration").`, t.start, t.end);
      return;
    }
    const { key, value } = pair;
    if (!known.includes(key.text)) {
      const { hint, fixes } = suggest(r, 'p9', key.text, key.start, known);
      const later = !ctx.atLeast('4.19') && P9_KEYS_419.includes(key.text) ? ` (${key.text}= is read from Xen 4.19 on.)` : '';
      r.report('spec-unknown-subkey', 'error', `Unknown p9 parameter '${key.text}': xl refuses the config ("Unknown 9pfs parameter").${later}${hint}`, key.start, key.end, fixes);
      return;
    }
    seen.add(key.text);
    if (key.text === 'type') {
      type = value.text.toLowerCase();
      if (type !== 'qemu' && type !== 'xen_9pfsd' && type !== 'unknown') {
        r.report('spec-invalid-value', 'error', `'${value.text}' is not a 9pfs type: xl refuses the config ("failed to parse 9pfs type"). Use qemu or xen_9pfsd.`, value.start, value.end,
          closest(value.text.toLowerCase(), ['qemu', 'xen_9pfsd']).flatMap((g) => r.fix(`Write ${g}`, value.start, value.end, g)));
        return;
      }
    } else if (key.text.startsWith('max-')) {
      const n = strtoul(value.text, 0, 10);
      if (!n.ok || n.value === ULONG_MAX) {
        r.report('spec-invalid-value', 'error', `p9 ${key.text} must be a number: xl stops with "failed to convert "${value.text}" to number".`, value.start, value.end);
        return;
      }
    } else if (key.text === 'security_model' && value.text !== 'none' && type !== 'xen_9pfsd') {
      r.report('spec-invalid-value', 'warning', `The only 9pfs security model QEMU supports here is none; '${value.text}' makes the device fail to start.`, value.start, value.end, r.fix('Write none', value.start, value.end, 'none'));
    }
  }
  if (!ctx.atLeast('4.19')) {
    const missing = ['tag', 'path', 'security_model'].filter((k) => !seen.has(k));
    if (missing.length) r.whole('spec-missing-required', 'error', `xl ${ctx.release} needs tag=, path= and security_model= in every p9 spec and refuses it without ${missing.map((m) => `${m}=`).join(', ')} ("9pfs spec missing required field"). (From Xen 4.19 on they are optional.)`);
  }
}

/** `earlier`: the parameters earlier p9 items set (xl 4.17 never resets them between items). */
export function checkP9(r: SpecReporter, earlier: Set<string> = new Set()): void {
  const { ctx } = r;
  if (ctx.atLeast('4.18')) { checkP9Pairs(r); return; }
  const pairs = stoppingPairs(r, 'p9', ['security_model', 'path', 'tag', 'backend']);
  if (!pairs) return;
  const missing = ['tag', 'path', 'security_model'].filter((k) => !pairs.some((p) => p.key === k));
  const inherited = missing.filter((k) => earlier.has(k));
  for (const p of pairs) earlier.add(p.key);
  if (missing.length > inherited.length) {
    r.whole('spec-missing-required', 'error', `Xen 4.17's xl needs tag=, path= and security_model= in every p9 spec and refuses it without ${missing.map((m) => `${m}=`).join(', ')} ("9pfs spec missing required field").`);
  } else if (inherited.length) {
    r.whole('spec-missing-required', 'warning', `This p9 spec has no ${inherited.map((m) => `${m}=`).join(', ')}: xl 4.17 takes ${inherited.length > 1 ? 'them' : 'it'} from the p9 item before (a bug), which is rarely what you want. Give every p9 item its own tag=, path= and security_model=.`);
  }
  for (const p of pairs) if (p.key === 'security_model' && p.value !== 'none') {
    r.report('spec-invalid-value', 'warning', `The only 9pfs security model QEMU supports here is none; '${p.value}' makes the device fail to start.`, p.vs, p.end, r.fix('Write none', p.vs, p.end, 'none'));
  }
}

export function checkPvcalls(r: SpecReporter): void {
  stoppingPairs(r, 'pvcalls', ['backend']);
}

/** channel: every item is key=value (trimmed), unknown keys are printed and dropped. */
export function checkChannel(r: SpecReporter): void {
  const { ctx } = r;
  const spec = r.item.text;
  const toks = strtok(spec, ',');
  if (!toks.length) {
    r.whole('spec-missing-required', 'error', 'An empty channel spec makes xl 4.17 crash. Write at least connection=pty, or remove the item.');
    return;
  }
  let connection: { value: string; vs: number; ve: number } | undefined;
  let path = false;
  // Xen 4.18 split "key=value" at the first '=' (xl_parse.c@RELEASE-4.18.0:2379); 4.17 used strtok.
  const firstEq = ctx.atLeast('4.18');
  for (const t of toks) {
    let key: Token, value: Token;
    if (firstEq) {
      const pair = splitPair(t);
      if (!pair) {
        r.report('spec-invalid-value', 'error', `'${t.text.trim()}' is not key=value (with a value): xl refuses the config ("failed to parse channel configuration").`, t.start, t.end);
        return;
      }
      ({ key, value } = pair);
    } else {
      const parts = strtok(spec, '=', t.start, t.end);
      if (parts.length < 2) {
        r.report('spec-invalid-value', 'error', `'${t.text.trim()}' is not key=value (with a value): xl refuses the config ("failed to parse channel configuration").`, t.start, t.end);
        return;
      }
      key = trim(parts[0]);
      value = trim(parts[1]);
      if (parts.length > 2) {
        r.report('spec-invalid-value', 'warning', `xl ${ctx.release} reads only '${value.text}' as the value of ${key.text}; the text after the second '=' is lost (from Xen 4.18 on it is kept).`, parts[2].start - 1, t.end);
      }
    }
    switch (key.text) {
      case 'backend': case 'name': break;
      case 'path': path = true; break;
      case 'connection':
        connection = { value: value.text, vs: value.start, ve: value.end };
        if (value.text !== 'pty' && value.text !== 'socket') {
          const lc = value.text.toLowerCase();
          r.report('spec-invalid-value', 'error', `'${value.text}' is not a channel connection: xl refuses the config. Use pty or socket${lc === 'pty' || lc === 'socket' ? ' (lower case)' : ''}.`, value.start, value.end,
            lc === 'pty' || lc === 'socket' ? r.fix(`Write ${lc}`, value.start, value.end, lc, true) : closest(value.text, ['pty', 'socket']).flatMap((g) => r.fix(`Write ${g}`, value.start, value.end, g)));
          return;
        }
        break;
      default: {
        const { hint, fixes } = suggest(r, 'channel', key.text, key.start, ['backend', 'name', 'path', 'connection']);
        r.report('spec-unknown-subkey', 'error', `Unknown channel parameter '${key.text}': xl prints "unknown channel parameter … ignoring" and drops it.${hint}`, key.start, key.end === key.start ? key.start + 1 : key.end, fixes);
      }
    }
  }
  if (!connection) {
    r.whole('spec-missing-required', 'error', "A channel needs connection=pty or connection=socket: xl refuses it without one (\"channel has unknown 'connection'\").",
      r.editable ? r.fix('Add connection=pty', spec.length, spec.length, spec ? ',connection=pty' : 'connection=pty') : []);
  } else if (connection.value === 'socket' && !path) {
    r.whole('spec-missing-required', 'error', "A channel with connection=socket needs path= (the UNIX socket to create): xl refuses it without one.");
  }
}

/** vkb (parse_vkb_config): unknown keys refused; backend-type required. */
export function checkVkb(r: SpecReporter): void {
  const known = ['backend', 'backend-type', 'unique-id', 'feature-disable-keyboard', 'feature-disable-pointer', 'feature-abs-pointer', 'feature-raw-pointer',
    'feature-multi-touch', 'multi-touch-width', 'multi-touch-height', 'multi-touch-num-contacts', 'width', 'height'];
  let backendType = false;
  let mt = false, mtSize = false;
  for (const t of tokens(r.item.text)) {
    const eq = t.text.indexOf('=');
    const key = eq === -1 ? undefined : known.find((k) => t.text.startsWith(k + '='));
    if (!key) {
      const k = eq === -1 ? t.text : t.text.slice(0, eq);
      const { hint, fixes } = suggest(r, 'vkb', k, t.start, known);
      r.report('spec-unknown-subkey', 'error', `Unknown vkb parameter '${k}': xl refuses the config.${hint}`, t.start, t.start + k.length, fixes);
      return;
    }
    const value = t.text.slice(eq + 1);
    const vs = t.start + eq + 1;
    if (key === 'backend-type') {
      const lc = value.toLowerCase();
      if (lc !== 'qemu' && lc !== 'linux' && lc !== 'unknown') {
        r.report('spec-invalid-value', 'error', `'${value}' is not a vkb backend-type: xl refuses the config. Use qemu or linux.`, vs, t.end, closest(value, ['qemu', 'linux']).flatMap((g) => r.fix(`Write ${g}`, vs, t.end, g)));
        return;
      }
      backendType = lc !== 'unknown';
    } else if (key.startsWith('feature-') || key.startsWith('multi-touch') || key === 'width' || key === 'height') {
      const n = strtoul(value, 0, 0);
      if (!n.ok || n.end !== value.length) r.report('spec-invalid-value', 'warning', `vkb ${key} is a number; xl reads '${value}' as ${n.value}.`, vs, t.end);
      if (key === 'feature-multi-touch' && n.value !== 0n) mt = true;
      if (key.startsWith('multi-touch-') && n.value !== 0n) { mtSize = true; mt = true; }
    }
  }
  if (!backendType) {
    r.whole('spec-missing-required', 'error', 'A vkb needs backend-type=qemu or backend-type=linux: xl refuses it without one ("backend-type should be set in vkb spec").');
    return;
  }
  if (mt && !mtSize) {
    r.whole('spec-missing-required', 'error', 'Multi-touch needs multi-touch-width=, multi-touch-height= and multi-touch-num-contacts=: xl refuses feature-multi-touch without them.');
  }
}

/** vdispl: backend, be-alloc, connectors=ID:WxH;... ; at least one connector. */
export function checkVdispl(r: SpecReporter): void {
  let connectors = 0;
  for (const t of tokens(r.item.text)) {
    const key = ['backend', 'be-alloc', 'connectors'].find((k) => t.text.startsWith(k + '='));
    if (!key) {
      const eq = t.text.indexOf('=');
      const k = eq === -1 ? t.text : t.text.slice(0, eq);
      const { hint, fixes } = suggest(r, 'vdispl', k, t.start, ['backend', 'be-alloc', 'connectors']);
      r.report('spec-unknown-subkey', 'error', `Unknown vdispl parameter '${k}': xl refuses the config.${hint}`, t.start, t.start + k.length, fixes);
      return;
    }
    if (key !== 'connectors') continue;
    const vs = t.start + key.length + 1;
    if (!strtok(r.item.text, ';', vs, t.end).length) {
      r.report('spec-invalid-value', 'error', 'connectors= with no connector makes xl 4.17 crash. Write ID:WIDTHxHEIGHT, e.g. connectors=c0:1920x1080.', vs, t.end);
      return;
    }
    for (const c of strtok(r.item.text, ';', vs, t.end)) {
      // 4.17 splits "ID:RES" with strtok (empty fields skipped); 4.18 at the first ':'
      // (split_string_into_pair, xl_parse.c:834@RELEASE-4.18.0), where an empty ID is fine.
      let resStart: number;
      if (r.ctx.atLeast('4.18')) {
        const colon = c.text.indexOf(':');
        if (colon === -1 || colon === c.text.length - 1) {
          r.report('spec-invalid-value', 'error', `A connector is written ID:WIDTHxHEIGHT; '${c.text}' has no ${colon === -1 ? "':'" : 'resolution'}, and xl reads memory it never set (it may crash).`, c.start, c.end);
          return;
        }
        resStart = colon + 1;
      } else {
        const parts = strtok(c.text, ':');
        if (parts.length < 2) {
          r.report('spec-invalid-value', 'error', `A connector is written ID:WIDTHxHEIGHT; '${c.text}' has no ${c.text.includes(':') ? 'ID or resolution' : "':'"}, which makes xl ${r.ctx.release} crash.`, c.start, c.end);
          return;
        }
        resStart = parts[1].start;
      }
      const res = c.text.slice(resStart);
      const m = /^\s*[+-]?[0-9]+(x\s*[+-]?[0-9]+)?/.exec(res);
      if (!m || !m[1]) {
        // sscanf("%ux%u") matching nothing returns 0, which xl takes for success after printing.
        const accepted = !m && res.trim() !== '';
        r.report('spec-invalid-value', 'error', `'${res}' is not a resolution: xl prints "Can't parse connector resolution" and ${accepted ? 'keeps the connector with no size' : 'refuses the config'}. Write WIDTHxHEIGHT, e.g. 1920x1080.`, c.start + resStart, c.end);
        if (!accepted) return;
      }
      connectors++;
    }
  }
  if (!connectors) r.whole('spec-missing-required', 'error', 'A vdispl needs at least one connector (connectors=ID:WIDTHxHEIGHT): xl refuses it without.');
}

/** usbctrl and usbdev: every token must be a known "key="; bad types refused. */
export function checkUsb(r: SpecReporter, table: 'usbctrl' | 'usbdev'): void {
  const known = table === 'usbctrl' ? ['type', 'version', 'ports'] : ['type', 'hostbus', 'hostaddr', 'controller', 'port'];
  const toks = tokens(r.item.text);
  if (table === 'usbdev' && !toks.some((t) => /^type=/.test(t.text)) && toks.some((t) => /^host(bus|addr)=/.test(t.text))) {
    r.whole('value-ignored', 'warning', 'Without type=hostdev, xl 4.17 drops hostbus= and hostaddr= without a word, so no host device is attached. Add type=hostdev.',
      r.editable ? r.fix('Add type=hostdev', 0, 0, 'type=hostdev,') : []);
  }
  for (const t of toks) {
    const key = known.find((k) => t.text.startsWith(k + '='));
    if (!key) {
      const eq = t.text.indexOf('=');
      const k = eq === -1 ? t.text : t.text.slice(0, eq);
      const { hint, fixes } = suggest(r, table, k, t.start, known);
      r.report('spec-unknown-subkey', 'error', `Unknown ${table} parameter '${k}': xl refuses the config.${hint}`, t.start, t.start + k.length, fixes);
      return;
    }
    const value = t.text.slice(key.length + 1);
    const vs = t.start + key.length + 1;
    if (key === 'type') {
      const ok = table === 'usbctrl' ? ['auto', 'pv', 'devicemodel', 'qusb'] : ['hostdev'];
      if (!ok.includes(value.toLowerCase())) {
        r.report('spec-invalid-value', 'error', `'${value}' is not a ${table} type: xl refuses the config. Valid: ${ok.join(', ')}.`, vs, t.end, closest(value, ok).flatMap((g) => r.fix(`Write ${g}`, vs, t.end, g)));
        return;
      }
    } else {
      const n = strtoul(value, 0, key === 'hostbus' || key === 'hostaddr' ? 0 : 10);
      if (!n.ok || n.end !== value.length) r.report('spec-invalid-value', 'warning', `${table} ${key} is a number; xl reads '${value}' as ${n.ok ? n.value : 0}.`, vs, t.end);
      else if (table === 'usbctrl' && key === 'version' && !['1', '2', '3'].includes(String(n.value))) r.report('spec-invalid-value', 'warning', `USB version ${n.value} does not exist; use 1, 2 or 3.`, vs, t.end);
      else if (table === 'usbctrl' && key === 'ports' && (n.value < 1n || n.value > 31n)) r.report('spec-invalid-value', 'warning', `A USB controller has 1 to 31 ports; ${n.value} fails when the controller is created.`, vs, t.end);
    }
  }
}

/** vfb: stops at a token without '='; unknown keys are dropped without a word. */
export function checkVfb(r: SpecReporter): void {
  const known = ['vnc', 'vnclisten', 'vncpasswd', 'vncdisplay', 'vncunused', 'keymap', 'sdl', 'opengl', 'display', 'xauthority'];
  const toks = tokens(r.item.text);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const eq = t.text.indexOf('=');
    if (eq === -1) {
      r.report('spec-ignored-rest', 'warning', `'${t.text}' has no '=': xl stops reading this vfb spec here and ignores the rest without a word.`, t.start, r.item.text.length);
      return;
    }
    const key = t.text.slice(0, eq);
    const value = t.text.slice(eq + 1);
    if (!known.includes(key)) {
      const { hint, fixes } = suggest(r, 'vfb', key, t.start, known);
      r.report('spec-unknown-subkey', 'warning', `Unknown vfb parameter '${key}': xl ignores it without a word, so it has no effect.${hint}`, t.start, t.start + key.length, fixes);
    } else if (['vnc', 'vncunused', 'sdl', 'opengl', 'vncdisplay'].includes(key) && !/^\s*[+-]?[0-9]+$/.test(value)) {
      r.report('spec-invalid-value', 'warning', `vfb ${key} is a number${key === 'vncdisplay' ? '' : ' (1 or 0)'}; xl reads '${value}' as ${atoi(value)}.`, t.start + eq + 1, t.end);
    }
  }
}

// -------------------------------------------------------------------------------------------
// vsnd: a list of cards, each a list of "CARD, k=v", "PCM, k=v", "STREAM, k=v" strings

const PCM_FORMATS = ['s8', 'u8', 's16_le', 's16_be', 'u16_le', 'u16_be', 's24_le', 's24_be', 'u24_le', 'u24_be', 's32_le', 's32_be', 'u32_le', 'u32_be',
  'float_le', 'float_be', 'float64_le', 'float64_be', 'iec958_subframe_le', 'iec958_subframe_be', 'mu_law', 'a_law', 'ima_adpcm', 'mpeg', 'gsm'];
const VSND_PARAMS = ['sample-rates', 'sample-formats', 'channels-min', 'channels-max', 'buffer-size'];

export function checkVsndItem(r: SpecReporter, state: { pcms: number; streams: number }): boolean {
  const spec = r.item.text;
  const toks = strtok(spec, ',').map((t) => { let s = t.start; while (s < t.end && spec[s] === ' ') s++; return { text: spec.slice(s, t.end), start: s, end: t.end }; });
  if (!toks.length) return true;
  const head = toks[0];
  const kind = head.text.toLowerCase();
  if (kind !== 'card' && kind !== 'pcm' && kind !== 'stream') {
    r.report('spec-invalid-value', 'error', `A vsnd item starts with CARD, PCM or STREAM; xl refuses '${head.text}' ("Invalid key").`, head.start, head.end);
    return false;
  }
  if (kind === 'pcm') { state.pcms++; state.streams = 0; }
  if (kind === 'stream') { if (!state.pcms) state.pcms++; state.streams++; }
  const own = kind === 'card' ? ['backend', 'short-name', 'long-name'] : kind === 'pcm' ? ['name'] : ['unique-id', 'type'];
  for (const t of toks.slice(1)) {
    const key = [...VSND_PARAMS, ...own].find((k) => t.text.startsWith(k + '='));
    if (!key) {
      const eq = t.text.indexOf('=');
      const k = eq === -1 ? t.text : t.text.slice(0, eq);
      const { hint, fixes } = suggest(r, 'vsnd', k, t.start, [...VSND_PARAMS, ...own]);
      r.report('spec-unknown-subkey', 'error', `'${k}' is not a parameter of a vsnd ${kind.toUpperCase()}: xl refuses the config ("Invalid parameter").${hint}`, t.start, t.start + k.length, fixes);
      return false;
    }
    const value = t.text.slice(key.length + 1);
    const vs = t.start + key.length + 1;
    if ((key === 'sample-formats' || key === 'sample-rates') && !strtok(spec, ';', vs, t.end).length) {
      r.report('spec-invalid-value', 'error', `${key}= with no value makes xl 4.17 crash. Give at least one value, or leave the parameter out.`, vs, t.end);
      return false;
    }
    if (key === 'sample-formats') {
      for (const f of strtok(spec, ';', vs, t.end)) {
        if (!PCM_FORMATS.includes(f.text.toLowerCase())) {
          r.report('spec-invalid-value', 'error', `'${f.text}' is not a PCM sample format: xl refuses the config ("Invalid pcm format"). Examples: s16_le, s24_le, float_le.`, f.start, f.end,
            closest(f.text, PCM_FORMATS).flatMap((g) => r.fix(`Write ${g}`, f.start, f.end, g)));
          return false;
        }
      }
    } else if (key === 'type' && !['p', 'c'].includes(value.toLowerCase())) {
      r.report('spec-invalid-value', 'error', `A vsnd stream type is p (playback) or c (capture); xl refuses '${value}'.`, vs, t.end);
      return false;
    }
  }
  return true;
}

// -------------------------------------------------------------------------------------------
// virtio (4.18, parse_virtio_list/parse_virtio_config in xl_parse.c:1206@RELEASE-4.18.0)

/** Each "key=value" refused unless known; transport is a libxl enum (mmio), refused silently. */
export function checkVirtio(r: SpecReporter): void {
  const known = ['backend', 'type', 'transport', 'grant_usage'];
  const toks = tokens(r.item.text);
  // "type=virtio..." takes the next comma item too; as the last item, xl reads past the end and crashes.
  const last = toks[toks.length - 1];
  if (last && last.text.startsWith('type=virtio')) {
    r.report('spec-invalid-value', 'error', `xl joins "type=virtio..." with the comma item after it (for type=virtio,deviceN), and with none after it xl crashes. Write the device after it, e.g. type=virtio,device22, or put type= first.`, last.start, last.end);
    return;
  }
  for (let i = 0; i < toks.length; i++) {
    let t = toks[i];
    if (t.text.startsWith('type=virtio')) {
      const next = toks[++i];
      if (!/^device[0-9a-f]*$/.test(next.text)) {
        r.report('spec-invalid-value', 'warning', `xl takes the comma item after "type=virtio..." as part of the type (for type=virtio,deviceN), so '${next.text}' is not read as a parameter. Write the device after type=, e.g. type=virtio,device22.`, next.start, next.end);
      }
      t = { text: `${t.text},${next.text}`, start: t.start, end: next.end };
    }
    const key = known.find((k) => t.text.startsWith(k + '='));
    if (!key) {
      const eq = t.text.indexOf('=');
      const k = eq === -1 ? t.text : t.text.slice(0, eq);
      const { hint, fixes } = suggest(r, 'virtio', k, t.start, known);
      r.report('spec-unknown-subkey', 'error', `Unknown virtio parameter '${k}': xl refuses the config ("Unknown string in virtio spec").${hint}`, t.start, t.start + k.length, fixes);
      return;
    }
    const vs = t.start + key.length + 1;
    const value = t.text.slice(key.length + 1);
    if (key === 'transport' && !['mmio', 'unknown'].includes(value.toLowerCase())) {
      r.report('spec-invalid-value', 'error', `'${value}' is not a virtio transport xl knows: it refuses the config, without a message. The only transport is mmio.`, vs, t.end,
        r.fix('Write mmio', vs, t.end, 'mmio'));
      return;
    }
  }
}

/** arm_sci (4.21, parse_arm_sci_config in xl_parse.c:1287@RELEASE-4.21.0): only type= is read. */
export function checkArmSci(r: SpecReporter): void {
  for (const t of strtok(r.item.text, ',')) {
    if (t.text.startsWith('type=')) {
      const v = t.text.slice(5);
      if (!['none', 'scmi_smc'].includes(v.toLowerCase())) {
        r.report('spec-invalid-value', 'error', `'${v}' is not an Arm SCI type: xl refuses the config ("Unknown ARM_SCI type"). Use none or scmi_smc.`, t.start + 5, t.end,
          closest(v.toLowerCase(), ['none', 'scmi_smc']).flatMap((g) => r.fix(`Write ${g}`, t.start + 5, t.end, g)));
        return;
      }
    } else {
      const bare = ['none', 'scmi_smc'].includes(t.text.toLowerCase());
      r.report('spec-unknown-subkey', 'warning', `xl reads only type= in arm_sci and ignores '${t.text}' without a word.${bare ? ` Did you mean 'type=${t.text}'?` : ''}`, t.start, t.end,
        bare ? r.fix(`Write type=${t.text}`, t.start, t.start, 'type=') : []);
    }
  }
}

// -------------------------------------------------------------------------------------------
// Keys of later releases that the replay does not read itself, from the knowledge table

export function checkGenericSpec(r: SpecReporter, tableName: string): void {
  const table: SpecTable | undefined = r.ctx.kb.spec(tableName);
  if (!table) return;
  const known = table.subkeys.filter((s) => s.kind !== 'positional');
  const toks = tableName === 'virtio' ? joinVirtioType(tokens(r.item.text)) : tokens(r.item.text);
  for (const t of toks) {
    const eq = t.text.indexOf('=');
    const key = eq === -1 ? t.text : t.text.slice(0, eq);
    const sub = r.ctx.kb.subKey(table, key);
    if (!sub || (eq === -1 && sub.kind !== 'flag') || !existsIn(sub, r.ctx.release)) {
      // A bare value of a known parameter ("scmi_smc" for "type=scmi_smc") is a missing "key=".
      const owner = eq === -1 ? known.find((k) => k.values?.some((v) => v.value === key)) : undefined;
      const { hint, fixes } = owner
        ? { hint: ` Did you mean '${owner.key}=${key}'?`, fixes: r.fix(`Write ${owner.key}=${key}`, t.start, t.start, `${owner.key}=`) }
        : suggest(r, tableName, key, t.start, known.filter((k) => existsIn(k, r.ctx.release)).map((k) => k.key));
      // What this release's xl does with it, as the spec table says (refuses, or drops it).
      const how = table.unknownKey === 'error'
        ? `xl ${r.ctx.release} refuses the config`
        : table.unknownKey === 'warning-dropped' ? `xl ${r.ctx.release} prints a warning and drops it` : `xl ${r.ctx.release} ignores it without a word`;
      r.report('spec-unknown-subkey', table.unknownKey === 'error' || table.unknownKey === 'warning-dropped' ? 'error' : 'warning',
        `Unknown ${tableName} parameter '${key}': ${how}.${releaseNote(r.ctx, tableName, key)}${hint}`, t.start, t.start + key.length, fixes);
      if (table.unknownKey === 'error') return;
      continue;
    }
    const value = t.text.slice(eq + 1);
    if (eq !== -1 && sub.values?.length && !sub.openValues && !sub.values.some((v) => v.value === value || (sub.caseInsensitive && v.value.toLowerCase() === value.toLowerCase()))
      && sub.values.every((v) => /^[A-Za-z0-9_.\-]+$/.test(v.value))) {
      r.report('spec-invalid-value', 'warning', `'${value}' is not a valid ${key} for ${tableName}. Valid: ${sub.values.map((v) => v.value).join(', ')}.`, t.start + eq + 1, t.end);
    }
  }
  for (const sub of table.subkeys) {
    if (sub.required && !toks.some((t) => t.text === sub.key || t.text.startsWith(sub.key + '='))) {
      r.whole('spec-missing-required', 'warning', `This ${tableName} spec needs '${sub.key}='.`);
    }
  }
}

/** xl.cfg(5): the one comma allowed inside a virtio value, "type=virtio,device" or "type=virtio,deviceN". */
function joinVirtioType<T extends { text: string; start: number; end: number }>(toks: T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i], next = toks[i + 1];
    if (t.text === 'type=virtio' && next && /^device[0-9a-f]*$/.test(next.text)) {
      out.push({ ...t, text: `${t.text},${next.text}`, end: next.end });
      i++;
    } else out.push(t);
  }
  return out;
}
