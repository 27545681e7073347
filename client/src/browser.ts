// VS Code for the Web (vscode.dev, github.dev, code-server's web extension host): the language
// server runs in the extension host's own web worker, over a MessageChannel, so no second worker
// has to be created (code-server refuses workers from remote extensions). The same server code as
// on the desktop, with the browser platform: no file system, no host detection.

import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient } from 'vscode-languageclient/browser';
import { ServerPort, startBrowserServer } from '../../server/src/lsp/browserMain';
import { activateWith, clientOptions, XlcfgApi } from './activate';

export type { XlcfgApi };

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<XlcfgApi> {
  client = new LanguageClient('xlcfg', 'Xen xl.cfg', async () => {
    const channel = new MessageChannel();
    const [clientPort, serverPort] = [channel.port1 as unknown as ServerPort, channel.port2 as unknown as ServerPort];
    startBrowserServer(serverPort);
    return { reader: new BrowserMessageReader(clientPort), writer: new BrowserMessageWriter(clientPort) };
  }, clientOptions());
  return activateWith(context, client, 'web-worker');
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
