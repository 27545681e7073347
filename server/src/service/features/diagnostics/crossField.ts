// Rules across keys that xl's parser does not check but that decide how the guest runs:
// memory ballooning (populate-on-demand) and what it does with PCI passthrough, and sizes the
// dry run accepts but the real start cannot use. The rules xl does check (maxvcpus < vcpus,
// builder vs type, a PV guest with nothing to boot, ...) are part of the replay in xlParse.ts.

import type { CheckContext } from './context';
import type { XlModel } from './xlParse';

export function checkCrossField(ctx: CheckContext, m: XlModel): void {
  const r = m.reader;
  const memS = r.peek('memory');
  const maxS = r.peek('maxmem');
  const { memory, maxmem } = m;
  if (memory !== undefined && memS && memory <= 0n) {
    ctx.report('out-of-range', 'warning', `memory = ${memory} gives the guest no memory: xl's dry run accepts it, but the domain cannot be built. Write the size in MiB, e.g. 1024.`, memS.start, memS.end);
  }
  if (memory === undefined || maxmem === undefined || !maxS) return;
  const [s, e] = [maxS.last.keyStart, maxS.last.keyEnd];
  const setTo = (n: bigint) => maxS.atom && maxS.stmts.length === 1 ? [{ title: `Set maxmem to ${n}`, start: maxS.atom.start, end: maxS.atom.end, newText: String(n) }] : [];
  if (maxmem < memory) {
    ctx.report('maxmem-below-memory', 'warning', `maxmem (${maxmem} MiB) is below memory (${memory} MiB): the guest can never hold what it starts with. Make maxmem at least ${memory}, or remove it.`, s, e, setTo(memory));
    return;
  }
  if (maxmem === memory || m.type === 'pv' || m.vnuma) return;
  const kind = m.type.toUpperCase();
  if (m.pci > 0) {
    ctx.report('pod-with-passthrough', 'error', `maxmem (${maxmem}) above memory (${memory}) makes this ${kind} guest start pre-ballooned (populate-on-demand), which cannot be combined with PCI passthrough: the dry run accepts it, the real start fails. Set maxmem = ${memory} or remove it.`, s, e,
      setTo(memory));
  } else {
    ctx.report('pod-needs-balloon', 'warning', `maxmem (${maxmem}) above memory (${memory}) makes this ${kind} guest start pre-ballooned (populate-on-demand): it crashes early unless its OS runs a balloon driver. Set maxmem = memory unless it does.`, s, e, setTo(memory));
  }
}
