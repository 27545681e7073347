// The language service: the one facade that the LSP server, the CLI and tests call.
// Pure: no vscode or vscode-languageserver import. Parses each document version once.

import { copyDocument, createDocument, XlDocument } from './document';
import { knowledge as defaultKnowledge, Knowledge, XenRelease } from './knowledge';
import { codeActions, CodeAction } from './features/codeActions';
import { complete } from './features/completion';
import { computeDiagnostics } from './features/diagnostics';
import { hover } from './features/hover';
import { termAt, termMarkdown } from './features/terms';
import { guestModel, GuestModel } from './features/guestModel';
import { documentSymbols, DocumentSymbol, SymbolOptions } from './features/symbols';
import { foldingRanges, FoldingRange } from './features/folding';
import { selectionRange, SelectionRange } from './features/selectionRanges';
import { formatEdits, FormatOptions } from './features/formatting';
import { semanticTokens, SemanticToken } from './features/semanticTokens';
import { documentLinks, DocumentLink, LinkEnvironment } from './features/links';
import { upgradeReport, UpgradeReport } from './features/upgrade';
import type { CompletionItem, Diagnostic, Hover, Position, Range, Settings } from './types';
import type { TextEdit } from './types';
import { DEFAULT_SETTINGS, problemCount } from './types';

export * from './types';
export type { XlDocument } from './document';
export type { CodeAction } from './features/codeActions';
export { knowledge, Knowledge } from './knowledge';
export type { DocumentSymbol, SymbolOptions } from './features/symbols';
export type { FoldingRange } from './features/folding';
export type { SelectionRange } from './features/selectionRanges';
export { DEFAULT_FORMAT_OPTIONS, formatText } from './features/formatting';
export type { FormatOptions, QuoteStyle } from './features/formatting';
export { TOKEN_MODIFIERS, TOKEN_TYPES, encodeTokens } from './features/semanticTokens';
export type { SemanticToken } from './features/semanticTokens';
export type { DocumentLink, LinkEnvironment } from './features/links';
export type { UpgradeChange, UpgradeChangeKind, UpgradeReport } from './features/upgrade';

/** What a status bar shows for a document: its guest type and whether xl would accept it. */
export interface DocumentStatus {
  kind: 'domain' | 'xl.conf';
  guestType: 'pv' | 'pvh' | 'hvm';
  /** Where the guest type came from: `type`, the deprecated `builder`, or xl's default. */
  guestSource: 'type' | 'builder' | 'default';
  errors: number;
  warnings: number;
  /** The Xen release the file was judged by. */
  release: XenRelease;
}
export type { GuestModel } from './features/guestModel';

export interface DocumentInput { uri: string; version: number; text: string }

export class LanguageService {
  private readonly docs = new Map<string, XlDocument>();
  private readonly diagnosticsCache = new WeakMap<XlDocument, { settings: Settings; diagnostics: Diagnostic[] }>();
  settings: Settings;
  /** Settings of one document on top of the global ones (its project file, the release it names). */
  private resolver?: (uri: string) => Partial<Settings> | undefined;
  private merged = new WeakMap<Partial<Settings>, Settings>();
  /** How many times a document was parsed (tests check that unchanged versions are reused). */
  parseCount = 0;

