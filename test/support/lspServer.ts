// Starts `xlcfg lsp --stdio` and speaks JSON-RPC to it, as any LSP client would; shared by the
// tests under test/lsp.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { repoRoot } from './paths';

export interface StdioServer {
  conn: MessageConnection;
  proc: ChildProcess;
  capabilities: Record<string, unknown>;
  /** shutdown + exit, then wait for the process to end. */
  stop(): Promise<void>;
}

let emptyRoot: string | undefined;
/** An empty folder: a file system root with no Xen on it. */
export function noXenRoot(): string {
  emptyRoot ??= fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-no-xen-'));
  return emptyRoot;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function startStdioServer(onDiagnostics: (p: any) => void = () => undefined, capabilities: Record<string, unknown> = {},
  options: { env?: Record<string, string>; initialize?: Record<string, unknown> } = {}): Promise<StdioServer> {
  // Host detection reads an empty root unless a test gives one: results do not depend on whether
  // the machine running the tests is a Xen host.
  const env = { ...process.env, XLCFG_HOST_ROOT: noXenRoot(), ...options.env };
  const proc = spawn(process.execPath, [path.join(repoRoot, 'dist/cli.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', onDiagnostics);
  conn.onRequest('workspace/configuration', () => [null]);
  conn.listen();
  const init = await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities, ...options.initialize }) as { capabilities: Record<string, unknown> };
  await conn.sendNotification('initialized', {});
  return {
    conn, proc, capabilities: init.capabilities,
    async stop() {
      await conn.sendRequest('shutdown');
      await conn.sendNotification('exit');
      await new Promise((r) => proc.once('exit', r));
      conn.dispose();
    },
  };
}
