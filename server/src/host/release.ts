// The host layer of the release choice (server/src/service/release.ts), for the node doors (CLI,
// language server). "The host" counts only on a Xen control domain (/proc/xen/capabilities says
// control_d): there the installed xl's release is what `xl create` will use. A machine with Xen's tools but no hypervisor (a build box, a CI
// runner, a laptop with a checkout of /etc/xen) is judged by the newest release, never master.
//
// Node-side (reads files): not part of the pure language service.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isXenRelease, XEN_RELEASES, XenRelease } from '../service/knowledge';
import { chooseXenRelease, ReleaseChoice, ReleaseInputs } from '../service/release';

export { describeReleaseChoice, ReleaseChoiceError } from '../service/release';
export type { ReleaseChoice, ReleaseInputs, ReleaseSource } from '../service/release';

/** The precedence order, with this machine (or the fake root `root`, else XLCFG_HOST_ROOT) as the host layer. */
export function resolveXenRelease(inputs: ReleaseInputs & { root?: string } = {}): ReleaseChoice {
  return chooseXenRelease(inputs, () => detectHostRelease(inputs.root ?? (process.env.XLCFG_HOST_ROOT || '/')));
}


/** Whether this machine is a Xen control domain (dom0 or a control-capable domain). */
export function isControlDomain(root = '/'): boolean {
  try {
    return /\bcontrol_d\b/.test(fs.readFileSync(path.join(root, 'proc/xen/capabilities'), 'utf8'));
  } catch {
    return false;
  }
}

/**
 * The release of the xl installed on a control domain, or undefined anywhere else (or when no
 * installed xl can be found). Reads files only: it never runs xl.
 */
export function detectHostRelease(root = '/'): { release: XenRelease; evidence: string } | undefined {
  if (!isControlDomain(root)) return undefined;
  for (const probe of PROBES) {
    const found = probe(root);
    if (found) return { release: nearestRelease(found.major, found.minor), evidence: found.evidence };
  }
  return undefined;
}

interface Found { major: number; minor: number; evidence: string }

const LIB_DIRS = ['usr/lib', 'usr/lib64', 'usr/local/lib', 'usr/local/lib64', 'lib', 'lib64'];

/** The ways a release shows on disk, most direct first. */
const PROBES: ((root: string) => Found | undefined)[] = [
  // Debian and Ubuntu keep each release's tools in /usr/lib/xen-4.X (xl itself is in its bin/).
  (root) => newestMatch(root, ['usr/lib'], /^xen-(\d+)\.(\d+)$/, (dir) => fs.existsSync(path.join(dir, 'bin', 'xl'))),
  // Everyone ships libxenlight with the release in its soname: libxenlight.so.4.20(.0).
  (root) => newestMatch(root, withTriplets(root), /^libxenlight\.so\.(\d+)\.(\d+)(?:\.\d+)*$/),
  // Xen's own version, as the running hypervisor reports it: the tools normally match it.
  (root) => {
    try {
      const major = Number(fs.readFileSync(path.join(root, 'sys/hypervisor/version/major'), 'utf8').trim());
      const minor = Number(fs.readFileSync(path.join(root, 'sys/hypervisor/version/minor'), 'utf8').trim());
      if (Number.isInteger(major) && Number.isInteger(minor)) return { major, minor, evidence: '/sys/hypervisor/version' };
    } catch { /* not there */ }
    return undefined;
  },
];

/** Library folders, with the multiarch ones (usr/lib/x86_64-linux-gnu, usr/lib/aarch64-linux-gnu). */
function withTriplets(root: string): string[] {
  const out = [...LIB_DIRS];
  for (const base of ['usr/lib', 'lib']) {
    try {
      for (const e of fs.readdirSync(path.join(root, base), { withFileTypes: true })) {
        if (e.isDirectory() && /-linux-gnu/.test(e.name)) out.push(`${base}/${e.name}`);
      }
    } catch { /* no such folder */ }
  }
  return out;
}

/** The highest version named by an entry matching `pattern` in one of `dirs`. */
function newestMatch(root: string, dirs: string[], pattern: RegExp, accept: (full: string) => boolean = () => true): Found | undefined {
  let best: Found | undefined;
  for (const dir of dirs) {
    let names: string[];
    try { names = fs.readdirSync(path.join(root, dir)); } catch { continue; }
    for (const name of names) {
      const m = pattern.exec(name);
      if (!m || !accept(path.join(root, dir, name))) continue;
      const found = { major: Number(m[1]), minor: Number(m[2]), evidence: '/' + path.posix.join(dir, name) };
      if (!best || found.major * 1000 + found.minor > best.major * 1000 + best.minor) best = found;
    }
  }
  return best;
}

/** A version as one of our releases: older than 4.4 reads as 4.4, newer than we know as master. */
function nearestRelease(major: number, minor: number): XenRelease {
  const name = `${major}.${minor}`;
  if (isXenRelease(name)) return name;
  const first = XEN_RELEASES[0].split('.').map(Number);
  if (major < first[0] || (major === first[0] && minor < first[1])) return XEN_RELEASES[0];
  return 'master';
}

