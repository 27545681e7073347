// "Xen: New Guest Config": from a few answers (type, name, memory, vCPUs, boot method, disk,
// bridge) to a complete, commented xl config. Pure and deterministic, so that every combination
// of answers can be checked by our validator and recorded against the real `xl -N create`
// (test/unit/generate.test.ts, scripts/record-generated.mjs).

export type GenGuestType = 'pv' | 'pvh' | 'hvm' | 'arm';
/** kernel: a kernel stored in dom0; pygrub: the guest's own boot menu, read by dom0; firmware: boot code that runs inside the guest. */
export type BootMethod = 'kernel' | 'pygrub' | 'firmware';
export type DiskSource = 'block' | 'raw-file' | 'qcow2-file' | 'none';
export type HvmFirmware = 'bios' | 'uefi';

export interface GuestOptions {
  type: GenGuestType;
  name: string;
  /** MiB. */
  memory: number;
  vcpus: number;
  boot: BootMethod;
  /** HVM firmware boot only; default bios. */
  firmware?: HvmFirmware;
  /** Direct kernel boot: host paths (defaults depend on the type). */
  kernel?: string;
  ramdisk?: string;
  disk: DiskSource;
  /** Host path of the disk; default derived from the name. */
  diskPath?: string;
  /** Bridge for one network card; empty or absent for none. */
  bridge?: string;
}

export interface GuestTypeInfo {
  type: GenGuestType;
  label: string;
  detail: string;
  boots: BootMethod[];
  /** What "firmware" means for this type, for the pick list. */
  firmwareLabel?: string;
}

export const GUEST_TYPES: readonly GuestTypeInfo[] = [
  { type: 'pvh', label: 'PVH', detail: 'Hardware virtualisation without an emulated PC: the usual choice for a modern Linux or FreeBSD guest.', boots: ['kernel', 'pygrub', 'firmware'], firmwareLabel: 'GRUB built for PVH, loaded as the kernel' },
  { type: 'pv', label: 'PV', detail: 'Paravirtualised: the guest kernel is Xen-aware and needs no CPU virtualisation extensions.', boots: ['kernel', 'pygrub', 'firmware'], firmwareLabel: 'PV-GRUB (pvgrub64), reads the guest\'s own grub.cfg' },
  { type: 'hvm', label: 'HVM', detail: 'Full virtualisation with an emulated PC (QEMU in dom0): for Windows and unmodified systems.', boots: ['firmware', 'kernel'], firmwareLabel: 'BIOS (SeaBIOS) or UEFI (OVMF)' },
  { type: 'arm', label: 'Arm', detail: 'A guest for an Arm (arm64) Xen host: PVH-like, booting a kernel Image from dom0.', boots: ['kernel'] },
];

export const BOOT_LABELS: Record<BootMethod, string> = {
  kernel: 'Direct kernel boot (kernel and initrd stored in dom0)',
  pygrub: 'pygrub (dom0 reads the boot menu from the guest\'s disk)',
  firmware: 'Firmware inside the guest',
};

export const DISK_LABELS: Record<DiskSource, string> = {
  block: 'Block device (LVM volume, partition, disk)',
  'raw-file': 'Raw image file',
  'qcow2-file': 'qcow2 image file (served by QEMU)',
  none: 'No disk',
};

