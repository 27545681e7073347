// The names lint: official names of the Xen ecosystem spelt as their owners spell them
// (XenServer, Xen Project, XCP-ng, XenCenter, Xen Orchestra, XAPI), and renamed products pointed
// to their current name (Citrix Hypervisor is XenServer again since 2023). It reads Markdown,
// plain text and the comments of xl.cfg files; code (fenced, indented, inline), URLs, domain
// names, paths, HTML and front matter are never read. Names used as history ("in 2019 XenServer
// was renamed Citrix Hypervisor") are not findings, and neither are names that are correct in
// several forms (dom0, Dom0 and Domain-0 all are: `xl list` itself prints Domain-0).

import type { CheckContext } from './diagnostics/context';

export type NameCode = 'name-spelling' | 'renamed-product';
export const NAME_CODES: readonly NameCode[] = ['name-spelling', 'renamed-product'];

export type ProseKind = 'markdown' | 'plaintext';

export interface NameFinding {
  code: NameCode;
  severity: 'warning' | 'info';
  /** Offsets into the text that was checked. */
  start: number;
  end: number;
  /** The text as written. */
  found: string;
  /** What to write instead (the quick fix). */
  replacement: string;
  message: string;
}

interface NameRule {
  code: NameCode;
  /** Every way of writing the name, correct or not; matched case-insensitively. */
  pattern: RegExp;
  /** Whether this occurrence is correct as written (`before`: the text before it on its line). */
  correct(found: string, before: string): boolean;
  replacement(found: string): string;
  message(found: string, replacement: string): string;
  /** Renamed products: an occurrence that reads as history, or names a release of the old product, is no finding. */
  historyAllowed?: boolean;
}

const spelling = (official: string, what: string) => (found: string) => `'${found}' is spelt '${official}' (${what}).`;

