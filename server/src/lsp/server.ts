// The LSP server: a thin wiring layer from vscode-languageserver to the language service.
// Every handler catches, honours cancellation, and returns a safe default.

import {
  CancellationToken, CodeActionKind, CompletionItemKind, CompletionItemTag, Connection, DiagnosticSeverity, DiagnosticTag,
  InitializeResult, MarkupKind, TextDocumentSyncKind, TextDocuments,
} from 'vscode-languageserver';
import type * as lsp from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItem, Diagnostic, LanguageService, Settings, Severity } from '../service';
import { claim } from '../service/detect';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};
const KIND: Record<CompletionItem['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property, value: CompletionItemKind.Value, enum: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet, keyword: CompletionItemKind.Keyword, constant: CompletionItemKind.Constant,
};

/** Languages whose documents get term hover only (no xl.cfg parsing). */
const TERM_LANGUAGES_DEFAULT = ['markdown', 'plaintext'];

export interface ServerOptions {
  /** Delay between the last edit and computing diagnostics. */
  debounceMs?: number;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const service = new LanguageService();
  const documents = new TextDocuments(TextDocument);
  const debounceMs = options.debounceMs ?? 150;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let termLanguages = TERM_LANGUAGES_DEFAULT;
  let hasConfiguration = false;

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
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    const init = params.initializationOptions as { settings?: Partial<Settings>; termLanguages?: string[] } | undefined;
    if (init?.settings) service.configure(init.settings);
    if (init?.termLanguages) termLanguages = init.termLanguages;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['=', ',', '"', "'", ' ', '['], resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
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
        service.configure({ xenVersion: xl.xenVersion ?? 'master', diagnostics: xl.diagnostics ?? {}, allowedKeys: xl.allowedKeys ?? [] });
        if (Array.isArray(xl.termHover?.languages)) termLanguages = xl.termHover.languages;
      }
      for (const doc of documents.all()) schedule(doc, 0);
    } catch (e) {
      connection.console.error(`xlcfg: reading settings failed: ${String(e)}`);
    }
  }

  connection.onDidChangeConfiguration((change) => {
    const xl = (change.settings as { xlcfg?: Record<string, unknown> } | undefined)?.xlcfg;
    if (hasConfiguration) { void pullSettings(); return; }
    if (xl) service.configure(xl as Partial<Settings>);
    for (const doc of documents.all()) schedule(doc, 0);
  });

  function toLspDiagnostic(d: Diagnostic): lsp.Diagnostic {
    return {
      range: d.range, severity: SEVERITY[d.severity], code: d.code, source: 'xlcfg', message: d.message,
      codeDescription: { href: d.href },
      tags: d.tags?.map((t) => (t === 'deprecated' ? DiagnosticTag.Deprecated : DiagnosticTag.Unnecessary)),
    };
  }

  function publish(doc: TextDocument): void {
    if (!isXl(doc)) return;
    const version = doc.version;
    const diagnostics = guard('diagnostics', [] as Diagnostic[], () => service.diagnostics(input(doc)));
    // Drop stale results: the document changed while we computed.
    const current = documents.get(doc.uri);
    if (!current || current.version !== version) return;
    void connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: diagnostics.map(toLspDiagnostic) });
  }

  function schedule(doc: TextDocument, delay = debounceMs): void {
    const t = timers.get(doc.uri);
    if (t) clearTimeout(t);
    timers.set(doc.uri, setTimeout(() => { timers.delete(doc.uri); publish(doc); }, delay));
  }

  documents.onDidOpen((e) => schedule(e.document, 0));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    const t = timers.get(e.document.uri);
    if (t) clearTimeout(t);
    timers.delete(e.document.uri);
    service.close(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover((params, token: CancellationToken) => guard('hover', null, () => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return null;
    const h = isXl(doc) ? service.hover(input(doc), params.position) : termLanguages.includes(doc.languageId) ? service.termHover(doc.getText(), params.position) : undefined;
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: h.range } : null;
  }));

  connection.onCompletion((params, token) => guard('completion', [] as lsp.CompletionItem[], () => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !isXl(doc) || token.isCancellationRequested) return [];
    return service.completion(input(doc), params.position).map((c): lsp.CompletionItem => ({
      label: c.label,
      kind: KIND[c.kind],
      detail: c.detail,
      documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
      insertTextFormat: c.snippet ? 2 : 1,
      textEdit: c.range ? { range: c.range, newText: c.insertText ?? c.label } : undefined,
      insertText: c.range ? undefined : c.insertText,
      sortText: c.sortText,
      filterText: c.filterText,
      tags: c.deprecated ? [CompletionItemTag.Deprecated] : undefined,
      command: c.retrigger ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
    }));
  }));

  connection.onCodeAction((params, token) => guard('codeAction', [] as lsp.CodeAction[], () => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !isXl(doc) || token.isCancellationRequested) return [];
    return service.codeActions(input(doc), params.range).map((a) => ({
      title: a.title,
      kind: CodeActionKind.QuickFix,
      isPreferred: a.preferred,
      diagnostics: [toLspDiagnostic(a.diagnostic)],
      edit: { changes: { [doc.uri]: a.edits } },
    }));
  }));

  // Content detection for the client: does this file (by path and text) read like an xl config?
  connection.onRequest('xlcfg/claims', (params: { path: string; text: string }) =>
    guard('claims', false, () => claim(params.path, params.text, service.kb) !== 'no'));

  documents.listen(connection);
  connection.listen();
}
