// Document links: each known key links to its man page section; file paths (kernels, ramdisks,
// firmware, disk images, ...) link to the file when it exists. The service decides which
// strings are paths and where to look; the caller says whether a file exists (no I/O here).

import { splitSpec, XlDocument } from '../document';
import type { Knowledge } from '../knowledge';
import type { StringAtom, Value } from '../parser';
import type { Range } from '../types';
import { diskFields } from './symbols';

/** Mirrors LSP's DocumentLink. */
export interface DocumentLink { range: Range; target: string; tooltip?: string }

export interface LinkEnvironment {
  /** Workspace folders as file: URIs. */
  workspaceFolders: readonly string[];
  /** Whether a file: URI names an existing regular file. */
  isFile(uri: string): boolean;
}

/** Paths that must never be opened as files (devices, kernel interfaces). */
const NOT_FILES = /^\/(dev|proc|sys)\//;

export function documentLinks(doc: XlDocument, kb: Knowledge, env?: LinkEnvironment): DocumentLink[] {
  const out: DocumentLink[] = [];
  const page = doc.kind === 'xl.conf' ? 'xl.conf(5)' : 'xl.cfg(5)';
  for (const stmt of doc.parsed.statements) {
    const info = kb.option(stmt.key, doc.kind);
    if (!info) continue;
    out.push({ range: doc.lines.range(stmt.keyStart, stmt.keyEnd), target: kb.link(info), tooltip: `${info.manPage === 'xl.cfg.5' ? page : info.manPage.replace(/\.(\d)$/, '($1)')}: ${info.key}` });
    if (!env || !stmt.value) continue;
    const table = info.spec ? kb.spec(info.spec) : undefined;
    const isPath = info.format === 'path' || info.itemFormat === 'path';
    const pathSubKeys = new Set(table?.subkeys.filter((s) => s.format === 'path' && s.kind === 'named').map((s) => s.key) ?? []);
    if (!isPath && !table) continue;
    for (const atom of strings(stmt.value)) {
      if (isPath) { fileLink(doc, env, atom.value, atom.start + 1, atom.end - 1, out); continue; }
      if (!table) continue;
      const items = splitSpec(doc.text, atom, table.name);
      if (table.name === 'disk') {
        const t = diskFields(items).target;
        if (t) fileLink(doc, env, t.text, t.start, t.end, out);
      }
      for (const item of items) {
        if (item.value === undefined || item.valueStart === undefined || !pathSubKeys.has(item.key) || item.key === 'target') continue;
        const lead = item.value.length - item.value.trimStart().length;
        fileLink(doc, env, item.value.trim(), item.valueStart + lead, item.end, out);
      }
    }
  }
  return out;
}

function strings(v: Value): StringAtom[] {
  const out: StringAtom[] = [];
  const stack: Value[] = [v];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.kind === 'string') out.push(x);
    else if (x.kind === 'list') for (let i = x.items.length - 1; i >= 0; i--) stack.push(x.items[i]);
  }
  return out;
}

/** A lone UTF-16 surrogate: no file has such a name, and encodeURIComponent throws on it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function fileLink(doc: XlDocument, env: LinkEnvironment, path: string, start: number, end: number, out: DocumentLink[]): void {
  if (!path || end <= start || /[\n\0]/.test(path) || LONE_SURROGATE.test(path) || NOT_FILES.test(path)) return;
  for (const uri of candidates(doc.uri, path, env.workspaceFolders)) {
    if (env.isFile(uri)) {
      out.push({ range: doc.lines.range(start, end), target: uri, tooltip: `Open ${path}` });
      return;
    }
  }
}

const encodePath = (p: string) => p.split('/').map((s) => encodeURIComponent(s)).join('/');
const folderBase = (u: string) => u.replace(/\/+$/, '') + '/';

function resolve(relative: string, base: string): string | undefined {
  try { return new URL(relative, base).href; } catch { return undefined; }
}

/**
 * Where a path written in a config may be, in order: a relative path next to the config, then
 * in each workspace folder; an absolute path inside a workspace folder that mirrors the guest
 * host's tree (`/boot/vmlinuz` -> `<folder>/boot/vmlinuz`), then on this machine.
 */
export function candidates(docUri: string, path: string, folders: readonly string[]): string[] {
  if (LONE_SURROGATE.test(path)) return [];
  const out: (string | undefined)[] = [];
  if (path.startsWith('/')) {
    for (const f of folders) out.push(resolve('.' + encodePath(path), folderBase(f)));
    out.push(resolve(encodePath(path), 'file:///'));
  } else {
    const rel = encodePath(path);
    if (docUri.startsWith('file:')) out.push(resolve(rel, docUri));
    for (const f of folders) out.push(resolve(rel, folderBase(f)));
  }
  return [...new Set(out.filter((u): u is string => !!u))];
}
