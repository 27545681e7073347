// What the extension does once activated, in desktop VS Code (extension.ts) and in VS Code for
// the Web (browser.ts): commands, content detection, status bar, walkthrough. Activation itself
// stays light: it only registers them. The xl.cfg language server starts with the first xl.cfg
// file (or a command that needs it), and the prose service (term hover, names lint, term
// completion in Markdown and plain text) with the first prose file: each after activate() has
// returned, so that neither is paid for before it is needed.

import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { registerXenCommands } from './commands';
import type { ServerRequests } from './serverRequests';
import { registerStatusBar } from './statusBar';
import { registerWalkthrough } from './walkthrough';

/** Languages VS Code may give a .cfg file or an extensionless file in /etc/xen. */
const DETECT_FROM = new Set(['properties', 'ini', 'plaintext', 'cfg']);

export interface XlcfgApi {
  client: () => BaseLanguageClient | undefined;
  /** Resolves when the xl.cfg language server is up (asking starts it). */
  readonly ready: Promise<void>;
  /** Where the language service runs: a node process, or the browser's extension host worker. */
  runtime: 'node' | 'web-worker';
}

/** How a door starts its language clients; each is called once, when first needed. */
export interface ClientStarters {
  /** The xl.cfg server. */
  xl(options: LanguageClientOptions): Promise<BaseLanguageClient>;
  /** The prose service, for the languages of xlcfg.termHover.languages (undefined: the xl.cfg server serves them too). */
  prose?(options: LanguageClientOptions): Promise<BaseLanguageClient>;
}

export function termLanguages(): string[] {
  return vscode.workspace.getConfiguration('xlcfg').get<string[]>('termHover.languages', ['markdown', 'plaintext']);
}

/** The client options of a door's language client for `languages`. */
export function clientOptions(languages: string[], withFileEvents: boolean): LanguageClientOptions {
  return {
    documentSelector: languages.map((language) => ({ language })),
    // Project files (.xlcfg.json) change the settings of the configs below them; configs,
    // autostart entries and a saved `xl info` on disk feed the checks across configs.
    synchronize: {
      configurationSection: 'xlcfg',
      fileEvents: withFileEvents
        ? ['**/.xlcfg.json', '**/*.{cfg,xl,xlcfg}', '**/xlexample.*', '**/auto/*', '**/xl-info*', '**/xl_info.txt']
          .map((glob) => vscode.workspace.createFileSystemWatcher(glob))
        : [],
    },
    initializationOptions: { termLanguages: termLanguages() },
    outputChannelName: 'Xen xl.cfg',
  };
}

/** A client started once, on first use. */
function lazyClient(start: () => Promise<BaseLanguageClient>) {
  let started: Promise<BaseLanguageClient> | undefined;
  let client: BaseLanguageClient | undefined;
  return {
    get: () => (started ??= start().then((c) => (client = c))),
    current: () => client,
    stop: async () => { await client?.stop(); },
  };
}

/** Whether content detection may claim this document (the server is asked only for these). */
function mayBeConfig(doc: vscode.TextDocument): boolean {
  if (doc.languageId === 'xlcfg' || !DETECT_FROM.has(doc.languageId) || doc.uri.scheme === 'output') return false;
  const p = doc.uri.path;
  const base = p.slice(p.lastIndexOf('/') + 1);
  return /\.cfg$/i.test(base) || (/\/etc\/xen\//.test(p) && !base.includes('.'));
}

export function activateWith(context: vscode.ExtensionContext, starters: ClientStarters, runtime: XlcfgApi['runtime']): XlcfgApi {
  const prose = termLanguages();
  const xlLanguages = starters.prose ? ['xlcfg'] : ['xlcfg', ...prose];
  const xl = lazyClient(() => starters.xl(clientOptions(xlLanguages, true)));
  const proseClient = starters.prose ? lazyClient(() => starters.prose!(clientOptions(prose, false))) : xl;
  context.subscriptions.push({ dispose: () => { void xl.stop(); if (proseClient !== xl) void proseClient.stop(); } });
  const requests: ServerRequests = { sendRequest: async (method, params) => (await xl.get()).sendRequest(method, params ?? {}) };
  registerXenCommands(context, requests);

  // Content detection: other .cfg files and extensionless /etc/xen files that read like xl configs.
  const consider = async (doc: vscode.TextDocument) => {
    if (!vscode.workspace.getConfiguration('xlcfg').get<boolean>('detectContent', true) || !mayBeConfig(doc)) return;
    try {
      const claimed = await requests.sendRequest<boolean>('xlcfg/claims', { path: doc.uri.path, text: doc.getText() });
      if (claimed) await vscode.languages.setTextDocumentLanguage(doc, 'xlcfg');
    } catch {
      // Detection is a convenience: never let it break the editor.
    }
  };
  /** Starts what a document needs: the xl.cfg server for configs, the prose service for prose. */
  const serve = (doc: vscode.TextDocument) => {
    if (doc.languageId === 'xlcfg') void xl.get();
    else if (prose.includes(doc.languageId) && doc.uri.scheme !== 'output') void proseClient.get();
    void consider(doc);
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(serve));
  // The documents already open: in a task of its own, after VS Code has recorded the activation.
  setTimeout(() => { for (const d of vscode.workspace.textDocuments) serve(d); }, 0);

  registerStatusBar(context, requests);
  registerWalkthrough(context);
  // For the e2e tests: where the service runs (not in the palette).
  context.subscriptions.push(vscode.commands.registerCommand('xlcfg._runtime', () => runtime));
  return {
    client: () => xl.current(),
    get ready() { return xl.get().then(() => undefined); },
    runtime,
  };
}
