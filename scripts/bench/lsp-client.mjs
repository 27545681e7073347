// A small LSP client over stdio (vscode-jsonrpc), as Neovim or Helix would drive a server:
// initialize, open and edit documents, wait for the diagnostics of a given version, time
// requests. Used by the benchmarks and the stress run.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');

export class LspClient {
  /**
   * @param {{ command: string, args: string[], env?: object, configuration?: (section: string) => unknown,
   *   initializationOptions?: unknown, capabilities?: object, stderr?: (s: string) => void }} o
   */
  constructor(o) {
    this.options = o;
    this.startedAt = performance.now();
    this.proc = spawn(o.command, o.args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...o.env } });
    this.exited = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })));
    this.stderr = '';
    this.proc.stderr.on('data', (d) => { this.stderr = (this.stderr + d).slice(-65536); o.stderr?.(String(d)); });
    this.proc.stdin.on('error', () => undefined);
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.proc.stdout), new rpc.StreamMessageWriter(this.proc.stdin));
    /** Latest diagnostics per uri, and waiters for a given version. */
    this.diagnostics = new Map();
    this.waiters = [];
    this.published = 0;
    this.logMessages = [];
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      this.published++;
      this.diagnostics.set(p.uri, { ...p, at: performance.now() });
      this.waiters = this.waiters.filter((w) => !w(p));
    });
    this.conn.onNotification('window/logMessage', (p) => { this.logMessages.push(p.message); if (this.logMessages.length > 200) this.logMessages.shift(); });
    this.conn.onNotification(() => undefined);
    this.conn.onRequest('workspace/configuration', (p) => p.items.map((i) => o.configuration?.(i.section) ?? null));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest(() => null);
    this.conn.onError(() => undefined);
    this.conn.onClose(() => { this.closed = true; });
    this.conn.listen();
  }

  async initialize(rootUri = null) {
    const r = await this.conn.sendRequest('initialize', {
      processId: process.pid, rootUri, workspaceFolders: null,
      capabilities: this.options.capabilities ?? {
        workspace: { configuration: !!this.options.configuration, didChangeConfiguration: { dynamicRegistration: false } },
        textDocument: {
          // What VS Code announces (vscode-languageclient 9 to 11), so both servers are measured as
          // they run in the editor: documentation resolved on demand, not sent with every item.
          hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
          completion: {
            dynamicRegistration: true, contextSupport: true, insertTextMode: 2,
            completionItem: {
              snippetSupport: true, commitCharactersSupport: true, documentationFormat: ['markdown', 'plaintext'],
              deprecatedSupport: true, preselectSupport: true, tagSupport: { valueSet: [1] }, insertReplaceSupport: true,
              resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
              insertTextModeSupport: { valueSet: [1, 2] }, labelDetailsSupport: true,
            },
            completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
          },
          publishDiagnostics: { versionSupport: true },
        },
      },
      initializationOptions: this.options.initializationOptions,
    });
    await this.conn.sendNotification('initialized', {});
    return r;
  }

  /** Resolves with the diagnostics for `uri` at `version` or later (any version when undefined). */
  waitDiagnostics(uri, version) {
    const have = this.diagnostics.get(uri);
    if (have && (version === undefined || (have.version ?? 0) >= version)) return Promise.resolve(have);
    return new Promise((resolve) => {
      this.waiters.push((p) => {
        if (p.uri !== uri || (version !== undefined && (p.version ?? 0) < version)) return false;
        resolve({ ...p, at: performance.now() });
        return true;
      });
    });
  }

  open(uri, text, languageId = 'xlcfg', version = 1) {
    this.diagnostics.delete(uri);
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri, version, contentChanges) {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri) {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request(method, params, token) {
    return token ? this.conn.sendRequest(method, params, token) : this.conn.sendRequest(method, params);
  }

  /** Time of one request, in milliseconds, and its result. */
  async timed(method, params) {
    const t0 = performance.now();
    const result = await this.conn.sendRequest(method, params);
    return { ms: performance.now() - t0, result };
  }

  async stop() {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      await this.conn.sendNotification('exit');
    } catch { /* already gone */ }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    const r = await this.exited;
    clearTimeout(timer);
    this.conn.dispose();
    return r;
  }
}
