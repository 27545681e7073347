// Checks of value formats that several options share (CPU lists).

import type { CheckContext } from './context';

const CPU_ITEM = /^\^?(?:(?:node|nodes):)?(?:all|[0-9]+(?:-[0-9]+)?)$/;

/** "all", "0-3,^1", "nodes:0-1,^node:1" as xl's cpurange parser reads them. */
export function isCpuList(s: string): boolean {
  if (s.trim() === '') return false;
  return s.split(',').every((part) => {
    const p = part.trim();
    if (!CPU_ITEM.test(p)) return false;
    const m = /([0-9]+)-([0-9]+)$/.exec(p);
    return !m || Number(m[1]) <= Number(m[2]);
  });
}

export function checkCpuList(ctx: CheckContext, key: string, start: number, end: number, s: string): void {
  if (!isCpuList(s)) {
    ctx.report('invalid-cpu-list', 'error', `'${s}' is not a CPU list for '${key}'. Write CPUs and ranges separated by commas, '^' to exclude, 'node:'/'nodes:' for NUMA nodes, or "all": e.g. "0-3,^1" or "nodes:0".`, start, end);
  }
}
