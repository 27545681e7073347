// The host the configs of a folder run on, from a saved `xl info` (`key : value` lines): its
// memory and CPUs, for the checks that compare the guests with the host. Without one, those
// checks stay silent.

export interface HostProfile {
  /** total_memory, MiB. */
  memoryMiB: number;
  /** nr_cpus: the physical CPUs (threads) Xen schedules on. */
  cpus: number;
  /** Memory dom0 keeps (dom0_mem= on the Xen command line), MiB, when the profile says. */
  dom0MemoryMiB?: number;
  /** The Xen release the host runs (xen_major.xen_minor), when the profile says. */
  xenRelease?: string;
  /** Where the profile came from (a file name), for messages. */
  source?: string;
}

/** `xl info`'s lines as a map; keys are trimmed, values up to the end of the line. */
export function readXlInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([a-z_][a-z0-9_/]*)\s*:\s?(.*)$/.exec(line);
    if (m && !out.has(m[1])) out.set(m[1], m[2].trim());
  }
  return out;
}

/** A host profile from `xl info` output, or undefined when it lacks total_memory or nr_cpus. */
export function parseHostProfile(text: string, source?: string): HostProfile | undefined {
  const info = readXlInfo(text);
  const memoryMiB = wholeNumber(info.get('total_memory'));
  const cpus = wholeNumber(info.get('nr_cpus'));
  if (memoryMiB === undefined || cpus === undefined || cpus === 0) return undefined;
  const profile: HostProfile = { memoryMiB, cpus, source };
  const dom0 = dom0Memory(info.get('xen_commandline') ?? '');
  if (dom0 !== undefined) profile.dom0MemoryMiB = dom0;
  const major = info.get('xen_major'), minor = info.get('xen_minor');
  if (major && minor && /^[0-9]+$/.test(major) && /^[0-9]+$/.test(minor)) profile.xenRelease = `${major}.${minor}`;
  return profile;
}

function wholeNumber(s: string | undefined): number | undefined {
  return s !== undefined && /^[0-9]+$/.test(s) ? Number(s) : undefined;
}

/**
 * dom0_mem=AMOUNT[,min:…,max:…] on Xen's command line: the amount dom0 starts with. Xen reads a
 * size with a unit suffix (K, M, G, T; kilobytes without one). Other forms (a negative amount,
 * max: alone) say nothing certain about what dom0 keeps.
 */
export function dom0Memory(commandLine: string): number | undefined {
  const m = /(?:^|\s)dom0_mem=([^\s]+)/.exec(commandLine);
  if (!m) return undefined;
  for (const part of m[1].split(',')) {
    const a = /^([0-9]+)([bBkKmMgGtT]?)$/.exec(part);
    if (!a) continue;
    const n = Number(a[1]);
    const unit = a[2].toLowerCase();
    const kib = unit === 'b' ? n / 1024 : unit === 'm' ? n * 1024 : unit === 'g' ? n * 1024 * 1024 : unit === 't' ? n * 1024 * 1024 * 1024 : n;
    return Math.round(kib / 1024);
  }
  return undefined;
}

/** File names of a saved `xl info` that a folder check picks up on its own. */
export const HOST_PROFILE_NAMES = ['xl-info.txt', 'xl-info', 'xl_info.txt'];
