// Which files are xl configs. By name: xl.conf, *.xl, *.xlcfg, /etc/xen/*.cfg, /etc/xen/auto/*,
// xlexample.*. By content, for other .cfg files and extensionless files in /etc/xen: they must
// read like xl domain configs (`key = "value"` lines with keys xl knows), which rules out INI
// files, xen.efi boot configs (unquoted values, [sections]) and the hotplug shell scripts.

import type { Knowledge } from './knowledge';
import type { Value } from './parser';
import { parse } from './parser/parser';

export type Claim = 'by-name' | 'by-content' | 'no';

const SCRIPTS_DIR = /(^|\/)etc\/xen\/scripts\//;

export function claimByName(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (SCRIPTS_DIR.test(p)) return false;
  if (base === 'xl.conf') return true;
  if (/\.(xl|xlcfg)$/.test(base)) return true;
  if (/^xlexample\./.test(base)) return true;
  if (/(^|\/)etc\/xen\/[^/]+\.cfg$/.test(p)) return true;
  if (/(^|\/)etc\/xen\/auto\/[^/]+$/.test(p)) return true;
  return false;
}

/** Files whose content is worth looking at: other .cfg files and extensionless /etc/xen files. */
export function isContentCandidate(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  if (SCRIPTS_DIR.test(p)) return false;
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (/\.cfg$/i.test(base)) return true;
  return /(^|\/)etc\/xen\/[^/]+$/.test(p) && !base.includes('.');
}

const XL_LINE = /^[ \t]*([a-z][._0-9a-z]*)[ \t]*\+?=[ \t]*(["'[]|[0-9])/;
const ASSIGNMENT_LIKE = /^[ \t]*[A-Za-z_][\w.\-]*[ \t]*[+:]?=/;

const COMMENTED_XL_LINE = /^[ \t]*#[ \t]*([a-z][._0-9a-z]*)[ \t]*\+?=[ \t]*(["'[]|[0-9])/;
const SPEC_ITEM = /(^|,)\s*[a-z][\w-]*=/;

export function looksLikeXlConfig(text: string, kb: Knowledge): boolean {
  if (text.startsWith('#!')) return false;
  const known = (k: string) => !!(kb.option(k) || kb.option(k, 'xl.conf'));
  const lines = text.split('\n', 2000);
  let xl = 0, assignments = 0, foreign = 0, commentedXl = 0;
  for (const line of lines) {
    if (/^[ \t]*\[[^\]'"]*\][ \t]*\r?$/.test(line)) foreign += 5; // INI [section]
    if (/^[ \t]*(function |if \[|fi$|case |esac$|export )/.test(line)) foreign += 3; // shell
    const c = COMMENTED_XL_LINE.exec(line);
    if (c && known(c[1])) commentedXl++;
    if (!ASSIGNMENT_LIKE.test(line)) continue;
    assignments++;
    const m = XL_LINE.exec(line);
    if (m && known(m[1])) xl++;
  }
  if (foreign > 0 && foreign >= xl) return false;
  if (xl >= 1 && xl * 2 >= assignments) return true;
  // Files xl reads cleanly but whose keys we cannot vouch for: a template whose settings are all
  // commented out (the xl.conf example), or a vendor fragment of device spec lists.
  if (text.length > 1 << 20) return false;
  const parsed = parse(text);
  if (parsed.rejected) return false;
  if (parsed.statements.length === 0) return commentedXl >= 2;
  return parsed.statements.some((s) => s.value?.kind === 'list' && hasSpecString(s.value));
}

function hasSpecString(v: Value): boolean {
  const stack: Value[] = [v];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.kind === 'list') stack.push(...x.items);
    else if (x.kind === 'string' && SPEC_ITEM.test(x.value)) return true;
  }
  return false;
}

export function claim(path: string, text: string | undefined, kb: Knowledge): Claim {
  if (claimByName(path)) return 'by-name';
  if (text !== undefined && isContentCandidate(path) && looksLikeXlConfig(text, kb)) return 'by-content';
  return 'no';
}
