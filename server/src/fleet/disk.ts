// The file system of the fleet index in the language server (node only): folders scanned as the
// CLI scans them (folder.ts), files read with the CLI's limits, autostart links followed.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knowledge } from '../service';
import { claim, claimByName, isContentCandidate } from '../service/detect';
import { HOST_PROFILE_NAMES } from '../service/features/fleet';
import type { FleetDisk } from '../lsp/fleet';
import { readHostProfile, scanFolder } from './folder';

const MAX_BYTES = 4 << 20;

const toPath = (uri: string): string | undefined => {
  try { return uri.startsWith('file:') ? fileURLToPath(uri) : undefined; } catch { return undefined; }
};

export function nodeFleetDisk(kb: Knowledge): FleetDisk {
  const real = (p: string) => { try { return fs.realpathSync(p); } catch { return p; } };
  /** Each scanned folder: its real path and the path it was given as. */
  const roots: [string, string][] = [];
  const asGiven = (t: string) => {
    for (const [realRoot, root] of roots) if (t === realRoot || t.startsWith(realRoot + path.sep)) return path.join(root, path.relative(realRoot, t));
    return t;
  };
  return {
    scan(folderUri) {
      const root = toPath(folderUri);
      if (!root || !fs.existsSync(root)) return { configs: [], autostart: [] };
      // Candidates by name only: their content is read once, in the index's batches (isConfig).
      const scan = scanFolder(root);
      const candidates = scan.configs.filter((p) => claimByName(p) || isContentCandidate(p));
      const uri = (p: string) => pathToFileURL(p).href;
      // Links resolve to real paths; the configs are named under the folder as the editor names it.
      const realRoot = real(scan.root);
      roots.push([realRoot, scan.root]);
      return {
        configs: candidates.map(uri),
        autostart: scan.autostart.map((a) => ({ entry: uri(a.entry), target: a.target ? uri(asGiven(a.target)) : undefined })),
        host: scan.hostProfileFile ? readHostProfile(scan.hostProfileFile) : undefined,
      };
    },
    read(uri) {
      const p = toPath(uri);
      if (!p) return undefined;
      try {
        const st = fs.statSync(p);
        if (!st.isFile() || st.size > MAX_BYTES) return undefined;
        return fs.readFileSync(p, 'utf8');
      } catch { return undefined; }
    },
    isConfig(uri, text) {
      const p = toPath(uri);
      return !!p && claim(p, text, kb) !== 'no';
    },
    autostartTarget(entryUri) {
      const p = toPath(entryUri);
      if (!p) return null;
      try { fs.lstatSync(p); } catch { return null; }
      try {
        const real = fs.realpathSync(p);
        return fs.statSync(real).isFile() ? pathToFileURL(asGiven(real)).href : undefined;
      } catch { return undefined; }
    },
    hostProfile(uri) {
      const p = toPath(uri);
      if (!p || !HOST_PROFILE_NAMES.includes(path.basename(p))) return undefined;
      return fs.existsSync(p) ? readHostProfile(p) ?? null : null;
    },
  };
}
