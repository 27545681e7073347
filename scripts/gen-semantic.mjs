#!/usr/bin/env node
// Generates the semantic conformance inputs: test/semantic/cases/<group>/<name>.cfg.
//
//   node scripts/gen-semantic.mjs            # (re)write every generated case
//   node scripts/gen-semantic.mjs --check    # exit 1 if a generated file is missing or differs
//
// Each case is a valid base config (PV, PVH or HVM) with a few lines changed, added or removed:
// wrong enums, bad numbers, bad MACs, bad disk/vif/pci specs, bad CPU lists, missing names, keys
// for another guest type, deprecated forms, cross-field conflicts... The oracle's own probes
// (../shared/oracle/sem/*.cfg) are copied into probes/ when ../shared is there. Output is
// deterministic: unchanged cases stay byte-identical, so `npm run semantic:record` only re-runs
// xl on what changed. Corpus files are not copied: the tests read them in place.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'test', 'semantic', 'cases');
const SEM = path.resolve(ROOT, '..', 'shared', 'oracle', 'sem');
const check = process.argv.includes('--check');

const BASES = {
  pv: [
    ['name', '"sem-pv"'],
    ['type', '"pv"'],
    ['memory', '512'],
    ['vcpus', '2'],
    ['kernel', '"/boot/vmlinuz"'],
    ['ramdisk', '"/boot/initrd.img"'],
    ['cmdline', '"root=/dev/xvda1 ro console=hvc0"'],
    ['disk', '[ "phy:/dev/vg/sem-pv,xvda,w" ]'],
    ['vif', '[ "bridge=xenbr0,mac=00:16:3e:10:20:30" ]'],
    ['on_crash', '"restart"'],
  ],
  pvh: [
    ['name', '"sem-pvh"'],
    ['type', '"pvh"'],
    ['memory', '1024'],
    ['vcpus', '2'],
    ['kernel', '"/boot/vmlinuz"'],
    ['cmdline', '"root=/dev/xvda1 ro"'],
    ['disk', '[ "format=raw, vdev=xvda, access=rw, target=/dev/vg/sem-pvh" ]'],
    ['vif', '[ "bridge=xenbr0" ]'],
  ],
  hvm: [
    ['name', '"sem-hvm"'],
    ['type', '"hvm"'],
    ['memory', '2048'],
    ['vcpus', '2'],
    ['disk', '[ "file:/var/lib/xen/images/sem-hvm.img,hda,w", ",,hdc:cdrom,r" ]'],
    ['vif', '[ "type=ioemu,model=e1000,bridge=xenbr0,mac=00:16:3e:aa:bb:cc" ]'],
    ['boot', '"dc"'],
    ['vnc', '1'],
    ['on_reboot', '"restart"'],
  ],
};

/**
 * A case: [group, name, base, edits, note]. Edits: { key: value } sets (replacing the base's
 * line or appending), { key: null } removes, and a string is appended as raw lines.
 */
const CASES = [];
const add = (group, name, base, edits = [], note = '') => CASES.push({ group, name, base, edits: Array.isArray(edits) ? edits : [edits], note });

// ---- valid configs and valid variants (xl accepts them; we must not report an error)
add('valid', 'pv-base', 'pv');
add('valid', 'pvh-base', 'pvh');
add('valid', 'hvm-base', 'hvm');
add('valid', 'memory-hex', 'pvh', { memory: '0x400' });
add('valid', 'memory-octal', 'pvh', { memory: '01000' });
add('valid', 'memory-quoted', 'pvh', { memory: '"1024"' });
add('valid', 'memory-leading-space', 'pvh', { memory: '" 1024"' });
add('valid', 'pv-bootloader', 'pv', { kernel: null, ramdisk: null, cmdline: null, bootloader: '"pygrub"' });
add('valid', 'pv-pvgrub64', 'pv', { kernel: null, ramdisk: null, cmdline: null, firmware: '"pvgrub64"' });
add('valid', 'pvh-bootloader-args-list', 'pvh', { kernel: null, cmdline: null, bootloader: '"pygrub"', bootloader_args: '[ "-q", "--entry=1" ]' });
add('valid', 'cpus-ranges', 'pvh', { vcpus: '4', cpus: '"0-3,^1"' });
add('valid', 'cpus-per-vcpu', 'pvh', { vcpus: '2', cpus: '[ "0", "1-3" ]' });
add('valid', 'cpus-all-soft', 'hvm', { vcpus: '4', maxvcpus: '8', cpus: '"all"', cpus_soft: '"0-1"' });
add('valid', 'cpus-nodes0', 'hvm', { cpus: '"nodes:0"' });
add('valid', 'maxvcpus', 'pvh', { vcpus: '2', maxvcpus: '4' });
add('valid', 'hvm-full', 'hvm', { bios: '"seabios"', acpi: '1', apic: '1', pae: '1', hpet: '1', viridian: '[ "defaults" ]', vga: '"stdvga"', videoram: '16', serial: '"pty"', usb: '1', usbdevice: '[ "tablet" ]', hdtype: '"ahci"', tsc_mode: '"default"' });
add('valid', 'hvm-uefi', 'hvm', { firmware: '"uefi"', bios: null });
add('valid', 'hvm-case-insensitive-enums', 'hvm', { bios: '"SeaBIOS"', hdtype: '"AHCI"', tsc_mode: '"Native"', altp2m: '"Mixed"', gfx_passthru: '"IGD"' });
add('valid', 'on-actions', 'pvh', { on_poweroff: '"destroy"', on_reboot: '"restart"', on_watchdog: '"coredump-destroy"', on_crash: '"preserve"', on_soft_reset: '"soft-reset"' });
add('valid', 'disk-forms', 'pvh', { disk: '[ "phy:/dev/vg/a,xvda,w", "/img/b.raw,raw,xvdb,ro", "format=qcow2, vdev=xvdc, target=/img/c.qcow2", "tap:aio:/img/d,xvdd,w", "vdev=xvde,backendtype=qdisk,target=/img/e" ]' });
add('valid', 'disk-cdrom-empty', 'hvm', { disk: '[ "file:/img/a,hda,w", ",,hdc:cdrom,r", "devtype=cdrom,vdev=hdd,access=r,target=/iso/x.iso" ]' });
add('valid', 'vif-forms', 'pvh', { vif: '[ "mac=00:16:3e:01:02:03,bridge=xenbr0,rate=10Mb/s@20ms", "bridge=xenbr1,vifname=sem1,script=vif-bridge,ip=10.0.0.2", "model=e1000,devid=3,mtu=9000" ]' });
add('valid', 'vif-mac-short-octets', 'pvh', { vif: '[ "mac=0:16:3e:1:2:3,bridge=xenbr0" ]' });
add('valid', 'pci-forms', 'hvm', { pci: '[ "0000:03:00.0", "04:00.1,permissive=1,msitranslate=0", "05:00.*@6", "bdf=0000:06:00.0,seize=1", "07:00.0,rdm_policy=relaxed" ]' });
add('valid', 'devices', 'pvh', { channel: '[ "name=org.qemu.guest_agent.0,connection=socket,path=/run/sem.sock", "connection=pty" ]', vtpm: '[ "backend=vtpmmgr,uuid=11111111-2222-3333-4444-555555555555" ]', vkb: '[ "backend-type=linux" ]', p9: '[ "tag=share,path=/srv/share,security_model=none" ]', pvcalls: '[ "backend=0" ]', vdispl: '[ "backend=0,connectors=c0:1920x1080;c1:800x600" ]' });
add('valid', 'usb', 'hvm', { usbctrl: '[ "type=qusb,version=2,ports=4" ]', usbdev: '[ "type=hostdev,hostbus=1,hostaddr=2" ]' });
add('valid', 'vfb', 'pv', { vfb: '[ "vnc=1,vnclisten=0.0.0.0,vncdisplay=1,keymap=en-us" ]' });
add('valid', 'vsnd', 'pvh', { vsnd: '[ [ "CARD, short-name=sem, sample-rates=44100;48000", "PCM, name=pcm0", "STREAM, unique-id=s0, type=p", "STREAM, unique-id=s1, type=c, sample-formats=s16_le;s24_le" ] ]' });
add('valid', 'io-resources', 'pv', { ioports: '[ "2f8-2ff", "3f8" ]', irqs: '[ 3, "4" ]', iomem: '[ "f0000,10", "e0000,8@80" ]' });
add('valid', 'cpuid', 'hvm', { cpuid: '"host,tm=0,sse3=0,avx=x"' });
add('valid', 'cpuid-xend', 'hvm', { cpuid: '[ "1:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0,edx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ]' });
add('valid', 'vnuma', 'hvm', { memory: '2048', vcpus: '2', vnuma: '[ [ "pnode=0", "size=1024", "vcpus=0", "vdistances=10,20" ], [ "pnode=0", "size=1024", "vcpus=1", "vdistances=20,10" ] ]' });
add('valid', 'rdm-strategy', 'hvm', { rdm: '"strategy=host"' });
add('valid', 'uuid', 'pvh', { uuid: '"5a5a5a5a-1234-4bcd-8e9f-0123456789ab"' });
add('valid', 'max-grant-frames', 'pvh', { max_grant_frames: '64', max_maptrack_frames: '1024' });
add('valid', 'plus-eq-list', 'pvh', 'disk += [ "phy:/dev/vg/extra,xvdb,w" ]', 'lists joined with +=');
add('valid', 'plus-eq-string', 'pvh', ['cmdline += " quiet"']);
add('valid', 'mmio-hole', 'hvm', { mmio_hole: '1024' });
add('valid', 'numeric-strings', 'hvm', { vcpus: '"2"', acpi: '"1"', videoram: '"0x10"' });

