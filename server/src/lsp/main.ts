// The language server on node: over the transport argv names (--node-ipc, --stdio, --socket), for
// dist/server.js run as a program and for `xlcfg lsp`; or on a MessagePort, inside the caller
// (the desktop client's prose service).
import type { MessagePort } from 'node:worker_threads';
import { createConnection, PortMessageReader, PortMessageWriter, ProposedFeatures } from 'vscode-languageserver/node';
import { nodePlatform } from './documentSettings';
import { startServer } from './server';

/** Serves LSP on one end of a MessageChannel, in this process. */
export function startOnPort(port: MessagePort): void {
  startServer(createConnection(ProposedFeatures.all, new PortMessageReader(port), new PortMessageWriter(port)), { platform: nodePlatform() });
}

/** Serves over the transport the command line names. */
export function startFromArgv(): void {
  startServer(createConnection(ProposedFeatures.all), { platform: nodePlatform() });
}
