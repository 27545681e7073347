// The language server's side of the checks across configs (issue #14): an index of every config
// of the workspace, open or not, kept up to date from the editor (open documents) and from the
// client's file watcher (the others), whose findings are published with each file's own
// diagnostics; Find All References, document highlights and workspace symbols over it.
// No node import: the file system comes through FleetDisk (node only; in the browser the index
// holds the open documents alone).

import type { Connection, TextDocuments } from 'vscode-languageserver';
import type * as lsp from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, LanguageService } from '../service';
import { Fleet, identityOf, isAutostartPath, type FleetDiagnostic, type HostProfile } from '../service/features/fleet';

/** A guest of the workspace for the layer diagram's Host view (client/src/commands/server.ts FleetGuest). */
export interface HostGuest {
  uri: string; file: string; name?: string; type: string; memory: number; vcpus: number;
  bridges: string[]; backends: string[]; findings: number;
}

/** What the index reads from disk. URIs throughout. */
export interface FleetDisk {
  /** The configs and autostart entries under a folder, and the host profile saved there. */
  scan(folderUri: string): { configs: string[]; autostart: { entry: string; target?: string }[]; host?: HostProfile };
  /** A file's text, or undefined when it cannot be read (gone, binary, too big). */
  read(uri: string): string | undefined;
  /** Whether a file (by path and text) is an xl config, as content detection decides. */
  isConfig(uri: string, text: string): boolean;
  /** What an autostart entry leads to now: a config's URI, undefined (nowhere), or null (the entry is gone). */
  autostartTarget(entryUri: string): string | undefined | null;
  /** A host profile file's contents read, when `uri` is one (xl-info.txt); null when it is one but unreadable. */
  hostProfile(uri: string): HostProfile | undefined | null;
}

export interface FleetServer {
  connection: Connection;
  service: LanguageService;
  documents: TextDocuments<TextDocument>;
  isXl(doc: TextDocument): boolean;
  workspaceFolders(): string[];
  /** Publish an open document again (its own diagnostics and ours). */
  republish(doc: TextDocument): void;
  toLspDiagnostic(d: Diagnostic): lsp.Diagnostic;
  disk?: FleetDisk;
  log(message: string): void;
}

const BATCH = 200;
/** Watched-file events are taken together when they come within this many ms (a checkout). */
const WATCH_BATCH_MS = 30;

export class FleetSupport {
  readonly fleet: Fleet;
  private state: 'idle' | 'loading' | 'ready' = 'idle';
  private ready?: Promise<void>;
  /** Open documents: the version whose identity the index holds. */
  private readonly indexed = new Map<string, number>();
  /** Files not open whose fleet diagnostics were sent (to clear them when they go). */
  private readonly shownClosed = new Set<string>();
  private pendingWatch: lsp.FileEvent[] = [];
  private watchTimer?: ReturnType<typeof setTimeout>;
  /** Open documents: what their last publication said of the fleet (republished only when it changes). */
  private readonly sentOpen = new Map<string, string>();
  /**
   * One URI per file: the editor's spelling of an open file (VS Code encodes ',', '+', '@', ...
   * where node's pathToFileURL does not), else the first one seen. Keyed by the decoded URI.
   */
  private readonly uriOf = new Map<string, string>();
  /** Host profiles by the file they came from (one per workspace folder at most). */
  private readonly hosts = new Map<string, HostProfile>();

  constructor(private readonly server: FleetServer) {
    this.fleet = new Fleet({ label: (uri) => this.label(uri) });
  }

  get started(): boolean { return this.state !== 'idle'; }

