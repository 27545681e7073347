// "Xen: Look Up Term": a searchable pick of the glossary, by name and by definition; the chosen
// term opens as a read-only Markdown preview with its full definition. In a Markdown editor each
// term also offers "Insert link to definition" (and "Xen: Insert Link to Term Definition" does
// only that): a link to the term's upstream page, with the selection or the term as its text.

import * as vscode from 'vscode';
import type { GlossaryEntry, ServerLink } from './server';
import { RELATION_LABELS, searchGlossary, termLinkMarkdown } from '../../../server/src/service/features/terms';
import type { GlossaryRelation } from '../../../server/src/service/knowledge/types';

export const GLOSSARY_SCHEME = 'xlcfg-glossary';

/** The entry as the server sends it, with the typed relations when the server has them. */
type Entry = GlossaryEntry & { relations?: GlossaryRelation[] };

interface TermItem extends vscode.QuickPickItem { entry: Entry }

const LINK_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link'), tooltip: 'Insert link to definition' };

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
        const glossary = await server.glossary() as Entry[];
        if (typeof id === 'string') {
          const entry = glossary.find((t) => t.id === id);
          if (entry) await showTerm(entry);
          return;
        }
        const picked = await pickTerm(glossary, markdownEditor() ? 'open-or-link' : 'open');
        if (picked?.action === 'link') await insertLink(picked.entry);
        else if (picked) await showTerm(picked.entry);
      } catch (e) {
        void vscode.window.showErrorMessage(`Xen glossary unavailable: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
    vscode.commands.registerCommand('xlcfg.insertTermLink', async () => {
      try {
        if (!markdownEditor()) {
          void vscode.window.showInformationMessage('Insert Link to Term Definition works in a Markdown editor.');
          return;
        }
        const picked = await pickTerm(await server.glossary() as Entry[], 'link');
        if (picked) await insertLink(picked.entry);
      } catch (e) {
        void vscode.window.showErrorMessage(`Xen glossary unavailable: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
  );
}

const markdownEditor = () => {
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === 'markdown' ? editor : undefined;
};

/** Items for a query: names first, then terms whose definition holds the words (with the words around them). */
export function termItems(glossary: readonly Entry[], query: string, linkButton: boolean): TermItem[] {
  return searchGlossary(glossary, query).map((hit) => ({
    label: hit.entry.term,
    description: hit.entry.aliases.length ? hit.entry.aliases.join(' · ') : undefined,
    detail: hit.where === 'definition' ? `$(book) ${hit.excerpt}` : hit.entry.short,
    // Our own search decides what is shown (VS Code's filter knows nothing of definitions).
    alwaysShow: true,
    buttons: linkButton ? [LINK_BUTTON] : undefined,
    entry: hit.entry,
  }));
}

/**
 * The picker. `open`: choose a term to read; `open-or-link` (in Markdown): the same, and each
 * item's link button inserts a link instead; `link`: choosing inserts the link.
 */
function pickTerm(glossary: Entry[], mode: 'open' | 'open-or-link' | 'link'): Promise<{ entry: Entry; action: 'open' | 'link' } | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<TermItem>();
    pick.title = mode === 'link' ? 'Insert link to a Xen term' : 'Xen glossary';
    pick.placeholder = mode === 'open-or-link'
      ? 'A term, another name, or words of its definition. The link button inserts a link to it.'
      : 'A term, another name, or words of its definition (dom0, XCP-ng, "interrupt controller", ...)';
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    const refresh = () => { pick.items = termItems(glossary, pick.value, mode === 'open-or-link'); };
    refresh();
    let done = false;
    const finish = (result: { entry: Entry; action: 'open' | 'link' } | undefined) => {
      if (done) return;
      done = true;
      resolve(result);
      pick.hide();
    };
    pick.onDidChangeValue(refresh);
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0] ?? pick.activeItems[0];
      finish(item ? { entry: item.entry, action: mode === 'link' ? 'link' : 'open' } : undefined);
    });
    pick.onDidTriggerItemButton((e) => finish({ entry: e.item.entry, action: 'link' }));
    pick.onDidHide(() => { finish(undefined); pick.dispose(); });
    pick.show();
  });
}

/** Replaces the selection of the Markdown editor (or inserts at the cursor) with a link to the term. */
async function insertLink(entry: Entry): Promise<void> {
  const editor = markdownEditor();
  if (!editor) return;
  await editor.edit((edit) => {
    for (const sel of editor.selections) {
      const text = editor.document.getText(sel);
      edit.replace(sel, termLinkMarkdown(entry, text.includes('\n') ? undefined : text));
    }
  });
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
  const relations = (entry as Entry).relations?.map((r) => {
    const other = glossary.find((t) => t.id === r.term);
    return other ? `${RELATION_LABELS[r.kind]} **${other.term}**${r.since ? ` (${/^\d{4}$/.test(r.since) ? `since ${r.since}` : `Xen ${r.since}`})` : ''}` : undefined;
  }).filter(Boolean) ?? [];
  if (relations.length) parts.push(`**How it relates:** ${relations.join(' · ')}`);
  if (entry.aliases.length) parts.push(`**Also written:** ${entry.aliases.join(', ')}`);
  if (related.length) parts.push(`**Related terms**\n\n${related.map((t) => `- **${t.term}**: ${t.short}`).join('\n')}`);
  parts.push(`[Read more](${entry.link})`);
  parts.push('---', '_From the Xen xl.cfg extension\'s glossary. Run "Xen: Look Up Term" for another term._');
  return parts.join('\n\n') + '\n';
}