// ---- shapes
add('shape', 'memory-list', 'pvh', { memory: '[ 1024 ]' });
add('shape', 'name-list', 'pvh', { name: '[ "sem" ]' });
add('shape', 'kernel-list', 'pv', { kernel: '[ "/boot/vmlinuz" ]' });
add('shape', 'disk-string', 'pvh', { disk: '"phy:/dev/vg/x,xvda,w"' });
add('shape', 'vif-string', 'pvh', { vif: '"bridge=xenbr0"' });
add('shape', 'pci-string', 'hvm', { pci: '"0000:03:00.0"' });
add('shape', 'on-crash-list', 'pvh', { on_crash: '[ "restart" ]' });
add('shape', 'memory-plus-eq', 'pvh', ['memory += 512']);
add('shape', 'acpi-list', 'hvm', { acpi: '[ 1 ]' });
add('shape', 'bootloader-args-string', 'pv', { kernel: null, ramdisk: null, cmdline: null, bootloader: '"pygrub"', bootloader_args: '"-q --entry=1"' });
add('shape', 'dm-args-string', 'hvm', { device_model_args: '"-nodefaults"' });
add('shape', 'mca-caps-string', 'hvm', { mca_caps: '"lmce"' });
add('shape', 'disk-nested', 'pvh', { disk: '[ "phy:/dev/vg/a,xvda,w", [ "phy:/dev/vg/b,xvdb,w" ] ]' });
add('shape', 'cpus-nested', 'pvh', { vcpus: '2', cpus: '[ "0", [ "1" ] ]' });
add('shape', 'ioports-nested', 'pv', { ioports: '[ [ "2f8" ] ]' });
add('shape', 'vnuma-flat', 'hvm', { vnuma: '[ "pnode=0", "size=1024" ]' });
add('shape', 'vsnd-flat', 'hvm', { vsnd: '[ "CARD, short-name=x" ]' });
add('shape', 'viridian-string', 'hvm', { viridian: '"base"' });
add('shape', 'max-grant-frames-list', 'pvh', { max_grant_frames: '[ 64 ]' });
add('shape', 'dtdev-string', 'pvh', { dtdev: '"/soc/uart"' });
add('shape', 'bootloader-args-empty', 'pv', { kernel: null, ramdisk: null, cmdline: null, bootloader: '"pygrub"', bootloader_args: '""' });
add('shape', 'maptrack-plus-eq', 'pvh', ['max_maptrack_frames += 0']);
add('shape', 'vnuma-empty-vcpus', 'hvm', { vnuma: '[ [ "pnode=0", "size=2048", "vcpus=,", "vdistances=10" ] ]' });

// ---- numbers
add('numbers', 'memory-unit-M', 'pvh', { memory: '"1024M"' });
add('numbers', 'memory-unit-G', 'hvm', { memory: '"2G"' });
add('numbers', 'memory-octal-bad', 'pvh', { memory: '08' });
add('numbers', 'memory-trailing-space', 'pvh', { memory: '"1024 "' });
add('numbers', 'memory-overflow', 'pvh', { memory: '"99999999999999999999"' });
add('numbers', 'memory-zero', 'pvh', { memory: '0' });
add('numbers', 'memory-negative', 'pvh', { memory: '"-1"' });
add('numbers', 'vcpus-negative', 'pvh', { vcpus: '"-1"' });
add('numbers', 'vcpus-zero', 'pvh', { vcpus: '0' });
add('numbers', 'vcpus-word', 'pvh', { vcpus: '"two"' });
add('numbers', 'acpi-true', 'hvm', { acpi: '"true"' });
add('numbers', 'acpi-yes', 'hvm', { acpi: '"yes"' });
add('numbers', 'maxmem-junk', 'hvm', { maxmem: '"4096MB"' });
add('numbers', 'max-grant-frames-negative', 'pvh', { max_grant_frames: '"-1"' });
add('numbers', 'max-grant-frames-word', 'pvh', { max_grant_frames: '"lots"' });
add('numbers', 'max-maptrack-junk', 'pvh', { max_maptrack_frames: '"1k"' });
add('numbers', 'cap-word', 'pvh', { cap: '"half"' });
add('numbers', 'cpu-weight-float', 'pvh', { cpu_weight: '"256.0"' });
add('numbers', 'videoram-unit', 'hvm', { videoram: '"16MB"' });
add('numbers', 'mmio-hole-small', 'hvm', { mmio_hole: '128' });
add('numbers', 'mmio-hole-large', 'hvm', { mmio_hole: '4096' });
add('numbers', 'shadow-memory-word', 'hvm', { shadow_memory: '"auto"' });
add('numbers', 'vncdisplay-word', 'hvm', { vncdisplay: '"one"' });
add('numbers', 'e820-host-true', 'pv', { e820_host: '"true"' });
add('numbers', 'hvm-key-on-pv-ignored', 'pv', { pae: '"true"' });
add('numbers', 'vmtrace-word', 'hvm', { vmtrace_buf_kb: '"big"' });

