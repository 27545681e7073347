// Shape and value checks for the value xl actually reads for each key (the last '=' and the
// '+=' after it): list vs single value, numbers as C's strtol reads them, enums exactly as xl
// compares them, MACs, UUIDs and CPU lists.

import type { Assignment, Value } from '../../parser';
import type { EnumValue, OptionInfo } from '../../knowledge';
import { closest, MAC_RE, readInteger, UUID_RE } from '../../values';
import type { CheckContext } from './context';
import { checkCpuList } from './formats';

const BOOL_WORDS: Record<string, string> = { true: '1', false: '0', yes: '1', no: '0', on: '1', off: '0' };

/** Statements whose values make up what xl reads for each key. */
export function contributingStatements(stmts: readonly Assignment[]): Map<string, Assignment[]> {
  const byKey = new Map<string, Assignment[]>();
  for (const s of stmts) {
    if (!s.complete || !s.value) continue;
    const list = byKey.get(s.key);
    if (s.op === '=' || !list) byKey.set(s.key, [s]);
    else list.push(s);
  }
  return byKey;
}

export function checkValues(ctx: CheckContext): void {
  const { doc, kb } = ctx;
  for (const [key, stmts] of contributingStatements(doc.parsed.statements)) {
    const info = kb.option(key, doc.kind);
    if (!info || stmts.some((s) => ctx.failed.has(s.start))) continue;
    for (const stmt of stmts) checkStatement(ctx, info, stmt);
  }
}

function checkStatement(ctx: CheckContext, info: OptionInfo, stmt: Assignment): void {
  const v = stmt.value!;
  const wantsList = info.shape.includes('list');
  const wantsSingle = info.shape.some((s) => s !== 'list');
  const numeric = info.shape.includes('integer') || info.shape.includes('boolean');
  const text = ctx.doc.text;
  if (v.kind === 'list' && !wantsSingle) {
    checkListItems(ctx, info, stmt, v.items);
    return;
  }
  if (v.kind === 'list') {
    const fix = v.items.length === 1 && v.items[0].kind !== 'list'
      ? [{ title: 'Use the single value without [ ]', start: v.start, end: v.end, newText: text.slice(v.items[0].start, v.items[0].end), safe: true }]
      : [];
    ctx.failed.add(stmt.start);
    ctx.report('expected-single-value', 'error', `'${info.key}' takes a single value, not a list: xl warns and ignores the setting.`, v.start, v.end, fix);
    return;
  }
  if (info.deprecatedShapes?.includes('string') && wantsList) {
    ctx.report('deprecated-string-form', 'warning', `'${info.key}' as a single string is the old form: write a list, [ ${ctx.doc.text.slice(v.start, v.end)} ].`, v.start, v.end,
      [{ title: 'Wrap the value in [ ]', start: v.start, end: v.end, newText: `[ ${ctx.doc.text.slice(v.start, v.end)} ]`, safe: true }], ['deprecated']);
    return;
  }
  if (!wantsSingle) {
    ctx.failed.add(stmt.start);
    ctx.report('expected-list', 'error', `'${info.key}' takes a list: xl warns that it "should be a list" and ignores the setting. Wrap the value in [ ].`, v.start, v.end,
      [{ title: 'Wrap the value in [ ]', start: v.start, end: v.end, newText: `[ ${text.slice(v.start, v.end)} ]`, safe: true }]);
    return;
  }
  if (stmt.op === '+=' && numeric && !info.shape.includes('string')) {
    ctx.failed.add(stmt.start);
    ctx.report('add-to-number', 'error', `'+=' cannot be used with the number option '${info.key}': xl refuses to read it. Use '='.`, stmt.opStart, stmt.opStart + 2,
      [{ title: "Replace '+=' with '='", start: stmt.opStart, end: stmt.opStart + 2, newText: '=' }]);
    return;
  }
  checkAtom(ctx, info, stmt, v);
}

function checkAtom(ctx: CheckContext, info: OptionInfo, stmt: Assignment, v: Value): void {
  if (v.kind === 'list') return;
  const s = v.value;
  const numeric = info.shape.includes('integer') || info.shape.includes('boolean');
  const stringy = info.shape.includes('string');
  if (numeric && !stringy) {
    checkNumber(ctx, info, v.start, v.end, s);
    return;
  }
  if (numeric && stringy) {
    // Options such as gfx_passthru, altp2m, tsc_mode: a number or a named value.
    const n = readInteger(s);
    if (n.ok) {
      if (info.deprecatedShapes?.includes('integer')) {
        ctx.report('deprecated-number-form', 'warning', `'${info.key}' as a number is the old form; name the mode instead (${(info.values ?? []).map((x) => `"${x.value}"`).join(', ')}).`, v.start, v.end, [], ['deprecated']);
      }
      return;
    }
  }
  if (info.values?.length && info.format === 'enum') {
    checkEnum(ctx, info, v.start, v.end, s);
  }
  checkFormat(ctx, info.format, info.key, v.start, v.end, s);
}

