// Which Xen release to judge a config by. Every door (CLI, language server) resolves the
// user's choice here, so they all follow one precedence order:
//
//   command-line flag  >  project file  >  editor setting  >  the host  >  the newest release
//
// A layer set to `auto` (or not set) passes the choice on to the next. "The host" counts only on
// a Xen control domain (/proc/xen/capabilities says control_d): there the installed xl's release
// is what `xl create` will use. A machine with Xen's tools but no hypervisor (a build box, a CI
// runner, a laptop with a checkout of /etc/xen) is judged by the newest release, never master.
//
// Node-side (reads files): not part of the pure language service.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isXenRelease, NEWEST_RELEASE, XEN_RELEASES, XenRelease } from '../service/knowledge';

export type ReleaseSource = 'flag' | 'project-file' | 'editor-setting' | 'host' | 'newest';

export interface ReleaseChoice {
  release: XenRelease;
  source: ReleaseSource;
  /** What decided it, for people: "--xen-version", "/srv/xen/.xlcfg.json", "/usr/lib/xen-4.20". */
  detail?: string;
}

export interface ReleaseInputs {
  /** `--xen-version` */
  flag?: string;
  /** The project file's `xenVersion`, and the file it came from. */
  projectFile?: { value?: string; file: string };
  /** `xlcfg.xenVersion` */
  editorSetting?: string;
  /** The file system root host detection reads: XLCFG_HOST_ROOT, else / (tests use a fake root). */
  root?: string;
}

/** Thrown for a release name that is neither a known release nor `auto`: doors print it. */
export class ReleaseChoiceError extends Error {}

const AUTO = 'auto';

function checked(value: string | undefined, where: string): XenRelease | undefined {
  if (value === undefined || value === AUTO || value === '') return undefined;
  if (isXenRelease(value)) return value;
  throw new ReleaseChoiceError(`${where}: '${value}' is not a Xen release this tool knows. Use one of ${XEN_RELEASES.join(', ')}, or auto.`);
}

export function resolveXenRelease(inputs: ReleaseInputs = {}): ReleaseChoice {
  const flag = checked(inputs.flag, '--xen-version');
  if (flag) return { release: flag, source: 'flag', detail: '--xen-version' };
  const project = checked(inputs.projectFile?.value, inputs.projectFile?.file ?? 'project file');
  if (project) return { release: project, source: 'project-file', detail: inputs.projectFile!.file };
  const editor = checked(inputs.editorSetting, 'xlcfg.xenVersion');
  if (editor) return { release: editor, source: 'editor-setting', detail: 'xlcfg.xenVersion' };
  const host = detectHostRelease(inputs.root ?? (process.env.XLCFG_HOST_ROOT || '/'));
  if (host) return { release: host.release, source: 'host', detail: host.evidence };
  return { release: NEWEST_RELEASE, source: 'newest' };
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

/** One line for people: "Xen 4.20 (from the host: /usr/lib/xen-4.20)". */
export function describeReleaseChoice(c: ReleaseChoice): string {
  const what = c.release === 'master' ? 'Xen master (development)' : `Xen ${c.release}`;
  switch (c.source) {
    case 'flag': return `${what} (--xen-version)`;
    case 'project-file': return `${what} (project file ${c.detail})`;
    case 'editor-setting': return `${what} (setting xlcfg.xenVersion)`;
    case 'host': return `${what} (the host's xl: ${c.detail})`;
    case 'newest': return `${what} (the newest release; set a release to judge by another)`;
  }
}