export interface OptionProblem { field: keyof GuestOptions; message: string }

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Absolute host path with nothing a quoted xl string or a disk spec would misread. */
const PATH_RE = /^\/[^\s"'\\,=]*$/;
/** A Linux interface name. */
const BRIDGE_RE = /^[A-Za-z0-9_.-]{1,15}$/;
export const LIMITS = { memoryMin: 32, memoryMax: 16 * 1024 * 1024, vcpusMin: 1, vcpusMax: 128 } as const;

export function typeInfo(type: GenGuestType): GuestTypeInfo {
  return GUEST_TYPES.find((t) => t.type === type) ?? GUEST_TYPES[0];
}

/** Disk sources that make sense with this boot method: pygrub and firmware boot from the disk. */
export function diskSourcesFor(boot: BootMethod): DiskSource[] {
  return boot === 'kernel' ? ['block', 'raw-file', 'qcow2-file', 'none'] : ['block', 'raw-file', 'qcow2-file'];
}

export function defaultDiskPath(name: string, disk: DiskSource): string {
  const n = NAME_RE.test(name) ? name : 'guest';
  return disk === 'block' ? `/dev/vg0/${n}` : disk === 'qcow2-file' ? `/var/lib/xen/images/${n}.qcow2` : `/var/lib/xen/images/${n}.img`;
}

export function defaultKernel(type: GenGuestType): { kernel: string; ramdisk: string } {
  return type === 'arm' ? { kernel: '/var/lib/xen/boot/Image', ramdisk: '/var/lib/xen/boot/initrd.img' } : { kernel: '/var/lib/xen/boot/vmlinuz', ramdisk: '/var/lib/xen/boot/initrd.img' };
}

/** Everything wrong with the options, per field; empty when `generateGuest` will succeed. */
export function validateGuestOptions(input: Partial<GuestOptions>): OptionProblem[] {
  // Options arrive from a client as JSON: anything may come.
  const o: Partial<GuestOptions> = input && typeof input === 'object' ? input : {};
  const problems: OptionProblem[] = [];
  const p = (field: keyof GuestOptions, message: string) => problems.push({ field, message });
  const info = GUEST_TYPES.find((t) => t.type === o.type);
  if (!info) p('type', 'Choose one of PV, PVH, HVM or Arm.');
  if (typeof o.name !== 'string' || !NAME_RE.test(o.name)) {
    p('name', 'Use 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.');
  }
  if (!Number.isInteger(o.memory) || o.memory! < LIMITS.memoryMin || o.memory! > LIMITS.memoryMax) {
    p('memory', `Give the memory in MiB as a whole number from ${LIMITS.memoryMin} to ${LIMITS.memoryMax}.`);
  }
  if (!Number.isInteger(o.vcpus) || o.vcpus! < LIMITS.vcpusMin || o.vcpus! > LIMITS.vcpusMax) {
    p('vcpus', `Give the number of vCPUs as a whole number from ${LIMITS.vcpusMin} to ${LIMITS.vcpusMax}.`);
  }
  if (info && (!o.boot || !info.boots.includes(o.boot))) p('boot', `A ${info.label} guest boots with: ${info.boots.join(', ')}.`);
  if (o.firmware !== undefined && (o.type !== 'hvm' || o.boot !== 'firmware' || !['bios', 'uefi'].includes(o.firmware))) {
    p('firmware', 'A firmware choice (bios or uefi) applies to HVM guests booting from firmware only.');
  }
  for (const f of ['kernel', 'ramdisk', 'diskPath'] as const) {
    if (o[f] !== undefined && o[f] !== '' && !PATH_RE.test(o[f]!)) p(f, 'Give an absolute host path without spaces, quotes, commas, "=" or backslashes.');
  }
  if ((o.kernel || o.ramdisk) && o.boot !== 'kernel') p('kernel', 'A kernel path applies to direct kernel boot only.');
  if (!o.disk || !(o.disk in DISK_LABELS)) p('disk', 'Choose a block device, a raw or qcow2 image file, or no disk.');
  else if (o.boot && !diskSourcesFor(o.boot).includes(o.disk)) p('disk', `${o.boot === 'pygrub' ? 'pygrub' : 'Firmware'} boots from the guest's disk, so the guest needs one.`);
  if (o.disk === 'none' && o.diskPath) p('diskPath', 'No disk was chosen, so there is no disk path.');
  if (o.bridge !== undefined && o.bridge !== '' && !BRIDGE_RE.test(o.bridge)) p('bridge', 'A bridge name has 1 to 15 letters, digits, dots, dashes or underscores.');
  return problems;
}

export class GuestOptionsError extends Error {
  constructor(readonly problems: OptionProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('\n'));
  }
}

