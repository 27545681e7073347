// The LSP server: a thin wiring layer from vscode-languageserver to the language service.
// Every handler catches, honours cancellation, and returns a safe default.

import {
  CancellationToken, CodeActionKind, CompletionItemKind, CompletionItemTag, Connection, DiagnosticSeverity, DiagnosticTag,
  InitializeResult, MarkupKind, TextDocumentSyncKind, TextDocuments,
} from 'vscode-languageserver';
import type * as lsp from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItem, DEFAULT_MAX_PROBLEMS_PER_CODE, Diagnostic, LanguageService, Settings, Severity } from '../service';
import { isXenRelease, NEWEST_RELEASE } from '../service/knowledge';
import { DocumentSymbol, encodeTokens, FormatOptions, LinkEnvironment, QuoteStyle, TOKEN_MODIFIERS, TOKEN_TYPES } from '../service';
import { claim } from '../service/detect';
import { describeReleaseChoice } from '../service/release';
import type { EditorLayer, ServerPlatform } from './platform';
import { FleetSupport } from './fleet';
import { checkGuestOptions, generateGuest, generatorChoices, GuestOptions, GuestOptionsError, OptionProblem } from '../service/features/generate';
import { findNameProblems, NAME_CODES, NameFinding, ProseKind, proseMask } from '../service/features/names';
import { termCompletions, termMarkdown } from '../service/features/terms';
import { docsLink } from '../service/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};
const KIND: Record<CompletionItem['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property, value: CompletionItemKind.Value, enum: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet, keyword: CompletionItemKind.Keyword, constant: CompletionItemKind.Constant,
};

const SYMBOL_KIND: Record<DocumentSymbol['kind'], lsp.SymbolKind> = {
  namespace: 2, property: 7, object: 19, array: 18, string: 15, number: 16,
};

/** Editor settings the server reads besides the service's own (xlcfg.format.*, xlcfg.outline.*). */
interface EditorSettings { format: { enable: boolean; options: Partial<FormatOptions> }; groupByTopic: boolean }

/** The edit range every item of a list shares, if they all have the same one. */
function sharedRange(items: readonly CompletionItem[]): lsp.Range | undefined {
  const first = items[0]?.range;
  if (!first) return undefined;
  for (const c of items) {
    const r = c.range;
    if (!r || r.start.line !== first.start.line || r.start.character !== first.start.character || r.end.line !== first.end.line || r.end.character !== first.end.character) return undefined;
  }
  return first;
}

function editorSettingsFrom(xl: Record<string, unknown> | undefined): EditorSettings {
  const f = (xl?.format ?? {}) as { enable?: boolean; quoteStyle?: QuoteStyle; maxLineLength?: number; bracketSpacing?: boolean };
  const o = (xl?.outline ?? {}) as { groupByTopic?: boolean };
  const options: Partial<FormatOptions> = {};
  if (f.quoteStyle === 'double' || f.quoteStyle === 'single' || f.quoteStyle === 'preserve') options.quoteStyle = f.quoteStyle;
  if (typeof f.maxLineLength === 'number' && f.maxLineLength > 0) options.maxLineLength = f.maxLineLength;
  if (typeof f.bracketSpacing === 'boolean') options.bracketSpacing = f.bracketSpacing;
  return { format: { enable: f.enable !== false, options }, groupByTopic: o.groupByTopic !== false };
}

function toLspSymbol(s: DocumentSymbol): lsp.DocumentSymbol {
  return {
    name: s.name, detail: s.detail, kind: SYMBOL_KIND[s.kind], range: s.range, selectionRange: s.selectionRange,
    tags: s.deprecated ? [1] : undefined, children: s.children?.map(toLspSymbol),
  };
}

/** Languages whose documents get term hover only (no xl.cfg parsing). */
const TERM_LANGUAGES_DEFAULT = ['markdown', 'plaintext'];

export interface ServerOptions {
  /** Delay between the last edit and computing diagnostics. */
  debounceMs?: number;
  /** Where it runs: node (project files, the host) or the browser (neither). */
  platform: ServerPlatform;
}

