// Generates large xl configs for the parse/validate benchmarks: a deterministic mix of every value
// shape seen in real configs (strings with escapes, numbers in decimal/octal/hex, nested lists,
// spec strings, comments, `+=`), accepted by xl. Usage: node gen-big-config.mjs SIZE_MB OUT
import fs from 'node:fs';

const [sizeMb = '6', out = 'big.cfg'] = process.argv.slice(2);
const target = Number(sizeMb) * 1024 * 1024;
let seed = 42;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const hex2 = () => rnd(256).toString(16).padStart(2, '0');

const blocks = [
  (i) => `# guest block ${i}: a PV guest with a direct kernel\nname = "guest-${i}"\ntype = "pv"\n`,
  (i) => `memory = ${512 + rnd(8) * 256}\nmaxmem = 0x${(4096).toString(16)}\nvcpus = 0${1 + rnd(7)}\n`,
  (i) => `kernel = "/boot/vmlinuz-6.1.0-${i}"\nramdisk = '/boot/initrd.img-6.1.0-${i}'\nextra = "console=hvc0 \\"quiet\\"\\tpanic=10"\n`,
  (i) => `disk = [ 'phy:/dev/vg0/guest-${i}-root,xvda,w',\n         'format=qcow2,vdev=xvdb,access=rw,target=/srv/xen/g${i}.qcow2',\n         "file:/srv/iso/install.iso,hdc:cdrom,r" ]\n`,
  (i) => `vif = [ 'mac=00:16:3e:${hex2()}:${hex2()}:${hex2()},bridge=xenbr${rnd(4)},rate=10Mb/s@20ms' ] # uplink\n`,
  (i) => `vif += [ "bridge=xenbr1,vifname=g${i}.1" ]\ncmdline = "root=/dev/xvda1"\ncmdline += " ro"\n`,
  (i) => `vnuma = [ [ "pnode=0", "size=512", "vcpus=0-1", "vdistances=10,20" ],\n          [ "pnode=0", "size=512", "vcpus=2-3", "vdistances=20,10" ] ]\n`,
  (i) => `cpus = [ "0-3,^1", "nodes:0" ] ; on_crash = "coredump-restart" ; on_reboot = 'restart'\n`,
  (i) => `pci = [ '0000:0${rnd(9)}:00.${rnd(8)},permissive=1', "0000:05:00.0@0${rnd(9)}" ]\nchannel = [ "connection=socket,name=org.qemu.guest_agent.0,path=/run/xen/g${i}.sock" ]\n`,
  (i) => `# a comment with non-ASCII: café, Größe, 仮想マシン\nviridian = [ "base", "freq", "time_ref_count" ]\nuuid = "${[8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, () => rnd(16).toString(16)).join('')).join('-')}"\n`,
];

const fd = fs.openSync(out, 'w');
let written = 0, i = 0;
const chunk = [];
while (written < target) {
  const s = blocks[i % blocks.length](i) + (i % blocks.length === blocks.length - 1 ? '\n' : '');
  chunk.push(s); written += Buffer.byteLength(s); i++;
  if (chunk.length >= 4096) { fs.writeSync(fd, chunk.join('')); chunk.length = 0; }
}
fs.writeSync(fd, chunk.join(''));
fs.closeSync(fd);
console.log(`${out}: ${(written / 1048576).toFixed(1)} MB, ${i} blocks`);
