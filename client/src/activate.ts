// What the extension does once it has a language client, in desktop VS Code (extension.ts: the
// server is a node process) and in VS Code for the Web (browser.ts: the server runs in the
// extension host's own web worker): commands, content detection, status bar, walkthrough.

import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { registerXenCommands } from './commands';
import { registerStatusBar } from './statusBar';
import { registerWalkthrough } from './walkthrough';

/** Languages VS Code may give a .cfg file or an extensionless file in /etc/xen. */
const DETECT_FROM = new Set(['properties', 'ini', 'plaintext', 'cfg']);

export interface XlcfgApi {
  client: () => BaseLanguageClient | undefined;
  /** Resolves when the language server is up. */
  ready: Promise<void>;
  /** Where the language service runs: a node process, or the browser's extension host worker. */
  runtime: 'node' | 'web-worker';
}

/** The client options both doors share. */
export function clientOptions(): LanguageClientOptions {
  const termLanguages = vscode.workspace.getConfiguration('xlcfg').get<string[]>('termHover.languages', ['markdown', 'plaintext']);
  return {
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
}

export function activateWith(context: vscode.ExtensionContext, client: BaseLanguageClient, runtime: XlcfgApi['runtime']): XlcfgApi {
  const ready = client.start();
  context.subscriptions.push({ dispose: () => void client.stop() });
  registerXenCommands(context, client, ready);

  // Content detection: other .cfg files and extensionless /etc/xen files that read like xl configs.
  const consider = async (doc: vscode.TextDocument) => {
    if (!vscode.workspace.getConfiguration('xlcfg').get<boolean>('detectContent', true)) return;
    if (doc.languageId === 'xlcfg' || !DETECT_FROM.has(doc.languageId) || doc.uri.scheme === 'output') return;
    try {
      await ready;
      const claimed = await client.sendRequest<boolean>('xlcfg/claims', { path: doc.uri.path, text: doc.getText() });
      if (claimed) await vscode.languages.setTextDocumentLanguage(doc, 'xlcfg');
    } catch {
      // Detection is a convenience: never let it break the editor.
    }
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((d) => void consider(d)));
  for (const d of vscode.workspace.textDocuments) void consider(d);

  registerStatusBar(context, client, ready);
  registerWalkthrough(context);
  // For the e2e tests: where the service runs (not in the palette).
  context.subscriptions.push(vscode.commands.registerCommand('xlcfg._runtime', () => runtime));
  return { client: () => client, ready, runtime };
}