export function checkNumber(ctx: CheckContext, info: Pick<OptionInfo, 'key' | 'min' | 'max' | 'unit' | 'shape'>, start: number, end: number, s: string): void {
  const r = readInteger(s);
  if (!r.ok) {
    const unit = /^\s*([0-9]+)\s*([kKmMgGtT])i?[bB]?\s*$/.exec(s);
    const fixes = [];
    let extra = '';
    if (unit && info.unit === 'MiB') {
      const n = Number(unit[1]);
      const mib = { k: n / 1024, m: n, g: n * 1024, t: n * 1024 * 1024 }[unit[2].toLowerCase() as 'k' | 'm' | 'g' | 't'];
      if (Number.isInteger(mib)) { fixes.push({ title: `Write ${mib}`, start, end, newText: String(mib) }); extra = ` The value is in MiB: write ${mib}.`; }
    }
    const b = BOOL_WORDS[s.trim().toLowerCase()];
    if (b !== undefined && info.shape.includes('boolean')) { fixes.push({ title: `Write ${b}`, start, end, newText: b }); extra = ` Booleans are numbers: write ${b}.`; }
    if (r.reason === 'out-of-range') extra = ' It is too large for xl to read.';
    ctx.report('not-a-number', 'error', `'${info.key}' needs a number, and xl cannot read '${s}' as one: it warns and ignores the setting.${extra}`, start, end, fixes);
    return;
  }
  const n = r.value;
  if (info.min !== undefined && n < BigInt(info.min)) ctx.report('out-of-range', 'error', `'${info.key}' must be at least ${info.min}.`, start, end);
  else if (info.max !== undefined && n > BigInt(info.max)) ctx.report('out-of-range', 'error', `'${info.key}' must be at most ${info.max}.`, start, end);
}

export function matchEnum(values: readonly EnumValue[], s: string, caseInsensitive?: boolean): EnumValue | undefined {
  return values.find((x) => x.value === s) ?? (caseInsensitive ? values.find((x) => x.value.toLowerCase() === s.toLowerCase()) : undefined);
}

function checkEnum(ctx: CheckContext, info: OptionInfo, start: number, end: number, s: string): void {
  const values = info.values!;
  if (info.prefixMatch) {
    const exact = values.find((x) => x.value === s);
    if (exact) return;
    const byPrefix = ['hvm', 'pv', 'pvh'].find((t) => t.startsWith(s));
    if (byPrefix) {
      ctx.report('type-prefix', 'warning', `xl matches '${info.key}' by prefix, so "${s}" means "${byPrefix}". Write it out in full.`, start, end,
        [{ title: `Write "${byPrefix}"`, start: start + 1, end: end - 1, newText: byPrefix, safe: true }]);
      return;
    }
  }
  const hit = matchEnum(values, s, info.caseInsensitive);
  if (hit) {
    if (hit.deprecated) ctx.report('deprecated-value', 'warning', `"${s}" is deprecated for '${info.key}': ${hit.deprecated}`, start, end, [], ['deprecated']);
    return;
  }
  if (values.every((x) => !/^[a-z0-9_.\-]+$/i.test(x.value))) return; // free-form examples, not a closed set
  const insensitive = values.find((x) => x.value.toLowerCase() === s.toLowerCase());
  const guesses = insensitive ? [insensitive.value] : closest(s, values.map((x) => x.value));
  const caseNote = insensitive ? ` xl compares these names case-sensitively.` : '';
  ctx.report('unknown-value', 'error', `"${s}" is not a valid value for '${info.key}'.${caseNote} Valid: ${values.map((x) => `"${x.value}"`).join(', ')}.`, start, end,
    guesses.map((g) => ({ title: `Write "${g}"`, start: start + 1, end: end - 1, newText: g })));
}

function checkFormat(ctx: CheckContext, format: string | undefined, key: string, start: number, end: number, s: string): void {
  switch (format) {
    case 'uuid':
      if (!UUID_RE.test(s)) ctx.report('invalid-uuid', 'error', `'${s}' is not a UUID (32 hex digits, usually written 8-4-4-4-12).`, start, end);
      break;
    case 'mac':
      if (!MAC_RE.test(s)) ctx.report('invalid-mac', 'error', `'${s}' is not a MAC address (six hex octets separated by ':').`, start, end);
      break;
    case 'cpulist':
      checkCpuList(ctx, key, start, end, s);
      break;
  }
}

function checkListItems(ctx: CheckContext, info: OptionInfo, stmt: Assignment, items: readonly Value[]): void {
  for (const item of items) {
    if (item.kind === 'list') {
      if (info.key !== 'vnuma' && info.key !== 'vsnd') ctx.report('nested-list', 'error', `'${info.key}' takes a list of strings; a nested list here is ignored by xl.`, item.start, item.end);
      continue;
    }
    if (info.itemFormat === 'enum' && info.values?.length) {
      const name = item.value.replace(/^!/, '');
      if (!matchEnum(info.values, name, info.caseInsensitive)) {
        const guesses = closest(name, info.values.map((x) => x.value));
        ctx.report('unknown-value', 'error', `"${item.value}" is not a valid item for '${info.key}'. Valid: ${info.values.map((x) => `"${x.value}"`).join(', ')}.`, item.start, item.end,
          guesses.map((g) => ({ title: `Write "${g}"`, start: item.start + 1, end: item.end - 1, newText: item.value.startsWith('!') ? '!' + g : g })));
      }
    } else if (info.itemFormat === 'cpulist') {
      checkCpuList(ctx, info.key, item.start, item.end, item.value);
    }
  }
  void stmt;
}
