// Reading configs from disk for the CLI: clear errors for unreadable, binary and looping paths.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { claim, claimByName, isContentCandidate } from '../service/detect';
import { knowledge } from '../service';

export function readConfigFile(file: string): { text?: string; error?: string } {
  let buf: Buffer;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) return { error: 'is a directory' };
    buf = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why: Record<string, string> = {
      ENOENT: 'no such file (or a broken symbolic link)', EACCES: 'permission denied', EPERM: 'permission denied', ELOOP: 'symbolic link loop',
      EISDIR: 'is a directory', EIO: 'input/output error while reading', ENXIO: 'not a regular file (no such device)', ENOTDIR: 'a part of the path is not a folder',
    };
    return { error: why[code ?? ''] ?? (e as Error).message };
  }
  if (isBinary(buf)) return { error: 'binary file, not a text config' };
  return { text: buf.toString('utf8') };
}

/** Many NULs or invalid UTF-8 in the first 8 KiB: not a config anyone wrote by hand. */
function isBinary(buf: Buffer): boolean {
  const head = buf.subarray(0, 8192);
  let nul = 0;
  for (const b of head) if (b === 0) nul++;
  if (nul > 8) return true;
  const text = head.toString('utf8');
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  return bad > 4 && bad > head.length / 100;
}

/** Whether a file met while walking a folder is checked, given whether the extension would claim it. */
export type FileSelector = (file: string, claimed: boolean) => boolean;

/** Files under a folder (recursively) that the extension would claim. Follows no symlink loops. */
export function collectFiles(root: string, onError: (p: string, why: string) => void, select: FileSelector = (_p, claimed) => claimed): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string) => {
    let real: string;
    try { real = fs.realpathSync(dir); } catch (e) { onError(dir, (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'symbolic link loop' : (e as Error).message); return; }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch (e) { onError(dir, (e as Error).message); return; }
    for (const ent of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (ent.name === 'node_modules' || ent.name === '.git') continue;
      const p = path.join(dir, ent.name);
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        try { const st = fs.statSync(p); isDir = st.isDirectory(); isFile = st.isFile(); } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') onError(p, 'symbolic link loop');
          else if (claimByName(path.resolve(p)) || isContentCandidate(path.resolve(p))) onError(p, code === 'ENOENT' ? 'broken symbolic link' : (e as Error).message);
          continue;
        }
      }
      if (isDir) walk(p);
      else if (isFile) {
        const abs = path.resolve(p);
        let c = claim(abs, undefined, knowledge);
        if (c === 'no') {
          const r = readConfigFile(p);
          if (r.text !== undefined) c = claim(abs, r.text, knowledge);
          // A candidate we cannot read might be a config: say so. A binary one is not a config.
          else if (r.error !== undefined && !r.error.startsWith('binary') && isContentCandidate(abs)) onError(p, r.error);
        }
        if (select(p, c !== 'no')) out.push(p);
      }
    }
  };
  walk(root);
  return out;
}


/**
 * The files named by the command line: files as given, folders expanded to the configs the
 * extension would claim. Paths that cannot be read are passed to `onError` with the reason.
 */
export function expandPaths(paths: string[], onError: (p: string, why: string) => void, keep: (p: string) => boolean = () => false, select?: FileSelector): string[] {
  const files: string[] = [];
  for (const p of paths) {
    if (keep(p)) { files.push(p); continue; }
    let st: fs.Stats;
    try { st = fs.statSync(p); } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      onError(p, code === 'ENOENT' ? 'no such file or folder' : code === 'ELOOP' ? 'symbolic link loop' : (e as Error).message);
      continue;
    }
    if (st.isDirectory()) files.push(...collectFiles(p, onError, select));
    else files.push(p);
  }
  return files;
}
