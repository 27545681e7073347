// Desktop VS Code (and code-server's node extension host): the language server is dist/server.js,
// a node process spoken to over IPC. Everything else is shared with the web door (activate.ts).

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { activateWith, clientOptions, XlcfgApi } from './activate';

export type { XlcfgApi };

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<XlcfgApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  client = new LanguageClient('xlcfg', 'Xen xl.cfg', serverOptions, clientOptions());
  return activateWith(context, client, 'node');
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
