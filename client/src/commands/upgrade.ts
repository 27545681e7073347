// Xen: Check Upgrade to Another Release. Asks for the release the host runs now and the one it
// moves to, and lists what changes for the open config in the Problems panel (source
// "xlcfg upgrade"), with the quick fixes that the new release's checks offer. The findings are
// cleared when the file changes, because their ranges would go stale.

import * as vscode from 'vscode';
import type { ServerRequests } from '../serverRequests';
import { XEN_RELEASES } from '../../../server/src/service/knowledge/types';

export interface UpgradeChangeView {
  kind: 'refused' | 'no-longer-read' | 'reads-differently' | 'resolved';
  diagnostic: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity?: number; code?: string | number; message: string; codeDescription?: { href: string } };
  fixes: { title: string; edits: { range: UpgradeChangeView['diagnostic']['range']; newText: string }[] }[];
}
export interface UpgradeReportView { from: string; to: string; upgrade: boolean; changes: UpgradeChangeView[] }

/** LSP severities (1 error … 4 hint) as VS Code's (0 … 3); the server sets each change's. */
const fromLsp = (severity: number | undefined) => ((severity ?? 2) - 1) as vscode.DiagnosticSeverity;

const toRange = (r: UpgradeChangeView['diagnostic']['range']) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

export function registerUpgradeCheck(context: vscode.ExtensionContext, client: ServerRequests): void {
  const collection = vscode.languages.createDiagnosticCollection('xlcfg-upgrade');
  const fixes = new WeakMap<vscode.Diagnostic, UpgradeChangeView['fixes']>();

  const run = async (args?: { from?: string; to?: string }): Promise<UpgradeReportView | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'xlcfg') {
      void vscode.window.showInformationMessage('Open an xl.cfg domain config first: the upgrade check compares what two Xen releases make of it.');
      return undefined;
    }
    const doc = editor.document;
    const judged = await client.sendRequest<{ release?: string } | null>('xlcfg/status', { uri: doc.uri.toString() });
    const from = args?.from ?? await pick('The Xen release the host runs now', judged?.release);
    if (!from) return undefined;
    const to = args?.to ?? await pick(`Move from Xen ${from} to`, undefined, from);
    if (!to) return undefined;
    const report = await client.sendRequest<UpgradeReportView | null>('xlcfg/upgrade', { uri: doc.uri.toString(), from, to });
    if (!report) return undefined;
    const diagnostics = report.changes.map((c) => {
      const d = new vscode.Diagnostic(toRange(c.diagnostic.range), c.diagnostic.message, fromLsp(c.diagnostic.severity));
      d.source = `xlcfg upgrade ${report.from} → ${report.to}`;
      if (c.diagnostic.code !== undefined) {
        d.code = c.diagnostic.codeDescription ? { value: c.diagnostic.code, target: vscode.Uri.parse(c.diagnostic.codeDescription.href) } : c.diagnostic.code;
      }
      fixes.set(d, c.fixes);
      return d;
    });
    collection.set(doc.uri, diagnostics);
    const count = (kind: UpgradeChangeView['kind']) => report.changes.filter((c) => c.kind === kind).length;
    const parts = [
      [count('refused'), 'refused'], [count('no-longer-read'), 'no longer read'], [count('reads-differently'), 'read differently'], [count('resolved'), 'now fine'],
    ].filter(([n]) => n).map(([n, what]) => `${n} ${what}`);
    void vscode.window.showInformationMessage(parts.length
      ? `Xen ${report.from} → ${report.to}: ${parts.join(', ')}. The findings are in the Problems panel.`
      : `Xen ${report.from} → ${report.to}: nothing changes for this config.`);
    return report;
  };

  context.subscriptions.push(
    collection,
    vscode.commands.registerCommand('xlcfg.checkUpgrade', run),
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length) collection.delete(e.document.uri); }),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    vscode.languages.registerCodeActionsProvider({ language: 'xlcfg' }, {
      provideCodeActions(document, _range, ctx) {
        const out: vscode.CodeAction[] = [];
        for (const d of ctx.diagnostics) {
          for (const f of fixes.get(d) ?? []) {
            const action = new vscode.CodeAction(f.title, vscode.CodeActionKind.QuickFix);
            action.diagnostics = [d];
            action.edit = new vscode.WorkspaceEdit();
            for (const e of f.edits) action.edit.replace(document.uri, toRange(e.range), e.newText);
            out.push(action);
          }
        }
        return out;
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );
}

/** A release from a quick pick: newest first, `current` marked, only releases after `after` when given. */
async function pick(title: string, current?: string, after?: string): Promise<string | undefined> {
  const releases = [...XEN_RELEASES].reverse().filter((r) => !after || r !== after);
  const items = releases.map((r) => ({
    label: r === 'master' ? 'master' : `Xen ${r}`,
    release: r,
    description: r === current ? 'the release this file is judged by' : after && XEN_RELEASES.indexOf(r) < XEN_RELEASES.indexOf(after as never) ? 'older (a downgrade)' : undefined,
  }));
  if (current) items.sort((a, b) => Number(b.release === current) - Number(a.release === current));
  const chosen = await vscode.window.showQuickPick(items, { title, placeHolder: 'Xen release' });
  return chosen?.release;
}
