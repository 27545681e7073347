#!/usr/bin/env node
// Generates the inputs of the parser conformance suite (test/conformance/cases/<kind>/<name>.cfg).
//
//   node scripts/gen-conformance.mjs            (run by `npm run conformance:record` first)
//
// Kinds:
//   probes/      the oracle's 80 grammar probes (../shared/oracle/cases), copied byte for byte
//   edge/        hand-written edge cases (below, in EDGE_CASES)
//   <mutation>/  systematic mutations of the real configs in ../shared/corpus (one folder per
//                kind of mutation: delete-comma, crlf, nul-byte, ...). Each file is named
//                <kind>__<source>__<what was done>.cfg; <source> is a short name of the corpus
//                file it was made from (the manifest maps it back to the file and its sha256).
//
// Deterministic: the same corpus gives the same bytes on every run (sites are picked by a
// PRNG with a fixed seed per kind and source, never by Math.random or the clock). Files are
// written as Buffers, so CR, NUL, form feeds and non-ASCII bytes are exact.
// The corpus files themselves are never copied: only mutated derivatives are written.
// Stale .cfg files (and their recordings, <name>.<release>.xl.json) that the generator no longer
// produces are removed.

import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(ROOT, '..', 'shared');
const CORPUS = process.env.XLCFG_CORPUS ? path.resolve(process.env.XLCFG_CORPUS) : path.join(SHARED, 'corpus');
const PROBES = path.join(SHARED, 'oracle', 'cases');
const OUT = path.join(ROOT, 'test', 'conformance', 'cases');

/** How many mutated inputs to take from each source config, per kind of mutation. */
const PER_SOURCE = 1;
const SEED = 0x5eed_4c17;
/**
 * Corpus files not used as mutation sources (they are still recorded, in place, as corpus cases).
 * xmexample3 is an xm-era Python program: xl stops at its line 23, so the effect of almost any
 * mutation would be hidden behind that first error.
 */
const NOT_SOURCES = new Set(['xen-project__xen__tools_examples_xmexample3.cfg']);

// ---------------------------------------------------------------------------------------------
// Bytes. A file's bytes are handled as a 'latin1' JS string (one char per byte), so slicing and
// splicing never re-encode anything; text that we insert goes through u8() first.

const u8 = (s) => Buffer.from(s, 'utf8').toString('latin1');
const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function hash32(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
  return h >>> 0;
}
const rngFor = (...parts) => mulberry32(SEED ^ hash32(parts.join('\u0000')));

// ---------------------------------------------------------------------------------------------
// A small scanner, only to find mutation sites (it need not agree with xl on broken input).

function scan(s) {
  const toks = [];
  let i = 0, line = 1;
  const push = (type, start, end) => toks.push({ type, start, end, line, text: s.slice(start, end) });
  while (i < s.length) {
    const c = s[i];
    const start = i;
    if (c === '\n') { push('nl', i, i + 1); i++; line++; continue; }
    if (c === ' ' || c === '\t') { while (s[i] === ' ' || s[i] === '\t') i++; push('ws', start, i); continue; }
    if (c === '#') { while (i < s.length && s[i] !== '\n') i++; push('comment', start, i); continue; }
    if (c === '"' || c === "'") {
      i++;
      while (i < s.length && s[i] !== c && s[i] !== '\n') i += s[i] === '\\' ? 2 : 1;
      if (s[i] === c) { i++; push('str', start, i); } else push('badstr', start, i);
      continue;
    }
    if (/[a-z]/.test(c)) { while (i < s.length && /[._0-9a-z]/.test(s[i])) i++; push('ident', start, i); continue; }
    if (/[0-9]/.test(c)) { while (i < s.length && /[0-9a-fx]/.test(s[i])) i++; push('num', start, i); continue; }
    if (c === '+' && s[i + 1] === '=') { push('op', i, i + 2); i += 2; continue; }
    if ('=[],;'.includes(c)) { push(c === '=' ? 'op' : c, i, i + 1); i++; continue; }
    i++; push('other', start, i);
  }
  return toks;
}

/** Top-level assignments `key = value` / `key += value` of a file that xl accepts. */
function analyse(s) {
  const toks = scan(s);
  const sig = toks.filter((t) => t.type !== 'ws' && t.type !== 'comment');
  const assigns = [];
  const lists = []; // { open, close, depth, items: [tok...first token of each item], commas: [tok] }
  const strings = []; // { tok, depth, assign }
  for (let k = 0; k < sig.length; k++) {
    const t = sig[k];
    if (t.type !== 'ident' || !sig[k + 1] || sig[k + 1].type !== 'op') continue;
    if (k > 0 && !['nl', ';'].includes(sig[k - 1].type)) continue;
    const a = { key: t, op: sig[k + 1], value: sig[k + 2], lists: [], end: null };
    let depth = 0;
    const stack = [];
    let j = k + 2;
    for (; j < sig.length; j++) {
      const v = sig[j];
      if (v.type === '[') { const l = { open: v, close: null, depth: depth + 1, items: [], commas: [], assign: a }; if (stack.length) stack[stack.length - 1].items.push(v); stack.push(l); lists.push(l); a.lists.push(l); depth++; continue; }
      if (v.type === ']') { if (!stack.length) break; stack.pop().close = v; depth--; if (!depth) { j++; break; } continue; }
      if (v.type === ',') { if (stack.length) stack[stack.length - 1].commas.push(v); continue; }
      if (v.type === 'nl' && !depth) break;
      if (v.type === ';' && !depth) break;
      if (v.type === 'str' || v.type === 'num') {
        if (stack.length) stack[stack.length - 1].items.push(v);
        if (v.type === 'str') strings.push({ tok: v, depth, assign: a });
        if (!depth) { j++; break; }
      }
    }
    a.last = sig[j - 1];
    a.lineEnd = s.indexOf('\n', a.last.end);
    if (a.lineEnd === -1) a.lineEnd = s.length;
    if (a.value) assigns.push(a);
  }
  const comments = toks.filter((t) => t.type === 'comment');
  return { toks, assigns, lists: lists.filter((l) => l.close), strings, comments };
}

