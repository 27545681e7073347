// What the config says about its target architecture, from the architecture-specific keys it sets.

import type { XlDocument } from '../../document';
import type { Knowledge } from '../../knowledge';
import type { CheckContext } from './context';

/**
 * The architecture the keys say; where they do not tell, the `arch` setting (xlcfg.arch), if not
 * `auto`.
 */
export function guestArch(ctx: Pick<CheckContext, 'doc' | 'kb'> & { settings?: { arch?: 'auto' | 'x86' | 'arm' } }): 'x86' | 'arm' | undefined {
  // HVM guests exist only on x86. (Not PV: libxl on Arm turns a PV guest into PVH, with a warning.)
  const g = ctx.doc.guest;
  if (g.source !== 'default' && !g.invalid && g.type === 'hvm') return 'x86';
  const { arm, x86 } = archKeyCounts(ctx.doc, ctx.kb);
  if (arm > x86) return 'arm';
  if (x86 > arm) return 'x86';
  const chosen = ctx.settings?.arch;
  return chosen === 'x86' || chosen === 'arm' ? chosen : undefined;
}

/** How many Arm-only and x86-only keys a document sets: counted once per document (checks ask often). */
const counted = new WeakMap<XlDocument, { arm: number; x86: number }>();
function archKeyCounts(doc: XlDocument, kb: Knowledge): { arm: number; x86: number } {
  let c = counted.get(doc);
  if (c) return c;
  c = { arm: 0, x86: 0 };
  const tree = doc.parsed.tree;
  // The keys the file sets with a value xl stores.
  const set = new Uint8Array(tree.keyNames.length);
  for (let i = 0; i < tree.stmtCount; i++) if (tree.stmtComplete(i)) set[tree.stmtKeyId(i)] = 1;
  for (let k = 0; k < tree.keyNames.length; k++) {
    if (!set[k]) continue;
    const info = kb.option(tree.keyNames[k]);
    if (info?.arch === 'arm') c.arm++;
    else if (info?.arch === 'x86') c.x86++;
  }
  counted.set(doc, c);
  return c;
}
