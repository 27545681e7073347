// Finding ecosystem terms (dom0, XCP-ng, PVH ...) in free text, for hover in comments, strings,
// Markdown and plain text. Aliases and plurals match; short or ambiguous terms only in their
// exact case, so "pv" in a path does not trigger. Names that are also everyday English words
// ("domain") match only where the text is about Xen, and never in phrases such as "domain name".

import type { GlossaryRelationKind, GlossaryTerm, Knowledge } from '../knowledge';

export interface TermMatch { term: GlossaryTerm; start: number; end: number; text: string }

/**
 * Where the text comes from. `xen`: a comment or string of an xl config, which is about Xen by
 * definition. `prose`: a Markdown or plain-text document, which may be about anything.
 */
export type TermContext = 'xen' | 'prose';

interface Pattern { re: RegExp; term: GlossaryTerm; ordinary: boolean; proseOnly: boolean }

/**
 * Glossary names that are also ordinary words. In prose they give a hover only when the document
 * mentions Xen at all; everywhere they are skipped inside the set phrases below.
 */
const ORDINARY_WORDS = new Set([
  'domain', 'virtual function', 'ballooning', 'svm', 'guest', 'host', 'pool', 'resource pool', 'bridge', 'migration',
  'front-end', 'back-end', 'shim', 'type-1', 'type-2', 'physical interface', 'physical network interface', 'save file',
  'checkpoint file', 'secure world', 'trusted os',
]);
/** Names that mean something else in an xl.cfg file: there "pool" is a CPU pool (the `pool` key), not a XAPI pool. */
const NOT_IN_XL_CONFIGS = new Set(['pool']);
/** "DNS domain", "public domain", "domain name", "domain controller", ...: not a Xen domain. */
const NOT_XEN_BEFORE = /\b(?:dns|public|search|mail|e-?mail|web|website|internet|top[\s-]level|windows|active directory|ad|nis|kerberos|ldap|problem|broadcast|collision|fault|failure|time|frequency|routing|trust|business|application|knowledge|custom|apex|root|parent|sub|thread|connection|worker|buffer|object|talent|swimming|car|database|data|schema|content|cloud|virtual|apache|nginx)[\s-]+$/i;
const NOT_XEN_AFTER = /^(?:['’]s)?[\s-]+(?:names?|controllers?|registrars?|registration|experts?|expertise|knowledge|model|specific|join|joined|admins?|administrators?|suffix|records?|owners?|users?|accounts?|policy|policies|zone|zones|server|services?|hosting|transfer|driven|wi-?fi|wifi|book|posts?|speakers?|lists?|rooms?|headers?|keys?|developers?|engineers?|frameworks?|team|between|diabetes|players?|loans?)\b/i;
const MENTIONS_XEN = /\bxen|\bdom0\b|\bdomu|\bxl\.cfg\b|\bxl (?:create|list|console)\b|\bxcp|\bxapi\b/i;

let cache: { kb: Knowledge; patterns: Pattern[] } | undefined;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function patterns(kb: Knowledge): Pattern[] {
  if (cache?.kb === kb) return cache.patterns;
  const out: Pattern[] = [];
  for (const term of kb.glossary) {
    const exact = new Set(term.exactCase ?? []);
    for (const name of [term.term, ...term.aliases]) {
      const n = name.trim();
      if (!n) continue;
      // Separators inside a name may be written as space, hyphen or nothing (Xen Project, Xen-project).
      const words = n.split(/[\s-]+/).map(escapeRe);
      // Plurals and possessives: "-s", "-es", "'s", "’s"; "repository" also as "repositories".
      const last = words[words.length - 1];
      if (/[^aeiou]y$/i.test(last) && last.length > 3) words[words.length - 1] = `${last.slice(0, -1)}(?:y|ies)`;
      const body = words.join('[\\s-]?');
      const plural = /[a-z0-9]$/i.test(n) ? "(?:['’]?s|es)?" : '';
      const flags = term.caseSensitive || exact.has(name) ? 'g' : 'gi';
      out.push({ re: new RegExp(`(?<![\\w/.-])${body}${plural}(?![\\w-])`, flags), term, ordinary: ORDINARY_WORDS.has(n.toLowerCase()), proseOnly: NOT_IN_XL_CONFIGS.has(n.toLowerCase()) });
    }
  }
  // Longer names first, so "Xen Orchestra" wins over "Xen".
  out.sort((a, b) => b.re.source.length - a.re.source.length);
  cache = { kb, patterns: out };
  return out;
}

/**
 * The term whose occurrence covers `offset` in `text` (only the line around it is scanned).
 * `context` decides whether ordinary-word names (see ORDINARY_WORDS) may match.
 */
export function termAt(kb: Knowledge, text: string, offset: number, context: TermContext = 'xen'): TermMatch | undefined {
  if (!(offset >= 0 && offset <= text.length)) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd);
  const rel = offset - lineStart;
  let best: TermMatch | undefined;
  let aboutXen: boolean | undefined;
  for (const { re, term, ordinary, proseOnly } of patterns(kb)) {
    if (proseOnly && context === 'xen') continue;
    re.lastIndex = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      if (m.index <= rel && rel <= m.index + m[0].length) {
        if (ordinary) {
          if (context === 'prose' && !(aboutXen ??= MENTIONS_XEN.test(text))) break;
          if (NOT_XEN_BEFORE.test(line.slice(0, m.index)) || NOT_XEN_AFTER.test(line.slice(m.index + m[0].length))) break;
        }
        const cand = { term, start: lineStart + m.index, end: lineStart + m.index + m[0].length, text: m[0] };
        if (!best || cand.end - cand.start > best.end - best.start) best = cand;
      }
      if (m.index > rel) break;
    }
  }
  return best;
}

