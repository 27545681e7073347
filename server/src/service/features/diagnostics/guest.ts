// What the config says about its target architecture, from the architecture-specific keys it sets.

import type { CheckContext } from './context';

/**
 * The architecture the keys say; where they do not tell, the `arch` setting (xlcfg.arch), if not
 * `auto`.
 */
export function guestArch(ctx: Pick<CheckContext, 'doc' | 'kb'> & { settings?: { arch?: 'auto' | 'x86' | 'arm' } }): 'x86' | 'arm' | undefined {
  // HVM guests exist only on x86. (Not PV: libxl on Arm turns a PV guest into PVH, with a warning.)
  const g = ctx.doc.guest;
  if (g.source !== 'default' && !g.invalid && g.type === 'hvm') return 'x86';
  let arm = 0, x86 = 0;
  for (const key of Object.keys(ctx.doc.values)) {
    const info = ctx.kb.option(key);
    if (info?.arch === 'arm') arm++;
    else if (info?.arch === 'x86') x86++;
  }
  if (arm > x86) return 'arm';
  if (x86 > arm) return 'x86';
  const chosen = ctx.settings?.arch;
  return chosen === 'x86' || chosen === 'arm' ? chosen : undefined;
}
