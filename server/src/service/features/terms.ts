// Finding ecosystem terms (dom0, XCP-ng, PVH ...) in free text, for hover in comments, strings,
// Markdown and plain text. Aliases and plurals match; short or ambiguous terms only in their
// exact case, so "pv" in a path or "domain" in English prose do not trigger.

import type { GlossaryTerm, Knowledge } from '../knowledge';

export interface TermMatch { term: GlossaryTerm; start: number; end: number; text: string }

interface Pattern { re: RegExp; term: GlossaryTerm }

let cache: { kb: Knowledge; patterns: Pattern[] } | undefined;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function patterns(kb: Knowledge): Pattern[] {
  if (cache?.kb === kb) return cache.patterns;
  const out: Pattern[] = [];
  for (const term of kb.glossary) {
    for (const name of [term.term, ...term.aliases]) {
      const n = name.trim();
      if (!n) continue;
      // Separators inside a name may be written as space, hyphen or nothing (Xen Project, Xen-project).
      const body = n.split(/[\s-]+/).map(escapeRe).join('[\\s-]?');
      const plural = /[a-z0-9]$/i.test(n) ? "(?:'?s|es)?" : '';
      const flags = term.caseSensitive ? 'g' : 'gi';
      out.push({ re: new RegExp(`(?<![\\w/.-])${body}${plural}(?![\\w-])`, flags), term });
    }
  }
  // Longer names first, so "Xen Orchestra" wins over "Xen".
  out.sort((a, b) => b.re.source.length - a.re.source.length);
  cache = { kb, patterns: out };
  return out;
}

/** The term whose occurrence covers `offset` in `text` (only the line around it is scanned). */
export function termAt(kb: Knowledge, text: string, offset: number): TermMatch | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd);
  const rel = offset - lineStart;
  let best: TermMatch | undefined;
  for (const { re, term } of patterns(kb)) {
    re.lastIndex = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      if (m.index <= rel && rel <= m.index + m[0].length) {
        const cand = { term, start: lineStart + m.index, end: lineStart + m.index + m[0].length, text: m[0] };
        if (!best || cand.end - cand.start > best.end - best.start) best = cand;
      }
      if (m.index > rel) break;
    }
  }
  return best;
}

export function termMarkdown(kb: Knowledge, term: GlossaryTerm): string {
  const related = term.related.map((id) => kb.term(id)?.term).filter(Boolean);
  const aka = term.aliases.length ? `\n\n_Also:_ ${term.aliases.slice(0, 6).join(', ')}` : '';
  return `**${term.term}** · ${term.category.replace(/-/g, ' ')} · layer: ${term.layer.replace(/-/g, ' ')}\n\n${term.full}${aka}` +
    (related.length ? `\n\n_Related:_ ${related.join(', ')}` : '') + `\n\n[Read more](${term.link})`;
}
