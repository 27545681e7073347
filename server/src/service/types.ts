// Result shapes of the language service. They mirror LSP's JSON shapes so the server can pass
// them through unchanged, without the service depending on any LSP or VS Code package.

import type { Position, Range } from './text';
import { NEWEST_RELEASE, XenRelease } from './knowledge';

export type { Position, Range };

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface TextEdit { range: Range; newText: string }

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** Safe to apply without looking (used by `xlcfg check --fix`). */
  safe: boolean;
  preferred?: boolean;
}

export interface Diagnostic {
  range: Range;
  severity: Severity;
  code: string;
  message: string;
  /** Link to the explanation of the code. */
  href: string;
  fixes: QuickFix[];
  tags?: ('unnecessary' | 'deprecated')[];
  /** For `more-problems`: how many unlisted diagnostics it stands for (code `unlistedCode`). */
  unlisted?: number;
  unlistedCode?: string;
}

/** How many problems of a severity the diagnostics stand for (a `more-problems` one counts all it does not list). */
export function problemCount(diagnostics: readonly Diagnostic[], severity: Severity): number {
  let n = 0;
  for (const d of diagnostics) if (d.severity === severity) n += d.unlisted ?? 1;
  return n;
}

export interface Hover { contents: string; range?: Range }

export type CompletionKind = 'property' | 'value' | 'enum' | 'snippet' | 'keyword' | 'constant';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Snippet syntax ($1, ${1:x}) when `snippet` is true. */
  insertText?: string;
  snippet?: boolean;
  range?: Range;
  sortText?: string;
  filterText?: string;
  deprecated?: boolean;
  /** Reopen completion after inserting (e.g. after `key = `). */
  retrigger?: boolean;
}

export interface Settings {
  /** Hide and warn about keys that the chosen release does not have. */
  xenVersion: XenRelease;
  /** Per-code severity override, or 'off'. */
  diagnostics: Record<string, Severity | 'off'>;
  /** Keys that are not xl's but are expected (vendor forks): no unknown-key warning. */
  allowedKeys: string[];
  /**
   * How many diagnostics of one code a document lists; the rest are counted in one summary
   * (a generated file can repeat a mistake a million times). 0 lists them all.
   */
  maxProblemsPerCode?: number;
  /**
   * The host architecture for files whose keys do not tell (auto: Arm-only keys mean Arm, else
   * x86). On Arm a config with no type is PVH.
   */
  arch?: 'auto' | 'x86' | 'arm';
}

export const DEFAULT_MAX_PROBLEMS_PER_CODE = 100;

export const DEFAULT_SETTINGS: Settings = { xenVersion: NEWEST_RELEASE, diagnostics: {}, allowedKeys: [], maxProblemsPerCode: DEFAULT_MAX_PROBLEMS_PER_CODE };

export const DOCS_URL = 'https://github.com/xen-tooling/xen-xlcfg/blob/main/docs/diagnostics.md';

export function docsLink(code: string): string {
  return `${DOCS_URL}#${code}`;
}
