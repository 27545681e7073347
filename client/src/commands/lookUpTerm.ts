// "Xen: Look Up Term": a searchable pick of the glossary (name, other names, short definition);
// the chosen term opens as a read-only Markdown preview with its full definition.

import * as vscode from 'vscode';
import type { GlossaryEntry, ServerLink } from './server';

export const GLOSSARY_SCHEME = 'xlcfg-glossary';

interface TermItem extends vscode.QuickPickItem { entry: GlossaryEntry }

export function registerLookUpTerm(context: vscode.ExtensionContext, server: ServerLink): void {
  // A read-only file system rather than a content provider: the Markdown preview reads, stats
  // and watches the file it shows, and a file system answers all three.
  const encoder = new TextEncoder();
  const contentOf = async (uri: vscode.Uri) => {
    const id = decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.md$/, ''));
    const glossary = await server.glossary();
    const entry = glossary.find((t) => t.id === id);
    if (!entry) throw vscode.FileSystemError.FileNotFound(uri);
    return encoder.encode(termDocument(entry, glossary));
  };
  const provider: vscode.FileSystemProvider = {
    onDidChangeFile: new vscode.EventEmitter<vscode.FileChangeEvent[]>().event,
    watch: () => new vscode.Disposable(() => undefined),
    stat: async (uri) => ({ type: vscode.FileType.File, ctime: 0, mtime: 0, size: (await contentOf(uri)).byteLength, permissions: vscode.FilePermission.Readonly }),
    readFile: contentOf,
    readDirectory: () => [],
    createDirectory: (uri) => { throw vscode.FileSystemError.NoPermissions(uri); },
    writeFile: (uri) => { throw vscode.FileSystemError.NoPermissions(uri); },
    delete: (uri) => { throw vscode.FileSystemError.NoPermissions(uri); },
    rename: (uri) => { throw vscode.FileSystemError.NoPermissions(uri); },
  };
  context.subscriptions.push(
    vscode.workspace.registerFileSystemProvider(GLOSSARY_SCHEME, provider, { isReadonly: true, isCaseSensitive: true }),
    vscode.commands.registerCommand('xlcfg.lookUpTerm', async (id?: unknown) => {
      try {
        const glossary = await server.glossary();
        const entry = typeof id === 'string' ? glossary.find((t) => t.id === id) : await pickTerm(glossary);
        if (entry) await showTerm(entry);
      } catch (e) {
        void vscode.window.showErrorMessage(`Xen glossary unavailable: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
  );
}

async function pickTerm(glossary: GlossaryEntry[]): Promise<GlossaryEntry | undefined> {
  const items: TermItem[] = [...glossary]
    .sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' }))
    .map((entry) => ({
      label: entry.term,
      description: entry.aliases.length ? entry.aliases.join(' · ') : undefined,
      detail: entry.short,
      entry,
    }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Xen glossary',
    placeHolder: 'Type a term or another name for it (dom0, XCP-ng, PVH, grant table, ...)',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.entry;
}

async function showTerm(entry: GlossaryEntry): Promise<void> {
  const uri = vscode.Uri.from({ scheme: GLOSSARY_SCHEME, path: `/${encodeURIComponent(entry.id)}.md` });
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // No Markdown preview (the built-in extension disabled): show the text itself.
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}

const pretty = (s: string) => s.replace(/-/g, ' ');

/** The Markdown shown for a term. Our glossary text, so no escaping of its Markdown is needed. */
export function termDocument(entry: GlossaryEntry, glossary: readonly GlossaryEntry[]): string {
  const related = entry.related.map((id) => glossary.find((t) => t.id === id)).filter((t): t is GlossaryEntry => !!t);
  const parts = [
    `# ${entry.term}`,
    `_${pretty(entry.category)} · layer: ${pretty(entry.layer)}_`,
    `> ${entry.short}`,
    entry.full,
  ];
  if (entry.aliases.length) parts.push(`**Also written:** ${entry.aliases.join(', ')}`);
  if (related.length) parts.push(`**Related terms**\n\n${related.map((t) => `- **${t.term}**: ${t.short}`).join('\n')}`);
  parts.push(`[Read more](${entry.link})`);
  parts.push('---', '_From the Xen xl.cfg extension\'s glossary. Run "Xen: Look Up Term" for another term._');
  return parts.join('\n\n') + '\n';
}