/** A trailing plural or possessive kept as written when the name is replaced ("Xenserver's" → "XenServer's"). */
function keepSuffix(official: string) {
  return (found: string) => official + (/(?:['\u2019]s|s)$/i.exec(found)?.[0] ?? '');
}

const RULES: NameRule[] = [
  {
    code: 'name-spelling',
    pattern: /xen(?:[ \t]+|-)?server(?:['\u2019]s|s)?/gi,
    // "Xen server(s)" with a small s, or "Xen Servers", is a server that runs Xen, not the product.
    correct: (f) => /^XenServer(?:['\u2019]s|s)?$/.test(f) || /^xen[ \t]+server/i.test(f) && (/[ \t]server/.test(f) || /Servers$/.test(f)),
    replacement: keepSuffix('XenServer'),
    message: spelling('XenServer', 'one word, capital X and S'),
  },
  {
    code: 'name-spelling',
    pattern: /xen(?:[ \t]+|-)?project(?:['\u2019]s|s)?/gi,
    // "a Xen project", "Xen projects" are projects that use Xen; "the Xen project" is the Xen Project.
    correct: (f, before) => /^Xen Project(?:['\u2019]s)?$/.test(f) ||
      (/^xen[ \t]+project/i.test(f) && /[ \t]project/.test(f) && (/projects$/i.test(f) || !/\bthe[ \t]+$/i.test(before))),
    replacement: keepSuffix('Xen Project'),
    message: spelling('Xen Project', 'two words, both capitalised'),
  },
  {
    code: 'name-spelling',
    pattern: /xcp(?:[ \t]+|-)?ng(?:['\u2019]s)?/gi,
    correct: (f) => /^XCP-ng(?:['\u2019]s)?$/.test(f),
    replacement: keepSuffix('XCP-ng'),
    message: spelling('XCP-ng', "capital XCP, a hyphen, small 'ng'"),
  },
  {
    code: 'name-spelling',
    pattern: /xen(?:[ \t]+|-)?cent(?:er|re)(?:['\u2019]s)?/gi,
    correct: (f) => /^XenCenter(?:['\u2019]s)?$/.test(f),
    replacement: keepSuffix('XenCenter'),
    message: spelling('XenCenter', 'one word, capital X and C'),
  },
  {
    code: 'name-spelling',
    pattern: /xen(?:[ \t]+|-)?orchestra(?:['\u2019]s)?/gi,
    // xen-orchestra in small letters is the name of its repository and package.
    correct: (f) => /^Xen Orchestra(?:['\u2019]s)?$/.test(f) || /^xen-orchestra$/.test(f),
    replacement: keepSuffix('Xen Orchestra'),
    message: spelling('Xen Orchestra', 'two words, both capitalised'),
  },
  {
    code: 'name-spelling',
    pattern: /xapi(?:['\u2019]s)?/gi,
    // xapi in small letters is the daemon (`systemctl restart xapi`).
    correct: (f) => /^(?:XAPI|xapi)(?:['\u2019]s)?$/.test(f),
    replacement: keepSuffix('XAPI'),
    message: spelling('XAPI', 'all capitals; the daemon is xapi'),
  },
  {
    code: 'renamed-product',
    pattern: /citrix[ \t]+hypervisor(?:['\u2019]s)?/gi,
    correct: () => false,
    historyAllowed: true,
    replacement: keepSuffix('XenServer'),
    message: (f) => `'${f}' is called XenServer again since 2023 (XenServer 8), a brand of its own in Cloud Software Group.`,
  },
  {
    code: 'renamed-product',
    pattern: /citrix[ \t]+(?:xen(?:[ \t]+|-)?server|xen(?:[ \t]+|-)?cent(?:er|re)|vm[ \t]+tools)(?:['\u2019]s)?/gi,
    correct: () => false,
    historyAllowed: true,
    replacement: (f) => /tools/i.test(f) ? 'XenServer VM Tools' : keepSuffix(/center|centre/i.test(f) ? 'XenCenter' : 'XenServer')(f),
    message: (f, r) => `'${f}': since 2023 XenServer is no longer a Citrix product but a brand of its own in Cloud Software Group; today's name is '${r}'.`,
  },
];

/** Every rule's pattern contains one of these. */
const NAME_HINT = /xen|xcp|xapi|citrix/i;

/** A sentence that tells history: past tense, a year, or words such as "formerly". */
const HISTORY = /\b(?:formerly|previously|renamed|rebranded|rename|known as|called|became|until|used to|former|originally|back (?:in|then)|histor(?:y|ical|ically)|legacy|was|were|had|(?:19|20)\d\d)\b/i;

/** Same-length copy of `text` with the parts that are not prose blanked (newlines kept). */
export function proseMask(text: string, kind: ProseKind): string {
  const out = text.split('');
  const blank = (a: number, b: number) => { for (let i = a; i < b && i < out.length; i++) if (out[i] !== '\n' && out[i] !== '\r') out[i] = ' '; };
  if (kind === 'markdown') maskMarkdownBlocks(text, blank);
  const t = out.join('');
  maskInline(t, kind, blank);
  return out.join('');
}

function maskMarkdownBlocks(text: string, blank: (a: number, b: number) => void): void {
  const lines: { start: number; end: number; text: string }[] = [];
  for (let at = 0; at <= text.length;) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl;
    lines.push({ start: at, end, text: text.slice(at, end).replace(/\r$/, '') });
    if (nl === -1) break;
    at = nl + 1;
  }
  let i = 0;
  // Front matter: YAML (---) or TOML (+++) at the very top.
  const fm = /^(---|\+\+\+)\s*$/.exec(lines[0]?.text ?? '');
  if (fm) {
    const close = lines.findIndex((l, j) => j > 0 && (l.text.trim() === fm[1] || (fm[1] === '---' && l.text.trim() === '...')));
    if (close > 0) { blank(0, lines[close].end); i = close + 1; }
  }
  let fence: { ch: string; len: number } | undefined;
  // An indented code block needs a blank line before it and is not inside a list item.
  let prevBlank = true, inList = false, inIndentedCode = false;
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (fence) {
      blank(l.start, l.end);
      const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(l.text);
      if (m && m[1][0] === fence.ch && m[1].length >= fence.len) fence = undefined;
      continue;
    }
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(l.text);
    if (open) { fence = { ch: open[1][0], len: open[1].length }; blank(l.start, l.end); prevBlank = false; inIndentedCode = false; continue; }
    const isBlank = l.text.trim() === '';
    const indented = /^(?: {4}|\t)/.test(l.text);
    if (!isBlank) {
      if (/^\s*(?:[-*+]|\d+[.)])\s/.test(l.text) && !indented) inList = true;
      else if (!indented && prevBlank) inList = false;
      if (indented && (inIndentedCode || (prevBlank && !inList))) { blank(l.start, l.end); inIndentedCode = true; prevBlank = false; continue; }
      inIndentedCode = false;
    }
    prevBlank = isBlank;
  }
  // HTML comments (their suppressions are read before masking).
  for (const m of text.matchAll(/<!--[\s\S]*?(?:-->|$)/g)) blank(m.index!, m.index! + m[0].length);
}

function maskInline(text: string, kind: ProseKind, blank: (a: number, b: number) => void): void {
  // Inline code: a run of backticks up to the next run of the same length.
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '`') continue;
    let n = 1;
    while (text[i + n] === '`') n++;
    const closeRe = new RegExp(`(?<!\`)\`{${n}}(?!\`)`, 'g');
    closeRe.lastIndex = i + n;
    const close = closeRe.exec(text);
    if (!close || text.slice(i, close.index).includes('\n\n')) { i += n - 1; continue; }
    blank(i, close.index + n);
    i = close.index + n - 1;
  }
  const patterns: RegExp[] = [
    /\b(?:[a-z][a-z0-9+.-]*):\/\/[^\s<>"'`)\]]+/gi, // URLs with a scheme
    /\bwww\.[^\s<>"'`)\]]+/gi,
    /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, // e-mail addresses, user@host
    /\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|io|tech|dev|edu|gov|info|eu|de|fr|uk)\b(?:\/[^\s<>"'`)\]]*)?/gi, // domain names
    /(?<![\w)\]])(?:~|\.{1,2})?\/[\w.~+-]+(?:\/[\w.~+-]*)*/g, // paths
  ];
  if (kind === 'markdown') {
    patterns.push(/\]\([^)\n]*\)/g, /^\s{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$/gm, /<\/?[a-z][^>\n]*>/gi);
  }
  for (const re of patterns) for (const m of text.matchAll(re)) blank(m.index!, m.index! + m[0].length);
}

/** Codes silenced by `xlcfg-disable` comments: per file ('*': all), and per line. */
export interface NameSuppressions { file: Set<string>; lines: Map<number, Set<string> | 'all'> }

/**
 * `xlcfg-disable[-next-line|-line] [CODE ...]` written anywhere on a line: in Markdown as an HTML
 * comment (`<!-- xlcfg-disable-next-line name-spelling -->`), in plain text as it is.
 */
export function readSuppressions(text: string): NameSuppressions {
  const out: NameSuppressions = { file: new Set(), lines: new Map() };
  if (!text.includes('xlcfg-disable')) return out;
  const lines = text.split('\n');
  lines.forEach((line, n) => {
    const m = /xlcfg-disable(-next-line|-line)?(?:[ \t]+([A-Za-z0-9, \t-]*?))?[ \t]*(?:--[ \t][^>]*?)?[ \t]*(?:-->|\r?$)/.exec(line);
    if (!m) return;
    const codes = (m[2] ?? '').split(/[\s,]+/).filter(Boolean);
    if (!m[1]) { for (const c of codes.length ? codes : ['*']) out.file.add(c); return; }
    const target = m[1] === '-next-line' ? n + 1 : n;
    const prev = out.lines.get(target);
    out.lines.set(target, !codes.length || prev === 'all' ? 'all' : new Set([...(prev ?? []), ...codes]));
  });
  return out;
}

function suppressed(s: NameSuppressions, line: number, code: string): boolean {
  if (s.file.has('*') || s.file.has(code)) return true;
  const rule = s.lines.get(line);
  return rule === 'all' || !!rule?.has(code);
}

/** The sentence around offset `at` (for the history test). */
function sentenceAround(text: string, start: number, end: number): string {
  let a = start;
  while (a > 0 && !/[.!?]\s/.test(text.slice(a - 2, a)) && !(text[a - 1] === '\n' && text[a - 2] === '\n')) a--;
  let b = end;
  while (b < text.length && !/^[.!?](?:\s|$)/.test(text.slice(b, b + 2)) && !(text[b] === '\n' && text[b + 1] === '\n')) b++;
  return text.slice(a, b);
}

/** Findings in already-masked text (see proseMask). */
function findInMasked(masked: string): NameFinding[] {
  const found: NameFinding[] = [];
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    for (const m of masked.matchAll(rule.pattern)) {
      const start = m.index!, end = start + m[0].length;
      // Whole words only: not part of an identifier, path, host name or longer name.
      if (/[\w@./\\-]/.test(masked[start - 1] ?? '') || /[\w]/.test(masked[end] ?? '') || /^[-.][\w]/.test(masked.slice(end, end + 2))) continue;
      const lineStart = masked.lastIndexOf('\n', start - 1) + 1;
      if (rule.correct(m[0], masked.slice(lineStart, start))) continue;
      if (rule.historyAllowed) {
        if (/^[ \t]*v?\d/.test(masked.slice(end, end + 6))) continue; // a release of the old product: "Citrix Hypervisor 8.2"
        if (HISTORY.test(sentenceAround(masked, start, end))) continue;
      }
      const replacement = rule.replacement(m[0]);
      found.push({
        code: rule.code, severity: rule.code === 'renamed-product' ? 'info' : 'warning', start, end, found: m[0], replacement,
        message: rule.message(m[0], replacement),
      });
    }
  }
  // One finding per place: a renamed product ("Citrix Xenserver") wins over the spelling inside it.
  found.sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start));
  return found.filter((f, i) => !found.slice(0, i).some((g) => g.start <= f.start && f.end <= g.end));
}

/** Names written wrongly in a Markdown or plain-text document. */
export function findNameProblems(text: string, kind: ProseKind): NameFinding[] {
  const s = readSuppressions(text);
  const masked = proseMask(text, kind);
  const lineOf = lineFinder(text);
  return findInMasked(masked).filter((f) => !suppressed(s, lineOf(f.start), f.code));
}

/** Names written wrongly in one comment of an xl.cfg file (`text` is the comment, '#' included). */
export function findNameProblemsInComment(comment: string): NameFinding[] {
  if (/^#\s*xlcfg-disable/.test(comment)) return [];
  // Most comments name none of the products: a plain look first, the masking only where one might be
  // (a config can hold a million comments).
  if (!NAME_HINT.test(comment) || !RULES.some((r) => { r.pattern.lastIndex = 0; const hit = r.pattern.test(comment); r.pattern.lastIndex = 0; return hit; })) return [];
  return findInMasked(proseMask(comment.replace(/^#/, ' '), 'plaintext'));
}

function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= offset) lo = mid; else hi = mid - 1; }
    return lo;
  };
}

/** The lint over the comments of an xl.cfg file, reported through the diagnostics (codes.ts). */
export function checkNameComments(ctx: CheckContext): void {
  if (ctx.silenced('name-spelling') && ctx.silenced('renamed-product')) return;
  const { text, parsed } = ctx.doc;
  const tree = parsed.tree;
  for (let i = 0; i < tree.commentCount; i++) {
    const start = tree.comms[2 * i], end = tree.comms[2 * i + 1];
    for (const f of findNameProblemsInComment(text.slice(start, end))) {
      ctx.report(f.code, f.severity, f.message, start + f.start, start + f.end,
        [{ title: `Write '${f.replacement}'`, start: start + f.start, end: start + f.end, newText: f.replacement }]);
    }
  }
}