// ---- enums
add('enums', 'type-kvm', 'pvh', { type: '"kvm"' });
add('enums', 'type-upper', 'pvh', { type: '"PVH"' });
add('enums', 'type-prefix-h', 'hvm', { type: '"h"' });
add('enums', 'type-prefix-p', 'pv', { type: '"p"' });
add('enums', 'type-empty', 'hvm', { type: '""' });
add('enums', 'on-crash-bad', 'pvh', { on_crash: '"explode"' });
add('enums', 'on-crash-case', 'pvh', { on_crash: '"Restart"' });
add('enums', 'on-reboot-underscore', 'pvh', { on_reboot: '"rename_restart"' });
add('enums', 'on-poweroff-softreset', 'pvh', { on_poweroff: '"soft_reset"' });
add('enums', 'vga-upper', 'hvm', { vga: '"STDVGA"' });
add('enums', 'vga-bad', 'hvm', { vga: '"vmware"' });
add('enums', 'bios-uefi', 'hvm', { bios: '"uefi"' });
add('enums', 'bios-bad', 'hvm', { bios: '"grub"' });
add('enums', 'hdtype-scsi', 'hvm', { hdtype: '"scsi"' });
add('enums', 'tsc-mode-bad', 'hvm', { tsc_mode: '"emulate"' });
add('enums', 'tsc-mode-int-bad', 'hvm', { tsc_mode: '7' });
add('enums', 'timer-mode-bad', 'hvm', { timer_mode: '"delay"' });
add('enums', 'timer-mode-int-bad', 'hvm', { timer_mode: '4' });
add('enums', 'altp2m-bad', 'hvm', { altp2m: '"on"' });
add('enums', 'altp2m-int-bad', 'hvm', { altp2m: '5' });
add('enums', 'altp2m-int', 'hvm', { altp2m: '1' });
add('enums', 'gfx-passthru-bad', 'hvm', { gfx_passthru: '"nvidia"' });
add('enums', 'passthrough-bad', 'hvm', { passthrough: '"on"' });
add('enums', 'passthrough-ok', 'hvm', { passthrough: '"sync_pt"' });
add('enums', 'vendor-device-bad', 'hvm', { vendor_device: '"citrix"' });
add('enums', 'viridian-bad', 'hvm', { viridian: '[ "base", "hyperv" ]' });
add('enums', 'viridian-upper-all', 'hvm', { viridian: '[ "ALL" ]' });
add('enums', 'viridian-case', 'hvm', { viridian: '[ "Base", "FREQ" ]' });
add('enums', 'ms-vm-genid-case', 'hvm', { ms_vm_genid: '"Generate"' });
add('enums', 'mca-caps-upper', 'hvm', { mca_caps: '[ "LMCE" ]' });
add('enums', 'dm-version-upper', 'hvm', { device_model_version: '"QEMU-XEN"' });
add('enums', 'dm-version-bad', 'hvm', { device_model_version: '"qemu"' });
add('enums', 'gic-version-bad', 'pvh', { gic_version: '"v4"' });
add('enums', 'tee-bad', 'pvh', { tee: '"tz"' });
add('enums', 'tee-ffa', 'pvh', { tee: '"ffa"' });
add('enums', 'vuart-bad', 'pvh', { vuart: '"pl011"' });
add('enums', 'builder-linux', 'pv', { type: null, builder: '"linux"' });

// ---- guest type, kernel, firmware
add('type', 'no-type-no-kernel', 'hvm', { type: null });
add('type', 'pv-no-kernel', 'pv', { kernel: null, ramdisk: null, cmdline: null });
add('type', 'pvh-no-kernel', 'pvh', { kernel: null, cmdline: null });
add('type', 'pv-firmware-uefi', 'pv', { kernel: null, ramdisk: null, cmdline: null, firmware: '"uefi"' });
add('type', 'pvh-firmware-path', 'pvh', { kernel: null, cmdline: null, firmware: '"/usr/lib/xen/boot/grub.bin"' });
add('type', 'pv-kernel-and-firmware', 'pv', { firmware: '"pvgrub64"' });
add('type', 'pv-firmware-prefix', 'pv', { kernel: null, ramdisk: null, cmdline: null, firmware: '"pvgrub"' });
add('type', 'builder-hvm', 'hvm', { type: null, builder: '"hvm"' });
add('type', 'builder-generic-pv', 'pv', { type: null, builder: '"generic"' });
add('type', 'builder-conflict', 'hvm', { builder: '"generic"' });
add('type', 'builder-conflict-pvh', 'pvh', { builder: '"hvm"' });
add('type', 'builder-agrees', 'hvm', { builder: '"hvm"' });
add('type', 'hvm-kernel-hvmloader', 'hvm', { kernel: '"/usr/lib/xen/boot/hvmloader"' });
add('type', 'timer-mode-pv', 'pv', { timer_mode: '"no_delay_for_missed_ticks"' });
add('type', 'timer-mode-pv-int', 'pv', { timer_mode: '1' });
add('type', 'pvh-with-hvm-keys', 'pvh', { acpi_s3: '1', vga: '"stdvga"', boot: '"c"' });
add('type', 'pv-with-vga-bad', 'pv', { vga: '"vmware"' });
add('type', 'hvm-pvshim', 'hvm', { pvshim: '1' });

// ---- CPU lists
add('cpus', 'banana', 'pvh', { cpus: '"0-3,banana"' });
add('cpus', 'reversed', 'pvh', { cpus: '"3-1"' });
add('cpus', 'trailing-space', 'pvh', { cpus: '"0-3 "' });
add('cpus', 'hex', 'pvh', { cpus: '"0x1"' });
add('cpus', 'negative', 'pvh', { cpus: '"-1"' });
add('cpus', 'not-all', 'pvh', { cpus: '"^all"' });
add('cpus', 'only-exclusion', 'pvh', { cpus: '"^1"' });
add('cpus', 'empty-string', 'pvh', { cpus: '""' });
add('cpus', 'cancel-out', 'pvh', { cpus: '"0-1,^0-1"' });
add('cpus', 'beyond-host', 'pvh', { cpus: '"10-11"' });
add('cpus', 'partly-beyond-host', 'pvh', { cpus: '"7-9"' });
add('cpus', 'node-beyond-host', 'hvm', { cpus: '"nodes:1"' });
add('cpus', 'node-cancel', 'hvm', { cpus: '"nodes:0,^node:0"' });
add('cpus', 'per-vcpu-bad', 'pvh', { vcpus: '2', cpus: '[ "0", "x" ]' });
add('cpus', 'per-vcpu-beyond-host', 'pvh', { vcpus: '2', cpus: '[ "9", "1" ]' });
add('cpus', 'per-vcpu-extra', 'pvh', { vcpus: '2', cpus: '[ "0", "1", "x" ]' });
add('cpus', 'soft-bad', 'pvh', { cpus_soft: '"x"' });
add('cpus', 'soft-beyond-host', 'pvh', { cpus_soft: '"10-11"' });
add('cpus', 'no-vcpus', 'pvh', { vcpus: null, cpus: '"10-11"' });
add('cpus', 'no-vcpus-bad', 'pvh', { vcpus: null, cpus: '"3-1"' });
add('cpus', 'double-comma', 'pvh', { cpus: '"0,,1"' });
add('cpus', 'plus-sign', 'pvh', { cpus: '"+1"' });
add('cpus', 'open-range', 'pvh', { cpus: '"1-"' });
add('cpus', 'all-minus-0', 'pvh', { cpus: '"all,^0"' });

// ---- disks
const disk = (name, spec, base = 'pvh') => add('disk', name, base, { disk: `[ ${JSON.stringify(spec)} ]` });
disk('positional-format', '/dev/vg/x,xvda,rw');
disk('trailing-space-access', 'phy:/dev/vg/x,xvda,rw ');
disk('access-upper', 'phy:/dev/vg/x,xvda,RW');
disk('access-bad', 'phy:/dev/vg/x,xvda,rwx');
disk('format-upper', 'format=QCOW2,vdev=xvda,target=/img/x');
disk('format-bad', 'format=vmdk,vdev=xvda,target=/img/x');
disk('target-first', 'target=/img/x,vdev=xvda');
disk('target-eats-rest', 'vdev=xvda,target=/img/x,format=qcow2');
disk('no-target', 'vdev=xvda');
disk('no-vdev', 'phy:/dev/vg/x');
disk('empty', '');
disk('too-many-positional', '/img/x,raw,xvda,rw,extra');
disk('unknown-param', 'colour=blue,vdev=xvda,target=/img/x');
disk('unknown-param-one-char', 'x=1,vdev=xvda,target=/img/x');
disk('bare-word', 'vdev=xvda,bogus,target=/img/x');
disk('trusted-417', 'vdev=xvda,trusted,target=/img/x');
disk('grant-usage-417', 'grant_usage=1,vdev=xvda,target=/img/x');
disk('backendtype-upper', 'vdev=xvda,backendtype=QDISK,target=/img/x');
disk('backendtype-bad', 'vdev=xvda,backendtype=blktap,target=/img/x');
disk('vdev-twice', 'vdev=xvda,vdev=xvdb,target=/img/x');
disk('unknown-prefix', 'foo:/img/x,xvda,w');
disk('devtype-floppy', 'vdev=xvda,devtype=floppy,target=/img/x');
disk('deprecated-type-bad', ',,hdc:floppy,r', 'hvm');
disk('vdev-trailing-space', 'vdev=xvda ,target=/img/x');
disk('specification-bad', 'specification=scsi,vdev=xvda,target=/img/x');
disk('colo-port-zero', 'colo-port=0,vdev=xvda,target=/img/x');
disk('format-respecified', 'qcow2:/img/x,raw,xvda,w');
disk('cdrom-iso-positional', '/iso/x.iso,hdc:cdrom,r', 'hvm');
disk('qcow2-prefix', 'qcow2:/img/x.qcow2,xvda,w');
disk('vdev-odd-name', 'phy:/dev/vg/x,disk0,w');
add('disk', 'second-bad-of-two', 'pvh', { disk: '[ "phy:/dev/vg/x,xvda,w", "/dev/vg/y,xvdb,w" ]' });
disk('bad-syntax-equals', '=x,vdev=xvda');

