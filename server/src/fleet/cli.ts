// `xlcfg check DIR`: the checks across the configs of each folder given. Each config's identity
// is taken while the check has it parsed (no second parse), the autostart entries and the host
// profile come from the folder (folder.ts), and the findings join each file's own diagnostics.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic, DocumentInput, LanguageService } from '../service';
import { problemCount } from '../service';
import { Fleet, guestIdentity, isAutostartPath, type FleetDiagnostic, type HostProfile } from '../service/features/fleet';
import { liveHostProfile, readHostProfile, scanFolder } from './folder';

export interface FleetFindings { absolutePath: string; name: string; diagnostics: FleetDiagnostic[] }

/** One fleet per folder given on the command line; a file outside them joins none. */
export class CliFleet {
  private readonly folders: { root: string; fleet: Fleet; autostartTargets: Set<string> }[] = [];
  private readonly names = new Map<string, string>();

  /** `host`: a profile given with --host-info (else each folder's xl-info.txt, else, for the host's own /etc/xen on a control domain, `xl info`). */
  constructor(roots: string[], host?: HostProfile) {
    for (const r of roots) {
      const root = path.resolve(r);
      if (this.folders.some((f) => f.root === root)) continue;
      const fleet = new Fleet({ label: (uri) => this.label(uri), indexBridges: false });
      const scan = scanFolder(root);
      // Links resolve to real paths; the configs are named under the folder as given.
      const realRoot = realPath(root);
      const asGiven = (t: string) => (t === realRoot || t.startsWith(realRoot + path.sep) ? path.join(root, path.relative(realRoot, t)) : t);
      for (const a of scan.autostart) if (a.target) a.target = asGiven(a.target);
      for (const a of scan.autostart) fleet.setAutostart(pathToFileURL(a.entry).href, a.target ? pathToFileURL(a.target).href : undefined);
      fleet.setHost(host ?? (scan.hostProfileFile ? readHostProfile(scan.hostProfileFile) : liveHostProfile(root)));
      this.folders.push({ root, fleet, autostartTargets: new Set(scan.autostart.map((a) => a.target).filter((t): t is string => !!t)) });
    }
  }

  /** A config the check has just read: its identity, from the document the service has parsed. */
  add(name: string, absolutePath: string, service: LanguageService, input: DocumentInput, diagnostics: readonly Diagnostic[]): void {
    const folder = this.folderOf(absolutePath);
    if (!folder) return;
    this.names.set(absolutePath, name);
    // An autostart link is an entry, not a second copy of the guest it leads to.
    if (isAutostartPath(absolutePath) && !folder.autostartTargets.has(absolutePath)) return;
    const doc = service.document(input);
    const id = guestIdentity(doc, service.kb, service.settingsFor(input.uri), problemCount(diagnostics, 'error'));
    folder.fleet.update(input.uri, id); // the check's own pathToFileURL(absolutePath)
  }

  /** Every file with findings, folder by folder. */
  findings(): FleetFindings[] {
    const out: FleetFindings[] = [];
    for (const { fleet } of this.folders) {
      for (const [uri, diagnostics] of fleet.findings()) {
        const absolutePath = fileURLToPath(uri);
        out.push({ absolutePath, name: this.names.get(absolutePath) ?? this.relative(absolutePath), diagnostics });
      }
    }
    return out;
  }

  private folderOf(absolutePath: string) {
    return this.folders.find((f) => absolutePath === f.root || absolutePath.startsWith(f.root + path.sep));
  }

  private label(uri: string): string {
    const p = fileURLToPath(uri);
    return this.names.get(p) ?? this.relative(p);
  }

  private relative(p: string): string {
    const r = path.relative(process.cwd(), p);
    return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : p;
  }
}

function realPath(p: string): string {
  try { return fs.realpathSync(p); } catch { return p; }
}