  /** Builds the index of the workspace (once); later calls wait for the same build. */
  start(): Promise<void> {
    if (this.ready) return this.ready;
    this.state = 'loading';
    this.ready = this.load().then(() => { this.state = 'ready'; this.flushWatch(); }, (e) => {
      this.state = 'ready';
      this.server.log(`xlcfg: indexing the workspace failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    });
    return this.ready;
  }

  private async load(): Promise<void> {
    const { disk, documents } = this.server;
    const started = Date.now();
    let files = 0;
    for (const doc of documents.all()) if (this.server.isXl(doc)) this.indexOpen(doc);
    if (disk) {
      for (const folder of this.server.workspaceFolders()) {
        const scan = disk.scan(folder);
        if (scan.host) { this.hosts.set(folder, scan.host); this.fleet.setHost(scan.host); }
        const targets = new Set(scan.autostart.map((a) => a.target).filter((t): t is string => !!t).map((t) => this.canon(t)));
        for (let i = 0; i < scan.configs.length; i++) {
          const uri = this.canon(scan.configs[i]);
          if (!documents.get(uri)) this.indexDisk(uri, targets.has(uri));
          files++;
          if (i % BATCH === BATCH - 1) await new Promise((r) => setTimeout(r, 0));
        }
        for (const a of scan.autostart) this.fleet.setAutostart(this.canon(a.entry), a.target ? this.canon(a.target) : undefined);
        // Open configs that an entry starts: read again with their error count.
        for (const t of targets) { const doc = documents.get(t); if (doc) { this.indexed.delete(t); this.indexOpen(doc); } }
      }
    }
    this.server.log(`xlcfg: ${this.fleet.size} guests indexed from ${files} configs in ${Date.now() - started} ms`);
    this.publishAll();
  }

  /** Every file with findings, once the index is built. */
  private publishAll(): void {
    for (const doc of this.server.documents.all()) if (this.server.isXl(doc) && this.changedFor(doc.uri)) this.server.republish(doc);
    for (const uri of this.fleet.findings().keys()) if (!this.server.documents.get(uri)) this.publishClosed(uri);
  }

  /** The URI the index knows this file by. */
  private canon(uri: string): string {
    const k = decodedKey(uri);
    const known = this.uriOf.get(k);
    if (known) return known;
    this.uriOf.set(k, uri);
    return uri;
  }

  /** An open document's own URI becomes the file's; the file under another spelling leaves the index. */
  private adopt(uri: string): Set<string> {
    const k = decodedKey(uri);
    const known = this.uriOf.get(k);
    this.uriOf.set(k, uri);
    const affected = new Set<string>();
    if (!known || known === uri) return affected;
    for (const u of this.fleet.remove(known)) affected.add(u);
    for (const a of this.fleet.autostartEntries()) if (a.target === known) for (const u of this.fleet.setAutostart(a.entry, uri)) affected.add(u);
    return affected;
  }

  private isTarget(uri: string): boolean {
    return this.fleet.autostartEntries().some((a) => a.target === uri);
  }

  private indexOpen(doc: TextDocument): Set<string> {
    this.indexed.set(doc.uri, doc.version);
    const before = this.adopt(doc.uri);
    const id = identityOf(this.server.service, { uri: doc.uri, version: doc.version, text: doc.getText() }, this.isTarget(doc.uri));
    const affected = this.fleet.update(doc.uri, id);
    for (const u of before) affected.add(u);
    return affected;
  }

  private indexDisk(uri: string, withErrors: boolean): Set<string> {
    const { disk, service } = this.server;
    const text = disk?.read(uri);
    if (text === undefined || !disk!.isConfig(uri, text)) return this.fleet.remove(uri);
    const id = identityOf(service, { uri, version: -1, text }, withErrors);
    service.close(uri);
    return this.fleet.update(uri, id);
  }

  /**
   * The server is about to publish an open document: the index takes its current text first, and
   * the files whose findings this changes are published again. The first xl config opened starts
   * the index.
   */
  documentChanged(doc: TextDocument): void {
    if (this.state === 'idle') { void this.start(); return; }
    if (this.indexed.get(doc.uri) === doc.version) return;
    this.republishOthers(this.indexOpen(doc), doc.uri);
  }

  /** An open document was closed: the index goes back to the file on disk. */
  documentClosed(uri: string): void {
    this.indexed.delete(uri);
    this.sentOpen.delete(uri);
    if (this.state === 'idle') return;
    const affected = this.server.disk ? this.indexDisk(uri, this.isTarget(uri)) : this.fleet.remove(uri);
    this.republishOthers(affected, undefined);
  }

  /** The fleet's findings for a file, as LSP diagnostics with links to the other files. */
  /**
   * Every guest of the workspace as the diagram's Host view draws it (starting the index if it
   * has not): named as the findings name files, with its bridges, disk backends and how many
   * findings it has. Reads the index only: nothing is marked as published.
   */
  async hostGuests(): Promise<HostGuest[]> {
    await this.start();
    return [...this.fleet.identities()].map((g) => ({
      uri: g.uri, file: this.label(g.uri), name: g.name?.shown, type: g.type,
      memory: g.memory.mib, vcpus: g.vcpus.count,
      bridges: [...new Set(g.bridges.map((b) => b.shown))], backends: [...new Set(g.disks.map((d) => d.backend))],
      findings: this.fleet.diagnosticsFor(g.uri).length,
    })).sort((a, b) => (a.name ?? a.file).localeCompare(b.name ?? b.file));
  }

  diagnostics(uri: string): lsp.Diagnostic[] {
    if (this.state === 'idle') return [];
    const found = this.fleet.diagnosticsFor(uri);
    if (this.server.documents.get(uri)) this.sentOpen.set(uri, signature(found));
    return found.map((d) => this.toLsp(d));
  }

  /** Whether an open document's fleet findings differ from what it was last published with. */
  private changedFor(uri: string): boolean {
    return signature(this.fleet.diagnosticsFor(uri)) !== (this.sentOpen.get(uri) ?? '');
  }

  private toLsp(d: FleetDiagnostic): lsp.Diagnostic {
    const out = this.server.toLspDiagnostic(d);
    if (d.related.length) out.relatedInformation = d.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message }));
    return out;
  }

  private republishOthers(affected: Set<string>, except: string | undefined): void {
    for (const uri of affected) {
      if (uri === except) continue;
      const doc = this.server.documents.get(uri);
      if (doc && this.server.isXl(doc)) { if (this.changedFor(uri)) this.server.republish(doc); }
      else this.publishClosed(uri);
    }
  }

  private publishClosed(uri: string): void {
    const diagnostics = this.diagnostics(uri);
    if (!diagnostics.length && !this.shownClosed.has(uri)) return;
    if (diagnostics.length) this.shownClosed.add(uri); else this.shownClosed.delete(uri);
    void this.server.connection.sendDiagnostics({ uri, diagnostics });
  }

  /** Files changed on disk (the client's watcher): taken together, then applied. */
  watched(changes: lsp.FileEvent[]): void {
    if (!this.server.disk) return;
    this.pendingWatch.push(...changes);
    if (this.state !== 'ready') return;
    if (this.watchTimer) return;
    this.watchTimer = setTimeout(() => { this.watchTimer = undefined; this.flushWatch(); }, WATCH_BATCH_MS);
  }

  private flushWatch(): void {
    const disk = this.server.disk;
    const changes = this.pendingWatch;
    this.pendingWatch = [];
    if (!disk || !changes.length) return;
    const affected = new Set<string>();
    const add = (s: Set<string>) => { for (const u of s) affected.add(u); };
    const seen = new Set<string>();
    for (const event of changes) {
      const c = { type: event.type, uri: this.canon(event.uri) };
      if (seen.has(c.uri)) continue;
      seen.add(c.uri);
      const host = disk.hostProfile(c.uri);
      if (host !== undefined) {
        if (host && c.type !== 3) this.hosts.set(c.uri, host); else this.hosts.delete(c.uri);
        const before = new Set(this.fleet.findings().keys());
        this.fleet.setHost([...this.hosts.values()][0]);
        add(before);
        for (const u of this.fleet.findings().keys()) affected.add(u);
        continue;
      }
      if (isAutostartPath(decodedKey(c.uri))) {
        const found = disk.autostartTarget(c.uri);
        const target = found ? this.canon(found) : found;
        add(this.fleet.setAutostart(c.uri, target ?? undefined, target !== null));
        if (target) add(this.indexedTarget(target));
        // A plain file there is its own config too.
        if (target !== c.uri) continue;
      }
      if (this.server.documents.get(c.uri)) continue; // the editor's text wins
      add(c.type === 3 ? this.fleet.remove(c.uri) : this.indexDisk(c.uri, this.isTarget(c.uri)));
      // Links that lead to this file (or led to it) see it appear or go.
      for (const a of this.fleet.autostartEntries()) {
        const found = disk.autostartTarget(a.entry);
        const t = found ? this.canon(found) : found;
        if (t !== a.target) add(this.fleet.setAutostart(a.entry, t ?? undefined, t !== null));
      }
    }
    this.republishOthers(affected, undefined);
  }

  /** A config an autostart entry now leads to: read with its error count (the entry reports them). */
  private indexedTarget(uri: string): Set<string> {
    const doc = this.server.documents.get(uri);
    if (doc) { this.indexed.delete(uri); return this.indexOpen(doc); }
    return this.indexDisk(uri, true);
  }

  // --- navigation ---------------------------------------------------------------------------

  private claimAt(uri: string, position: lsp.Position) {
    const doc = this.server.documents.get(uri);
    if (doc && this.server.isXl(doc) && this.state !== 'idle' && this.indexed.get(uri) !== doc.version) this.republishOthers(this.indexOpen(doc), uri);
    return this.fleet.claimAt(uri, position);
  }

  /** Find All References on a MAC, disk target, bridge, PCI address, console port or guest name. */
  async references(params: lsp.ReferenceParams): Promise<lsp.Location[]> {
    await this.start();
    const at = this.claimAt(params.textDocument.uri, params.position);
    if (!at) return [];
    return this.fleet.references(at.kind, at.claim.key)
      .filter((r) => params.context.includeDeclaration || r.uri !== at.uri || r.claim !== at.claim)
      .map((r) => ({ uri: r.uri, range: r.claim.range }));
  }

  /** The same thing elsewhere in this file (a bridge two interfaces join, a MAC given twice). */
  highlights(params: lsp.DocumentHighlightParams): lsp.DocumentHighlight[] {
    const uri = params.textDocument.uri;
    if (this.state === 'idle') {
      const doc = this.server.documents.get(uri);
      if (!doc) return [];
      void this.start();
      this.indexOpen(doc);
    }
    const at = this.claimAt(uri, params.position);
    if (!at) return [];
    return this.fleet.references(at.kind, at.claim.key).filter((r) => r.uri === uri).map((r) => ({ range: r.claim.range, kind: 1 }));
  }

  /** Every guest of the workspace, by name. */
  async symbols(params: lsp.WorkspaceSymbolParams): Promise<lsp.SymbolInformation[]> {
    await this.start();
    const q = params.query.toLowerCase();
    const out: lsp.SymbolInformation[] = [];
    for (const id of this.fleet.identities()) {
      if (!id.name || (q && !id.name.shown.toLowerCase().includes(q))) continue;
      out.push({ name: id.name.shown, kind: 2 /* Module: a guest */, location: { uri: id.uri, range: id.name.range }, containerName: `${id.type.toUpperCase()} guest, ${this.label(id.uri)}` });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** A file's path relative to its workspace folder, for messages. */
  private label(uri: string): string {
    for (const f of this.server.workspaceFolders()) {
      const base = f.endsWith('/') ? f : `${f}/`;
      if (uri.startsWith(base)) return decodedKey(uri.slice(base.length));
    }
    const path = decodedKey(uri);
    return path.slice(path.lastIndexOf('/') + 1);
  }
}

/** What a file's findings say, to tell whether they changed. */
function signature(found: readonly FleetDiagnostic[]): string {
  let out = '';
  for (const d of found) out += `${d.code}|${d.severity}|${d.range.start.line}:${d.range.start.character}|${d.message}|${d.related.length}\n`;
  return out;
}

/** A URI with its escapes decoded: two spellings of one file compare equal. */
function decodedKey(uri: string): string {
  try { return decodeURIComponent(uri); } catch { return uri; }
}