/** How a relation reads after the term's name: "XCP-ng · forked from XenServer (2018)". */
export const RELATION_LABELS: Record<GlossaryRelationKind, string> = {
  'kind-of': 'a kind of', 'part-of': 'part of', 'runs-in': 'runs in', 'runs-on': 'runs on', 'built-on': 'built on',
  uses: 'uses', 'managed-by': 'managed by', 'owned-by': 'owned by', 'replaced-by': 'replaced by', replaces: 'replaces',
  'renamed-to': 'renamed', 'renamed-from': 'formerly', 'forked-from': 'forked from', 'alternative-to': 'an alternative to',
  'contrast-with': 'compare with',
  hosts: 'hosts', develops: 'develops', 'co-owns': 'co-owns',
};

/** One line that places the term among its neighbours, or '' when it has no typed relations. */
export function relationsLine(kb: Knowledge, term: GlossaryTerm): string {
  const groups = new Map<GlossaryRelationKind, string[]>();
  for (const r of term.relations ?? []) {
    const other = kb.term(r.term);
    if (!other) continue;
    const when = r.since ? ` (${/^\d{4}$/.test(r.since) ? `since ${r.since}` : `Xen ${r.since}`})` : '';
    groups.set(r.kind, [...(groups.get(r.kind) ?? []), `${other.term}${when}`]);
  }
  return [...groups].map(([kind, names]) => `${RELATION_LABELS[kind]} ${names.join(', ')}`).join(' · ');
}

export function termMarkdown(kb: Knowledge, term: GlossaryTerm): string {
  const related = term.related.map((id) => kb.term(id)?.term).filter(Boolean);
  const aka = term.aliases.length ? `\n\n_Also:_ ${term.aliases.slice(0, 6).join(', ')}` : '';
  const relations = relationsLine(kb, term);
  return `**${term.term}** · ${term.category.replace(/-/g, ' ')} · layer: ${term.layer.replace(/-/g, ' ')}` +
    (relations ? `\n\n_${term.term}:_ ${relations}` : '') + `\n\n${term.full}${aka}` +
    (related.length ? `\n\n_Related:_ ${related.join(', ')}` : '') + `\n\n[Read more](${term.link})`;
}

/** What a glossary search needs of an entry (the client has it from the xlcfg/glossary request). */
export interface SearchableTerm { id: string; term: string; aliases: readonly string[]; short: string; full: string }

export interface TermSearchHit<T extends SearchableTerm> {
  entry: T;
  /** Where the query was found: in a name, or only in the definition. */
  where: 'name' | 'definition';
  /** For a definition hit, the words around the first match, for the list. */
  excerpt?: string;
  score: number;
}

/**
 * The glossary searched by name and by definition: names first (exact, then prefix, then
 * anywhere), then entries whose short or full definition holds every word of the query. So
 * "Domain-0" finds dom0 and "interrupt controller" finds GIC. Empty query: every entry by name.
 */
export function searchGlossary<T extends SearchableTerm>(entries: readonly T[], query: string): TermSearchHit<T>[] {
  const fold = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
  const q = fold(query);
  const byName = (a: TermSearchHit<T>, b: TermSearchHit<T>) => b.score - a.score || a.entry.term.localeCompare(b.entry.term, 'en', { sensitivity: 'base' });
  if (!q) return entries.map((entry) => ({ entry, where: 'name' as const, score: 0 })).sort(byName);
  const words = q.split(' ');
  const hits: TermSearchHit<T>[] = [];
  for (const entry of entries) {
    const names = [entry.term, ...entry.aliases].map(fold);
    let score = 0;
    for (const n of names) {
      const s = n === q ? 100 : n.startsWith(q) ? 80 : n.includes(q) ? 60 : words.every((w) => n.includes(w)) ? 50 : 0;
      score = Math.max(score, s);
    }
    if (score) { hits.push({ entry, where: 'name', score }); continue; }
    const short = fold(entry.short), full = fold(entry.full);
    const text = `${short} ${full}`;
    if (!words.every((w) => text.includes(w))) continue;
    score = short.includes(q) ? 40 : full.includes(q) ? 30 : words.every((w) => short.includes(w)) ? 20 : 10;
    hits.push({ entry, where: 'definition', score, excerpt: excerptAround(`${entry.short} ${entry.full}`, words[0]) });
  }
  return hits.sort(byName);
}