const lineOf = (s, off) => { let n = 1; for (let i = s.indexOf('\n'); i !== -1 && i < off; i = s.indexOf('\n', i + 1)) n++; return n; };
const splice = (s, start, end, ins) => s.slice(0, start) + ins + s.slice(end);
const insertAt = (s, at, ins) => splice(s, at, at, ins);
const lineStart = (s, off) => s.lastIndexOf('\n', off - 1) + 1;
const withNl = (s) => (s.endsWith('\n') ? s : s + '\n');
const valueType = (a) => (a.value.type === '[' ? 'list' : a.value.type === 'str' ? 'string' : 'number');
const quoteOf = (tok) => tok.text[0];
const esc = (tok) => tok.text.slice(1, -1);

/** A mutation: (s, info, rng) => [{ what, bytes, at, desc }] candidates; `what` is a short tag. */
function cand(what, bytes, at, desc, s) { return { what, bytes, line: lineOf(s, at), desc }; }

// ---------------------------------------------------------------------------------------------
// Kinds of mutation. Each returns every candidate it can make from one source; the driver
// picks PER_SOURCE of them, preferring different `what` tags.

const MUTATIONS = {
  'delete-comma'(s, x) {
    const out = [];
    for (const l of x.lists) {
      for (const c of l.commas) {
        const trailing = c.end <= l.close.start && !l.items.some((it) => it.start > c.start);
        out.push(cand(trailing ? 'trailing' : 'list', splice(s, c.start, c.end, ''), c.start, `deleted the ${trailing ? 'trailing ' : ''}comma in the list of \`${l.assign.key.text}\``, s));
      }
    }
    for (const st of x.strings) {
      const i = st.tok.text.indexOf(',');
      if (i > 0) out.push(cand('in-string', splice(s, st.tok.start + i, st.tok.start + i + 1, ''), st.tok.start, `deleted a comma inside the string value of \`${st.assign.key.text}\``, s));
    }
    return out;
  },
  'double-comma'(s, x) {
    const out = [];
    for (const l of x.lists) {
      for (const c of l.commas) out.push(cand('list', splice(s, c.start, c.end, ',,'), c.start, `doubled a comma in the list of \`${l.assign.key.text}\``, s));
      const last = l.items.filter((it) => it.type !== '[').pop();
      if (last && !l.commas.some((c) => c.start > last.start)) out.push(cand('after-last', insertAt(s, last.end, ',,'), last.end, `added ",," after the last item of \`${l.assign.key.text}\``, s));
    }
    for (const st of x.strings) {
      const i = st.tok.text.indexOf(',');
      if (i > 0) out.push(cand('in-string', splice(s, st.tok.start + i, st.tok.start + i + 1, ',,'), st.tok.start, `doubled a comma inside the string value of \`${st.assign.key.text}\``, s));
    }
    return out;
  },
  'delete-quote'(s, x) {
    const out = [];
    for (const st of x.strings) {
      const t = st.tok;
      out.push(cand(`open-${st.depth ? 'in-list' : 'value'}`, splice(s, t.start, t.start + 1, ''), t.start, `deleted the opening quote of a string of \`${st.assign.key.text}\``, s));
      out.push(cand(`close-${st.depth ? 'in-list' : 'value'}`, splice(s, t.end - 1, t.end, ''), t.start, `deleted the closing quote of a string of \`${st.assign.key.text}\``, s));
    }
    return out;
  },
  'double-quote'(s, x) {
    const out = [];
    for (const st of x.strings) {
      const t = st.tok, q = quoteOf(t);
      out.push(cand(`open-${st.depth ? 'in-list' : 'value'}`, insertAt(s, t.start, q), t.start, `doubled the opening quote of a string of \`${st.assign.key.text}\``, s));
      out.push(cand(`close-${st.depth ? 'in-list' : 'value'}`, insertAt(s, t.end, q), t.start, `doubled the closing quote of a string of \`${st.assign.key.text}\``, s));
    }
    return out;
  },
  'bare-word'(s, x) {
    const out = [];
    for (const st of x.strings) {
      const t = st.tok;
      if (t.text.length > 2) out.push(cand(st.depth ? 'unquote-in-list' : 'unquote', splice(s, t.start, t.end, esc(t)), t.start, `removed the quotes around a string of \`${st.assign.key.text}\``, s));
    }
    for (const a of x.assigns) {
      if (a.value.type === 'num') {
        const word = a.value.text === '0' ? 'False' : 'True';
        out.push(cand(word.toLowerCase(), splice(s, a.value.start, a.value.end, word), a.value.start, `replaced the number of \`${a.key.text}\` with Python's ${word}`, s));
        out.push(cand('yes', splice(s, a.value.start, a.value.end, a.value.text === '0' ? 'no' : 'yes'), a.value.start, `replaced the number of \`${a.key.text}\` with a bare word`, s));
      }
      if (a.value.type === 'str' && /^[a-z][a-z0-9_]*$/.test(esc(a.value))) {
        out.push(cand('ident', splice(s, a.value.start, a.value.end, esc(a.value)), a.value.start, `unquoted the value of \`${a.key.text}\`, leaving a lowercase identifier`, s));
      }
    }
    return out;
  },
  'uppercase-key'(s, x) {
    const out = [];
    for (const a of x.assigns) {
      const k = a.key;
      out.push(cand('upper', splice(s, k.start, k.end, k.text.toUpperCase()), k.start, `upper-cased the key \`${k.text}\``, s));
      out.push(cand('capital', splice(s, k.start, k.start + 1, k.text[0].toUpperCase()), k.start, `capitalised the key \`${k.text}\``, s));
      if (k.text.length > 1) out.push(cand('last', splice(s, k.end - 1, k.end, k.text.at(-1).toUpperCase()), k.start, `upper-cased the last letter of the key \`${k.text}\``, s));
    }
    return out;
  },
  'hyphen-key'(s, x) {
    const out = [];
    for (const a of x.assigns) {
      const k = a.key;
      if (k.text.includes('_')) out.push(cand('underscore', splice(s, k.start, k.end, k.text.replaceAll('_', '-')), k.start, `replaced the underscores of \`${k.text}\` with hyphens`, s));
      else if (k.text.length >= 4) {
        const mid = k.start + (k.text.length >> 1);
        out.push(cand('inserted', insertAt(s, mid, '-'), k.start, `inserted a hyphen into the key \`${k.text}\``, s));
      }
      out.push(cand('trailing', insertAt(s, k.end, '-'), k.start, `appended a hyphen to the key \`${k.text}\``, s));
    }
    return out;
  },
  crlf(s, x) {
    const out = [];
    if (!s.includes('\n')) return out;
    out.push(cand('all', s.replace(/\n/g, '\r\n'), 0, 'converted every LF to CRLF', s));
    for (const a of x.assigns) if (s[a.lineEnd] === '\n') out.push(cand('one-assignment', splice(s, a.lineEnd, a.lineEnd, '\r'), a.lineEnd, `CRLF only at the end of the \`${a.key.text}\` line`, s));
    for (const c of x.comments) if (s[c.end] === '\n') out.push(cand('one-comment', insertAt(s, c.end, '\r'), c.end, 'CRLF only at the end of one comment line', s));
    for (let i = s.indexOf('\n\n'); i !== -1; i = s.indexOf('\n\n', i + 1)) out.push(cand('one-blank', insertAt(s, i + 1, '\r'), i + 1, 'CRLF on one blank line', s));
    if (s.endsWith('\n')) out.push(cand('last', insertAt(s, s.length - 1, '\r'), s.length - 1, 'CRLF only on the last line', s));
    return out;
  },
  tabs(s, x) {
    const out = [];
    for (const a of x.assigns) {
      const between = s.slice(a.key.end, a.value.start);
      if (/ /.test(between)) out.push(cand('around-eq', splice(s, a.key.end, a.value.start, between.replace(/ +/g, '\t')), a.key.start, `tabs instead of spaces around the \`=\` of \`${a.key.text}\``, s));
      out.push(cand('indent', insertAt(s, a.key.start, '\t'), a.key.start, `indented the \`${a.key.text}\` line with a tab`, s));
      if (a.key.text.length >= 4) out.push(cand('split-key', insertAt(s, a.key.start + 2, '\t'), a.key.start, `a tab inside the key \`${a.key.text}\``, s));
      out.push(cand('trailing', insertAt(s, a.lineEnd, '\t\t'), a.lineEnd, `trailing tabs after the \`${a.key.text}\` line`, s));
    }
    for (const st of x.strings) if (st.tok.text.length > 2) out.push(cand('in-string', insertAt(s, st.tok.start + 1, '\t'), st.tok.start, `a raw tab inside a string of \`${st.assign.key.text}\``, s));
    for (const l of x.lists) out.push(cand('in-list', splice(s, l.open.end, l.open.end, '\t'), l.open.start, `a tab after the \`[\` of \`${l.assign.key.text}\``, s));
    return out;
  },
  'form-feed'(s, x) {
    const out = [];
    for (const a of x.assigns) {
      out.push(cand('line-start', insertAt(s, a.key.start, '\f'), a.key.start, `a form feed before the key \`${a.key.text}\``, s));
      out.push(cand('before-eq', insertAt(s, a.key.end, '\f'), a.key.start, `a form feed between \`${a.key.text}\` and \`=\``, s));
      out.push(cand('own-line', insertAt(s, lineStart(s, a.key.start), '\f\n'), a.key.start, `a line holding only a form feed before \`${a.key.text}\``, s));
    }
    for (const c of x.comments) out.push(cand('in-comment', insertAt(s, c.start + 1, '\f'), c.start, 'a form feed inside a comment', s));
    for (const st of x.strings) if (st.tok.text.length > 2) out.push(cand('in-string', insertAt(s, st.tok.start + 1, '\f'), st.tok.start, `a form feed inside a string of \`${st.assign.key.text}\``, s));
    out.push(cand('eof', s + '\f', s.length, 'a form feed as the very last byte', s));
    out.push(cand('eof-nl', withNl(s) + '\f\n', s.length, 'a last line holding only a form feed', s));
    return out;
  },
  'comment-no-final-newline'(s, x) {
    const out = [];
    const t = s.replace(/\n+$/, '');
    const lastLine = t.slice(t.lastIndexOf('\n') + 1);
    if (/^\s*#/.test(lastLine)) out.push(cand('strip-final-newline', t, t.length, 'removed the final newline(s); the file now ends inside a comment', s));
    out.push(cand('append-comment', withNl(s) + '# end of config', s.length, 'appended a comment line with no final newline', s));
    const a = x.assigns.at(-1);
    if (a) out.push(cand('after-value', withNl(s) + `${a.key.text} = ${s.slice(a.value.start, a.last.end)} # last`, s.length, `appended \`${a.key.text} = ...  # last\` with no final newline`, s));
    out.push(cand('lone-hash', withNl(s) + '#', s.length, 'appended a lone `#` with no final newline', s));
    out.push(cand('hash-space', withNl(s) + '# ', s.length, 'appended `# ` with no final newline', s));
    out.push(cand('control-statement', withNl(s) + 'x_extra = 1', s.length, 'control: appended a statement (no comment) with no final newline', s));
    return out;
  },
  'plus-eq'(s, x) {
    const out = [];
    const seen = new Set();
    for (const a of x.assigns) {
      const k = a.key.text;
      if (seen.has(k)) continue;
      seen.add(k);
      const ty = valueType(a);
      const add = (what, line, desc) => out.push(cand(what, withNl(s) + line + '\n', s.length, desc, s));
      if (ty === 'string') {
        add('string-plus-string', `${k} += "-more"`, `appended \`${k} += "-more"\` (string += string)`);
        add('string-plus-list', `${k} += [ "more" ]`, `appended \`${k} += [ "more" ]\` (string += list)`);
        add('string-plus-number', `${k} += 2`, `appended \`${k} += 2\` (string += number)`);
      } else if (ty === 'list') {
        add('list-plus-list', `${k} += [ "more", "items" ]`, `appended \`${k} += [ ... ]\` (list += list)`);
        add('list-plus-string', `${k} += "more"`, `appended \`${k} += "more"\` (list += string)`);
        add('list-plus-empty', `${k} += []`, `appended \`${k} += []\` (list += empty list)`);
        add('list-plus-multiline', `${k} += [\n  "more",\n  "items"\n]`, `appended a multi-line \`${k} += [...]\` (list += list)`);
      } else {
        add('number-plus-number', `${k} += 512`, `appended \`${k} += 512\` (number += number: digits concatenate)`);
        add('number-plus-string', `${k} += "k"`, `appended \`${k} += "k"\` (number += string)`);
        add('number-plus-list', `${k} += [ 1 ]`, `appended \`${k} += [ 1 ]\` (number += list)`);
      }
      out.push(cand('first-is-plus-eq', splice(s, a.op.start, a.op.end, '+='), a.op.start, `changed the first \`${k} =\` into \`${k} +=\``, s));
      out.push(cand('plus-eq-then-eq', `${k} += "early"\n` + s, 0, `prepended \`${k} += "early"\` before the file's own \`${k} =\``, s));
    }
    out.push(cand('new-key', withNl(s) + 'x_new += "fresh"\nx_new += "er"\n', s.length, 'appended `+=` twice on a key that was never set', s));
    return out;
  },
  'nested-list'(s, x) {
    const out = [];
    for (const l of x.lists) {
      const k = l.assign.key.text;
      const first = l.items[0];
      if (first && first.type !== '[') out.push(cand('wrap-item', splice(s, first.start, first.end, `[ ${first.text} ]`), first.start, `wrapped the first item of \`${k}\` in a list`, s));
      if (l.depth === 1) {
        out.push(cand('wrap-list', splice(s, l.open.start, l.close.end, `[ ${s.slice(l.open.start, l.close.end)} ]`), l.open.start, `wrapped the whole list of \`${k}\` in another list`, s));
        out.push(cand('empty-inner', insertAt(s, l.open.end, ' [],'), l.open.start, `inserted an empty inner list at the start of \`${k}\``, s));
        out.push(cand('inner-trailing-comma', insertAt(s, l.open.end, ' [ "a", [ "b", ], ],'), l.open.start, `inserted nested lists with trailing commas into \`${k}\``, s));
        out.push(cand('deep-64', splice(s, l.open.start, l.close.end, '['.repeat(63) + s.slice(l.open.start, l.close.end) + ']'.repeat(63)), l.open.start, `nested the list of \`${k}\` 64 levels deep`, s));
        out.push(cand('unclosed-inner', insertAt(s, l.open.end, ' [ "a",'), l.open.start, `inserted an inner list that is never closed into \`${k}\``, s));
      }
    }
    for (const a of x.assigns) if (a.value.type === 'str') out.push(cand('string-to-nested', splice(s, a.value.start, a.value.end, `[ [ ${a.value.text} ], [ ] ]`), a.value.start, `turned the string value of \`${a.key.text}\` into a nested list`, s));
    return out;
  },
  'long-line'(s, x, rng) {
    const out = [];
    const N = 10_000;
    const filler = (n) => { let r = ''; while (r.length < n) r += 'abcdefghij0123456789'.slice(0, 1 + Math.floor(rng() * 20)) + ','; return r.slice(0, n); };
    for (const st of x.strings) if (!st.depth) out.push(cand('string', insertAt(s, st.tok.end - 1, filler(N + 500)), st.tok.start, `made the string value of \`${st.assign.key.text}\` longer than ${N} bytes`, s));
    for (const c of x.comments) out.push(cand('comment', insertAt(s, c.end, ' ' + 'long comment '.repeat(850)), c.start, `made a comment line longer than ${N} bytes`, s));
    for (const l of x.lists) if (l.depth === 1) out.push(cand('list', insertAt(s, l.open.end, Array.from({ length: 1500 }, (_, i) => ` "item${i}",`).join('')), l.open.start, `put 1500 more items on the \`[\` line of \`${l.assign.key.text}\``, s));
    for (const a of x.assigns) {
      out.push(cand('key', splice(s, a.key.start, a.key.end, a.key.text + '_' + 'k'.repeat(N + 100)), a.key.start, `made the key \`${a.key.text}\` longer than ${N} bytes`, s));
      if (a.value.type === 'num') out.push(cand('number', splice(s, a.value.start, a.value.end, a.value.text + '0'.repeat(N + 10)), a.value.start, `made the number of \`${a.key.text}\` ${N}+ digits long`, s));
      out.push(cand('whitespace', insertAt(s, a.value.start, ' '.repeat(N + 20)), a.value.start, `put ${N}+ spaces before the value of \`${a.key.text}\``, s));
    }
    return out;
  },
  'non-ascii'(s, x) {
    const out = [];
    const samples = [['latin1', 'gäst-é'], ['euro', '€uro'], ['cjk', '虚拟机'], ['emoji', 'vm-😀'], ['rtl', 'שלום']];
    let n = 0;
    for (const st of x.strings) {
      const [tag, text] = samples[n++ % samples.length];
      out.push(cand(`string-${tag}`, insertAt(s, st.tok.start + 1, u8(text)), st.tok.start, `inserted "${text}" into a string of \`${st.assign.key.text}\``, s));
    }
    for (const c of x.comments) out.push(cand('comment', insertAt(s, c.end, u8(' — naïve Grüße ✓')), c.start, 'non-ASCII text at the end of a comment', s));
    for (const a of x.assigns) {
      out.push(cand('key', insertAt(s, a.key.end, u8('é')), a.key.start, `appended "é" to the key \`${a.key.text}\``, s));
      out.push(cand('bare-value', splice(s, a.value.start, a.value.start, u8('«')), a.value.start, `a bare "«" before the value of \`${a.key.text}\``, s));
      out.push(cand('nbsp', splice(s, a.key.end, a.key.end, u8('\u00a0')), a.key.start, `a no-break space after the key \`${a.key.text}\``, s));
    }
    out.push(cand('bom', u8('\ufeff') + s, 0, 'a UTF-8 byte order mark at the start of the file', s));
    return out;
  },
  'nul-byte'(s, x) {
    const out = [];
    for (const st of x.strings) if (st.tok.text.length > 2) out.push(cand('in-string', insertAt(s, st.tok.start + 2, '\0'), st.tok.start, `a NUL byte inside a string of \`${st.assign.key.text}\``, s));
    for (const c of x.comments) out.push(cand('in-comment', insertAt(s, c.start + 1, '\0'), c.start, 'a NUL byte inside a comment', s));
    for (const a of x.assigns) {
      out.push(cand('line-start', insertAt(s, a.key.start, '\0'), a.key.start, `a NUL byte before the key \`${a.key.text}\``, s));
      out.push(cand('after-value', insertAt(s, a.last.end, '\0'), a.last.start, `a NUL byte right after the value of \`${a.key.text}\``, s));
      out.push(cand('in-key', insertAt(s, a.key.start + 1, '\0'), a.key.start, `a NUL byte inside the key \`${a.key.text}\``, s));
    }
    out.push(cand('eof', s + '\0', s.length, 'a NUL byte as the very last byte', s));
    return out;
  },
  escapes(s, x) {
    const out = [];
    const kinds = [
      ['hex', '\\x41', 'a \\x41 hex escape'],
      ['octal', '\\101', 'a \\101 octal escape'],
      ['octal-012', '\\012', 'a \\012 octal escape'],
      ['octal-8', '\\8', 'a \\8 escape (not octal)'],
      ['nul', '\\0', 'a \\0 escape'],
      ['bad-q', '\\q', 'an invalid \\q escape'],
      ['bad-e', '\\e', 'an invalid \\e escape'],
      ['bad-slash', '\\/', 'an invalid \\/ escape'],
      ['bad-space', '\\ ', 'an invalid backslash-space escape'],
      ['bad-u', '\\u00e9', 'an invalid \\u00e9 escape'],
      ['valid', '\\t\\n\\\\', 'valid \\t \\n \\\\ escapes'],
      ['valid-all', '\\a\\b\\f\\r\\v', 'valid \\a \\b \\f \\r \\v escapes'],
      ['quote', null, 'an escaped quote of the string\'s own kind'],
      ['trailing-backslash', null, 'a backslash just before the closing quote'],
    ];
    let n = 0;
    for (const st of x.strings) {
      const t = st.tok;
      for (let r = 0; r < 2; r++) {
        const [tag, seq, what] = kinds[n++ % kinds.length];
        let bytes;
        if (tag === 'quote') bytes = insertAt(s, t.start + 1, '\\' + quoteOf(t));
        else if (tag === 'trailing-backslash') bytes = insertAt(s, t.end - 1, '\\');
        else bytes = insertAt(s, t.start + 1, seq);
        out.push(cand(tag, bytes, t.start, `${what} in a string of \`${st.assign.key.text}\``, s));
      }
    }
    return out;
  },
  semicolon(s, x) {
    const out = [];
    const as = x.assigns;
    for (let i = 0; i + 1 < as.length; i++) {
      const a = as[i], b = as[i + 1];
      if (s.slice(a.last.end, b.key.start).trim() === '' && s[a.lineEnd] === '\n') out.push(cand('join', splice(s, a.last.end, b.key.start, '; '), a.key.start, `joined \`${a.key.text}\` and \`${b.key.text}\` on one line with \`;\``, s));
      if (s.slice(a.last.end, b.key.start).trim() === '') out.push(cand('join-no-separator', splice(s, a.last.end, b.key.start, ' '), a.key.start, `joined \`${a.key.text}\` and \`${b.key.text}\` on one line without \`;\``, s));
    }
    for (const a of as) {
      out.push(cand('trailing', insertAt(s, a.last.end, ';'), a.key.start, `a \`;\` after the value of \`${a.key.text}\``, s));
      out.push(cand('double', insertAt(s, a.last.end, ';;'), a.key.start, `\`;;\` after the value of \`${a.key.text}\``, s));
      out.push(cand('leading', insertAt(s, a.key.start, '; '), a.key.start, `a \`;\` before the key \`${a.key.text}\``, s));
      out.push(cand('before-value', insertAt(s, a.value.start, '; '), a.key.start, `a \`;\` between \`=\` and the value of \`${a.key.text}\``, s));
    }
    for (const l of x.lists) for (const c of l.commas) { out.push(cand('in-list', splice(s, c.start, c.end, ';'), c.start, `a \`;\` instead of a comma in the list of \`${l.assign.key.text}\``, s)); break; }
    for (const st of x.strings) if (st.tok.text.length > 2) out.push(cand('in-string', insertAt(s, st.tok.start + 1, ';'), st.tok.start, `a \`;\` inside a string of \`${st.assign.key.text}\``, s));
    return out;
  },
  'newline-after-eq'(s, x) {
    const out = [];
    for (const a of x.assigns) {
      const k = a.key.text;
      out.push(cand('after-eq', splice(s, a.op.end, a.value.start, '\n'), a.op.start, `a newline between \`${k} =\` and its value`, s));
      out.push(cand('after-eq-indented', splice(s, a.op.end, a.value.start, '\n    '), a.op.start, `the value of \`${k}\` moved to an indented next line`, s));
      out.push(cand('after-eq-comment', splice(s, a.op.end, a.value.start, ' # value below\n'), a.op.start, `a comment and newline between \`${k} =\` and its value`, s));
      out.push(cand('before-eq', splice(s, a.key.end, a.op.start, '\n'), a.key.start, `a newline between the key \`${k}\` and \`=\``, s));
      out.push(cand('after-eq-blank', splice(s, a.op.end, a.value.start, '\n\n'), a.op.start, `a blank line between \`${k} =\` and its value`, s));
      if (a.value.type === '[') out.push(cand('after-bracket', insertAt(s, a.value.end, '\n'), a.op.start, `control: a newline after the \`[\` of \`${k}\` (allowed)`, s));
    }
    return out;
  },
  'leading-comma'(s, x) {
    const out = [];
    for (const l of x.lists) {
      const k = l.assign.key.text;
      out.push(cand('list-start', insertAt(s, l.open.end, ' ,'), l.open.start, `a comma right after the \`[\` of \`${k}\``, s));
      out.push(cand('list-start-newline', insertAt(s, l.open.end, '\n    ,'), l.open.start, `a newline and a comma right after the \`[\` of \`${k}\``, s));
      if (l.depth === 1) out.push(cand('nested', insertAt(s, l.open.end, ' [ , "x" ],'), l.open.start, `an inner list with a leading comma in \`${k}\``, s));
    }
    for (const a of x.assigns) {
      out.push(cand('before-value', insertAt(s, a.value.start, ', '), a.key.start, `a comma between \`=\` and the value of \`${a.key.text}\``, s));
      out.push(cand('line-start', insertAt(s, a.key.start, ', '), a.key.start, `a comma before the key \`${a.key.text}\``, s));
    }
    return out;
  },
  'trailing-comma'(s, x) {
    const out = [];
    for (const l of x.lists) {
      const k = l.assign.key.text;
      const hasTrailing = l.commas.some((c) => !l.items.some((it) => it.start > c.start));
      const last = l.items.at(-1);
      if (!hasTrailing && last) {
        const end = last.type === '[' ? null : last.end;
        if (end) {
          out.push(cand('list', insertAt(s, end, ','), end, `a trailing comma after the last item of \`${k}\``, s));
          out.push(cand('list-newline', insertAt(s, end, ',\n'), end, `a trailing comma and newline after the last item of \`${k}\``, s));
          out.push(cand('double', insertAt(s, end, ', ,'), end, `two trailing commas after the last item of \`${k}\``, s));
        }
      }
      if (l.items.length === 0) out.push(cand('empty-list', insertAt(s, l.open.end, ','), l.open.start, `a lone comma in the empty list of \`${k}\``, s));
    }
    for (const a of x.assigns) if (a.value.type !== '[') out.push(cand('top-level', insertAt(s, a.last.end, ','), a.key.start, `a trailing comma after the value of \`${a.key.text}\``, s));
    for (const a of x.assigns) if (a.value.type !== '[') out.push(cand('tuple', insertAt(s, a.last.end, ', "x"'), a.key.start, `a Python tuple value \`${a.key.text} = ..., "x"\``, s));
    return out;
  },
};

// ---------------------------------------------------------------------------------------------
// Hand-written edge cases: the boundaries of xl's grammar that the corpus mutations don't hit
// directly (EOF handling, error-line rules, recovery after an error, lone CR, deep nesting ...).

const EDGE_CASES = [
  ['eof-open-list-no-newline', 'a = ['],
  ['eof-open-list-newline', 'a = [\n'],
  ['eof-open-list-blank-lines', 'a = [ "x"\n\n\n'],
  ['eof-open-list-trailing-spaces', 'a = [ "x",\n   '],
  ['eof-open-list-comment-last', 'a = [ "x",\n# last\n'],
  ['eof-open-list-comment-no-newline', 'a = [ "x",\n# last'],
  ['eof-open-list-blank-then-tab', 'a = [ "x",\n\n  \t'],
  ['eof-open-list-comment-then-blank', 'a = [ "x"\n\n\n\n# c\n\n'],
  ['eof-open-list-bad-last-byte', 'a = [\n\n?'],
  ['eof-open-list-form-feed-last-byte', 'a = [\n\n\f'],
  ['eof-after-eq', 'a = '],
  ['eof-after-eq-newline', 'a =\n'],
  ['eof-after-plus-eq', 'a +='],
  ['eof-key-only', 'a'],
  ['eof-key-newline', 'a\n'],
  ['eof-key-comment', 'a # comment\n'],
  ['eof-key-newline-blank', 'a\n\n\n'],
  ['eof-value-no-newline', 'a = 1'],
  ['eof-string-no-newline', 'a = "x"'],
  ['eof-list-no-newline', 'a = [ "x" ]'],
  ['eof-semicolon', 'a = 1;'],
  ['eof-comment-after-value', 'a = 1 # c'],
  ['eof-lone-hash', 'a = 1\n#'],
  ['eof-hash-space', 'a = 1\n# '],
  ['eof-bad-char-last-byte', 'a = 1 ?'],
  ['eof-bad-char-then-space', 'a = 1 ? '],
  ['eof-bad-two-chars', 'a = 1 ??'],
  ['eof-uppercase-last-byte', 'a = 1\nB'],
  ['eof-uppercase-two', 'a = 1\nBB'],
  ['eof-cr-last-byte', 'a = 1\r'],
  ['eof-cr-after-newline', 'a = 1\n\r'],
  ['eof-unterminated-string', 'a = "abc'],
  ['eof-backslash-in-string', 'a = "x\\'],
  ['empty-file', ''],
  ['only-newlines', '\n\n\n'],
  ['only-spaces-no-newline', '   \t '],
  ['only-semicolons', ';;;\n;\n'],
  ['only-comment-no-newline', '# just a comment'],
  ['lone-cr', '\r'],
  ['lone-cr-between-statements', 'a = 1\rb = 2\n'],
  ['cr-at-line-start', '\ra = 1\n'],
  ['crlf-blank-line', 'a = 1\n\r\nb = 2\n'],
  ['crlf-inside-list', 'a = [ 1,\r\n 2 ]\n'],
  ['crlf-comment-only', '# c\r\na = 1\n'],
  ['cr-inside-string', 'a = "x\ry"\n'],
  ['newline-error-line-1', 'a =\nb = 2\n'],
  ['newline-error-after-blank-lines', 'a = 1 # c\n\n\nb =\n'],
  ['newline-error-two-in-a-row', 'a =\nb =\nc = 1\n'],
  ['newline-error-comment-token', 'a # b = 1\n'],
  ['newline-error-key-only-then-ok', 'a\nb = 1\n'],
  ['newline-error-in-list-ok', 'a = [\n"x",\n]\n'],
  ['syntax-error-in-multiline-list', 'a = [ "x"\n "y" ]\n'],
  ['double-comma-across-lines', 'a = [ "x",\n,\n]\n'],
  ['close-bracket-without-open', 'a = ]\nb = 1\nc = ]\n'],
  ['two-statements-then-errors', 'a = 1 b = 2\nc = ?\nd =\n'],
  ['lexerr-then-newline-error-next-line', 'a = ?\nb =\n'],
  ['lexerr-space-then-newline-error', 'a ? \nb =\n'],
  ['lexerr-blank-then-newline-error', 'a = 1 ?\n\nb =\n'],
  ['lexerr-then-lexerr', 'a = "x" ?\nb = ?\n'],
  ['lexerr-mid-line-then-later-lexerr', 'a = 1 ? b = 2\nc = 3\nd = ?\n'],
  ['bad-escape-then-lexerr', 'a = "\\q"\nb = ?\n'],
  ['plus-eq-mismatch-multiline-list', 'a = "x"\na += [\n"y"\n]\n'],
  ['plus-eq-mismatch-after-multiline', 'a = [\n"x",\n"y"\n]\na += "z"\n'],
  ['plus-eq-mismatch-then-semicolon', 'a = [ "x" ]; a += "y"; b = 1\n'],
  ['plus-eq-after-reassign', 'a = [ "x" ]\na = "y"\na += "z"\n'],
  ['plus-eq-number-number', 'a = 1\na += 2\n'],
  ['plus-eq-number-list', 'a = 1\na += [ 2 ]\n'],
  ['plus-eq-list-nested', 'a = [ [ "x" ] ]\na += [ [ "y" ], "z" ]\n'],
  ['plus-eq-empty-string', 'a = ""\na += ""\n'],
  ['dup-key-type-change', 'a = "x"\na = [ "y" ]\n'],
  ['dup-key-order', 'b = 1\na = 2\nb = 3\n'],
  ['no-space-statements', 'a=1;b="2";c=[3]\n'],
  ['key-dots', 'a.b = 1\na..b = 2\n'],
  ['key-trailing-dot', 'a. = 1\n'],
  ['key-digits-underscore', 'k_9._x = 1\n'],
  ['number-0x-only', 'a = 0x\n'],
  ['number-0x-then-g', 'a = 0xg\n'],
  ['number-leading-zeros', 'a = 000123\n'],
  ['number-x-inside', 'a = 1x2x3\n'],
  ['string-then-ident', 'a = "x"b\n'],
  ['string-then-string-list', 'a = [ "x""y" ]\n'],
  ['single-quote-with-double-inside', "a = 'say \"hi\"'\n"],
  ['double-quote-with-single-inside', 'a = "it\'s"\n'],
  ['string-hash-inside', 'a = "x # y" # z\n'],
  ['string-semicolon-inside', 'a = "x; y"; b = 1\n'],
  ['deep-nesting-200', 'a = ' + '['.repeat(200) + ']'.repeat(200) + '\n'],
  // bison's stack (YYMAXDEPTH 10000) runs out: "memory exhausted" near the first `[` too many.
  ['deep-nesting-4996', 'a = ' + '['.repeat(4996) + ']'.repeat(4996) + '\n'],
  ['deep-nesting-4997', 'a = ' + '['.repeat(4997) + ']'.repeat(4997) + '\n'],
  ['deep-nesting-with-items-1999', 'a = ' + '[ "x", '.repeat(1999) + ']'.repeat(1999) + '\n'],
  ['deep-nesting-with-items-2000', 'a = ' + '[ "x", '.repeat(2000) + ']'.repeat(2000) + '\n'],
  ['wide-list-20000-items', 'a = [ ' + Array.from({ length: 20000 }, (_, i) => String(i)).join(', ') + ' ]\n'],
  ['many-statements-2000', Array.from({ length: 2000 }, (_, i) => `k${i} = ${i}\n`).join('')],
  ['many-lines-error-at-end', '\n'.repeat(3000) + 'a =\n'],
  ['list-of-empty-lists', 'a = [ [], [], [ [] ] ]\n'],
  ['list-comment-between-items', 'a = [ "x", # one\n # two\n "y" ]\n'],
  ['list-semicolon-inside-multiline', 'a = [\n"x";\n"y"\n]\n'],
  ['equals-equals', 'a == 1\n'],
  ['plus-space-equals', 'a + = 1\n'],
  ['plus-plus-equals', 'a ++= 1\n'],
  ['value-is-equals', 'a = = 1\n'],
  ['python-if-block', 'if x:\n    a = 1\n'],
  ['python-import', 'import os\na = 1\n'],
  ['python-percent-format', 'name = "vm%d" % 3\n'],
  ['template-jinja', 'name = "{{ vm_name }}"\nmemory = {{ memory }}\n'],
  ['template-shell', 'name = "${NAME}"\nmemory = ${MEM}\n'],
  ['nul-in-string-after-error', 'a = ?\nb = "x\0y"\n'],
  ['nul-in-string-first', 'b = "x\0y"\na = ?\n'],
  ['nul-only', '\0'],
  ['nul-in-comment-eof', '# c\0'],
  ['utf8-bom-only', '\ufeff'],
  ['utf8-key', 'nämé = 1\n'],
  ['utf8-string-and-comment', 'a = "ü€😀" # ü€😀\n'],
  ['vertical-tab', 'a =\v1\n'],
  // xl 4.17 decodes \<0-7> as "up to 3 more chars read by strtoul(base 10), at least 2 digits",
  // and writes nothing for them (hence "octal escapes are dropped"): these pin that down.
  ['esc-octal-three-digits', 'a = "x\\101y"\n'],
  ['esc-octal-four-digits', 'a = "x\\12345"\n'],
  ['esc-octal-nine', 'a = "x\\199y"\n'],
  ['esc-octal-one-digit-then-quote', 'a = "x\\12"\n'],
  ['esc-octal-single', 'a = "ab\\7cd"\n'],
  ['esc-octal-space-digits', 'a = "x\\1 23y"\n'],
  ['esc-octal-minus', 'a = "x\\1-5y"\n'],
  ['esc-octal-plus', 'a = "x\\1+5y"\n'],
  ['esc-hex-four-digits', 'a = "\\x4142"\n'],
  ['esc-single-quoted', "a = '\\t\\'\\\"'\n"],
  // A single bad *byte* as the last byte of the file is never reported; a non-ASCII character
  // there is 2-4 bytes, so it is.
  ['eof-non-ascii-last-char', 'a = 1\né'],
  ['eof-non-ascii-after-value', 'a = 1 «'],
  ['eof-nul-last-byte', 'a = 1\n\0'],
  ['tab-only-lines', '\t\n\t\ta = 1\t\n\t\n'],
  // bison reports a syntax error only after three tokens were shifted since the last one: the
  // cascade of an error (a list left open swallowing the lines after it) is silent.
  ['cascade-list-left-open', 'virtio = [\n  "x",\n  [PLACEHOLDER]\n]\nargs = [\n  "-device", "x",\n  "-vga", "std",\n  [OTHER]\n]\n'],
  ['cascade-value-line-after-error', 'a = pvh\n"x"\nb = 1\n'],
  ['cascade-ends-after-three-tokens', 'a = pvh\nb = 1\n"x"\n'],
];

function edgeBytes(text) {
  // Everything above is written as JS strings; encode as UTF-8 (so "\0" is a NUL byte, "ü" two bytes).
  return Buffer.from(text, 'utf8');
}

// ---------------------------------------------------------------------------------------------

function slugOf(file) {
  const base = file.replace(/\.cfg$/, '');
  const rest = base.split('__').slice(2).join('__') || base;
  const last = rest.split('_').filter(Boolean).pop();
  return last.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
}

function listCorpus() {
  if (!fs.existsSync(CORPUS)) {
    console.error(`gen-conformance: corpus not found at ${CORPUS} (set XLCFG_CORPUS to override).`);
    process.exit(1);
  }
  return fs.readdirSync(CORPUS).filter((f) => f.endsWith('.cfg') && fs.statSync(path.join(CORPUS, f)).isFile()).sort();
}

function pick(cands, n, rng, uses) {
  // Spread the kinds of site over the sources: take the `what` tags this source offers that
  // were used least so far in this kind (ties broken by the seeded rng), one site per tag.
  const byTag = new Map();
  for (const c of cands) { if (!byTag.has(c.what)) byTag.set(c.what, []); byTag.get(c.what).push(c); }
  const chosen = [];
  while (chosen.length < n && byTag.size) {
    const tags = [...byTag.keys()].map((t) => [t, uses.get(t) ?? 0, rng()]);
    tags.sort((a, b) => a[1] - b[1] || a[2] - b[2]);
    const tag = tags[0][0];
    const pool = byTag.get(tag);
    chosen.push(pool[Math.floor(rng() * pool.length)]);
    byTag.delete(tag);
    uses.set(tag, (uses.get(tag) ?? 0) + 1);
  }
  return chosen;
}

function main() {
  const cases = []; // { kind, name, bytes: Buffer, meta }
  // probes
  for (const f of fs.readdirSync(PROBES).filter((f) => f.endsWith('.cfg')).sort()) {
    cases.push({ kind: 'probes', name: f.replace(/\.cfg$/, ''), bytes: fs.readFileSync(path.join(PROBES, f)), meta: { from: `shared/oracle/cases/${f}` } });
  }
  // hand-written edge cases
  for (const [name, text] of EDGE_CASES) cases.push({ kind: 'edge', name, bytes: edgeBytes(text), meta: { desc: 'hand-written edge case' } });

  // mutations of the corpus
  const files = listCorpus();
  const slugs = new Map();
  const sources = [];
  for (const f of files) {
    if (NOT_SOURCES.has(f)) continue;
    const slug = slugOf(f);
    if (slugs.has(slug)) throw new Error(`slug collision: ${f} and ${slugs.get(slug)} -> ${slug}`);
    slugs.set(slug, f);
    const buf = fs.readFileSync(path.join(CORPUS, f));
    const s = buf.toString('latin1');
    sources.push({ file: f, slug, s, sha: sha256(buf), x: analyse(s) });
  }
  for (const [kind, fn] of Object.entries(MUTATIONS)) {
    const uses = new Map();
    for (const src of sources) {
      const rng = rngFor(kind, src.file);
      const cands = fn(src.s, src.x, rng).filter((c) => c.bytes !== src.s);
      const seen = new Set();
      for (const c of pick(cands, PER_SOURCE, rng, uses)) {
        let name = `${kind}__${src.slug}__${c.what}-L${c.line}`;
        for (let k = 2; seen.has(name); k++) name = `${kind}__${src.slug}__${c.what}-L${c.line}-${k}`;
        seen.add(name);
        cases.push({ kind, name, bytes: Buffer.from(c.bytes, 'latin1'), meta: { source: src.slug, desc: c.desc, line: c.line } });
      }
    }
  }

  // write, removing what is no longer generated
  fs.mkdirSync(OUT, { recursive: true });
  const wanted = new Set(cases.map((c) => `${c.kind}/${c.name}.cfg`));
  for (const kind of fs.readdirSync(OUT)) {
    const dir = path.join(OUT, kind);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir)) {
      if (f.endsWith('.cfg') && !wanted.has(`${kind}/${f}`)) {
        fs.rmSync(path.join(dir, f));
        // and its recordings, one per release: <name>.<release>.xl.json
        const base = f.replace(/\.cfg$/, '.');
        for (const r of fs.readdirSync(dir)) if (r.startsWith(base) && /^\d+\.\d+\.xl\.json$/.test(r.slice(base.length))) fs.rmSync(path.join(dir, r));
      }
    }
  }
  let written = 0;
  for (const c of cases) {
    const dir = path.join(OUT, c.kind);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${c.name}.cfg`);
    if (fs.existsSync(file) && fs.readFileSync(file).equals(c.bytes)) continue;
    fs.writeFileSync(file, c.bytes);
    written++;
  }
  const manifest = {
    generator: 'scripts/gen-conformance.mjs',
    seed: SEED,
    perSource: PER_SOURCE,
    sources: Object.fromEntries(sources.map((s) => [s.slug, { file: s.file, sha256: s.sha }])),
    cases: cases.map((c) => ({ kind: c.kind, name: c.name, sha256: sha256(c.bytes), ...c.meta })),
  };
  fs.writeFileSync(path.join(OUT, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

  // summary
  const byKind = new Map();
  for (const c of cases) {
    if (!byKind.has(c.kind)) byKind.set(c.kind, { n: 0, src: new Set() });
    const k = byKind.get(c.kind);
    k.n++;
    if (c.meta.source) k.src.add(c.meta.source);
  }
  console.log(`gen-conformance: ${cases.length} inputs (${written} written/changed) in ${path.relative(ROOT, OUT)}`);
  for (const [kind, k] of byKind) console.log(`  ${kind.padEnd(26)} ${String(k.n).padStart(4)} inputs${k.src.size ? `, ${k.src.size} source configs` : ''}`);
}

main();
