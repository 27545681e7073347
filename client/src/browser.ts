// VS Code for the Web (vscode.dev, github.dev, code-server's web extension host): the language
// server runs in the extension host's own web worker, over a MessageChannel, so no second worker
// has to be created (code-server refuses workers from remote extensions). The same server code as
// on the desktop, with the browser platform: no file system, no host detection.

import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient } from 'vscode-languageclient/browser';
import type { ServerPort } from '../../server/src/lsp/browserMain';
import { activateWith, XlcfgApi } from './activate';

export type { XlcfgApi };

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): XlcfgApi {
  // One client for configs and prose alike: the server already runs in this worker.
  return activateWith(context, {
    xl: async (options) => {
      // The knowledge tables ship once, as dist/knowledge.json: handed to the server code before
      // it is loaded (the build points its import at globalThis.xlcfgKnowledge).
      const json = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'knowledge.json'));
      (globalThis as { xlcfgKnowledge?: unknown }).xlcfgKnowledge = JSON.parse(new TextDecoder().decode(json));
      const { startBrowserServer } = await import('../../server/src/lsp/browserMain.js');
      client = new LanguageClient('xlcfg', 'Xen xl.cfg', async () => {
        const channel = new MessageChannel();
        const [clientPort, serverPort] = [channel.port1 as unknown as ServerPort, channel.port2 as unknown as ServerPort];
        startBrowserServer(serverPort);
        return { reader: new BrowserMessageReader(clientPort), writer: new BrowserMessageWriter(clientPort) };
      }, options);
      await client.start();
      return client;
    },
  }, 'web-worker');
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
