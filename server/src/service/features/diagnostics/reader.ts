// xl's typed getters (libxlu_cfg.c), replayed over the parsed file. Each getter reports what xl
// does when the value has the wrong shape: the warning getters ("is a list but should be a single
// value", "is not a valid number", ...) print and ignore the setting, which we report as an error
// because the guest then starts without what the user wrote; the quiet getters (dont_warn = 1)
// ignore it without a word, which we report as a warning. Every key a getter looks at is marked
// as read: what is left over at the end is a key xl never looked at (for this guest type).

import type { Assignment, ListValue, NumberAtom, StringAtom, Value } from '../../parser';
import { readInteger } from '../../values';
import type { CheckContext, Fix } from './context';

/** What xl finds under a key: its last assignment, with '+=' already applied. */
export interface Setting {
  key: string;
  /** The statements that make the value: the last '=' and the '+=' after it. */
  stmts: Assignment[];
  last: Assignment;
  /** xl keeps the operator of the last statement ('+=' on a number is refused). */
  op: '=' | '+=';
  kind: 'string' | 'list';
  /** String value (concatenated when built with '+='). */
  text?: string;
  /** The one atom the string comes from, when it comes from exactly one. */
  atom?: StringAtom | NumberAtom;
  /** List items in order, across '+=' statements. */
  items?: Value[];
  /** Source range of the value (the last statement's value when several make it). */
  start: number;
  end: number;
}

export interface LongOptions {
  quiet?: boolean;
  min?: bigint;
  max?: bigint;
  /** A unit word for messages ("MiB"). */
  unit?: string;
  /** A failure stops xl even though the getter is quiet (xlu_cfg_get_bounded_long + exit). */
  fatal?: boolean;
}

const BOOL_WORDS: Record<string, string> = { true: '1', false: '0', yes: '1', no: '0', on: '1', off: '0', y: '1', n: '0' };

export class XlReader {
  /** Keys some getter looked at. */
  readonly read = new Set<string>();
  private readonly settings = new Map<string, Setting>();

