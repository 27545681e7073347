// The disk spec parser of xl 4.17 (libxlu_disk_l.l, a flex scanner, and libxlu_disk.c), ported
// rule for rule: flex picks the longest match (counting trailing context), the first rule on a
// tie, and errors do not stop the scan unless the rule returns. The result says what xl would
// print; the caller turns it into diagnostics.

import { atLeast, knowledge, type XenRelease } from '../../knowledge';
import { atoi } from './clib';

export type DiskFormat = 'raw' | 'qcow' | 'qcow2' | 'vhd' | 'empty' | 'qed';

export interface DiskError {
  /** xl's own message text (for mapping to our wording). */
  message: string;
  /** What xl quotes after "near", as offsets in the spec, when it quotes something. */
  near?: [number, number];
  /** The rule that raised it. */
  kind:
    | 'format' | 'access' | 'backendtype' | 'specification' | 'colo-port' | 'devtype' | 'deprecated-type'
    | 'respecified' | 'unknown-parameter' | 'unknown-prefix' | 'too-many-positional' | 'bad-syntax'
    | 'no-vdev' | 'no-target';
  /** For format errors: whether the value came from a positional field. */
  positional?: boolean;
  /** For respecified: which field, and the text that set it first. */
  field?: string;
  first?: string;
  /** The spec had a deprecated prefix (phy:, qcow2:...), which skips the format field. */
  prefixed?: boolean;
}

export interface DiskField { value: string; start: number; end: number }

export interface DiskResult {
  errors: DiskError[];
  target?: DiskField;
  vdev?: DiskField;
  format?: DiskFormat;
  formatField?: DiskField;
  access?: DiskField;
  cdrom: boolean;
  hadPrefix: boolean;
  /** Each parameter as the scanner split it (for sub-key checks that xl does not make). */
  tokens: { text: string; start: number; end: number; rule: string }[];
}

/**
 * `since`: the first release whose scanner has the rule (libxlu_disk_l.c as built). A rule named
 * after a disk parameter takes it from the knowledge table (specs.yaml), which says when each
 * parameter came: one place for the fact.
 */
interface Rule { name: string; re: RegExp; trail?: RegExp; since?: XenRelease }

const DISK_PARAMETERS = knowledge.spec('disk');
const R = (name: string, re: string, trail?: string): Rule => ({
  name, re: new RegExp(re, 'y'), trail: trail !== undefined ? new RegExp(trail, 'y') : undefined,
  since: DISK_PARAMETERS && knowledge.subKey(DISK_PARAMETERS, name)?.since,
});

// [^,] and [^=,] match a newline in flex; '.' does not.
const RULES: Rule[] = [
  R('ws', '[ \\t\\n]+', '(?:[^ \\t\\n].*)?'),
  R('format', 'format=[^,]*,?'),
  R('cdrom', 'cdrom,?'),
  R('devtype-cdrom', 'devtype=cdrom,?'),
  R('devtype-disk', 'devtype=disk,?'),
  R('devtype-bad', 'devtype=[^,]*,?'),
  R('access', 'access=[^,]*,?'),
  R('backend', 'backend=[^,]*,?'),
  R('backendtype', 'backendtype=[^,]*,?'),
  R('specification', 'specification=[^,]*,?'),
  R('vdev', 'vdev=[^,]*,?'),
  R('script', 'script=[^,]*,?'),
  R('direct-io-safe', 'direct-io-safe,?'),
  R('discard', 'discard,?'),
  R('no-discard', 'no-discard,?'),
  R('colo', 'colo,?'),
  R('no-colo', 'no-colo,?'),
  R('colo-host', 'colo-host=[^,]*,?'),
  R('colo-port', 'colo-port=[^,]*,?'),
  R('colo-export', 'colo-export=[^,]*,?'),
  R('active-disk', 'active-disk=[^,]*,?'),
  R('hidden-disk', 'hidden-disk=[^,]*,?'),
  // trusted/untrusted are in libxlu_disk_l.l from 4.17, but the generated scanner that releases
  // ship (libxlu_disk_l.c) has them only from 4.19, with grant_usage (libxlu_disk_l.l:223@RELEASE-4.19.0):
  // specs.yaml says 4.19.
  R('trusted', 'trusted,?'),
  R('untrusted', 'untrusted,?'),
  R('grant_usage', 'grant_usage=[01],?'),
  R('target', 'target=.*'),
  R('unknown', '[a-z][-a-z0-9]*=[^,],?'),
  R('prefix-format', '(?:raw|qcow2?|vhd):', '.*'),
  R('prefix-script', '(?:iscsi|e?nbd|drbd):', '.*'),
  R('prefix', '(?:tapdisk|tap2?|aio|ioemu|file|phy):', '.*'),
  R('prefix-unknown', '[a-z][a-z0-9]*:', '(?:[^a-z0-9].*)?'),
  R('positional-comma', '[^=,]*,'),
  R('positional', '[^=,]+,?'),
];

