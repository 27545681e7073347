// Semantic highlighting: known, unknown and deprecated keys told apart, and the sub-keys of
// spec strings (disk, vif, pci, ...) highlighted inside the string.

import { splitSpec, XlDocument } from '../document';
import type { Knowledge, SpecTable } from '../knowledge';
import type { StringAtom, Value } from '../parser';

/**
 * The legend. `unknownKey` is our own type (package.json declares it, with `property` as its
 * super type, so themes that do not know it still colour it as a property).
 */
export const TOKEN_TYPES = ['property', 'parameter', 'unknownKey'] as const;
export const TOKEN_MODIFIERS = ['deprecated', 'declaration'] as const;

export type TokenType = typeof TOKEN_TYPES[number];
export type TokenModifier = typeof TOKEN_MODIFIERS[number];

export interface SemanticToken { line: number; character: number; length: number; type: TokenType; modifiers: TokenModifier[] }

export interface TokenOptions {
  /** Keys the user expects (xlcfg.allowedKeys): highlighted as known. */
  allowedKeys?: readonly string[];
}

export function semanticTokens(doc: XlDocument, kb: Knowledge, options: TokenOptions = {}, range?: { start: number; end: number }): SemanticToken[] {
  const out: SemanticToken[] = [];
  const allowed = new Set(options.allowedKeys ?? []);
  const push = (start: number, end: number, type: TokenType, modifiers: TokenModifier[] = []) => {
    if (end <= start) return;
    if (range && (end <= range.start || start >= range.end)) return;
    const p = doc.lines.positionAt(start);
    out.push({ line: p.line, character: p.character, length: end - start, type, modifiers });
  };
  for (const stmt of doc.parsed.statements) {
    if (range && (stmt.end < range.start || stmt.start > range.end)) continue;
    const info = kb.option(stmt.key, doc.kind);
    if (info) push(stmt.keyStart, stmt.keyEnd, 'property', info.deprecated ? ['deprecated', 'declaration'] : ['declaration']);
    else push(stmt.keyStart, stmt.keyEnd, allowed.has(stmt.key) ? 'property' : 'unknownKey', ['declaration']);
    const table = info?.spec ? kb.spec(info.spec) : undefined;
    if (!table || !stmt.value || table.name === 'cpuid' || table.name === 'vsnd') continue;
    // Spec strings, directly or in (nested) lists.
    const stack: Value[] = [stmt.value];
    while (stack.length) {
      const v = stack.pop()!;
      if (v.kind === 'list') { for (let i = v.items.length - 1; i >= 0; i--) stack.push(v.items[i]); continue; }
      if (v.kind === 'string') specTokens(doc, kb, table, v, push);
    }
  }
  return out;
}

function specTokens(doc: XlDocument, kb: Knowledge, table: SpecTable, atom: StringAtom, push: (s: number, e: number, t: TokenType, m?: TokenModifier[]) => void): void {
  for (const item of splitSpec(doc.text, atom, table.name)) {
    const keyEnd = item.start + doc.text.slice(item.start, item.keyEnd).trimEnd().length;
    if (item.value !== undefined) {
      // Positional fields may be written by name too (disk: target=, format=, vdev=, access=).
      const sub = kb.subKey(table, item.key) ?? table.subkeys.find((x) => x.kind === 'positional' && x.key === item.key);
      if (sub) push(item.start, keyEnd, 'parameter', sub.deprecated ? ['deprecated'] : []);
      else push(item.start, keyEnd, 'unknownKey');
      continue;
    }
    // Flags (cdrom, discard, the legacy phy: prefixes) are sub-keys too; positional fields are values.
    const flag = table.subkeys.find((s) => s.kind === 'flag' && (s.key === item.key || (s.key.endsWith(':') && item.key.startsWith(s.key))));
    if (flag) push(item.start, item.start + flag.key.length, 'parameter', flag.deprecated ? ['deprecated'] : []);
  }
}

/** LSP's relative encoding: five integers per token, each position relative to the previous token. */
export function encodeTokens(tokens: readonly SemanticToken[]): number[] {
  const sorted = [...tokens].sort((a, b) => a.line - b.line || a.character - b.character);
  const data: number[] = [];
  let line = 0, ch = 0;
  for (const t of sorted) {
    const dl = t.line - line;
    data.push(dl, dl === 0 ? t.character - ch : t.character, t.length, TOKEN_TYPES.indexOf(t.type), t.modifiers.reduce((m, x) => m | (1 << TOKEN_MODIFIERS.indexOf(x)), 0));
    line = t.line; ch = t.character;
  }
  return data;
}