/** The config text. Throws GuestOptionsError when the options do not validate. */
export function generateGuest(o: GuestOptions): string {
  const problems = validateGuestOptions(o);
  if (problems.length) throw new GuestOptionsError(problems);
  const info = typeInfo(o.type);
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  const q = (s: string) => `"${s}"`;

  line(`# ${o.name}: ${info.label} guest, written by "Xen: New Guest Config".`);
  line(`# Start it with: xl create /etc/xen/${o.name}.cfg`);
  if (o.type === 'arm') {
    line('#');
    line('# For an Arm (arm64) host. On Arm every guest is of the PVH kind: the CPU\'s');
    line('# virtualisation extensions, Xen PV devices, and no emulated PC.');
  }
  line();
  line(`name = ${q(o.name)}`);
  line(`type = ${q(o.type === 'arm' ? 'pvh' : o.type)}`);
  line();

  // Boot
  const rootDev = o.disk === 'none' ? undefined : '/dev/xvda1';
  if (o.boot === 'kernel') {
    const d = defaultKernel(o.type);
    const con = o.type === 'hvm' ? 'ttyS0' : 'hvc0';
    line(o.type === 'hvm'
      ? '# Direct kernel boot: QEMU loads this kernel and initrd from dom0, skipping the firmware.'
      : '# Direct kernel boot: the kernel and initrd are files in dom0, not in the guest.');
    line(`kernel = ${q(o.kernel || d.kernel)}`);
    line(`ramdisk = ${q(o.ramdisk || d.ramdisk)}`);
    line(`cmdline = ${q(`${rootDev ? `root=${rootDev} ro ` : ''}console=${con}`)}`);
  } else if (o.boot === 'pygrub') {
    line('# pygrub runs in dom0 before the guest starts and picks the kernel from the');
    line('# boot menu on the guest\'s own disk, so the guest can update its kernel.');
    line('bootloader = "pygrub"');
  } else if (o.type === 'pv') {
    line('# PV-GRUB runs inside the guest and boots the kernel named in its own grub.cfg.');
    line('firmware = "pvgrub64"');
  } else if (o.type === 'pvh') {
    line('# A GRUB built for PVH (Debian: grub-xen-host) runs inside the guest as its');
    line('# kernel and boots the kernel named in the guest\'s own grub.cfg.');
    line('kernel = "/usr/lib/grub-xen/grub-i386-xen_pvh.bin"');
  } else if (o.firmware === 'uefi') {
    line('# UEFI firmware (OVMF) boots the system installed on the disk.');
    line('firmware = "uefi"');
  } else {
    line('# BIOS firmware (SeaBIOS) boots the system installed on the disk.');
    line('firmware = "bios"');
  }
  line();

  // Resources
  line('# Memory in MiB, and the number of virtual CPUs.');
  line(`memory = ${o.memory}`);
  line(`vcpus = ${o.vcpus}`);
  line();

  // Disk
  if (o.disk !== 'none') {
    const target = o.diskPath || defaultDiskPath(o.name, o.disk);
    const format = o.disk === 'qcow2-file' ? 'qcow2' : 'raw';
    line(o.disk === 'block' ? '# The guest\'s disk: a block device in dom0, served by the blkback driver.'
      : o.disk === 'raw-file' ? '# The guest\'s disk: a raw image file in dom0.'
        : '# The guest\'s disk: a qcow2 image file in dom0, served by QEMU (qdisk).');
    line(`disk = [ "format=${format}, vdev=xvda, access=rw, target=${target}" ]`);
    line();
  }

  // Network
  if (o.bridge) {
    line(`# One network card, joined to the bridge ${o.bridge} in dom0. The MAC address is`);
    line('# fixed (Xen\'s prefix 00:16:3e, the rest derived from the name) so that the');
    line('# guest keeps it across restarts; change it if two guests clash.');
    line(`vif = [ "mac=${macFor(o.name)}, bridge=${o.bridge}" ]`);
    line();
  }

  if (o.type === 'hvm') {
    line('# Graphical console over VNC, reachable from dom0 only: xl vncviewer ' + o.name);
    line('vnc = 1');
    line('vnclisten = "127.0.0.1"');
    line('# Serial console on a pseudo terminal: xl console -t serial ' + o.name);
    line('serial = [ "pty" ]');
    line();
  }

  line('# What xl does when the guest powers off, reboots or crashes.');
  line('on_poweroff = "destroy"');
  line('on_reboot = "restart"');
  line('on_crash = "restart"');
  return out.join('\n') + '\n';
}

