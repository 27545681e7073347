// The file system of the fleet index in the language server (node only): folders scanned as the
// CLI scans them (folder.ts), files read with the CLI's limits, autostart links followed.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knowledge } from '../service';
import { claim } from '../service/detect';
import { HOST_PROFILE_NAMES } from '../service/features/fleet';
import type { FleetDisk } from '../lsp/fleet';
import { readHostProfile, scanFolder } from './folder';

const MAX_BYTES = 4 << 20;

const toPath = (uri: string): string | undefined => {
  try { return uri.startsWith('file:') ? fileURLToPath(uri) : undefined; } catch { return undefined; }
};

export function nodeFleetDisk(kb: Knowledge): FleetDisk {
  /** A config's URI as the folder scan named it, by its real path (links resolve to real paths). */
  const byReal = new Map<string, string>();
  const real = (p: string) => { try { return fs.realpathSync(p); } catch { return p; } };
  return {
    scan(folderUri) {
      const root = toPath(folderUri);
      if (!root || !fs.existsSync(root)) return { configs: [], autostart: [] };
      const scan = scanFolder(root, kb);
      const uri = (p: string) => pathToFileURL(p).href;
      for (const c of scan.configs) byReal.set(real(c), uri(c));
      return {
        configs: scan.configs.map(uri),
        autostart: scan.autostart.map((a) => ({ entry: uri(a.entry), target: a.target ? byReal.get(a.target) ?? uri(a.target) : undefined })),
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
        return fs.statSync(real).isFile() ? byReal.get(real) ?? pathToFileURL(real).href : undefined;
      } catch { return undefined; }
    },
    hostProfile(uri) {
      const p = toPath(uri);
      if (!p || !HOST_PROFILE_NAMES.includes(path.basename(p))) return undefined;
      return fs.existsSync(p) ? readHostProfile(p) ?? null : null;
    },
  };
}
