// A folder of configs on disk as one host, for the CLI, the language server and the tests: which
// files are domain configs (content detection decides, as for single files), what each entry of an
// autostart folder (auto/) points to, and the host profile saved beside them (xl-info.txt).
// The checks themselves are the service's (features/fleet); this only reads the file system.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LanguageService } from '../service';
import { claim } from '../service/detect';
import { isControlDomain } from '../host/release';
import { Fleet, HOST_PROFILE_NAMES, identityOf, isAutostartPath, parseHostProfile, type FleetOptions, type HostProfile } from '../service/features/fleet';

export interface AutostartLink {
  /** The entry itself (a link, or a plain file that is its own config). */
  entry: string;
  /** The file it leads to, or undefined when it leads nowhere. */
  target?: string;
}

export interface FolderScan {
  root: string;
  /** Files read as configs (absolute), autostart links left out. */
  configs: string[];
  autostart: AutostartLink[];
  /** A saved `xl info` found in the folder. */
  hostProfileFile?: string;
}

const SKIP = new Set(['.git', 'node_modules']);

/** Walks a folder: configs by name or content, autostart entries, a host profile. */
export function scanFolder(root: string, kb = undefined as undefined | LanguageService['kb'], readText: (file: string) => string | undefined = readSmallText): FolderScan {
  const abs = path.resolve(root);
  const scan: FolderScan = { root: abs, configs: [], autostart: [] };
  const seen = new Set<string>();
  const walk = (dir: string) => {
    let real: string;
    try { real = fs.realpathSync(dir); } catch { return; }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const ent of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (SKIP.has(ent.name)) continue;
      const p = path.join(dir, ent.name);
      if (isAutostartPath(p) && !ent.isDirectory()) {
        if (ent.isSymbolicLink()) {
          let target: string | undefined;
          try { target = fs.realpathSync(p); if (!fs.statSync(target).isFile()) target = undefined; } catch { target = undefined; }
          scan.autostart.push({ entry: p, target });
          continue;
        }
        let self: string | undefined;
        try { self = fs.realpathSync(p); } catch { self = undefined; }
        scan.autostart.push({ entry: p, target: self });
      }
      let isDir = ent.isDirectory(), isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        try { const st = fs.statSync(p); isDir = st.isDirectory(); isFile = st.isFile(); } catch { continue; }
      }
      if (isDir) { walk(p); continue; }
      if (!isFile) continue;
      if (HOST_PROFILE_NAMES.includes(ent.name) && dir === abs) { scan.hostProfileFile = p; continue; }
      if (kb && !isAutostartPath(p)) {
        let c = claim(p, undefined, kb);
        if (c === 'no') { const text = readText(p); if (text !== undefined) c = claim(p, text, kb); }
        if (c === 'no') continue;
      }
      scan.configs.push(p);
    }
  };
  walk(abs);
  return scan;
}

function readSmallText(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    if (st.size > 1 << 20) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch { return undefined; }
}

/**
 * The profile of this very host, for its own configs: on a Xen control domain, a folder that is
 * the host's /etc/xen (or inside it) is judged against `xl info` run here (read-only; 10 s at
 * most). Anywhere else, or if xl cannot answer, there is none. `root` is XLCFG_HOST_ROOT for tests.
 */
export function liveHostProfile(folder: string, root = process.env.XLCFG_HOST_ROOT || '/'): HostProfile | undefined {
  const own = path.join(root, 'etc', 'xen');
  const abs = path.resolve(folder);
  if ((abs !== own && !abs.startsWith(own + path.sep)) || !isControlDomain(root)) return undefined;
  try {
    const out = execFileSync('xl', ['info'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return parseHostProfile(out, 'xl info on this host');
  } catch {
    return undefined;
  }
}

export function readHostProfile(file: string): HostProfile | undefined {
  try { return parseHostProfile(fs.readFileSync(file, 'utf8'), path.basename(file)); } catch { return undefined; }
}

export interface FleetLoad {
  fleet: Fleet;
  scan: FolderScan;
  /** URI of each config read, by its real path (autostart links resolve to these). */
  uriOf: Map<string, string>;
}

/**
 * The fleet of a folder: every config's identity (its text read from disk, or from `textOf` when
 * an editor has it open), the autostart entries, and the host profile (`host`, else the folder's).
 */
export function loadFolderFleet(
  service: LanguageService, root: string,
  options: FleetOptions & { host?: HostProfile | null; textOf?: (file: string) => string | undefined; scan?: FolderScan } = {},
): FleetLoad {
  const scan = options.scan ?? scanFolder(root, service.kb);
  const fleet = new Fleet(options);
  const uriOf = new Map<string, string>();
  const real = (p: string) => { try { return fs.realpathSync(p); } catch { return path.resolve(p); } };
  const files = [...scan.configs];
  // A link may lead out of the folder (auto/ checked alone): its config is read too.
  for (const a of scan.autostart) if (a.target && !files.some((f) => real(f) === a.target)) files.push(a.target);
  const targets = new Set(scan.autostart.map((a) => a.target).filter((t): t is string => !!t));
  for (const file of files) {
    const r = real(file);
    if (uriOf.has(r)) continue;
    const uri = pathToFileURL(file).href;
    uriOf.set(r, uri);
    const text = options.textOf?.(file) ?? readSmallText(file);
    if (text === undefined) continue;
    fleet.update(uri, identityOf(service, { uri, version: 0, text }, targets.has(r)));
    service.close(uri);
  }
  for (const a of scan.autostart) {
    fleet.setAutostart(pathToFileURL(a.entry).href, a.target ? uriOf.get(a.target) ?? pathToFileURL(a.target).href : undefined);
  }
  const host = options.host === null ? undefined : options.host ?? (scan.hostProfileFile ? readHostProfile(scan.hostProfileFile) : undefined);
  fleet.setHost(host);
  return { fleet, scan, uriOf };
}
