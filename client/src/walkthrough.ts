// The Getting Started walkthrough's own command: open one of the bundled samples as a new,
// untitled xl.cfg document (so that trying things out never edits the installed copy).

import * as vscode from 'vscode';

/** Samples the walkthrough offers (files under samples/ in the extension). */
export const SAMPLES = ['pvh-guest.cfg', 'pv-guest.cfg', 'hvm-guest.cfg', 'arm-guest.cfg', 'with-mistakes.cfg'];

export function registerWalkthrough(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('xlcfg.openSample', async (name?: string) => {
    let sample = typeof name === 'string' && SAMPLES.includes(name) ? name : undefined;
    if (!sample) {
      sample = await vscode.window.showQuickPick(SAMPLES, { title: 'Open a sample xl.cfg', placeHolder: 'Which sample?' });
      if (!sample) return;
    }
    let content: string;
    try {
      // Through VS Code's file system: the same on the desktop and in the browser.
      content = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'samples', sample)));
    } catch (e) {
      void vscode.window.showErrorMessage(`Could not read the sample ${sample}: ${(e as Error).message}`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'xlcfg', content });
    await vscode.window.showTextDocument(doc);
  }));
}
