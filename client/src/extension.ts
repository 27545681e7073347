// The VS Code side: starts the language server, claims xl configs that VS Code gave to another
// language, and registers the extension's commands. Everything that knows xl lives in the server.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerXenCommands } from './commands';
import { registerStatusBar } from './statusBar';
import { registerWalkthrough } from './walkthrough';

let client: LanguageClient | undefined;

/** Languages VS Code may give a .cfg file or an extensionless file in /etc/xen. */
const DETECT_FROM = new Set(['properties', 'ini', 'plaintext', 'cfg']);

export interface XlcfgApi {
  client: () => LanguageClient | undefined;
  /** Resolves when the language server is up. */
  ready: Promise<void>;
}

export async function activate(context: vscode.ExtensionContext): Promise<XlcfgApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const termLanguages = vscode.workspace.getConfiguration('xlcfg').get<string[]>('termHover.languages', ['markdown', 'plaintext']);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'xlcfg' }, ...termLanguages.map((language) => ({ language }))],
    // Project files (.xlcfg.json) change the settings of the configs below them; configs,
    // autostart entries and a saved `xl info` on disk feed the checks across configs.
    synchronize: {
      configurationSection: 'xlcfg',
      fileEvents: ['**/.xlcfg.json', '**/*.{cfg,xl,xlcfg}', '**/xlexample.*', '**/auto/*', '**/xl-info*', '**/xl_info.txt']
        .map((glob) => vscode.workspace.createFileSystemWatcher(glob)),
    },
    initializationOptions: { termLanguages },
    outputChannelName: 'Xen xl.cfg',
  };
  client = new LanguageClient('xlcfg', 'Xen xl.cfg', serverOptions, clientOptions);
  const ready = client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
  registerXenCommands(context, client, ready);

  // Content detection: other .cfg files and extensionless /etc/xen files that read like xl configs.
  const consider = async (doc: vscode.TextDocument) => {
    if (!vscode.workspace.getConfiguration('xlcfg').get<boolean>('detectContent', true)) return;
    if (doc.languageId === 'xlcfg' || !DETECT_FROM.has(doc.languageId) || doc.uri.scheme === 'output') return;
    try {
      await ready;
      const claimed = await client!.sendRequest<boolean>('xlcfg/claims', { path: doc.uri.path, text: doc.getText() });
      if (claimed) await vscode.languages.setTextDocumentLanguage(doc, 'xlcfg');
    } catch {
      // Detection is a convenience: never let it break the editor.
    }
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((d) => void consider(d)));
  for (const d of vscode.workspace.textDocuments) void consider(d);

  registerStatusBar(context, client, ready);
  registerWalkthrough(context);

  return { client: () => client, ready };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
