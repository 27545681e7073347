// The status bar item for the active xl.cfg: its guest type and whether xl would accept it.
// The language server answers (xlcfg/status); the item follows the active editor and refreshes
// whenever the server publishes new diagnostics for it.

import * as vscode from 'vscode';
import type { ServerRequests } from './serverRequests';
import { describeStatus, DocumentStatus } from './statusText';

export function registerStatusBar(context: vscode.ExtensionContext, client: ServerRequests): void {
  const item = vscode.window.createStatusBarItem('xlcfg.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Xen xl.cfg';
  item.command = 'workbench.actions.view.problems';
  context.subscriptions.push(item);
  let generation = 0;
  /** What the item shows, for the e2e tests (xlcfg._statusBarState). */
  const state = { visible: false, text: '', tooltip: '' };
  let waiters: (() => void)[] = [];
  const changed = () => { for (const w of waiters.splice(0)) w(); };
  const hide = () => { item.hide(); state.visible = false; changed(); };

  const enabled = () => vscode.workspace.getConfiguration('xlcfg').get<boolean>('statusBar.enabled', true);

  const update = async () => {
    const mine = ++generation;
    const editor = vscode.window.activeTextEditor;
    if (!enabled() || !editor || editor.document.languageId !== 'xlcfg') { hide(); return; }
    try {
      const status = await client.sendRequest<DocumentStatus | null>('xlcfg/status', { uri: editor.document.uri.toString() });
      if (mine !== generation) return; // a newer update is under way
      if (!status) { hide(); return; }
      const d = describeStatus(status);
      item.text = d.text;
      item.tooltip = new vscode.MarkdownString(d.tooltip);
      item.backgroundColor = d.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : d.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      item.accessibilityInformation = { label: d.text.replace(/\$\([a-z-]+\) /, '') };
      item.show();
      Object.assign(state, { visible: true, text: d.text, tooltip: d.tooltip });
      changed();
    } catch {
      if (mine === generation) hide();
    }
  };

  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) void update();
    }),
    // A file that content detection switches to xlcfg.
    vscode.workspace.onDidOpenTextDocument((d) => { if (d.uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) void update(); }),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('xlcfg')) void update(); }),
    // For the e2e tests (not in the palette): the item's state, once `until` (a substring of its text) shows.
    vscode.commands.registerCommand('xlcfg._statusBarState', (until?: string) => new Promise((resolve) => {
      const check = () => {
        if (until === undefined || (state.visible && state.text.includes(until))) { resolve({ ...state }); return; }
        waiters.push(check);
      };
      check();
    })),
    { dispose: () => { waiters = []; } },
  );
  void update();
}
