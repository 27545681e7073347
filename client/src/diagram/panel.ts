// "Xen: Show Layer Diagram": a webview that draws the Xen stack and the ecosystem's projects,
// with the guest of the active xl config in the domU layer. The webview only draws: the guest
// model comes from the language server, and reaches the page through postMessage only.
// Security: strict CSP with a per-load nonce, scripts and styles from the extension's media
// folder only, no remote resources; messages from the page are checked before use.

import * as vscode from 'vscode';
import type { FleetGuest, GlossaryEntry, GuestModel, ServerLink } from '../commands/server';

type HostGuests = { guests: FleetGuest[] };

/** Debounce between the last keystroke and redrawing the guest. */
const UPDATE_DELAY_MS = 300;

export interface DiagramReport {
  view?: string;
  guestName?: string | null;
  [key: string]: unknown;
}

type Waiter = { guestName?: string; resolve: (r: DiagramReport) => void };

/** For tests: whether a diagram is open, what its page last reported, and where it may load files from. */
export interface DiagramState { open: boolean; report?: DiagramReport; resourceRoots?: string[]; cspSource?: string }

export class DiagramPanel {
  static readonly viewType = 'xlcfg.layerDiagram';
  private static current: DiagramPanel | undefined;
  private static waiters: Waiter[] = [];
  private static lastReport: DiagramReport | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private target: vscode.TextDocument | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private ready = false;
  private glossaryLinks = new Set<string>();