  constructor(readonly ctx: CheckContext) {
    // Only the statements that make each key's final value become objects: the last '=' (or the
    // first '+=' when there is no '=') and the '+=' after it. Files can hold millions of
    // statements, most of them overwritten.
    // Only keys a getter can ask for (the knowledge's): a generated file can hold a million keys
    // that no getter reads, and their settings would only cost time and memory.
    const tree = ctx.doc.parsed.tree;
    const n = tree.stmtCount;
    const readable = tree.keyNames.map((key) => !!(ctx.kb.option(key) ?? ctx.kb.option(key, 'xl.conf')));
    /** Statements xl stores (complete, on a line without a syntax error), found in the first pass. */
    const usable = new Uint8Array(n);
    const base = new Int32Array(tree.keyNames.length).fill(-1);
    const order: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!readable[tree.stmtKeyId(i)]) continue;
      if (!tree.stmtComplete(i) || tree.stmtValue(i) < 0 || ctx.brokenBySyntax(tree.stmtStart(i), tree.stmtEnd(i))) continue;
      usable[i] = 1;
      const k = tree.stmtKeyId(i);
      if (base[k] < 0) { order.push(k); base[k] = i; } else if (!tree.stmtIsAdd(i)) base[k] = i;
    }
    let from = n;
    for (const k of order) if (base[k] < from) from = base[k];
    const made: (Setting | undefined)[] = new Array(tree.keyNames.length);
    for (let i = from; i < n; i++) {
      const k = tree.stmtKeyId(i);
      if (i < base[k] || !usable[i]) continue;
      const s = tree.statement(i);
      const v = s.value!;
      const prev = made[k];
      if (i === base[k] || !prev) {
        made[k] = v.kind === 'list'
          ? { key: s.key, stmts: [s], last: s, op: s.op, kind: 'list', items: [...v.items], start: v.start, end: v.end }
          : { key: s.key, stmts: [s], last: s, op: s.op, kind: 'string', text: v.value, atom: v, start: v.start, end: v.end };
        continue;
      }
      // A '+=' after it, extending it in place.
      if (prev.kind === 'string' && v.kind !== 'list') {
        prev.stmts.push(s);
        Object.assign(prev, { last: s, op: '+=', text: prev.text! + v.value, atom: undefined, start: v.start, end: v.end });
      } else if (prev.kind === 'list' && v.kind === 'list') {
        prev.stmts.push(s);
        for (const item of v.items) prev.items!.push(item);
        Object.assign(prev, { last: s, op: '+=', start: v.start, end: v.end });
      } // else a type mismatch: the parser reports it and xl rejects the file
    }
    for (const k of order) this.settings.set(tree.keyNames[k], made[k]!);
  }

  /** The setting without marking it read (for cross-field checks and messages). */
  peek(key: string): Setting | undefined {
    return this.settings.get(key);
  }

  has(key: string): boolean {
    return this.settings.has(key);
  }

  keys(): string[] {
    return [...this.settings.keys()];
  }

  /** xl's find(): marks the key as looked at. */
  find(key: string): Setting | undefined {
    this.read.add(key);
    return this.settings.get(key);
  }

  failed(s: Setting): void {
    for (const st of s.stmts) this.ctx.failed.add(st.start);
  }

  /** A quiet xlu_cfg_get_long that reports nothing: the number, if xl would read one. */
  tryLong(key: string): bigint | undefined {
    const s = this.find(key);
    if (!s || s.kind !== 'string' || s.op === '+=') return undefined;
    const r = readInteger(s.text!);
    return r.ok ? r.value : undefined;
  }

  /** xlu_cfg_get_string / xlu_cfg_replace_string. */
  string(key: string, quiet = false): { value: string; s: Setting } | undefined {
    const s = this.find(key);
    if (!s) return undefined;
    if (s.kind === 'list') {
      this.listWhereSingle(s, quiet);
      return undefined;
    }
    return { value: s.text!, s };
  }

  /** xlu_cfg_get_long / get_defbool / get_bounded_long. */
  long(key: string, opts: LongOptions = {}): { value: bigint; s: Setting } | undefined {
    const s = this.find(key);
    if (!s) return undefined;
    if (s.kind === 'list') {
      this.listWhereSingle(s, !!opts.quiet, opts.fatal);
      return undefined;
    }
    const { ctx } = this;
    if (s.op === '+=') {
      this.failed(s);
      const op = s.last.opStart;
      if (!opts.quiet) {
        ctx.report('add-to-number', 'error', `'+=' joins the text of '${key}' to its earlier value, and xl refuses to read a number built that way: it warns "can't use += with numbers" and ignores the setting. Set the number once with '='.`, op, op + 2,
          [{ title: "Replace '+=' with '='", start: op, end: op + 2, newText: '=' }]);
      } else if (opts.fatal) {
        ctx.report('add-to-number', 'error', `'+=' on '${key}': xl refuses to read a number built with '+=' and stops without a message. Set it once with '='.`, op, op + 2,
          [{ title: "Replace '+=' with '='", start: op, end: op + 2, newText: '=' }]);
      } else {
        ctx.report('add-to-number', 'warning', `'+=' on '${key}': xl ignores a number built with '+=' without a word. Set it once with '='.`, op, op + 2);
      }
      return undefined;
    }
    const text = s.text!;
    const r = readInteger(text);
    if (!r.ok) {
      this.failed(s);
      this.notANumber(s, key, text, r.reason, opts);
      return undefined;
    }
    if ((opts.min !== undefined && r.value < opts.min) || (opts.max !== undefined && r.value > opts.max)) {
      this.failed(s);
      const bound = opts.min !== undefined && r.value < opts.min ? `at least ${opts.min}` : `at most ${opts.max}`;
      ctx.report('out-of-range', 'error', `'${key}' must be ${bound}; xl refuses ${text}${opts.quiet ? ' (it stops without a message)' : ''}.`, s.start, s.end);
      return undefined;
    }
    this.documentedRange(key, r.value, s, opts);
    return { value: r.value, s };
  }

  /** Numbers xl passes on unchecked but that are outside what the man page allows: a warning. */
  private documentedRange(key: string, n: bigint, s: Setting, opts: LongOptions): void {
    // nr_spis, usbversion, spiceusbredirection: checked where libxl checks them (xlParse.ts, fails-at-create).
    if (opts.min !== undefined || opts.max !== undefined || key === 'vcpus' || key === 'maxvcpus' || key === 'nr_spis' || key === 'usbversion' || key === 'spiceusbredirection') return;
    const info = this.ctx.kb.option(key, this.ctx.doc.kind);
    if (!info || (info.min === undefined && info.max === undefined)) return;
    const low = info.min !== undefined && n < BigInt(info.min);
    const high = info.max !== undefined && n > BigInt(info.max);
    if (!low && !high) return;
    const range = info.min !== undefined && info.max !== undefined ? `${info.min} to ${info.max}` : info.min !== undefined ? `at least ${info.min}` : `at most ${info.max}`;
    this.ctx.report('out-of-range', 'warning', `'${key}' = ${n} is outside the documented range (${range}): xl passes it on without checking, and the hypervisor or the device model may refuse it.`, s.start, s.end);
  }

  /** xlu_cfg_get_list. */
  list(key: string, quiet = false): { items: Value[]; s: Setting } | undefined {
    const s = this.find(key);
    if (!s) return undefined;
    if (s.kind !== 'list') {
      this.failed(s);
      const { ctx } = this;
      const src = ctx.doc.text.slice(s.start, s.end);
      const fix: Fix[] = s.stmts.length === 1 ? [{ title: 'Wrap the value in [ ]', start: s.start, end: s.end, newText: `[ ${src} ]`, safe: true }] : [];
      if (!quiet) {
        ctx.report('expected-list', 'error', `'${key}' takes a list: xl warns that it "should be a list" and ignores the setting. Write [ ${src} ].`, s.start, s.end, fix);
      } else {
        ctx.report('expected-list', 'warning', `'${key}' takes a list; xl ignores a single value here without a word. Write [ ${src} ].`, s.start, s.end, fix);
      }
      return undefined;
    }
    return { items: s.items!, s };
  }

  /**
   * xlu_cfg_get_listitem: the string items up to the first nested list, where xl's loops stop.
   * Reports the nested list (and that the items after it are lost).
   */
  strings(key: string, items: readonly Value[], effect: 'silent' | 'refused' | 'crash' = 'silent', limit = Infinity): (StringAtom | NumberAtom)[] {
    const out: (StringAtom | NumberAtom)[] = [];
    for (let i = 0; i < items.length && i < limit; i++) {
      const it = items[i];
      if (it.kind === 'list') {
        const lost = items.length - i - 1;
        const rest = lost ? `, and the ${lost} item(s) after it are lost too` : '';
        if (effect === 'silent') {
          this.ctx.report('nested-list', 'warning', `'${key}' takes a list of strings: xl stops reading it at this nested list without a word${rest}. Remove the inner [ ].`, it.start, it.end, unwrapFix(this.ctx, it));
        } else {
          this.ctx.report('nested-list', 'error', `'${key}' takes a list of strings: a nested list here ${effect === 'crash' ? 'makes xl 4.17 crash' : 'makes xl refuse the config'}. Remove the inner [ ].`, it.start, it.end, unwrapFix(this.ctx, it));
        }
        break;
      }
      out.push(it);
    }
    return out;
  }

  private listWhereSingle(s: Setting, quiet: boolean, fatal = false): void {
    this.failed(s);
    const { ctx } = this;
    const items = s.items!;
    const fix: Fix[] = s.stmts.length === 1 && items.length === 1 && items[0].kind !== 'list'
      ? [{ title: 'Use the single value without [ ]', start: s.start, end: s.end, newText: ctx.source(items[0]), safe: true }]
      : [];
    if (fatal) {
      ctx.report('expected-single-value', 'error', `'${s.key}' takes a single value, not a list: xl stops without a message.`, s.start, s.end, fix);
    } else if (!quiet) {
      ctx.report('expected-single-value', 'error', `'${s.key}' takes a single value, not a list: xl warns "is a list but should be a single value" and ignores the setting.`, s.start, s.end, fix);
    } else {
      ctx.report('expected-single-value', 'warning', `'${s.key}' takes a single value; xl ignores a list here without a word.`, s.start, s.end, fix);
    }
  }

  private notANumber(s: Setting, key: string, text: string, reason: 'not-a-number' | 'out-of-range', opts: LongOptions): void {
    const { ctx } = this;
    const fixes: Fix[] = [];
    let extra = '';
    const atom = s.atom;
    const replace = (title: string, newText: string, safe = false) => {
      if (atom && s.stmts.length === 1) fixes.push({ title, start: atom.start, end: atom.end, newText, safe });
    };
    const unit = /^\s*([0-9]+)\s*([kKmMgGtT])(i?[bB])?\s*$/.exec(text);
    const bool = BOOL_WORDS[text.trim().toLowerCase()];
    if (reason === 'out-of-range') {
      extra = ' It is too large for xl to read.';
    } else if (unit && (opts.unit ?? ctx.kb.option(key)?.unit) === 'MiB') {
      const n = Number(unit[1]);
      const mib = { k: n / 1024, m: n, g: n * 1024, t: n * 1024 * 1024 }[unit[2].toLowerCase() as 'k' | 'm' | 'g' | 't'];
      if (Number.isInteger(mib)) { replace(`Write ${mib}`, String(mib), true); extra = ` The value is a plain number of MiB: write ${mib}.`; }
      else extra = ' The value is a plain number of MiB.';
    } else if (bool !== undefined) {
      replace(`Write ${bool}`, bool, true);
      extra = ` xl writes true and false as numbers: write ${bool}.`;
    } else if (readInteger(text.trim()).ok) {
      replace('Remove the spaces', text.trim(), true);
      extra = ' Remove the spaces around the number.';
    }
    if (opts.quiet && opts.fatal) {
      ctx.report('not-a-number', 'error', `'${key}' needs a number, and '${text}' is not one: xl stops without a message.${extra}`, s.start, s.end, fixes);
    } else if (opts.quiet) {
      ctx.report('not-a-number', 'warning', `'${key}' needs a number, and '${text}' is not one: xl ignores it without a word.${extra}`, s.start, s.end, fixes);
    } else {
      const said = reason === 'out-of-range' ? 'could not be parsed as a number' : 'is not a valid number';
      ctx.report('not-a-number', 'error', `'${key}' needs a number, and xl cannot read '${text}' as one: it warns "${said}" and ignores the setting.${extra}`, s.start, s.end, fixes);
    }
  }
}

function unwrapFix(ctx: CheckContext, inner: ListValue): Fix[] {
  if (inner.items.length !== 1 || inner.items[0].kind === 'list') return [];
  return [{ title: 'Remove the inner [ ]', start: inner.start, end: inner.end, newText: ctx.source(inner.items[0]) }];
}
