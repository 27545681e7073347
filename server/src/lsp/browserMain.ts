// The language server in the browser: the same server as on node, on a message port, with the
// browser platform (no file system, no host). client/src/browser.ts starts it in its own worker.
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { webPlatform } from './platform';
import { startServer } from './server';

/** A MessagePort (typed through the reader: the project compiles without the DOM library). */
export type ServerPort = ConstructorParameters<typeof BrowserMessageReader>[0];

export function startBrowserServer(port: ServerPort): void {
  startServer(createConnection(new BrowserMessageReader(port), new BrowserMessageWriter(port)), { platform: webPlatform });
}