/** A debounce given by the client (initializationOptions.debounceMs) or XLCFG_DEBOUNCE_MS; benchmarks use 0. */
function debounceFrom(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 10000 ? n : undefined;
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const service = new LanguageService();
  const documents = new TextDocuments(TextDocument);
  let debounceMs = options.debounceMs ?? debounceFrom((typeof process === 'object' ? process.env?.XLCFG_DEBOUNCE_MS : undefined)) ?? 150;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let termLanguages = TERM_LANGUAGES_DEFAULT;
  let hasConfiguration = false;
  let editor = editorSettingsFrom(undefined);
  let semanticTokensRefresh = false;
  /** The client resolves completion documentation on demand (completionItem.resolveSupport). */
  let lazyDocumentation = false;
  /** The client takes a shared edit range and format for a list (LSP 3.17 itemDefaults): lists shrink to less than half. */
  let listDefaults = false;
  /** Settings changed: tokens depend on xlcfg.allowedKeys. */
  const refreshTokens = () => { if (semanticTokensRefresh) connection.languages.semanticTokens.refresh().catch(() => undefined); };
  let workspaceFolders: string[] = [];
  // Per document: the editor's settings, the nearest project file, the release by precedence.
  const documentSettings = options.platform.settings((m) => connection.console.warn(m));
  service.setSettingsResolver((uri) => documentSettings.forUri(uri).overrides);
  /** New editor settings (xlcfg.*): the service's global settings follow. */
  const configureEditor = (xl: Record<string, unknown> | undefined) => {
    const sev = xl?.diagnostics;
    service.configure(documentSettings.setEditor({
      xenVersion: typeof xl?.xenVersion === 'string' ? xl.xenVersion : undefined,
      diagnostics: sev && typeof sev === 'object' ? sev as EditorLayer['diagnostics'] : {},
      allowedKeys: Array.isArray(xl?.allowedKeys) ? (xl!.allowedKeys as unknown[]).filter((k): k is string => typeof k === 'string') : [],
      maxProblemsPerCode: typeof xl?.maxProblemsPerCode === 'number' && xl.maxProblemsPerCode >= 0 ? xl.maxProblemsPerCode : DEFAULT_MAX_PROBLEMS_PER_CODE,
      arch: xl?.arch === 'x86' || xl?.arch === 'arm' || xl?.arch === 'auto' ? xl.arch : undefined,
    }));
  };
  const linkEnv: LinkEnvironment = {
    get workspaceFolders() { return workspaceFolders; },
    isFile: (uri) => options.platform.isFile(uri),
  };

  const isXl = (doc: TextDocument) => doc.languageId === 'xlcfg' || /\.(xl|xlcfg|cfg)$|xl\.conf$/.test(doc.uri) && !termLanguages.includes(doc.languageId);
  const input = (doc: TextDocument) => ({ uri: doc.uri, version: doc.version, text: doc.getText() });

  function guard<T>(name: string, fallback: T, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      connection.console.error(`xlcfg: ${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return fallback;
    }
  }

  connection.onInitialize((params): InitializeResult => {
    lazyDocumentation = !!params.capabilities.textDocument?.completion?.completionItem?.resolveSupport?.properties?.includes('documentation');
    const defaults = params.capabilities.textDocument?.completion?.completionList?.itemDefaults ?? [];
    listDefaults = ['editRange', 'insertTextFormat', 'data'].every((d) => defaults.includes(d));
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    semanticTokensRefresh = !!params.capabilities.workspace?.semanticTokens?.refreshSupport;
    const init = params.initializationOptions as { settings?: Partial<Omit<Settings, 'xenVersion'>> & { xenVersion?: string }; termLanguages?: string[]; debounceMs?: number } | undefined;
    configureEditor(init?.settings as Record<string, unknown> | undefined);
    debounceMs = debounceFrom(init?.debounceMs) ?? debounceMs;
    if (init?.termLanguages) termLanguages = init.termLanguages;
    prose = proseSettingsFrom(init?.settings as Record<string, unknown> | undefined);
    workspaceFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['=', ',', '"', "'", ' ', '['], resolveProvider: lazyDocumentation },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentSymbolProvider: { label: 'xl.cfg' },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true, range: true },
        documentLinkProvider: { resolveProvider: false },
        // Across the configs of the workspace (fleet.ts).
        referencesProvider: true,
        documentHighlightProvider: true,
        workspaceSymbolProvider: true,
      },
      serverInfo: { name: 'xlcfg-language-server' },
    };
  });

  connection.onInitialized(() => {
    if (hasConfiguration) void pullSettings();
  });

  async function pullSettings(): Promise<void> {
    try {
      const [xl] = await connection.workspace.getConfiguration([{ section: 'xlcfg' }]);
      if (xl) {
        configureEditor(xl);
        if (Array.isArray(xl.termHover?.languages)) termLanguages = xl.termHover.languages;
        editor = editorSettingsFrom(xl);
        prose = proseSettingsFrom(xl);
      }
      for (const doc of documents.all()) schedule(doc, 0);
      refreshTokens();
    } catch (e) {
      connection.console.error(`xlcfg: reading settings failed: ${String(e)}`);
    }
  }

  connection.onDidChangeConfiguration((change) => {
    const xl = (change.settings as { xlcfg?: Record<string, unknown> } | undefined)?.xlcfg;
    if (hasConfiguration) { void pullSettings(); return; }
    if (xl) {
      configureEditor(xl);
      editor = editorSettingsFrom(xl);
      prose = proseSettingsFrom(xl);
    }
    for (const doc of documents.all()) schedule(doc, 0);
    refreshTokens();
  });

  function toLspDiagnostic(d: Diagnostic): lsp.Diagnostic {
    return {
      range: d.range, severity: SEVERITY[d.severity], code: d.code, source: 'xlcfg', message: d.message,
      codeDescription: { href: d.href },
      tags: d.tags?.map((t) => (t === 'deprecated' ? DiagnosticTag.Deprecated : DiagnosticTag.Unnecessary)),
    };
  }

  function publish(doc: TextDocument): void {
    if (!isXl(doc)) { publishProse(doc); return; }
    const version = doc.version;
    const diagnostics = guard('diagnostics', [] as Diagnostic[], () => service.diagnostics(input(doc))).filter(namesAllowed);
    guard('fleet', undefined, () => fleet.documentChanged(doc));
    // Drop stale results: the document changed while we computed.
    const current = documents.get(doc.uri);
    if (!current || current.version !== version) return;
    void connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: [...diagnostics.map(toLspDiagnostic), ...guard('fleet', [] as lsp.Diagnostic[], () => fleet.diagnostics(doc.uri))] });
  }

  function schedule(doc: TextDocument, delay = debounceMs): void {
    const t = timers.get(doc.uri);
    if (t) clearTimeout(t);
    timers.set(doc.uri, setTimeout(() => { timers.delete(doc.uri); publish(doc); }, delay));
  }

  // A project file was created, changed or deleted (the client watches **/.xlcfg.json).
  connection.onDidChangeWatchedFiles((change) => guard('watchedFiles', undefined, () => {
    // Configs on disk (the client watches them too) go to the fleet index; only project files change settings.
    fleet.watched(change.changes.filter((c) => !/(^|\/)\.xlcfg\.json$/.test(c.uri)));
    if (!change.changes.some((c) => /(^|\/)\.xlcfg\.json$/.test(c.uri))) return;
    for (const c of change.changes) if (/(^|\/)\.xlcfg\.json$/.test(c.uri)) documentSettings.projectFileChanged(c.uri);
    service.invalidate();
    for (const doc of documents.all()) schedule(doc, 0);
    refreshTokens();
  }));

  documents.onDidOpen((e) => schedule(e.document, 0));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    const t = timers.get(e.document.uri);
    if (t) clearTimeout(t);
    timers.delete(e.document.uri);
    service.close(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    guard('fleet', undefined, () => fleet.documentClosed(e.document.uri));
  });

  // --- Checks across the configs of the workspace (issue #14; server/src/lsp/fleet.ts) -------
  const fleet = new FleetSupport({
    connection, service, documents, isXl, toLspDiagnostic,
    workspaceFolders: () => workspaceFolders,
    republish: (doc) => schedule(doc, 0),
    disk: options.platform.fleetDisk?.(service.kb),
    log: (m) => connection.console.log(m),
  });
  connection.onReferences((params) => guard('references', Promise.resolve([] as lsp.Location[]), () => fleet.references(params)));
  connection.onDocumentHighlight((params) => guard('documentHighlight', [] as lsp.DocumentHighlight[], () => fleet.highlights(params)));
  connection.onWorkspaceSymbol((params) => guard('workspaceSymbol', Promise.resolve([] as lsp.SymbolInformation[]), () => fleet.symbols(params)));
  // Start the index without opening a config (a command); resolves with the number of guests.
  connection.onRequest('xlcfg/fleet/start', () => guard('fleetStart', Promise.resolve(0), () => fleet.start().then(() => fleet.fleet.size)));
  // The layer diagram's Host view: every guest of the workspace, with its bridges and disk backends.
  connection.onRequest('xlcfg/fleet/guests', () => guard('fleetGuests', Promise.resolve(null as unknown[] | null), () => fleet.hostGuests()));
  // --- end of the fleet block -----------------------------------------------------------------

  connection.onHover((params, token: CancellationToken) => guard('hover', null, () => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return null;
    const h = isXl(doc) ? service.hover(input(doc), params.position) : termLanguages.includes(doc.languageId) ? service.termHover(doc.getText(), params.position) : undefined;
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: h.range } : null;
  }));

  // Clients that resolve documentation lazily (VS Code does) get it for the focused item only:
  // the list itself stays small, which keeps completion fast.
  let lastCompletion: { generation: number; docs: Map<string, string | undefined> } = { generation: 0, docs: new Map() };
  connection.onCompletion((params, token) => guard('completion', [] as lsp.CompletionItem[] | lsp.CompletionList, () => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return [];
    if (!isXl(doc)) return proseCompletion(doc, params);
    const items = service.completion(input(doc), params.position);
    const generation = lastCompletion.generation + 1;
    if (lazyDocumentation) {
      const docs = new Map<string, string | undefined>();
      for (const c of items) if (!docs.has(c.label)) docs.set(c.label, c.documentation);
      lastCompletion = { generation, docs };
    }
    const common = listDefaults ? sharedRange(items) : undefined;
    const out = items.map((c): lsp.CompletionItem => {
      const item: lsp.CompletionItem = { label: c.label, kind: KIND[c.kind] };
      if (c.detail) item.detail = c.detail;
      if (c.documentation && !lazyDocumentation) item.documentation = { kind: MarkupKind.Markdown, value: c.documentation };
      if (lazyDocumentation && !common) item.data = { generation };
      if (!common || !c.snippet) item.insertTextFormat = c.snippet ? 2 : 1;
      if (common && c.range) item.textEditText = c.insertText ?? c.label;
      else if (c.range) item.textEdit = { range: c.range, newText: c.insertText ?? c.label };
      else if (c.insertText !== undefined) item.insertText = c.insertText;
      if (c.sortText) item.sortText = c.sortText;
      if (c.filterText) item.filterText = c.filterText;
      if (c.deprecated) item.tags = [CompletionItemTag.Deprecated];
      if (c.retrigger) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
      return item;
    });
    if (!common) return out;
    return {
      isIncomplete: false,
      itemDefaults: { editRange: common, insertTextFormat: 2, ...(lazyDocumentation ? { data: { generation } } : {}) },
      items: out,
    };
  }));

  connection.onCompletionResolve((item) => guard('completionResolve', item, () => {
    const data = item.data as { generation?: number } | undefined;
    if (data?.generation !== lastCompletion.generation) return item;
    const doc = lastCompletion.docs.get(item.label);
    return doc ? { ...item, documentation: { kind: MarkupKind.Markdown, value: doc } } : item;
  }));

  connection.onCodeAction((params, token) => guard('codeAction', [] as lsp.CodeAction[], () => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return [];
    if (!isXl(doc)) return proseCodeActions(doc, params.range);
    return service.codeActions(input(doc), params.range).filter((a) => namesAllowed(a.diagnostic)).map((a) => ({
      title: a.title,
      kind: CodeActionKind.QuickFix,
      isPreferred: a.preferred,
      diagnostics: [toLspDiagnostic(a.diagnostic)],
      edit: { changes: { [doc.uri]: a.edits } },
    }));
  }));

  const xlDoc = (uri: string, token: CancellationToken) => {
    const doc = documents.get(uri);
    return doc && isXl(doc) && !token.isCancellationRequested ? doc : undefined;
  };

  connection.onDocumentSymbol((params, token) => guard('documentSymbol', [] as lsp.DocumentSymbol[], () => {
    const doc = xlDoc(params.textDocument.uri, token);
    return doc ? service.documentSymbols(input(doc), { groupByTopic: editor.groupByTopic }).map(toLspSymbol) : [];
  }));

  connection.onFoldingRanges((params, token) => guard('foldingRange', [] as lsp.FoldingRange[], () => {
    const doc = xlDoc(params.textDocument.uri, token);
    return doc ? service.foldingRanges(input(doc)) : [];
  }));

  connection.onSelectionRanges((params, token) => guard('selectionRange', [] as lsp.SelectionRange[], () => {
    const doc = xlDoc(params.textDocument.uri, token);
    return doc ? service.selectionRanges(input(doc), params.positions) : [];
  }));

  const formatOptions = (o: lsp.FormattingOptions): Partial<FormatOptions> => ({
    ...editor.format.options,
    indent: o.insertSpaces === false ? '\t' : ' '.repeat(Math.max(1, Math.min(16, o.tabSize || 4))),
  });

  connection.onDocumentFormatting((params, token) => guard('formatting', [] as lsp.TextEdit[], () => {
    const doc = xlDoc(params.textDocument.uri, token);
    return doc && editor.format.enable ? service.format(input(doc), formatOptions(params.options)) : [];
  }));

  connection.onDocumentRangeFormatting((params, token) => guard('rangeFormatting', [] as lsp.TextEdit[], () => {
    const doc = xlDoc(params.textDocument.uri, token);
    return doc && editor.format.enable ? service.format(input(doc), formatOptions(params.options), params.range) : [];
  }));

  connection.languages.semanticTokens.on((params, token) => guard('semanticTokens', { data: [] } as lsp.SemanticTokens, () => {
    const doc = xlDoc(params.textDocument.uri, token);
    return { data: doc ? encodeTokens(service.semanticTokens(input(doc))) : [] };
  }));

  connection.languages.semanticTokens.onRange((params, token) => guard('semanticTokensRange', { data: [] } as lsp.SemanticTokens, () => {
    const doc = xlDoc(params.textDocument.uri, token);
    return { data: doc ? encodeTokens(service.semanticTokens(input(doc), params.range)) : [] };
  }));

  connection.onDocumentLinks((params, token) => guard('documentLinks', [] as lsp.DocumentLink[], () => {
    const doc = xlDoc(params.textDocument.uri, token);
    return doc ? service.documentLinks(input(doc), linkEnv) : [];
  }));

  // The status bar: guest type and whether xl would accept the file.
  connection.onRequest('xlcfg/status', (params: { uri: string }) => guard('status', null, () => {
    const doc = documents.get(params.uri);
    return doc && isXl(doc) ? { ...service.status(input(doc)), releaseNote: describeReleaseChoice(documentSettings.forUri(doc.uri).release) } : null;
  }));

  // The upgrade check (Xen: Check Upgrade to Another Release): the open config judged by two
  // releases. `from` defaults to the release the file is judged by, `to` to the newest release.
  connection.onRequest('xlcfg/upgrade', (params: { uri: string; from?: string; to?: string }) => guard('upgrade', null, () => {
    const doc = documents.get(params?.uri);
    if (!doc || !isXl(doc)) return null;
    const from = params.from && isXenRelease(params.from) ? params.from : service.settingsFor(doc.uri).xenVersion;
    const to = params.to && isXenRelease(params.to) ? params.to : NEWEST_RELEASE;
    const report = service.upgrade(input(doc), from, to);
    return {
      from, to, upgrade: report.upgrade,
      changes: report.changes.map((c) => ({
        kind: c.kind, diagnostic: toLspDiagnostic(c.diagnostic),
        fixes: c.diagnostic.fixes.map((f) => ({ title: f.title, edits: f.edits })),
      })),
    };
  }));

  // Content detection for the client: does this file (by path and text) read like an xl config?
  connection.onRequest('xlcfg/claims', (params: { path: string; text: string }) =>
    guard('claims', false, () => claim(params.path, params.text, service.kb) !== 'no'));

  // Glossary, guest model and config generator for the client's commands and the layer diagram.
  connection.onRequest('xlcfg/glossary', () => guard('glossary', [], () => service.kb.glossary.map((t) => ({
    id: t.id, term: t.term, aliases: t.aliases, category: t.category, layer: t.layer, short: t.short, full: t.full, related: t.related, link: t.link,
    relations: t.relations ?? [],
  }))));
  connection.onRequest('xlcfg/guestModel', (params: { uri: string; version?: number; text?: string }) => guard('guestModel', null, () => {
    const doc = documents.get(params.uri);
    const text = typeof params.text === 'string' ? params.text : doc?.getText();
    if (typeof params.uri !== 'string' || text === undefined) return null;
    const version = typeof params.text === 'string' ? params.version ?? -1 : doc!.version;
    return service.guestModel({ uri: params.uri, version, text });
  }));
  connection.onRequest('xlcfg/guestChoices', () => guard('guestChoices', null, () => generatorChoices()));
  connection.onRequest('xlcfg/checkGuest', (params: { options?: Partial<GuestOptions> }) =>
    guard('checkGuest', { problems: [] }, () => checkGuestOptions(params?.options ?? {})));
  connection.onRequest('xlcfg/generateGuest', (params: { options?: GuestOptions }) => guard<{ text?: string; problems: OptionProblem[] }>('generateGuest', { problems: [] }, () => {
    try {
      return { text: generateGuest(params?.options as GuestOptions), problems: [] };
    } catch (e) {
      if (e instanceof GuestOptionsError) return { problems: e.problems };
      throw e;
    }
  }));

  // ---- Prose documents (Markdown, plain text; the languages of xlcfg.termHover.languages) ----
  // Besides term hover they get the names lint (issue #15): official spellings and renamed
  // products, with quick fixes; and completion of glossary names. Kept apart from the xl.cfg
  // wiring above. xlcfg.names.enable turns the lint off everywhere, xl.cfg comments included;
  // xlcfg.termCompletion.enable turns the completion off.
  let prose = proseSettingsFrom(undefined);
  function proseSettingsFrom(xl: Record<string, unknown> | undefined): { names: boolean; termCompletion: boolean } {
    const names = xl?.names as { enable?: unknown } | undefined;
    const completion = xl?.termCompletion as { enable?: unknown } | undefined;
    return { names: names?.enable !== false, termCompletion: completion?.enable !== false };
  }
  const isMisspelt = (name: string) => findNameProblems(name, 'plaintext').length > 0;
  function proseCompletion(doc: TextDocument, params: lsp.CompletionParams): lsp.CompletionList {
    const kind = proseKind(doc);
    if (!kind || !prose.termCompletion) return { isIncomplete: false, items: [] };
    const text = doc.getText();
    // Markdown editors ask only on request (VS Code's default for Markdown), so short prefixes are answered there.
    const options = { invoked: params.context?.triggerKind !== 2, shortPrefixes: kind === 'markdown', masked: proseMask(text, kind) };
    const found = guard('termCompletion', { items: [], incomplete: false } as ReturnType<typeof termCompletions>,
      () => termCompletions(service.kb, text, doc.offsetAt(params.position), options, isMisspelt));
    const withDocs = found.items.length <= 30;
    return {
      isIncomplete: found.incomplete,
      items: found.items.map((c) => ({
        label: c.label,
        kind: CompletionItemKind.Text,
        detail: c.alias ? `${c.term.term}: another name` : c.term.short,
        documentation: withDocs ? { kind: MarkupKind.Markdown, value: termMarkdown(service.kb, c.term) } : undefined,
        textEdit: { range: { start: doc.positionAt(c.start), end: doc.positionAt(c.end) }, newText: c.label },
        sortText: `${c.alias ? 1 : 0}${String(c.label.length).padStart(3, '0')}${c.label.toLowerCase()}`,
      })),
    };
  }
  function namesAllowed(d: { code: string }): boolean {
    return prose.names || !(NAME_CODES as readonly string[]).includes(d.code);
  }
  const proseKind = (doc: TextDocument): ProseKind | undefined =>
    !termLanguages.includes(doc.languageId) ? undefined : doc.languageId === 'markdown' ? 'markdown' : 'plaintext';
  function proseFindings(doc: TextDocument): NameFinding[] {
    const kind = proseKind(doc);
    return kind && prose.names ? guard('names', [] as NameFinding[], () => findNameProblems(doc.getText(), kind)) : [];
  }
  function proseDiagnostic(doc: TextDocument, f: NameFinding): lsp.Diagnostic {
    return {
      range: { start: doc.positionAt(f.start), end: doc.positionAt(f.end) }, severity: SEVERITY[f.severity], code: f.code,
      source: 'xlcfg', message: f.message, codeDescription: { href: docsLink(f.code) },
    };
  }
  function publishProse(doc: TextDocument): void {
    if (!proseKind(doc)) return;
    const version = doc.version;
    const diagnostics = proseFindings(doc).map((f) => proseDiagnostic(doc, f));
    const current = documents.get(doc.uri);
    if (!current || current.version !== version) return;
    void connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
  }
  function proseCodeActions(doc: TextDocument, range: lsp.Range): lsp.CodeAction[] {
    const from = doc.offsetAt(range.start), to = doc.offsetAt(range.end);
    return proseFindings(doc).filter((f) => f.start <= to && from <= f.end).flatMap((f) => {
      const diagnostic = proseDiagnostic(doc, f);
      const actions: lsp.CodeAction[] = [{
        title: `Write '${f.replacement}'`, kind: CodeActionKind.QuickFix, isPreferred: true, diagnostics: [diagnostic],
        edit: { changes: { [doc.uri]: [{ range: diagnostic.range, newText: f.replacement }] } },
      }];
      if (doc.languageId === 'markdown') {
        // An inline HTML comment at the end of the line: invisible, and it does not split the paragraph.
        const text = doc.getText();
        let eolAt = text.indexOf('\n', f.start);
        if (eolAt === -1) eolAt = text.length;
        if (text[eolAt - 1] === '\r') eolAt--;
        const eol = doc.positionAt(eolAt);
        actions.push({
          title: `Keep '${f.found}' on this line (${f.code})`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic],
          edit: { changes: { [doc.uri]: [{ range: { start: eol, end: eol }, newText: ` <!-- xlcfg-disable-line ${f.code} -->` }] } },
        });
      }
      return actions;
    });
  }

  // For benchmarks and the stress run: memory (after a collection when node runs with
  // --expose-gc and the client asks for one), parses so far and open documents.
  connection.onRequest('xlcfg/debug/stats', (params: { gc?: boolean } | undefined) => guard('stats', null, () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (params?.gc && gc) gc();
    return { memory: process.memoryUsage(), gcRan: !!(params?.gc && gc), parseCount: service.parseCount, documents: documents.all().length, debounceMs };
  }));

  documents.listen(connection);
  connection.listen();
}
