// The desktop's language clients (dist/clients.js, loaded on first need by extension.ts).
//   xl.cfg:  dist/server.js as a node process over IPC;
//   prose:   the same server code, run in the extension host and spoken to over a MessageChannel,
//            for Markdown and plain text (term hover, names lint, term completion): no process.

import * as path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import type * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, PortMessageReader, PortMessageWriter, ServerOptions, TransportKind } from 'vscode-languageclient/node';

const started: LanguageClient[] = [];

export async function startXlClient(context: vscode.ExtensionContext, options: LanguageClientOptions): Promise<LanguageClient> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  return start(new LanguageClient('xlcfg', 'Xen xl.cfg', serverOptions, options));
}

export async function startProseClient(options: LanguageClientOptions): Promise<LanguageClient> {
  const server = require(path.join(__dirname, 'server.js')) as typeof import('../../server/src/lsp/serverEntry');
  return start(new LanguageClient('xlcfg-prose', 'Xen terms', async () => {
    const { port1, port2 } = new MessageChannel();
    server.startOnPort(port2);
    return { reader: new PortMessageReader(port1), writer: new PortMessageWriter(port1) };
  }, options));
}

async function start(client: LanguageClient): Promise<LanguageClient> {
  started.push(client);
  await client.start();
  return client;
}

export async function stopAll(): Promise<void> {
  await Promise.all(started.splice(0).map((c) => c.stop()));
}