// ---- vifs
const vif = (name, spec, base = 'pvh') => add('vif', name, base, { vif: `[ ${JSON.stringify(spec)} ]` });
vif('mac-bad-hex', 'mac=00:16:3e:zz:02:03,bridge=xenbr0');
vif('mac-five-octets', 'mac=00:16:3e:01:02');
vif('mac-five-octets-then-bridge', 'mac=00:16:3e:01:02,bridge=xenbr0');
vif('mac-seven-octets', 'mac=00:16:3e:01:02:03:04');
vif('mac-dashes', 'mac=00-16-3e-01-02-03');
vif('mac-octet-too-big', 'mac=100:16:3e:01:02:03');
vif('mac-empty', 'mac=,bridge=xenbr0');
vif('mac-multicast', 'mac=01:16:3e:01:02:03');
vif('unknown-key', 'bridge=xenbr0,colour=blue');
vif('bare-bridge', 'xenbr0');
vif('key-upper', 'Bridge=xenbr0');
vif('type-bad', 'type=netfront,bridge=xenbr0');
vif('type-upper', 'type=IOEMU,bridge=xenbr0');
vif('rate-word', 'rate=fast');
vif('rate-lower-unit', 'rate=10mb/s');
vif('rate-zero', 'rate=0Mb/s');
vif('rate-interval-zero', 'rate=10Mb/s@0');
vif('rate-interval-space', 'rate=10Mb/s@20ms ');
vif('rate-empty', 'rate=');
vif('rate-overflow', 'rate=4294967296B/s');
vif('rate-seconds', 'rate=10Mb/s@2');
vif('devid-word', 'devid=first');
vif('mtu-word', 'mtu=jumbo');
vif('mtu-negative', 'mtu=-1');
vif('devid-junk', 'devid=1x');
vif('accel', 'accel=on,bridge=xenbr0');
vif('netdev', 'netdev=eth0,bridge=xenbr0');
vif('trusted-417', 'bridge=xenbr0,trusted');
vif('vlan-417', 'bridge=xenbr0,vlan=10');
vif('bridge-trailing-space', 'bridge=xenbr0 ,mac=00:16:3e:01:02:03');
vif('empty-item', 'bridge=xenbr0,,model=e1000');
vif('leading-space', ' bridge=xenbr0, model=e1000');

// ---- pci and rdm
const pci = (name, spec) => add('pci', name, 'hvm', { pci: `[ ${JSON.stringify(spec)} ]` });
pci('bdf-bad-hex', 'zz:01:00.0');
pci('bdf-device-too-big', '00:20.0');
pci('bdf-function-too-big', '00:01.8');
pci('bdf-no-function', '0000:01:00');
pci('space-after-comma', '0000:03:00.0, permissive=1');
pci('unknown-option', '0000:03:00.0,permisive=1');
pci('spec-rdm-policy-bad', '0000:03:00.0,rdm_policy=loose');
pci('vslot-bad', '03:00.0@40');
pci('trailing-space', '03:00.0 ');
pci('name-and-bdf', '03:00.0,name=gpu');
pci('name-only', 'name=gpu');
pci('option-no-value', '03:00.0,permissive');
pci('permissive-word', '03:00.0,permissive=yes');
pci('bdf-key', 'bdf=03:00.0,vslot=5');
add('pci', 'rdm-policy-417', 'hvm', { rdm: '"strategy=host,policy=relaxed"' });
add('pci', 'rdm-policy-bad', 'hvm', { rdm: '"strategy=host,policy=loose"' });
add('pci', 'rdm-strategy-bad', 'hvm', { rdm: '"strategy=guest"' });
add('pci', 'rdm-unknown-key', 'hvm', { rdm: '"mode=host"' });
add('pci', 'rdm-trailing-comma', 'hvm', { rdm: '"strategy=host,"' });
add('pci', 'pod-with-passthrough', 'hvm', { memory: '1024', maxmem: '2048', pci: '[ "0000:03:00.0" ]' });

// ---- other devices
add('devices', 'channel-no-connection', 'pvh', { channel: '[ "name=org.qemu.guest_agent.0" ]' });
add('devices', 'channel-connection-upper', 'pvh', { channel: '[ "connection=PTY" ]' });
add('devices', 'channel-socket-no-path', 'pvh', { channel: '[ "connection=socket" ]' });
add('devices', 'channel-unknown-key', 'pvh', { channel: '[ "connection=pty,port=1" ]' });
add('devices', 'channel-no-value', 'pvh', { channel: '[ "connection=pty,name=" ]' });
add('devices', 'channel-spaces', 'pvh', { channel: '[ "connection = pty , name = org.x" ]' });
add('devices', 'vtpm-no-backend', 'pvh', { vtpm: '[ "uuid=11111111-2222-3333-4444-555555555555" ]' });
add('devices', 'vtpm-bad-uuid', 'pvh', { vtpm: '[ "backend=vtpmmgr,uuid=1234" ]' });
add('devices', 'vtpm-unknown-key', 'pvh', { vtpm: '[ "backend=vtpmmgr,model=tis" ]' });
add('devices', 'vtpm-bare-word-first', 'pvh', { vtpm: '[ "vtpm0,backend=vtpmmgr" ]' });
add('devices', 'vtpm-bare-word-last', 'pvh', { vtpm: '[ "backend=vtpmmgr,vtpm0" ]' });
add('devices', 'vkb-no-backend-type', 'pvh', { vkb: '[ "backend=0" ]' });
add('devices', 'vkb-backend-type-bad', 'pvh', { vkb: '[ "backend-type=sdl" ]' });
add('devices', 'vkb-backend-type-upper', 'pvh', { vkb: '[ "backend-type=QEMU" ]' });
add('devices', 'vkb-unknown-key', 'pvh', { vkb: '[ "backend-type=linux,mouse=1" ]' });
add('devices', 'vkb-multitouch-alone', 'pvh', { vkb: '[ "backend-type=linux,feature-multi-touch=1" ]' });
add('devices', 'vdispl-no-connector', 'pvh', { vdispl: '[ "backend=0" ]' });
add('devices', 'vdispl-bad-resolution', 'pvh', { vdispl: '[ "connectors=c0:1920" ]' });
add('devices', 'vdispl-unknown-key', 'pvh', { vdispl: '[ "backend=0,depth=32,connectors=c0:800x600" ]' });
add('devices', 'p9-missing-model', 'pvh', { p9: '[ "tag=share,path=/srv/share" ]' });
add('devices', 'p9-type-417', 'pvh', { p9: '[ "tag=share,path=/srv/share,security_model=none,type=xen_9pfsd" ]' });
add('devices', 'p9-unknown-key', 'pvh', { p9: '[ "tag=share,path=/srv/share,security_model=none,cache=loose" ]' });
add('devices', 'pvcalls-unknown-key', 'pvh', { pvcalls: '[ "domain=0" ]' });
add('devices', 'usbctrl-type-bad', 'hvm', { usbctrl: '[ "type=xhci" ]' });
add('devices', 'usbctrl-unknown-key', 'hvm', { usbctrl: '[ "type=qusb,speed=high" ]' });
add('devices', 'usbdev-type-bad', 'hvm', { usbdev: '[ "type=passthrough,hostbus=1,hostaddr=2" ]' });
add('devices', 'usbdev-no-type', 'hvm', { usbdev: '[ "hostbus=1,hostaddr=2" ]' });
add('devices', 'usbdev-unknown-key', 'hvm', { usbdev: '[ "type=hostdev,bus=1" ]' });
add('devices', 'vfb-unknown-key', 'pv', { vfb: '[ "vnc=1,resolution=800x600" ]' });
add('devices', 'vfb-bare-word', 'pv', { vfb: '[ "vnc=1,sdl,vnclisten=0.0.0.0" ]' });
add('devices', 'vsnd-unknown-param', 'pvh', { vsnd: '[ [ "CARD, colour=red" ] ]' });
add('devices', 'vsnd-bad-item', 'pvh', { vsnd: '[ [ "DEVICE, name=x" ] ]' });
add('devices', 'vsnd-bad-format', 'pvh', { vsnd: '[ [ "PCM, sample-formats=s16" ] ]' });
add('devices', 'vsnd-bad-stream-type', 'pvh', { vsnd: '[ [ "STREAM, type=x" ] ]' });
add('devices', 'vnc-display-conflict', 'hvm', { vnclisten: '"0.0.0.0:1"', vncdisplay: '2' });
add('devices', 'usbdev-type-last', 'hvm', { usbdev: '[ "hostbus=1,hostaddr=2,type=hostdev" ]' });
add('devices', 'channel-empty', 'pvh', { channel: '[ "" ]' });
add('devices', 'vdispl-empty-connectors', 'pvh', { vdispl: '[ "connectors=" ]' });
add('devices', 'vsnd-empty-rates', 'pvh', { vsnd: '[ [ "CARD, sample-rates=" ] ]' });
add('devices', 'p9-second-inherits', 'pvh', { p9: '[ "tag=a,path=/srv/a,security_model=none", "tag=b" ]' });
add('devices', 'vtpm-bad-uuid-first', 'pvh', { vtpm: '[ "uuid=x,Backend=0" ]' });
add('devices', 'vdispl-connector-no-colon', 'pvh', { vdispl: '[ "connectors=c0" ]' });

