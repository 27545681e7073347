// What the language server needs from where it runs. Node (desktop VS Code, other editors, the
// CLI's `lsp --stdio`) reads project files and the host; the browser (VS Code for the Web) has
// neither, and judges by the editor setting or the newest release. No node import here.

import type { Knowledge, Settings, Severity } from '../service';
import type { FleetDisk } from './fleet';
import { chooseXenRelease, ReleaseChoice, ReleaseChoiceError } from '../service/release';

/** The editor's own settings, as the client sends them (the release may be 'auto'). */
export interface EditorLayer {
  xenVersion?: string;
  diagnostics?: Record<string, Severity | 'off'>;
  allowedKeys?: string[];
  maxProblemsPerCode?: number;
  arch?: Settings['arch'];
}

export interface DocumentChoice {
  /** Settings on top of the editor's, when a project file applies (undefined: the editor's alone). */
  overrides?: Partial<Settings>;
  release: ReleaseChoice;
  /** The project file that applies, if any. */
  projectFile?: string;
}

/** The settings each document is checked with. */
export interface SettingsSource {
  /** New editor settings; returns the settings the service uses where no project file applies. */
  setEditor(editor: EditorLayer): Partial<Settings>;
  /** A project file (by URI) was created, changed or deleted; no argument: any may have. */
  projectFileChanged(uri?: string): void;
  forUri(uri: string): DocumentChoice;
}

export interface ServerPlatform {
  settings(warn: (message: string) => void): SettingsSource;
  /** Whether a URI names an existing file (for links to kernels and disk images). */
  isFile(uri: string): boolean;
  /** The workspace's files for the checks across configs (none in the browser: open documents only). */
  fleetDisk?(kb: Knowledge): FleetDisk;
}

/** The editor's settings alone (the editor-setting and newest-release layers). */
export function editorSettingsOf(e: EditorLayer): Partial<Settings> {
  return {
    diagnostics: e.diagnostics ?? {}, allowedKeys: e.allowedKeys ?? [],
    ...(e.maxProblemsPerCode !== undefined ? { maxProblemsPerCode: e.maxProblemsPerCode } : {}),
    ...(e.arch ? { arch: e.arch } : {}),
  };
}

/** The browser: no file system, no host. */
export const webPlatform: ServerPlatform = {
  settings(warn) {
    // With no host to ask, auto means the newest release, and says why.
    const choose = (editorSetting?: string): ReleaseChoice => {
      const c = chooseXenRelease({ editorSetting });
      return c.source === 'newest' ? { ...c, detail: 'browser' } : c;
    };
    let release = choose();
    return {
      setEditor(editor) {
        try {
          release = choose(editor.xenVersion);
        } catch (e) {
          if (!(e instanceof ReleaseChoiceError)) throw e;
          warn(`xlcfg: ${e.message} Using auto.`);
          release = choose();
        }
        return { ...editorSettingsOf(editor), xenVersion: release.release };
      },
      projectFileChanged() { /* no project files without a file system */ },
      forUri() { return { release }; },
    };
  },
  isFile: () => false,
};