/** A stable MAC in Xen's OUI from the guest name (FNV-1a); the first free octet stays below 0x80. */
export function macFor(name: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const b = [(h >>> 16) & 0x7f, (h >>> 8) & 0xff, h & 0xff].map((x) => x.toString(16).padStart(2, '0'));
  return `00:16:3e:${b.join(':')}`;
}

/**
 * Every combination of the choices the command offers (type, boot method, HVM firmware, disk
 * source, with and without a network), with fixed name, memory and vCPUs: the set the tests run
 * through our validator and the real xl.
 */
export function generatorCombinations(): { id: string; options: GuestOptions }[] {
  const out: { id: string; options: GuestOptions }[] = [];
  for (const info of GUEST_TYPES) {
    for (const boot of info.boots) {
      const firmwares: (HvmFirmware | undefined)[] = info.type === 'hvm' && boot === 'firmware' ? ['bios', 'uefi'] : [undefined];
      for (const firmware of firmwares) {
        for (const disk of diskSourcesFor(boot)) {
          for (const bridge of ['xenbr0', '']) {
            const options: GuestOptions = { type: info.type, name: `gen-${info.type}`, memory: info.type === 'hvm' ? 2048 : 1024, vcpus: 2, boot, disk, bridge };
            if (firmware) options.firmware = firmware;
            const id = [info.type, boot + (firmware ? `-${firmware}` : ''), disk, bridge ? 'net' : 'nonet'].join('_');
            out.push({ id, options });
          }
        }
      }
    }
  }
  return out;
}

/** What the command's pick lists offer, with their defaults: sent to the client once. */
export function generatorChoices() {
  return {
    types: GUEST_TYPES,
    bootLabels: BOOT_LABELS,
    diskLabels: DISK_LABELS,
    diskSourcesByBoot: { kernel: diskSourcesFor('kernel'), pygrub: diskSourcesFor('pygrub'), firmware: diskSourcesFor('firmware') } as Record<BootMethod, DiskSource[]>,
    kernels: Object.fromEntries(GUEST_TYPES.map((t) => [t.type, defaultKernel(t.type)])) as Record<GenGuestType, { kernel: string; ramdisk: string }>,
    defaults: { memory: { pv: 1024, pvh: 1024, hvm: 2048, arm: 1024 } as Record<GenGuestType, number>, vcpus: 2, bridge: 'xenbr0' },
    limits: LIMITS,
  };
}
export type GeneratorChoices = ReturnType<typeof generatorChoices>;

/** Problems of the (partial) options, and the paths that would be used when none is given. */
export function checkGuestOptions(input: Partial<GuestOptions>): { problems: OptionProblem[]; diskPath?: string } {
  const o: Partial<GuestOptions> = input && typeof input === 'object' ? input : {};
  const disk = typeof o.disk === 'string' && o.disk in DISK_LABELS && o.disk !== 'none' ? o.disk : undefined;
  return { problems: validateGuestOptions(o), diskPath: disk ? defaultDiskPath(typeof o.name === 'string' ? o.name : '', disk) : undefined };
}