// ---- I/O ports, IRQs, iomem
add('io', 'ioport-word', 'pv', { ioports: '[ "com1" ]' });
add('io', 'ioport-junk', 'pv', { ioports: '[ "2f8x" ]' });
add('io', 'ioport-open-range', 'pv', { ioports: '[ "2f8-" ]' });
add('io', 'ioport-too-big', 'pv', { ioports: '[ "ffffffff" ]' });
add('io', 'ioport-reversed', 'pv', { ioports: '[ "2ff-2f8" ]' });
add('io', 'irq-hex', 'pv', { irqs: '[ "0x7" ]' });
add('io', 'irq-junk', 'pv', { irqs: '[ "7x" ]' });
add('io', 'irq-negative', 'pv', { irqs: '[ "-1" ]' });
add('io', 'iomem-no-pages', 'pv', { iomem: '[ "f0000" ]' });
add('io', 'iomem-trailing-comma', 'pv', { iomem: '[ "f0000,10," ]' });
add('io', 'iomem-word', 'pv', { iomem: '[ "framebuffer" ]' });

// ---- CPUID
add('cpuid', 'no-host', 'hvm', { cpuid: '"sse3=0"' });
add('cpuid', 'unknown-flag', 'hvm', { cpuid: '"host,sse5=0"' });
add('cpuid', 'flag-upper', 'hvm', { cpuid: '"host,LM=0"' });
add('cpuid', 'missing-value', 'hvm', { cpuid: '"host,sse3"' });
add('cpuid', 'bad-value', 'hvm', { cpuid: '"host,sse3=y"' });
add('cpuid', 'xend-short', 'hvm', { cpuid: '[ "1:ecx=xxx0" ]' });
add('cpuid', 'xend-bad-register', 'hvm', { cpuid: '[ "1:exx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ]' });
add('cpuid', 'xend-no-colon', 'hvm', { cpuid: '[ "1,ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ]' });

// ---- several keys
add('cross', 'missing-name', 'pvh', { name: null });
add('cross', 'empty-name', 'pvh', { name: '""' });
add('cross', 'maxvcpus-below-vcpus', 'pvh', { vcpus: '4', maxvcpus: '2' });
add('cross', 'maxvcpus-negative', 'pvh', { maxvcpus: '"-1"' });
add('cross', 'maxmem-below-memory', 'pvh', { memory: '2048', maxmem: '1024' });
add('cross', 'maxmem-above-memory-hvm', 'hvm', { memory: '1024', maxmem: '4096' });
add('cross', 'maxmem-above-memory-pv', 'pv', { memory: '512', maxmem: '1024' });
add('cross', 'cmdline-and-root', 'pv', { root: '"/dev/xvda1"', extra: '"console=hvc0"' });
add('cross', 'uuid-short', 'pvh', { uuid: '"1234"' });
add('cross', 'uuid-no-dashes', 'pvh', { uuid: '"11111111222233334444555555555555"' });
add('cross', 'vnuma-pnode-beyond-host', 'hvm', { vnuma: '[ [ "pnode=1", "size=2048", "vcpus=0-1", "vdistances=10" ] ]' });
add('cross', 'vnuma-vcpus-beyond-host', 'hvm', { vcpus: null, vnuma: '[ [ "pnode=0", "size=2048", "vcpus=0-9", "vdistances=10" ] ]' });
add('cross', 'vnuma-maxvcpus-mismatch', 'hvm', { maxvcpus: '4', vnuma: '[ [ "pnode=0", "size=2048", "vcpus=0-1", "vdistances=10" ] ]' });
add('cross', 'vnuma-maxmem-mismatch', 'hvm', { maxmem: '4096', vnuma: '[ [ "pnode=0", "size=2048", "vcpus=0-1", "vdistances=10" ] ]' });
add('cross', 'vnuma-pnode-word', 'hvm', { vnuma: '[ [ "pnode=first", "size=2048", "vcpus=0-1" ] ]' });
add('cross', 'vnuma-no-equals', 'hvm', { vnuma: '[ [ "pnode=0", "size=2048", "vcpus=0-1", "vdistances" ] ]' });
add('cross', 'bios-path-without-bios', 'hvm', { bios_path_override: '"/usr/share/seabios/bios.bin"' });
add('cross', 'dm-override-without-version', 'hvm', { device_model_override: '"/usr/bin/qemu-system-i386"' });
add('cross', 'duplicate-memory', 'pvh', ['memory = 2048']);

// ---- deprecated and removed
add('deprecated', 'tsc-mode-int', 'hvm', { tsc_mode: '1' });
add('deprecated', 'timer-mode-int', 'hvm', { timer_mode: '1' });
add('deprecated', 'altp2mhvm', 'hvm', { altp2mhvm: '1' });
add('deprecated', 'stdvga', 'hvm', { stdvga: '1' });
add('deprecated', 'device-model', 'hvm', { device_model: '"/usr/lib/xen/bin/qemu-dm"' });
add('deprecated', 'device-model-stubdom', 'hvm', { device_model: '"/usr/lib/xen/bin/stubdom-dm"' });
add('deprecated', 'qemu-traditional', 'hvm', { device_model_version: '"qemu-xen-traditional"' });
add('deprecated', 'pvh-equals-1', 'pv', { type: null, pvh: '1' });
add('deprecated', 'vif-netdev', 'pvh', { vif: '[ "bridge=xenbr0,netdev=eth0" ]' });
add('deprecated', 'bootloader-args-string', 'pvh', { kernel: null, cmdline: null, bootloader: '"pygrub"', bootloader_args: '"--entry=1"' });
add('deprecated', 'vncviewer', 'hvm', { vncviewer: '1' });
add('deprecated', 'vif2', 'pvh', { vif2: '[ "bridge=xenbr0" ]' });
add('deprecated', 'msr-relaxed', 'hvm', { msr_relaxed: '1' });
add('deprecated', 'builder-only', 'hvm', { type: null, builder: '"hvm"' });