  static show(context: vscode.ExtensionContext, server: ServerLink): void {
    if (DiagramPanel.current) {
      DiagramPanel.current.panel.reveal(undefined, true);
      DiagramPanel.current.follow(vscode.window.activeTextEditor?.document);
      return;
    }
    const panel = vscode.window.createWebviewPanel(DiagramPanel.viewType, 'Xen Layer Diagram',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, DiagramPanel.options(context));
    DiagramPanel.current = new DiagramPanel(panel, context, server);
  }

  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, server: ServerLink): void {
    panel.webview.options = DiagramPanel.options(context);
    DiagramPanel.current?.panel.dispose();
    DiagramPanel.current = new DiagramPanel(panel, context, server);
  }

  /** For tests: the page's last report, or the first one that shows `guestName` (resolves undefined on timeout). */
  static state(waitFor?: { guestName?: string; timeoutMs?: number }): Promise<DiagramState> | DiagramState {
    const now = (): DiagramState => ({
      open: !!DiagramPanel.current, report: DiagramPanel.lastReport,
      resourceRoots: DiagramPanel.current?.panel.webview.options.localResourceRoots?.map((u) => u.toString()),
      cspSource: DiagramPanel.current?.panel.webview.cspSource,
    });
    if (!waitFor) return now();
    if (DiagramPanel.lastReport && (waitFor.guestName === undefined || DiagramPanel.lastReport.guestName === waitFor.guestName)) return now();
    return new Promise((resolve) => {
      const waiter: Waiter = { guestName: waitFor.guestName, resolve: () => { clearTimeout(t); resolve(now()); } };
      const t = setTimeout(() => { DiagramPanel.waiters = DiagramPanel.waiters.filter((w) => w !== waiter); resolve(now()); }, waitFor.timeoutMs ?? 20_000);
      DiagramPanel.waiters.push(waiter);
    });
  }

  private static options(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'client', 'media')],
    };
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly context: vscode.ExtensionContext, private readonly server: ServerLink) {
    this.panel.webview.html = this.html();
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((m) => void this.onMessage(m)),
      vscode.window.onDidChangeActiveTextEditor((e) => this.follow(e?.document)),
      // A file VS Code first gave another language is reopened as xlcfg once detected: follow it
      // when it is the one in the active editor.
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (isXl(d) && vscode.window.activeTextEditor?.document.uri.toString() === d.uri.toString()) this.follow(d);
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.follow(vscode.window.activeTextEditor?.document)),
      vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === this.target) this.schedule(); }),
      vscode.workspace.onDidCloseTextDocument((d) => { if (d === this.target) { this.target = undefined; this.schedule(0); } }),
    );
    this.follow(vscode.window.activeTextEditor?.document ?? vscode.window.visibleTextEditors.find((e) => isXl(e.document))?.document);
  }

  /** Shows the guest of `doc` when it is an xl config; other documents leave the current guest in place. */
  private follow(doc: vscode.TextDocument | undefined): void {
    if (!doc || !isXl(doc) || doc === this.target) return;
    this.target = doc;
    this.schedule(0);
  }

  private schedule(delay = UPDATE_DELAY_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; void this.update(); }, delay);
  }

  private async update(): Promise<void> {
    if (!this.ready) return; // sent once the page says it is ready
    const seq = ++this.seq;
    const doc = this.target;
    if (!doc) {
      void this.panel.webview.postMessage({ type: 'guest', seq, file: null, model: null });
      return;
    }
    let model: GuestModel | null = null;
    let error: string | undefined;
    try {
      model = await this.server.guestModel(doc.uri.toString(), doc.version, doc.getText());
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (seq !== this.seq) return; // a newer update is on its way
    const file = doc.isUntitled ? doc.uri.path : doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1);
    void this.panel.webview.postMessage({ type: 'guest', seq, file, model, error });
  }

  private async onMessage(m: unknown): Promise<void> {
    if (!m || typeof m !== 'object') return;
    const msg = m as Record<string, unknown>;
    switch (msg.type) {
      case 'ready': {
        let glossary: GlossaryEntry[] = [];
        try { glossary = await this.server.glossary(); } catch { /* the diagram still draws, without definitions */ }
        this.glossaryLinks = new Set(glossary.map((t) => t.link));
        void this.panel.webview.postMessage({ type: 'glossary', terms: glossary });
        this.ready = true;
        void this.update();
        break;
      }
      case 'rendered': {
        const report = (msg.report && typeof msg.report === 'object' ? msg.report : {}) as DiagramReport;
        DiagramPanel.lastReport = report;
        const done = DiagramPanel.waiters.filter((w) => w.guestName === undefined || w.guestName === report.guestName);
        DiagramPanel.waiters = DiagramPanel.waiters.filter((w) => !done.includes(w));
        for (const w of done) w.resolve(report);
        break;
      }
      case 'export':
        if (typeof msg.svg === 'string') await this.exportSvg(msg.svg, typeof msg.name === 'string' ? msg.name : 'xen-layers');
        break;
      case 'openTerm':
        if (typeof msg.id === 'string') await vscode.commands.executeCommand('xlcfg.lookUpTerm', msg.id);
        break;
      case 'openLink':
        // Only the glossary's own links: the page cannot make the editor open anything else.
        if (typeof msg.url === 'string' && this.glossaryLinks.has(msg.url) && /^https:\/\//.test(msg.url)) await vscode.env.openExternal(vscode.Uri.parse(msg.url));
        break;
      case 'reveal':
        await this.reveal(msg.range);
        break;
      case 'wantHost': {
        // The Host view: every guest of the folder, from the server's index of its configs.
        let host: HostGuests = { guests: [] };
        try { host = { guests: (await this.server.fleetGuests()) ?? [] }; } catch { /* drawn empty */ }
        void this.panel.webview.postMessage({ type: 'host', host });
        break;
      }
    }
  }

  private async reveal(r: unknown): Promise<void> {
    const doc = this.target;
    const range = r as { start?: { line?: unknown; character?: unknown }; end?: { line?: unknown; character?: unknown } } | undefined;
    const n = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
    if (!doc || !range?.start || !range.end) return;
    const sel = new vscode.Range(n(range.start.line), n(range.start.character), n(range.end.line), n(range.end.character));
    const column = vscode.window.visibleTextEditors.find((e) => e.document === doc)?.viewColumn ?? vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection: sel, preserveFocus: false });
    editor.revealRange(sel, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async exportSvg(svg: string, name: string): Promise<void> {
    if (!svg.startsWith('<svg') || svg.length > 5_000_000) return;
    const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '').slice(0, 60) || 'xen-layers';
    const base = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      title: 'Export the layer diagram',
      defaultUri: base ? vscode.Uri.joinPath(base, `${safe}.svg`) : undefined,
      filters: { 'SVG image': ['svg'] },
    });
    if (!uri) return;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`, 'utf8'));
    void vscode.window.showInformationMessage(`Diagram saved to ${vscode.workspace.asRelativePath(uri)}.`);
  }

  private html(): string {
    const webview = this.panel.webview;
    // Web Crypto: there in node and in the browser's extension host alike.
    const nonce = btoa(String.fromCharCode(...globalThis.crypto.getRandomValues(new Uint8Array(16))));
    const media = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'client', 'media', f)).toString();
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
      "img-src 'none'",
      "connect-src 'none'",
      "frame-src 'none'",
      "form-action 'none'",
      "base-uri 'none'",
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('diagram.css')}">
<title>Xen Layer Diagram</title>
</head>
<body>
<header class="toolbar">
  <div role="tablist" aria-label="Diagram view">
    <button type="button" role="tab" id="tab-stack" aria-controls="canvas" aria-selected="true">Stack</button>
    <button type="button" role="tab" id="tab-ecosystem" aria-controls="canvas" aria-selected="false" tabindex="-1">Ecosystem</button>
    <button type="button" role="tab" id="tab-circles" aria-controls="canvas" aria-selected="false" tabindex="-1">Circles</button>
    <button type="button" role="tab" id="tab-host" aria-controls="canvas" aria-selected="false" tabindex="-1">Host</button>
  </div>
  <p id="status" role="status" aria-live="polite"></p>
  <button type="button" id="export" title="Save the current view as an SVG file">Export SVG…</button>
</header>
<main>
  <div id="canvas" role="tabpanel" aria-labelledby="tab-stack"></div>
  <aside id="info" aria-live="polite" aria-label="Definition"></aside>
</main>
<script nonce="${nonce}" src="${media('diagram-layout.js')}"></script>
<script nonce="${nonce}" src="${media('diagram.js')}"></script>
</body>
</html>`;
  }

  private dispose(): void {
    if (DiagramPanel.current === this) DiagramPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    DiagramPanel.lastReport = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function isXl(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'xlcfg';
}