  constructor(readonly kb: Knowledge = defaultKnowledge, settings: Partial<Settings> = {}) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
  }

  configure(settings: Partial<Settings>): void {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    this.invalidate();
  }

  /**
   * Per-document settings: the resolver is asked for each document's overrides (the same object
   * back means nothing changed). Call invalidate() when what it answers may have changed.
   */
  setSettingsResolver(resolver: ((uri: string) => Partial<Settings> | undefined) | undefined): void {
    this.resolver = resolver;
    this.invalidate();
  }

  /** Forget every computed result (documents stay parsed). */
  invalidate(): void {
    this.merged = new WeakMap();
    for (const [uri, doc] of this.docs) this.docs.set(uri, copyDocument(doc));
  }

  /** The settings a document is checked with. */
  settingsFor(uri: string): Settings {
    const own = this.resolver?.(uri);
    if (!own) return this.settings;
    let s = this.merged.get(own);
    if (!s) { s = { ...this.settings, ...own }; this.merged.set(own, s); }
    return s;
  }

  /** The parsed document for this version, parsing only when the version changed. */
  document(input: DocumentInput): XlDocument {
    const cached = this.docs.get(input.uri);
    if (cached && cached.version === input.version && cached.text.length === input.text.length && cached.text === input.text) return cached;
    this.parseCount++;
    const doc = createDocument(input.uri, input.version, input.text);
    this.docs.set(input.uri, doc);
    return doc;
  }

  close(uri: string): void {
    this.docs.delete(uri);
  }

  diagnostics(input: DocumentInput): Diagnostic[] {
    const doc = this.document(input);
    const settings = this.settingsFor(input.uri);
    const cached = this.diagnosticsCache.get(doc);
    if (cached && cached.settings === settings) return cached.diagnostics;
    const diagnostics = computeDiagnostics(doc, this.kb, settings);
    this.diagnosticsCache.set(doc, { settings, diagnostics });
    return diagnostics;
  }

  hover(input: DocumentInput, position: Position): Hover | undefined {
    const doc = this.document(input);
    return hover(doc, this.kb, doc.lines.offsetAt(position), this.settingsFor(input.uri));
  }

  completion(input: DocumentInput, position: Position): CompletionItem[] {
    const doc = this.document(input);
    return complete(doc, this.kb, doc.lines.offsetAt(position), this.settingsFor(input.uri));
  }

  codeActions(input: DocumentInput, range: Range): CodeAction[] {
    return codeActions(this.diagnostics(input), range);
  }

  /** What the diagram draws: the guest this config describes, its devices and their backends. */
  guestModel(input: DocumentInput): GuestModel {
    return guestModel(this.document(input), this.kb, this.diagnostics(input));
  }

  /** Outline: keys grouped by topic (or flat), list items as children. */
  documentSymbols(input: DocumentInput, options?: SymbolOptions): DocumentSymbol[] {
    return documentSymbols(this.document(input), this.kb, options);
  }

  foldingRanges(input: DocumentInput): FoldingRange[] {
    return foldingRanges(this.document(input));
  }

  selectionRanges(input: DocumentInput, positions: Position[]): SelectionRange[] {
    const doc = this.document(input);
    return positions.map((p) => selectionRange(doc, this.kb, doc.lines.offsetAt(p)));
  }

  /** Formatting edits for the document, or for the lines a range touches; none when the file has syntax errors. */
  format(input: DocumentInput, options: Partial<FormatOptions> = {}, range?: Range): TextEdit[] {
    const doc = this.document(input);
    const r = range ? { start: doc.lines.offsetAt(range.start), end: doc.lines.offsetAt(range.end) } : undefined;
    return formatEdits(doc.text, doc.lines, options, r);
  }

  semanticTokens(input: DocumentInput, range?: Range): SemanticToken[] {
    const doc = this.document(input);
    const r = range ? { start: doc.lines.offsetAt(range.start), end: doc.lines.offsetAt(range.end) } : undefined;
    return semanticTokens(doc, this.kb, { allowedKeys: this.settingsFor(input.uri).allowedKeys }, r);
  }

  /** Man page links for keys; file links for paths that exist (the caller checks the file system). */
  documentLinks(input: DocumentInput, env?: LinkEnvironment): DocumentLink[] {
    return documentLinks(this.document(input), this.kb, env);
  }

  status(input: DocumentInput): DocumentStatus {
    const doc = this.document(input);
    const diagnostics = this.diagnostics(input);
    return {
      kind: doc.kind, guestType: doc.guest.type, guestSource: doc.guest.source,
      errors: problemCount(diagnostics, 'error'),
      warnings: problemCount(diagnostics, 'warning'),
      release: this.settingsFor(input.uri).xenVersion,
    };
  }

  /** What changes for this config when its host moves from release `from` to release `to`. */
  upgrade(input: DocumentInput, from: XenRelease, to: XenRelease): UpgradeReport {
    return upgradeReport(this.document(input), this.kb, this.settingsFor(input.uri), from, to);
  }

  /** Term hover for any text (Markdown, plain text): no xl.cfg parsing involved. */
  termHover(text: string, position: Position): Hover | undefined {
    const lines = text.split('\n');
    let offset = 0;
    for (let i = 0; i < position.line && i < lines.length; i++) offset += lines[i].length + 1;
    offset += position.character;
    const m = termAt(this.kb, text, offset, 'prose');
    if (!m) return undefined;
    const pos = (o: number) => { const before = text.slice(0, o); const line = before.split('\n').length - 1; return { line, character: o - (before.lastIndexOf('\n') + 1) }; };
    return { contents: termMarkdown(this.kb, m.term), range: { start: pos(m.start), end: pos(m.end) } };
  }
}