// ---- unknown keys
add('unknown', 'maxcpus', 'pvh', { maxcpus: '4' });
add('unknown', 'memory-typo', 'pvh', { memmory: '2048' });
add('unknown', 'vendor-key', 'pvh', { dt_passthrough_nodes: '[ "/soc/gpu" ]' });
add('unknown', 'cdrom-xm', 'hvm', { cdrom: '"/iso/x.iso"' });
add('unknown', 'dhcp-xm', 'pv', { dhcp: '"dhcp"' });
add('unknown', 'arch', 'pvh', { arch: '"x86_64"' });
add('unknown', 'virtio-417', 'pvh', { virtio: '[ "type=virtio,device22,transport=mmio" ]' });
add('unknown', 'smbios-417', 'hvm', { smbios: '[ "bios_vendor=Sem" ]' });
add('unknown', 'llc-colors-417', 'pvh', { llc_colors: '[ "0-3" ]' });
add('unknown', 'pv-keys-on-hvm', 'hvm', { e820_host: '1', pvshim: '1' });
add('unknown', 'spice-on-pv', 'pv', { spice: '1', spiceport: '"x"' });

// ---- what xl reads differently after 4.17 (every row of ../shared/oracle/README.md's 4.17-vs-4.20
// table, every key, value and spec parameter xl 4.18-4.20 added, and differences found by reading
// `git diff RELEASE-4.17.0 RELEASE-4.20.0 -- tools/xl/xl_parse.c tools/libs/util`). Recorded with
// both xl's; test/semantic/README.md lists what differs.
const rel = (name, base, edits, note) => add('releases', name, base, edits, note);
const list = (...items) => `[ ${items.map((x) => JSON.stringify(x)).join(', ')} ]`;
// tee (4.18: ffa)
rel('tee-ffa-upper', 'pvh', { tee: '"FFA"' });
rel('tee-empty', 'pvh', { tee: '""' });
rel('tee-optee', 'pvh', { tee: '"optee"' });
rel('tee-none', 'pvh', { tee: '"none"' });
// llc_colors (4.20)
rel('llc-colors', 'pvh', { llc_colors: list('0-3', '8') });
rel('llc-colors-one', 'pvh', { llc_colors: list('5') });
rel('llc-colors-numbers', 'pvh', { llc_colors: '[ 1, 2 ]' });
rel('llc-colors-empty-list', 'pvh', { llc_colors: '[ ]' });
rel('llc-colors-word', 'pvh', { llc_colors: list('x') });
rel('llc-colors-reversed', 'pvh', { llc_colors: list('4-1') });
rel('llc-colors-string', 'pvh', { llc_colors: '"0-3"' }, 'not a list');
rel('llc-colors-empty-item', 'pvh', { llc_colors: list('') });
rel('llc-colors-nested', 'pvh', { llc_colors: '[ [ "1" ] ]' });
rel('llc-colors-comma-in-item', 'pvh', { llc_colors: list('0-3,8') }, 'one item: read as 0-3, the rest dropped');
rel('llc-colors-open-range', 'pvh', { llc_colors: list('2-') });
rel('llc-colors-three-parts', 'pvh', { llc_colors: list('1-2-3') });
rel('llc-colors-spaced-range', 'pvh', { llc_colors: list(' 1 - 2') }, 'read as 1');
rel('llc-colors-plus', 'pvh', { llc_colors: list('+3') });
rel('llc-colors-hex', 'pvh', { llc_colors: list('0x10') }, 'read as %u: 0, then junk');
rel('llc-colors-open-end', 'pvh', { llc_colors: list('3-x') });
rel('llc-colors-leading-space', 'pvh', { llc_colors: list(' 3') });
rel('llc-colors-second-bad', 'pvh', { llc_colors: list('0-1', '2-y', 'z') });
// virtio (4.18)
rel('virtio', 'pvh', { virtio: list('backend=0,type=virtio,device22,transport=mmio,grant_usage=1') });
rel('virtio-type-only', 'pvh', { virtio: list('type=virtio,device22') });
rel('virtio-hvm', 'hvm', { virtio: list('type=virtio,device1a,transport=mmio') });
rel('virtio-unknown-key', 'pvh', { virtio: list('type=virtio,device22,foo=bar') });
rel('virtio-bare-word', 'pvh', { virtio: list('type=virtio,device22,junk') });
rel('virtio-transport-pci', 'pvh', { virtio: list('type=virtio,device22,transport=pci') });
rel('virtio-transport-pci-bdf', 'pvh', { virtio: list('backend=0,type=virtio,device22,transport=pci,bdf=0000:00:01.0') }, 'the form seen in a public config');
rel('virtio-transport-upper', 'pvh', { virtio: list('type=virtio,device22,transport=MMIO') });
rel('virtio-transport-unknown', 'pvh', { virtio: list('type=virtio,device22,transport=unknown') });
rel('virtio-transport-trailing-space', 'pvh', { virtio: list('type=virtio,device22,transport=mmio ') });
rel('virtio-bdf-mmio', 'pvh', { virtio: list('type=virtio,device22,transport=mmio,bdf=00:01.0') });
rel('virtio-type-swallows-transport', 'pvh', { virtio: list('type=virtio,transport=pci') }, 'the item after type=virtio... becomes part of the type');
rel('virtio-key-upper', 'pvh', { virtio: list('TYPE=virtio,device22') });
rel('virtio-empty-backend', 'pvh', { virtio: list('backend=,type=virtio,device22') });
rel('virtio-spaced-pci', 'pvh', { virtio: list('backend=0, type=virtio,device22, transport=pci, bdf=0000:00:01.0') }, 'spacing as in a public config');
rel('virtio-spaced-mmio', 'pvh', { virtio: list('backend=DomD, type=virtio,device26, transport=mmio, grant_usage=1') });
rel('virtio-two-devices', 'pvh', { virtio: list('type=virtio,device22,transport=mmio', 'type=virtio,device1a,transport=mmio,grant_usage=0') });
rel('virtio-second-bad', 'pvh', { virtio: list('type=virtio,device22,transport=mmio', 'type=virtio,device1a,transport=pci') });
rel('virtio-type-last', 'pvh', { virtio: list('backend=0,type=virtio') }, 'xl 4.20 reads the item after type=virtio... as part of the type, and there is none');
rel('virtio-type-other', 'pvh', { virtio: list('type=vhost-user-blk,transport=mmio') });
rel('virtio-grant-usage-word', 'pvh', { virtio: list('type=virtio,device22,grant_usage=yes') });
rel('virtio-no-type', 'pvh', { virtio: list('backend=0') });
rel('virtio-empty-item', 'pvh', { virtio: list('') });
rel('virtio-leading-spaces', 'pvh', { virtio: list(' backend=0,  type=virtio,device22') });
rel('virtio-string', 'pvh', { virtio: '"type=virtio,device22"' }, 'not a list');
// smbios (4.18, HVM only)
rel('smbios', 'hvm', { smbios: list('bios_vendor=Sem', 'system_product_name=Sem HVM', 'oem=one', 'oem=two') });
rel('smbios-every-type', 'hvm', { smbios: list('bios_version=1', 'system_manufacturer=m', 'system_version=v', 'system_serial_number=s', 'baseboard_manufacturer=b', 'baseboard_product_name=p', 'baseboard_version=v', 'baseboard_serial_number=s', 'baseboard_asset_tag=a', 'baseboard_location_in_chassis=l', 'enclosure_manufacturer=e', 'enclosure_serial_number=s', 'enclosure_asset_tag=a', 'battery_manufacturer=b', 'battery_device_name=d') });
rel('smbios-unknown-type', 'hvm', { smbios: list('colour=blue') });
rel('smbios-no-equals', 'hvm', { smbios: list('bios_vendor') });
rel('smbios-empty-value', 'hvm', { smbios: list('bios_vendor=') });
rel('smbios-type-upper', 'hvm', { smbios: list('BIOS_VENDOR=Sem') });
rel('smbios-value-with-equals', 'hvm', { smbios: list('oem=a=b') });
rel('smbios-space-before-equals', 'hvm', { smbios: list('bios_vendor = Sem') });
rel('smbios-string', 'hvm', { smbios: '"bios_vendor=Sem"' }, 'not a list');
rel('smbios-nested', 'hvm', { smbios: '[ [ "oem=x" ] ]' });
rel('smbios-oem-99', 'hvm', { smbios: list(...Array.from({ length: 99 }, (_, i) => `oem=o${i}`)) });
rel('smbios-oem-100', 'hvm', { smbios: list(...Array.from({ length: 100 }, (_, i) => `oem=o${i}`)) });
rel('smbios-empty-item', 'hvm', { smbios: list('') });
rel('smbios-leading-space', 'hvm', { smbios: list(' oem=z') });
rel('smbios-empty-type', 'hvm', { smbios: list('=x') });
rel('smbios-on-pvh', 'pvh', { smbios: list('colour=blue') }, 'xl reads smbios for HVM guests only');
// sve (4.18, Arm; xl reads it on every architecture)
rel('sve-128', 'pvh', { sve: '"128"' });
rel('sve-number', 'pvh', { sve: '2048' });
rel('sve-hw', 'pvh', { sve: '"hw"' });
rel('sve-hw-upper', 'pvh', { sve: '"HW"' });
rel('sve-disabled', 'pvh', { sve: '"disabled"' });
rel('sve-not-multiple', 'pvh', { sve: '"100"' });
rel('sve-zero', 'pvh', { sve: '"0"' });
rel('sve-too-big', 'pvh', { sve: '"4096"' });
rel('sve-trailing-space', 'pvh', { sve: '"128 "' });
rel('sve-empty', 'pvh', { sve: '""' });
rel('sve-list', 'pvh', { sve: list('128') }, 'read with warnings off: a list is dropped silently');
// nr_spis (4.19, Arm)
rel('nr-spis', 'pvh', { nr_spis: '32' });
rel('nr-spis-string', 'pvh', { nr_spis: '"32"' });
rel('nr-spis-hex', 'pvh', { nr_spis: '0x20' });
rel('nr-spis-word', 'pvh', { nr_spis: '"x"' });
rel('nr-spis-list', 'pvh', { nr_spis: '[ 32 ]' });
rel('nr-spis-negative', 'pvh', { nr_spis: '"-1"' });
rel('nr-spis-big', 'pvh', { nr_spis: '2000' }, 'above the 4.20 limit of 991: only the real create checks it');
// hvm_pirq (4.19, HVM only)
rel('hvm-pirq', 'hvm', { hvm_pirq: '1' });
rel('hvm-pirq-off', 'hvm', { hvm_pirq: '0' });
rel('hvm-pirq-word', 'hvm', { hvm_pirq: '"yes"' });
rel('hvm-pirq-list', 'hvm', { hvm_pirq: '[ 1 ]' });
rel('hvm-pirq-on-pv', 'pv', { hvm_pirq: '[ 1 ]' });
rel('hvm-pirq-on-pvh', 'pvh', { hvm_pirq: '"yes"' }, 'xl reads hvm_pirq for HVM guests only');
// bootloader_restrict, bootloader_user (4.18)
rel('bootloader-restrict', 'pv', { kernel: null, ramdisk: null, cmdline: null, bootloader: '"pygrub"', bootloader_restrict: '1', bootloader_user: '"xen-bl"' });
rel('bootloader-restrict-off', 'pv', { kernel: null, ramdisk: null, cmdline: null, bootloader: '"pygrub"', bootloader_restrict: '0' });
rel('bootloader-restrict-word', 'pv', { kernel: null, ramdisk: null, cmdline: null, bootloader: '"pygrub"', bootloader_restrict: '"yes"' });
rel('bootloader-restrict-list', 'pv', { kernel: null, ramdisk: null, cmdline: null, bootloader: '"pygrub"', bootloader_restrict: '[ 1 ]' });
rel('bootloader-user-list', 'pv', { kernel: null, ramdisk: null, cmdline: null, bootloader: '"pygrub"', bootloader_user: '[ "xen-bl" ]' });
rel('bootloader-user-no-bootloader', 'pvh', { bootloader_user: '"xen-bl"' });
rel('bootloader-pygrub-path', 'pv', { kernel: null, ramdisk: null, cmdline: null, bootloader: '"/usr/bin/pygrub"' });
// vif vlan (4.18)
rel('vif-vlan-tagged', 'pvh', { vif: list('bridge=xenbr0,vlan=10p/20t') });
rel('vif-vlan-range', 'pvh', { vif: list('bridge=xenbr0,vlan=10n2x3') });
rel('vif-vlan-word', 'pvh', { vif: list('bridge=xenbr0,vlan=abc') }, 'xl stores the text; libxl checks it only at create');
rel('vif-vlan-empty', 'pvh', { vif: list('bridge=xenbr0,vlan=') });
// p9 (4.19: key=value splitter, type, max-*, auto-delete)
rel('p9-xen-9pfsd', 'pvh', { p9: list('tag=share,path=/srv/share,security_model=none,type=xen_9pfsd,max-files=100,max-open-files=10,max-space=1024,auto-delete=1,backend=0') });
rel('p9-xen-9pfsd-no-path', 'pvh', { p9: list('tag=xen,type=xen_9pfsd,security_model=none') });
rel('p9-type-qemu', 'pvh', { p9: list('tag=share,path=/srv/share,security_model=none,type=qemu') });
rel('p9-type-upper', 'pvh', { p9: list('tag=share,path=/srv/share,security_model=none,type=XEN_9PFSD') });
rel('p9-type-bad', 'pvh', { p9: list('tag=share,path=/srv/share,security_model=none,type=virtfs') });
rel('p9-tag-only', 'pvh', { p9: list('tag=share') });
rel('p9-no-tag', 'pvh', { p9: list('path=/srv/share,security_model=none') });
rel('p9-bare-word', 'pvh', { p9: list('tag=share,path=/srv/share,security_model=none,junk') });
rel('p9-bare-word-first', 'pvh', { p9: list('junk,tag=share,path=/srv/share,security_model=none') });
rel('p9-spaces', 'pvh', { p9: list('tag = share, path = /srv/share, security_model = none') });
rel('p9-key-upper', 'pvh', { p9: list('Tag=share,path=/srv/share,security_model=none') });
rel('p9-max-files-word', 'pvh', { p9: list('tag=share,path=/srv/share,security_model=none,max-files=many') });
rel('p9-auto-delete-word', 'pvh', { p9: list('tag=share,path=/srv/share,security_model=none,auto-delete=yes') });
rel('p9-empty-item', 'pvh', { p9: list('tag=share,,path=/srv/share,security_model=none') });
rel('p9-empty-value', 'pvh', { p9: list('tag=share,path=,security_model=none') });
rel('p9-value-with-equals', 'pvh', { p9: list('tag=share,path=/srv/a=b,security_model=none') });
rel('p9-empty-string', 'pvh', { p9: list('') });
rel('p9-only-commas', 'pvh', { p9: list(',,') });
rel('p9-second-empty', 'pvh', { p9: list('tag=share,path=/srv/share,security_model=none', '') });
rel('p9-security-model-only', 'pvh', { p9: list('security_model=none,tag=t') });
rel('p9-empty-key', 'pvh', { p9: list('tag=share,path=/srv/share,security_model=none,=x') });
rel('p9-max-space-negative', 'pvh', { p9: list('tag=share,path=/srv/share,security_model=none,max-space=-1') });
rel('p9-max-files-junk', 'pvh', { p9: list('tag=share,path=/srv/share,security_model=none,max-files=10x') });
rel('p9-auto-delete-junk', 'pvh', { p9: list('tag=share,path=/srv/share,security_model=none,auto-delete=x') });
rel('p9-tag-twice', 'pvh', { p9: list('tag=a,tag=b,path=/srv/share,security_model=none') });
rel('p9-max-files-on-qemu', 'pvh', { p9: list('tag=share,path=/srv/share,security_model=none,max-files=10') });
// disk grant_usage (4.18), trusted/untrusted (read by 4.20's regenerated scanner only)
disk('grant-usage-0', 'grant_usage=0,vdev=xvda,target=/img/x');
disk('grant-usage-2', 'grant_usage=2,vdev=xvda,target=/img/x');
disk('grant-usage-positional', '/img/x,raw,xvda,rw,grant_usage=1');
disk('grant-usage-word', 'grant_usage=yes,vdev=xvda,target=/img/x');
disk('untrusted', 'vdev=xvda,untrusted,target=/img/x');
disk('trusted-positional', '/img/x,raw,xvda,rw,trusted');
// channel: 4.20 splits an item at its first '=' and lets a key be empty
add('devices', 'channel-name-with-equals', 'pvh', { channel: list('connection=pty,name=a=b') });
add('devices', 'channel-empty-key', 'pvh', { channel: list('connection=pty,=x') });
add('devices', 'channel-double-equals', 'pvh', { channel: list('connection=pty,name==x') });
add('devices', 'channel-connection-with-equals', 'pvh', { channel: list('connection=pty=x') });
add('devices', 'channel-path-with-equals', 'pvh', { channel: list('connection=socket,path=/run/a=b') });
add('devices', 'channel-bare-word', 'pvh', { channel: list('connection=pty,name') });
// vnuma and vdispl read with the same splitter
add('cross', 'vnuma-double-equals', 'hvm', { vnuma: '[ [ "pnode==0", "size=2048", "vcpus=0-1", "vdistances=10" ] ]' });
add('cross', 'vnuma-empty-key', 'hvm', { vnuma: '[ [ "pnode=0", "size=2048", "vcpus=0-1", "vdistances=10", "=0" ] ]' });
add('cross', 'vnuma-empty-value', 'hvm', { vnuma: '[ [ "pnode=0", "size=2048", "vcpus=0-1", "vdistances=10", "size=" ] ]' });
add('cross', 'vnuma-value-with-equals', 'hvm', { vnuma: '[ [ "pnode=0", "size=2048=1", "vcpus=0-1", "vdistances=10" ] ]' });
add('devices', 'vdispl-double-colon', 'pvh', { vdispl: list('backend=0,connectors=c0::800x600') });
add('devices', 'vdispl-empty-id', 'pvh', { vdispl: list('backend=0,connectors=:800x600') });
add('devices', 'vdispl-resolution-with-colon', 'pvh', { vdispl: list('backend=0,connectors=c0:800x600:1') });
// tsc_mode as a string (4.17 echoes it)
rel('tsc-mode-native', 'hvm', { tsc_mode: '"native"' });
rel('tsc-mode-always-emulate', 'hvm', { tsc_mode: '"always_emulate"' });
rel('tsc-mode-native-paravirt', 'hvm', { tsc_mode: '"native_paravirt"' });
// the new keys with the old guest-type and += forms
rel('smbios-builder-hvm', 'hvm', { type: null, builder: '"hvm"', smbios: list('colour=blue') }, 'builder = "hvm" makes an HVM guest, so smbios is read');
rel('hvm-pirq-builder-hvm', 'hvm', { type: null, builder: '"hvm"', hvm_pirq: '"x"' });
rel('virtio-plus-eq', 'pvh', [{ virtio: list('type=virtio,device22') }, 'virtio += [ "foo=bar" ]'], '+= adds a bad item');
rel('llc-colors-plus-eq', 'pvh', [{ llc_colors: list('0-1') }, 'llc_colors += [ "3-2" ]']);
rel('sve-on-hvm', 'hvm', { sve: '"100"' });
rel('smbios-second-bad', 'hvm', { smbios: list('bios_vendor=Sem', 'bogus=1') });
// keys xl reads only after 4.20: both oracles ignore them without a word
rel('after-420-altp2m-count', 'hvm', { altp2m: '"external"', altp2m_count: '10' });
rel('after-420-arm-sci', 'pvh', { arm_sci: '"type=scmi_smc"' });
rel('after-420-trap-unmapped', 'pvh', { trap_unmapped_accesses: '1' });
rel('after-420-platform-pci-bar-uc', 'hvm', { xen_platform_pci_bar_uc: '0' });
rel('after-420-xenstore', 'pvh', { xenstore_feature_mask: '0x7', xenstore_quota: '[ "nodes=1000" ]' });
rel('after-420-bad-values', 'hvm', { altp2m_count: '"many"', trap_unmapped_accesses: '[ 1 ]', xen_platform_pci_bar_uc: '"x"' }, 'values no xl up to 4.20 reads');
// read the same way by both
disk('specification-virtio', 'vdev=xvda,specification=virtio,target=/img/x');
disk('specification-virtio-transport', 'vdev=xvda,specification=virtio,transport=mmio,target=/img/x');
// CPUID flag names xl 4.20 knows and 4.17 does not (all 37; found by giving both xl's every name
// of either release), one per case; and a spelling neither knows.
const CPUID_SINCE_417 = ['addr-msk-ext', 'amd-fsrc', 'amd-fsrs', 'amd-prefetchi', 'amx-bf16', 'amx-complex', 'amx-fp16', 'amx-int8', 'amx-tile', 'arch-lbr', 'avx-ifma', 'avx-ne-convert', 'avx-vnni-int16', 'avx-vnni-int8', 'bld', 'cmpccxadd', 'cpuid-user-dis', 'ddp-ctrl', 'epsf', 'fs-gs-ns', 'fsrsc', 'la57', 'no-nest-bp', 'pconfig', 'pks', 'prefetchi', 'sdbg', 'sgx-keys', 'sgx-lc', 'sha512', 'sm3', 'sm4', 'tme', 'uintr', 'waitpkg', 'wrmsrns', 'xfd'];
for (const f of CPUID_SINCE_417) add('cpuid-names', f, 'hvm', { cpuid: `"host,${f}=0"` });
add('cpuid-names', 'underscore-spelling', 'hvm', { cpuid: '"host,avx_ifma=0"' });
add('cpuid-names', 'several-new', 'hvm', { cpuid: '"host,sha512=0,la57=0,pks=x,sse3=0"' });
add('cpuid-names', 'xend-and-new', 'hvm', { cpuid: '[ "host,waitpkg=0", "1:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0" ]' });

