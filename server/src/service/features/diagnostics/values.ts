// Value checks for xl.conf, whose keys xl reads with the same getters as a domain config but
// in another program (xl's main, not parse_config_data): shape, numbers and names from the
// knowledge table. Also the enum lookup that hover shares.

import type { EnumValue, OptionInfo } from '../../knowledge';
import { closest } from '../../values';
import type { CheckContext } from './context';
import { XlReader } from './reader';

export function matchEnum(values: readonly EnumValue[], s: string, caseInsensitive?: boolean): EnumValue | undefined {
  return values.find((x) => x.value === s) ?? (caseInsensitive ? values.find((x) => x.value.toLowerCase() === s.toLowerCase()) : undefined);
}

/** xl.conf: each known key read with the getter its shape implies. */
export function checkXlConfValues(ctx: CheckContext): void {
  const r = new XlReader(ctx);
  for (const key of r.keys()) {
    const info = ctx.kb.option(key, 'xl.conf');
    if (!info) continue;
    readByShape(ctx, r, info);
  }
}

function readByShape(ctx: CheckContext, r: XlReader, info: OptionInfo): void {
  const numeric = info.shape.includes('integer') || info.shape.includes('boolean');
  if (info.shape.includes('list') && !info.shape.some((s) => s !== 'list')) { r.list(info.key); return; }
  if (numeric && !info.shape.includes('string')) { r.long(info.key); return; }
  if (numeric && r.tryLong(info.key) !== undefined) return;
  const v = r.string(info.key);
  if (!v || info.format !== 'enum' || !info.values?.length) return;
  if (matchEnum(info.values, v.value, info.caseInsensitive)) return;
  if (info.values.some((x) => !/^[a-z0-9_.\-]+$/i.test(x.value))) return; // examples, not a closed set
  const ci = info.values.find((x) => x.value.toLowerCase() === v.value.toLowerCase());
  const guesses = ci ? [ci.value] : closest(v.value, info.values.map((x) => x.value));
  ctx.report('unknown-value', 'error', `"${v.value}" is not a valid value for '${info.key}'.${ci ? ' The names are case-sensitive.' : ''} Valid: ${info.values.map((x) => `"${x.value}"`).join(', ')}.`,
    v.s.start, v.s.end, v.s.atom?.kind === 'string' ? guesses.map((g) => ({ title: `Write "${g}"`, start: v.s.atom!.start + 1, end: v.s.atom!.end - 1, newText: g })) : []);
}