const FORMATS: Record<string, DiskFormat> = { '': 'raw', raw: 'raw', qcow: 'qcow', qcow2: 'qcow2', vhd: 'vhd', empty: 'empty', qed: 'qed' };

/**
 * Results of recent specs: an edit changes one line, and validating again scans every disk of
 * the file again (thousands in big configs). Results are read-only to their users.
 */
const recent = new Map<string, DiskResult>();
const RECENT_MAX = 4096;

/**
 * Parses one disk spec the way the xl of `release` does (true: 4.19, whose scanner added
 * trusted/untrusted/grant_usage; false: 4.17). Nothing changed from 4.19 to 4.22.
 */
export function parseDisk(spec: string, release: XenRelease | boolean = false): DiskResult {
  const rel: XenRelease = release === true ? '4.19' : release === false ? '4.17' : release;
  const key = rel + '\0' + spec;
  const hit = recent.get(key);
  if (hit) return hit;
  const res = scanDisk(spec, rel);
  if (spec.length <= 4096) {
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
    recent.set(key, res);
  }
  return res;
}

function scanDisk(spec: string, release: XenRelease): DiskResult {
  const res: DiskResult = { errors: [], cdrom: false, hadPrefix: false, tokens: [] };
  let err = false;
  let accessSet = false;
  let removable = false;
  let format: DiskFormat | undefined;
  let backendtype: string | undefined;
  let specification: string | undefined;
  const strings: Record<string, DiskField | undefined> = {};

  const fail = (e: DiskError) => { res.errors.push(e); err = true; };
  const saveString = (what: string, value: string, start: number, end: number) => {
    const cur = what === 'target' ? res.target : what === 'vdev' ? res.vdev : strings[what];
    if (cur && cur.value !== '') { fail({ message: `${what} respecified`, kind: 'respecified', field: what, first: cur.value, near: [start, end] }); return; }
    const f = { value, start, end };
    if (what === 'target') res.target = f; else if (what === 'vdev') res.vdev = f; else strings[what] = f;
  };
  const setFormat = (value: string, start: number, end: number, positional: boolean) => {
    const f = FORMATS[value];
    if (f === undefined) { fail({ message: 'unknown value for format', kind: 'format', near: [start, end], positional }); return; }
    if (format !== undefined && format !== f) { fail({ message: 'format respecified', kind: 'respecified', field: 'format', near: [start, end] }); return; }
    format = f;
    res.formatField = { value, start, end };
  };
  const setEnum = (kind: 'backendtype' | 'specification', value: string, allowed: string[], start: number, end: number) => {
    if (!allowed.includes(value)) { fail({ message: `unknown value for ${kind}`, kind, near: [start, end] }); return; }
    const cur = kind === 'backendtype' ? backendtype : specification;
    if (cur !== undefined && cur !== value) { fail({ message: `${kind === 'backendtype' ? 'backend' : 'specification'} respecified`, kind: 'respecified', field: kind, near: [start, end] }); return; }
    if (kind === 'backendtype') backendtype = value; else specification = value;
  };
  const setAccess = (value: string, start: number, end: number) => {
    if (['r', 'ro', 'rw', 'w', ''].includes(value)) { res.access = { value, start, end }; return; }
    fail({ message: 'unknown value for access', kind: 'access', near: [start, end], prefixed: res.hadPrefix });
  };
  /** vdev_and_devtype(): "hdc:cdrom" as a positional vdev. */
  const vdevAndDevtype = (text: string, start: number): boolean => {
    const colon = text.lastIndexOf(':');
    if (colon === -1) return false;
    saveString('vdev', text.slice(0, colon), start, start + colon);
    const type = text.slice(colon + 1);
    if (type === 'cdrom') res.cdrom = true;
    else if (type === 'disk') res.cdrom = false;
    else fail({ message: 'unknown deprecated type', kind: 'deprecated-type', near: [start + colon + 1, start + text.length] });
    return true;
  };

  let p = 0;
  scan: while (p < spec.length) {
    let best: Rule | undefined;
    let bestLen = -1;
    let bestText = 0;
    for (const rule of RULES) {
      if (rule.since && !atLeast(release, rule.since)) continue;
      rule.re.lastIndex = p;
      const m = rule.re.exec(spec);
      if (!m) continue;
      let len = m[0].length;
      if (rule.trail) {
        rule.trail.lastIndex = p + len;
        const t = rule.trail.exec(spec);
        if (!t) continue;
        len += t[0].length;
      }
      if (len > bestLen && m[0].length > 0) { best = rule; bestLen = len; bestText = m[0].length; }
    }
    if (!best) {
      // '.' then <LEXERR>.*: "bad disk syntax" with the rest of the line, and the scan stops.
      // A bad last character meets the end of the input in LEXERR: no message, the scan ends.
      if (spec[p] === '\n') { p++; continue; }
      let e = spec.indexOf('\n', p + 1);
      if (e === -1) e = spec.length;
      if (e > p + 1) fail({ message: 'bad disk syntax', kind: 'bad-syntax', near: [p, e] });
      break;
    }
    const start = p;
    let text = spec.slice(p, p + bestText);
    p += bestText;
    const strip = (delim: string) => { if (text.endsWith(delim)) text = text.slice(0, -1); };
    const eq = () => text.indexOf('=') + 1;
    const valueOf = () => ({ value: text.slice(eq()), vs: start + eq(), ve: start + text.length });
    if (best.name !== 'ws') res.tokens.push({ text: spec.slice(start, start + bestText), start, end: start + bestText, rule: best.name });
    switch (best.name) {
      case 'ws': break;
      case 'format': { strip(','); const v = valueOf(); setFormat(v.value, v.vs, v.ve, false); break; }
      case 'cdrom': case 'devtype-cdrom': res.cdrom = true; break;
      case 'devtype-disk': res.cdrom = false; break;
      case 'devtype-bad': fail({ message: 'unknown value for type', kind: 'devtype', near: [start, start + text.length] }); break;
      case 'access': { strip(','); const v = valueOf(); setAccess(v.value, v.vs, v.ve); break; }
      case 'backend': case 'vdev': case 'script': case 'colo-host': case 'colo-export': case 'active-disk': case 'hidden-disk': {
        strip(','); const v = valueOf(); saveString(best.name === 'backend' ? 'backend' : best.name, v.value, v.vs, v.ve); break;
      }
      case 'backendtype': { strip(','); const v = valueOf(); setEnum('backendtype', v.value, ['phy', 'tap', 'qdisk', 'standalone'], v.vs, v.ve); break; }
      case 'specification': { strip(','); const v = valueOf(); setEnum('specification', v.value, ['xen', 'virtio'], v.vs, v.ve); break; }
      case 'colo-port': {
        strip(','); const v = valueOf();
        if (atoi(v.value) === 0) fail({ message: 'unknown value for colo_port', kind: 'colo-port', near: [v.vs, v.ve] });
        break;
      }
      case 'direct-io-safe': case 'discard': case 'no-discard': case 'colo': case 'no-colo': case 'trusted': case 'untrusted': case 'grant_usage': break;
      case 'target': { strip(','); const v = valueOf(); saveString('target', v.value, v.vs, v.ve); break; }
      case 'unknown': fail({ message: 'unknown parameter', kind: 'unknown-parameter', near: [start, start + text.length] }); break;
      case 'prefix-format': strip(':'); res.hadPrefix = true; setFormat(text, start, start + text.length, false); break;
      case 'prefix-script': {
        strip(':'); res.hadPrefix = true;
        const cur = strings.script;
        if (cur && cur.value !== '') fail({ message: 'script respecified', kind: 'respecified', field: 'script', near: [start, start + text.length] });
        else strings.script = { value: `block-${text}`, start, end: start + text.length };
        break;
      }
      case 'prefix': res.hadPrefix = true; break;
      case 'prefix-unknown': fail({ message: 'unknown deprecated disk prefix', kind: 'unknown-prefix', near: [start, start + text.length] }); break scan;
      case 'positional-comma': case 'positional': {
        strip(',');
        const end = start + text.length;
        if (err) break;
        if (!res.target) saveString('target', text, start, end);
        else if (!res.hadPrefix && format === undefined) {
          if (res.target.value === '' && vdevAndDevtype(text, start)) format = 'empty';
          else setFormat(text, start, end, true);
        } else if (!res.vdev) {
          if (!vdevAndDevtype(text, start)) saveString('vdev', text, start, end);
        } else if (!accessSet) {
          accessSet = true;
          setAccess(text, start, end);
        } else {
          fail({ message: 'too many positional parameters', kind: 'too-many-positional', near: [start, end] });
          break scan;
        }
        break;
      }
    }
  }
  if (!err) {
    if (res.cdrom) removable = true;
    if (!res.vdev) fail({ message: 'no vdev specified', kind: 'no-vdev' });
    else if (!res.target && !removable) fail({ message: 'no target specified (and device not removable)', kind: 'no-target' });
  }
  res.format = format ?? 'raw';
  if (res.cdrom && (!res.target || res.target.value === '')) res.format = 'empty';
  return res;
}
