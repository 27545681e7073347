// Desktop VS Code (and code-server's node extension host). This bundle (dist/client.js) is small:
// the language clients live in dist/clients.js, loaded when a file first needs them. The xl.cfg
// server is dist/server.js as a node process; the prose service is the same server code run
// inside the extension host (no process of its own). Everything else is shared with the web
// door (activate.ts).

import * as path from 'node:path';
import type * as vscode from 'vscode';
import { activateWith, XlcfgApi } from './activate';

export type { XlcfgApi };

type Clients = typeof import('./clients');
let clients: Clients | undefined;
/** dist/clients.js, required on first use (a path esbuild leaves alone, so it stays a bundle of its own). */
const load = (): Clients => (clients ??= require(path.join(__dirname, 'clients.js')) as Clients);

export function activate(context: vscode.ExtensionContext): XlcfgApi {
  // The clients are needed as soon as a config or a prose file is open (what activates the
  // extension): load their code in a task of its own, after activation, so that opening the first
  // config does not wait for it.
  setTimeout(() => { try { load(); } catch { /* loaded again, and reported, when needed */ } }, 0);
  return activateWith(context, {
    xl: async (options) => load().startXlClient(context, options),
    prose: async (options) => load().startProseClient(options),
  }, 'node');
}

export async function deactivate(): Promise<void> {
  await clients?.stopAll();
}