function render(c) {
  const lines = BASES[c.base].map(([k, v]) => [k, v]);
  const extra = [];
  for (const e of c.edits) {
    if (typeof e === 'string') { extra.push(...e.split('\n')); continue; }
    for (const [k, v] of Object.entries(e)) {
      const i = lines.findIndex((l) => l[0] === k);
      if (v === null) { if (i !== -1) lines.splice(i, 1); continue; }
      if (i !== -1) lines[i] = [k, v]; else lines.push([k, v]);
    }
  }
  const head = `# Generated by scripts/gen-semantic.mjs (${c.group}/${c.name}, based on the ${c.base} config)${c.note ? `: ${c.note}` : ''}.\n`;
  return head + lines.map(([k, v]) => `${k} = ${v}`).concat(extra).join('\n') + '\n';
}

const files = new Map();
for (const c of CASES) {
  const rel = path.join(c.group, `${c.name}.cfg`);
  if (files.has(rel)) throw new Error(`duplicate case ${rel}`);
  files.set(rel, render(c));
}
if (fs.existsSync(SEM)) {
  for (const f of fs.readdirSync(SEM).filter((x) => x.endsWith('.cfg')).sort()) {
    files.set(path.join('probes', f), fs.readFileSync(path.join(SEM, f), 'utf8'));
  }
}

let bad = 0;
for (const [rel, text] of files) {
  const file = path.join(OUT, rel);
  const cur = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (cur === text) continue;
  if (check) { console.error(`gen-semantic: ${rel} is ${cur === undefined ? 'missing' : 'out of date'}`); bad++; continue; }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
// Generated groups only hold generated files: drop inputs of cases that were removed.
for (const group of new Set(CASES.map((c) => c.group))) {
  const dir = path.join(OUT, group);
  if (!fs.existsSync(dir)) continue;
  for (const f of fs.readdirSync(dir)) {
    const rel = path.join(group, f.replace(/\.\d+\.\d+\.xl\.json$/, '.cfg')); // <name>.<release>.xl.json
    if (files.has(rel)) continue;
    if (check) { console.error(`gen-semantic: ${path.join(group, f)} is not generated any more`); bad++; continue; }
    fs.rmSync(path.join(dir, f));
  }
}
if (check && bad) process.exit(1);
console.log(`gen-semantic: ${files.size} inputs in ${path.relative(ROOT, OUT)}`);
