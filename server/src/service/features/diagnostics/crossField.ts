// Rules that involve several keys, from xl_parse.c and libxl: things xl refuses outright and
// things it accepts but runs differently from what the user meant.

import { integerValue } from '../../values';
import type { CheckContext } from './context';
import { guestArch } from './guest';

export function checkCrossField(ctx: CheckContext): void {
  const { doc } = ctx;
  if (doc.kind !== 'domain' || doc.parsed.rejected) return;
  const v = doc.values;
  const at = (key: string) => doc.effective.get(key);
  const keyRange = (key: string): [number, number] => { const s = at(key); return s ? [s.keyStart, s.keyEnd] : [0, 0]; };
  const num = (key: string) => (typeof v[key] === 'string' ? integerValue(v[key] as string) : undefined);
  const guest = doc.guest;

  if (v.name === undefined) {
    ctx.report('missing-name', 'error', 'No name: xl refuses a config without `name = "..."` ("Domain name must be specified").', 0, 0,
      [{ title: 'Add name = "guest"', start: 0, end: 0, newText: 'name = "guest"\n' }]);
  }
  if (guest.invalid !== undefined && at('type')) {
    // reported by the value check (unknown-value); nothing more to add here
  }
  if (typeof v.type === 'string' && typeof v.builder === 'string' && !guest.invalid) {
    const builderType = v.builder === 'hvm' ? 'hvm' : 'pv';
    if (builderType !== guest.type && v.builder !== '') {
      const [s, e] = keyRange('builder');
      ctx.report('type-builder-conflict', 'error', `'builder = "${v.builder}"' contradicts 'type = "${v.type}"': xl refuses the config. Remove 'builder'; 'type' replaces it.`, s, e,
        [{ title: "Remove 'builder'", start: at('builder')!.start, end: lineEnd(doc.text, at('builder')!.end), newText: '' }]);
    }
  }
  const arch = guestArch(ctx);
  if (guest.type === 'pv' && arch !== 'arm' && !guest.invalid) {
    const firmware = typeof v.firmware === 'string' ? v.firmware : undefined;
    if (v.kernel === undefined && v.bootloader === undefined && firmware !== 'pvgrub32' && firmware !== 'pvgrub64') {
      const [s, e] = at('type') ? keyRange('type') : at('name') ? keyRange('name') : [0, 0];
      ctx.report('pv-no-kernel', 'error', `A PV guest needs a way to boot: set 'kernel', 'bootloader = "pygrub"' or 'firmware = "pvgrub64"'. xl refuses it otherwise ("Neither kernel nor bootloader specified").${guest.source === 'default' ? ' No type is set, so xl assumes PV.' : ''}`, s, e);
    }
  }
  const vcpus = num('vcpus');
  const maxvcpus = num('maxvcpus');
  if (vcpus !== undefined && maxvcpus !== undefined && maxvcpus < vcpus) {
    const [s, e] = keyRange('maxvcpus');
    ctx.report('maxvcpus-below-vcpus', 'error', `maxvcpus (${maxvcpus}) is below vcpus (${vcpus}): xl refuses this. Raise maxvcpus or lower vcpus.`, s, e);
  }
  const memory = num('memory');
  const maxmem = num('maxmem');
  if (memory !== undefined && maxmem !== undefined) {
    const [s, e] = keyRange('maxmem');
    if (maxmem < memory) {
      ctx.report('maxmem-below-memory', 'warning', `maxmem (${maxmem} MiB) is below memory (${memory} MiB): the guest can never reach its starting size. Make maxmem at least ${memory}.`, s, e);
    } else if (maxmem > memory && guest.type !== 'pv') {
      const hasPci = Array.isArray(v.pci) && v.pci.length > 0;
      if (hasPci) {
        ctx.report('pod-with-passthrough', 'error', `maxmem (${maxmem}) > memory (${memory}) makes this ${guest.type.toUpperCase()} guest start pre-ballooned (populate-on-demand), which libxl refuses together with PCI passthrough. The dry run accepts it; the real start fails. Set maxmem = ${memory} or remove it.`, s, e,
          [{ title: `Set maxmem to ${memory}`, start: at('maxmem')!.value!.start, end: at('maxmem')!.value!.end, newText: String(memory) }]);
      } else {
        ctx.report('pod-needs-balloon', 'warning', `maxmem (${maxmem}) > memory (${memory}): this ${guest.type.toUpperCase()} guest starts pre-ballooned (populate-on-demand) and crashes if its OS has no balloon driver. Set maxmem = memory unless the guest runs one.`, s, e);
      }
    }
  }
  if (v.cmdline !== undefined) {
    for (const k of ['root', 'extra']) {
      if (v[k] !== undefined) {
        const [s, e] = keyRange(k);
        ctx.report('cmdline-overrides', 'warning', `'${k}' is ignored because 'cmdline' is set: xl uses cmdline alone. Move this text into cmdline.`, s, e, [], ['unnecessary']);
      }
    }
  }
  if (guest.type === 'hvm' && typeof v.kernel === 'string' && /hvmloader$/.test(v.kernel)) {
    const [s, e] = keyRange('kernel');
    ctx.report('hvm-kernel-hvmloader', 'warning', `xl ignores kernel = "${v.kernel}" for HVM guests: hvmloader is loaded by default.`, s, e, [], ['unnecessary']);
  }
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}