/** About 90 characters of `text` around the first occurrence of `word`, on one line. */
function excerptAround(text: string, word: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const at = flat.toLowerCase().indexOf(word.replace(/ /g, ' '));
  if (at < 0) return flat.slice(0, 90);
  const from = Math.max(0, flat.lastIndexOf(' ', Math.max(0, at - 35)) + 1);
  const to = Math.min(flat.length, from + 90);
  return `${from > 0 ? '…' : ''}${flat.slice(from, to).trim()}${to < flat.length ? '…' : ''}`;
}

/** A Markdown link to a term's upstream page, with `text` (the selection, or the term) as its text. */
export function termLinkMarkdown(entry: { term: string; link: string }, text?: string): string {
  const label = (text && text.trim() ? text : entry.term).replace(/([\\[\]])/g, '\\$1');
  return `[${label}](${entry.link})`;
}

export interface TermCompletion {
  /** The name as its owners write it. */
  label: string;
  term: GlossaryTerm;
  /** Another name of the term (not the entry's own). */
  alias: boolean;
  /** The typed words it replaces. */
  start: number;
  end: number;
}

export interface TermCompletionOptions {
  /** The user asked (Ctrl+Space or typing a word), rather than a trigger character such as a space. */
  invoked: boolean;
  /** Answer prefixes of one or two letters too (where the editor asks only on request). */
  shortPrefixes: boolean;
  /** The text with code, URLs and front matter blanked (names.ts proseMask): no completion there. */
  masked?: string;
}

/** Completion needs this many typed letters before it offers anything unasked. */
export const TERM_COMPLETION_MIN_PREFIX = 3;

let completionNames: { kb: Knowledge; names: { label: string; folded: string; term: GlossaryTerm; alias: boolean }[] } | undefined;

const foldName = (s: string) => s.toLowerCase().replace(/[\s-]+/g, ' ');

/**
 * The names completion offers: each entry's own name, and its other names that are not merely
 * other spellings of one already offered or a misspelling (`isMisspelt`: the names lint).
 */
function namesToComplete(kb: Knowledge, isMisspelt: (name: string) => boolean) {
  if (completionNames?.kb === kb) return completionNames.names;
  const seen = new Set<string>();
  const names: { label: string; folded: string; term: GlossaryTerm; alias: boolean }[] = [];
  for (const term of kb.glossary) {
    [term.term, ...term.aliases].forEach((label, i) => {
      const key = label.toLowerCase().replace(/[\s-]+/g, '');
      if (label.length < 2 || /[=\\]|^\//.test(label) || seen.has(key) || (i > 0 && isMisspelt(label))) return;
      seen.add(key);
      names.push({ label, folded: foldName(label), term, alias: i > 0 });
    });
  }
  completionNames = { kb, names };
  return names;
}

/**
 * Glossary names to complete at `offset` of a Markdown or plain-text document, in their official
 * spelling. Never in a writer's way: nothing after a trigger character, nothing inside code or a
 * URL, nothing unasked before three letters of a known name, and unasked only in texts about Xen.
 * A request with nothing typed lists every entry. Up to three words are matched ("Xen Orch").
 */
export function termCompletions(kb: Knowledge, text: string, offset: number, options: TermCompletionOptions,
  isMisspelt: (name: string) => boolean = () => false): { items: TermCompletion[]; incomplete: boolean } {
  const none = { items: [], incomplete: false };
  if (!options.invoked || offset < 0 || offset > text.length) return none;
  if (options.masked && offset > 0 && options.masked[offset - 1] !== text[offset - 1]) return none;
  const names = namesToComplete(kb, isMisspelt);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const lastWord = /[\w.'\u2019-]*$/.exec(before)![0];
  if (!lastWord) {
    // Asked for with nothing typed: every entry's own name (the editor filters as the user types).
    if (/\S$/.test(before)) return none;
    return { items: names.filter((n) => !n.alias).map((n) => ({ label: n.label, term: n.term, alias: false, start: offset, end: offset })), incomplete: false };
  }
  // Candidate prefixes: the last one, two or three words; the longest that starts a name wins.
  const candidates = [/(?:[\w.'\u2019-]+[ \t-]){2}[\w.'\u2019-]*$/, /[\w.'\u2019-]+[ \t-][\w.'\u2019-]*$/, /[\w.'\u2019-]*$/]
    .map((re) => re.exec(before)?.[0]).filter((c): c is string => !!c);
  for (const prefix of candidates) {
    const folded = foldName(prefix);
    if (folded.replace(/ /g, '').length < TERM_COMPLETION_MIN_PREFIX && !options.shortPrefixes) return { items: [], incomplete: true };
    const found = names.filter((n) => n.folded.startsWith(folded) && n.folded !== folded.trimEnd() || n.folded === folded && n.label !== prefix);
    if (!found.length) continue;
    if (folded.length >= TERM_COMPLETION_MIN_PREFIX && !MENTIONS_XEN.test(text) && !options.shortPrefixes) return none;
    const start = offset - prefix.length;
    return { items: found.map((n) => ({ label: n.label, term: n.term, alias: n.alias, start, end: offset })), incomplete: false };
  }
  return none;
}
