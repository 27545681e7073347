// The settings each open document is checked with, in the language server: the editor's
// xlcfg.* settings, with the nearest project file (.xlcfg.json) above the document on top, and
// the release chosen by the one precedence order (project file > editor setting > host > newest;
// the CLI adds its flag in front). Node-side: it reads project files and the host.

import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { combineSettings, invalidateProjectConfigs, LoadedProjectConfig, projectConfigFor } from '../config/projectConfig';
import { ReleaseChoice, ReleaseChoiceError, resolveXenRelease } from '../host/release';
import type { Settings } from '../service';
import { DocumentChoice, EditorLayer, editorSettingsOf, ServerPlatform, SettingsSource } from './platform';
import { nodeFleetDisk } from '../fleet/disk';

/** Node: project files and the host, read from disk (`hostRoot` for tests). */
export function nodePlatform(hostRoot = process.env.XLCFG_HOST_ROOT || '/'): ServerPlatform {
  return {
    settings: (warn) => new DocumentSettings(hostRoot, warn),
    isFile: (uri) => {
      try { return uri.startsWith('file:') && fs.statSync(fileURLToPath(uri)).isFile(); } catch { return false; }
    },
    fleetDisk: (kb) => nodeFleetDisk(kb),
  };
}

export class DocumentSettings implements SettingsSource {
  private editor: EditorLayer = {};
  private editorChoice: ReleaseChoice;
  private readonly byProject = new Map<LoadedProjectConfig, DocumentChoice>();
  private readonly reported = new Set<string>();

  constructor(private readonly hostRoot: string, private readonly warn: (message: string) => void) {
    this.editorChoice = this.choose({});
  }

  /** New editor settings; returns the settings the service should use where no project file applies. */
  setEditor(editor: EditorLayer): Partial<Settings> {
    this.editor = editor;
    this.editorChoice = this.choose({});
    this.byProject.clear();
    return { ...editorSettingsOf(editor), xenVersion: this.editorChoice.release };
  }

  /** A project file was created, changed or deleted (or we cannot tell which: no argument). */
  projectFileChanged(uri?: string): void {
    invalidateProjectConfigs(uri?.startsWith('file:') ? fileURLToPath(uri) : undefined);
    this.byProject.clear();
    this.reported.clear();
  }

  /** What a document (by URI) is checked with. */
  forUri(uri: string): DocumentChoice {
    const loaded = this.projectFor(uri);
    if (!loaded) return { release: this.editorChoice };
    let c = this.byProject.get(loaded);
    if (!c) {
      if (loaded.problems.length && !this.reported.has(loaded.file)) {
        this.reported.add(loaded.file);
        this.warn(`xlcfg: ${loaded.file}: ${loaded.problems.map((p) => `${p.line}:${p.column}: ${p.message}`).join('; ')} (the valid parts still apply)`);
      }
      const release = this.choose({ value: loaded.config.xenVersion, file: loaded.file });
      const combined = combineSettings({ project: loaded.config, editor: this.editor });
      c = {
        overrides: { ...combined, maxProblemsPerCode: combined.maxProblemsPerCode ?? this.editor.maxProblemsPerCode, xenVersion: release.release },
        release, projectFile: loaded.file,
      };
      this.byProject.set(loaded, c);
    }
    return c;
  }

  private projectFor(uri: string): LoadedProjectConfig | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return projectConfigFor(fileURLToPath(uri));
    } catch {
      return undefined;
    }
  }

  /** The release by the precedence order; a bad name in one layer is reported and that layer skipped. */
  private choose(projectFile: { value?: string; file?: string }): ReleaseChoice {
    let project = projectFile.file ? { value: projectFile.value, file: projectFile.file } : undefined;
    let editorSetting = this.editor.xenVersion;
    for (;;) {
      try {
        return resolveXenRelease({ projectFile: project, editorSetting, root: this.hostRoot });
      } catch (e) {
        if (!(e instanceof ReleaseChoiceError)) throw e;
        this.warn(`xlcfg: ${e.message} Using auto there.`);
        if (project && e.message.startsWith(project.file)) project = undefined;
        else editorSetting = undefined;
      }
    }
  }
}
