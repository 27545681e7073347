// The one way the CLI writes a config (`check --fix`, `fmt`): configs live in /etc/xen, are
// reached through links (/etc/xen/auto/*), and belong to whoever manages the host, so a write
// must leave everything but the text as it was, or not happen at all.
//
// - A symbolic link (or a chain of them) is written through: its final target changes, the
//   links stay links. A dangling link or a loop is refused.
// - Only a regular file with a single name is written (a rename would split hard links).
// - The new text goes to a temporary file in the target's own folder, gets the target's mode,
//   owner and group, is flushed to disk and read back, then renamed over the target: a reader
//   sees the old file or the new one, never half of one.
// - Where that cannot be done (the folder is not writable, the owner cannot be kept because we
//   are neither root nor the owner, the file is read-only, it changed while we worked), nothing
//   is touched and the reason is thrown as a SafeWriteError.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export class SafeWriteError extends Error {}

export interface SafeWriteOptions {
  /** The text the caller read: if the file no longer holds it, someone else changed it meanwhile. */
  expectedCurrent?: string;
}

/** The file a path finally names, following every symbolic link; refuses dangling links and loops. */
export function resolveWriteTarget(file: string): string {
  let target: string;
  try {
    target = fs.realpathSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new SafeWriteError('symbolic link loop; not written');
    if (code === 'ENOENT') {
      let isLink = false;
      try { isLink = fs.lstatSync(file).isSymbolicLink(); } catch { /* the path itself is missing */ }
      throw new SafeWriteError(isLink ? 'a symbolic link whose target does not exist; not written (no file is created through a dangling link)' : 'no such file');
    }
    throw new SafeWriteError(`cannot resolve the path: ${(e as Error).message}`);
  }
  return target;
}

function describeMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/** Writes `text` to `file` as described above; returns the path that was written (the link's target). */
export function safeWriteFile(file: string, text: string, options: SafeWriteOptions = {}): string {
  const target = resolveWriteTarget(file);
  let st: fs.Stats;
  try { st = fs.statSync(target); } catch (e) { throw new SafeWriteError(`cannot stat ${target}: ${(e as Error).message}`); }
  if (!st.isFile()) throw new SafeWriteError(`${target} is not a regular file; not written`);
  if (st.nlink > 1) throw new SafeWriteError(`${target} has ${st.nlink} hard links; replacing it would leave the other names with the old text; not written`);
  const uid = process.getuid?.() ?? 0;
  const isRoot = uid === 0;
  if ((st.mode & 0o222) === 0) throw new SafeWriteError(`${target} is read-only (mode ${describeMode(st.mode)}); not written`);
  try { fs.accessSync(target, fs.constants.W_OK); } catch {
    throw new SafeWriteError(`${target} is not writable by this user (mode ${describeMode(st.mode)}, owner ${st.uid}:${st.gid}); not written`);
  }
  if (!isRoot && st.uid !== uid) {
    throw new SafeWriteError(`${target} belongs to user ${st.uid}; only root or its owner can replace it and keep its owner; not written`);
  }
  if (options.expectedCurrent !== undefined) {
    let now: string;
    try { now = fs.readFileSync(target, 'utf8'); } catch (e) { throw new SafeWriteError(`cannot read ${target} again: ${(e as Error).message}`); }
    if (now !== options.expectedCurrent) throw new SafeWriteError(`${target} changed while it was being processed; not written`);
  }

  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.xlcfg-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? `its folder ${dir} is not writable` : code === 'EROFS' ? `its folder ${dir} is on a read-only file system` : (e as Error).message;
    throw new SafeWriteError(`cannot write ${target} atomically: ${why}; not written`);
  }
  let renamed = false;
  try {
    const bytes = Buffer.from(text, 'utf8');
    try {
      let off = 0;
      while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
      // Owner first: chown clears set-id bits, so the mode is set after it.
      if (isRoot || st.gid !== fs.fstatSync(fd).gid) {
        try { fs.fchownSync(fd, st.uid, st.gid); } catch (e) {
          throw new SafeWriteError(`cannot give the new file the owner ${st.uid}:${st.gid} of ${target} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); not written`);
        }
      }
      fs.fchmodSync(fd, st.mode & 0o7777);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    const back = fs.statSync(tmp);
    if (back.uid !== st.uid || back.gid !== st.gid || (back.mode & 0o7777) !== (st.mode & 0o7777)) {
      throw new SafeWriteError(`the new file for ${target} did not keep owner ${st.uid}:${st.gid} and mode ${describeMode(st.mode)}; not written`);
    }
    if (!fs.readFileSync(tmp).equals(bytes)) throw new SafeWriteError(`the new file for ${target} does not read back as written; not written`);
    fs.renameSync(tmp, target);
    renamed = true;
  } catch (e) {
    if (e instanceof SafeWriteError) throw e;
    throw new SafeWriteError(`cannot write ${target}: ${(e as Error).message}; not written`);
  } finally {
    if (!renamed) try { fs.unlinkSync(tmp); } catch { /* already gone */ }
  }
  // The rename is durable once the folder is flushed too (not possible on every file system).
  try { const dfd = fs.openSync(dir, 'r'); try { fs.fsyncSync(dfd); } finally { fs.closeSync(dfd); } } catch { /* best effort */ }
  return target;
}
