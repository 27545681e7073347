// The extension's Xen commands: Look Up Term, Show Layer Diagram, New Guest Config. Everything
// they know (glossary, guest model, generated text) comes from the language server through
// custom requests, so the client bundle stays thin.

import * as vscode from 'vscode';
import type { ServerRequests } from '../serverRequests';
import { DiagramPanel } from '../diagram/panel';
import { registerLookUpTerm } from './lookUpTerm';
import { newGuestConfig } from './newGuest';
import { ServerLink } from './server';
import { registerUpgradeCheck } from './upgrade';

export function registerXenCommands(context: vscode.ExtensionContext, client: ServerRequests): void {
  const server = new ServerLink(client);
  registerLookUpTerm(context, server);
  registerUpgradeCheck(context, client);
  context.subscriptions.push(
    vscode.commands.registerCommand('xlcfg.showLayerDiagram', () => DiagramPanel.show(context, server)),
    vscode.commands.registerCommand('xlcfg.newGuestConfig', () => newGuestConfig(server)),
    // For the e2e tests: what the open diagram last reported having drawn (not in the palette).
    vscode.commands.registerCommand('xlcfg._diagramState', (waitFor?: { guestName?: string; timeoutMs?: number }) =>
      DiagramPanel.state(waitFor)),
  );
  if (vscode.window.registerWebviewPanelSerializer) {
    context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(DiagramPanel.viewType, {
      deserializeWebviewPanel: async (panel) => DiagramPanel.revive(panel, context, server),
    }));
  }
}
