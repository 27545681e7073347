// The project file `.xlcfg.json` (JSON with comments): one configuration for the editor and the
// CLI. The file that applies to a config is the nearest one in its folder or a folder above,
// up to the file system root or the root of a git checkout, whichever comes first; only that
// one file counts (no merging of several).
//
//   {
//     "xenVersion": "4.17",                         // or "auto"
//     "diagnostics": { "unknown-key": "off" },      // severity per code, or off
//     "allowedKeys": ["vendor_key"],                // keys a vendor toolstack reads
//     "include": ["vms/*.conf"],                    // more files to check in folders
//     "exclude": ["templates/**"],                  // files never checked in folders
//     "maxProblemsPerCode": 100
//   }
//
// Node-side (reads files), so not in the pure language service. Bad content never throws: every
// problem comes back with its line and column, next to whatever settings were valid.
// Precedence where the doors combine sources: command-line flag, then this file, then the
// editor's settings, then the host, then the newest release (server/src/host/release.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { XEN_RELEASES } from '../service/knowledge/types';
import type { Severity } from '../service/types';
import { ALL_CODES } from './diagnosticCodes';
import { globToRegExp } from './glob';
import { JsonNode, lineColumn, parseJsonc } from './jsonc';

export const PROJECT_FILE_NAME = '.xlcfg.json';

export type CodeSeverity = Severity | 'off';

export interface ProjectConfig {
  /** A release name or 'auto'; absent when the file does not say. */
  xenVersion?: string;
  diagnostics: Record<string, CodeSeverity>;
  allowedKeys: string[];
  include: string[];
  exclude: string[];
  maxProblemsPerCode?: number;
}

export interface ProjectConfigProblem { file: string; line: number; column: number; endLine: number; endColumn: number; message: string }

export interface LoadedProjectConfig {
  /** The project file, absolute. */
  file: string;
  /** Its folder: include and exclude patterns are relative to it. */
  dir: string;
  config: ProjectConfig;
  /** What is wrong with the file; the settings above hold only the valid parts. */
  problems: ProjectConfigProblem[];
}

const SEVERITIES: readonly CodeSeverity[] = ['error', 'warning', 'info', 'hint', 'off'];
const KNOWN_PROPERTIES = ['$schema', 'xenVersion', 'diagnostics', 'allowedKeys', 'include', 'exclude', 'maxProblemsPerCode'];

function emptyConfig(): ProjectConfig {
  return { diagnostics: {}, allowedKeys: [], include: [], exclude: [] };
}

/** Reads and checks one project file's text. */
export function parseProjectConfig(file: string, text: string): LoadedProjectConfig {
  const config = emptyConfig();
  const problems: ProjectConfigProblem[] = [];
  const report = (message: string, start: number, end: number) => {
    const a = lineColumn(text, start), b = lineColumn(text, end);
    problems.push({ file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column, message });
  };
  const parsed = parseJsonc(text);
  for (const e of parsed.errors) report(e.message, e.start, e.end);
  const root = parsed.root;
  if (root && root.kind !== 'object') report('the project file must hold one object: { "xenVersion": ..., "diagnostics": { ... } }', root.start, root.end);
  if (root && root.kind === 'object') {
    const seen = new Set<string>();
    for (const m of root.members) {
      if (seen.has(m.key)) report(`'${m.key}' is set twice; only one is read`, m.keyStart, m.keyEnd);
      seen.add(m.key);
      const v = m.value;
      const stringList = (what: string): string[] => {
        if (v.kind !== 'array') { report(`'${m.key}' must be a list of ${what}`, v.start, v.end); return []; }
        const out: string[] = [];
        for (const item of v.items) {
          if (item.kind !== 'string' || !item.value) report(`each item of '${m.key}' must be a non-empty string (${what})`, item.start, item.end);
          else out.push(item.value);
        }
        return out;
      };
      switch (m.key) {
        case '$schema':
          if (v.kind !== 'string') report("'$schema' must be a string", v.start, v.end);
          break;
        case 'xenVersion':
          if (v.kind !== 'string' || !(v.value === 'auto' || (XEN_RELEASES as readonly string[]).includes(v.value))) {
            report(`'xenVersion' must be one of ${XEN_RELEASES.join(', ')}, or auto (as a string)`, v.start, v.end);
          } else config.xenVersion = v.value;
          break;
        case 'diagnostics':
          if (v.kind !== 'object') { report(`'diagnostics' must be an object: { "CODE": "error" | "warning" | "info" | "hint" | "off" }`, v.start, v.end); break; }
          for (const d of v.members) {
            if (!ALL_CODES.includes(d.key)) report(`'${d.key}' is not a diagnostic code${suggestion(d.key, ALL_CODES)} (the codes are listed in docs/diagnostics.md)`, d.keyStart, d.keyEnd);
            else if (d.value.kind !== 'string' || !SEVERITIES.includes(d.value.value as CodeSeverity)) report(`the severity of '${d.key}' must be one of ${SEVERITIES.join(', ')}`, d.value.start, d.value.end);
            else config.diagnostics[d.key] = d.value.value as CodeSeverity;
          }
          break;
        case 'allowedKeys':
          config.allowedKeys = stringList('key names');
          break;
        case 'include':
        case 'exclude': {
          const patterns = stringList('glob patterns relative to this file\'s folder');
          for (const p of patterns) {
            if (path.isAbsolute(p) || p.split(/[\\/]/).includes('..')) report(`'${p}': patterns are relative to the project file's folder and stay inside it`, v.start, v.end);
            else config[m.key].push(p);
          }
          break;
        }
        case 'maxProblemsPerCode':
          if (v.kind !== 'number' || !Number.isInteger(v.value) || v.value < 0) report("'maxProblemsPerCode' must be a whole number, 0 or more (0 lists every problem)", v.start, v.end);
          else config.maxProblemsPerCode = v.value;
          break;
        default:
          report(`unknown setting '${m.key}'${suggestion(m.key, KNOWN_PROPERTIES)}; a project file holds ${KNOWN_PROPERTIES.slice(1).join(', ')}`, m.keyStart, m.keyEnd);
      }
    }
  }
  return { file, dir: path.dirname(file), config, problems };
}

function suggestion(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) { best = c; bestDistance = d; }
  }
  return best ? ` (did you mean '${best}'?)` : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Reads a project file; an unreadable one is a problem at 1:1, never an exception. */
export function loadProjectFile(file: string): LoadedProjectConfig {
  const abs = path.resolve(file);
  let text: string;
  try { text = fs.readFileSync(abs, 'utf8'); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' ? 'permission denied' : code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (e as Error).message;
    return { file: abs, dir: path.dirname(abs), config: emptyConfig(), problems: [{ file: abs, line: 1, column: 1, endLine: 1, endColumn: 1, message: `cannot read the project file: ${why}` }] };
  }
  return parseProjectConfig(abs, text);
}

/** The nearest project file at or above `startDir`, stopping at a git checkout's root or the file system root. */
export function findProjectFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, PROJECT_FILE_NAME);
    if (exists(candidate)) return candidate;
    if (exists(path.join(dir, '.git'))) return undefined;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function exists(p: string): boolean {
  try { fs.statSync(p); return true; } catch { return false; }
}

// Lookups are cached: a folder check asks for the same folders again and again, and the
// language server asks on every document. `invalidateProjectConfigs` forgets them (the server
// calls it when a project file or a folder changes).
const fileByDir = new Map<string, string | null>();
const loadedByFile = new Map<string, LoadedProjectConfig>();

/** The project file that applies to a config (by its path), read and checked; undefined when there is none. */
export function projectConfigFor(configPath: string): LoadedProjectConfig | undefined {
  const dir = path.dirname(path.resolve(configPath));
  let file = fileByDir.get(dir);
  if (file === undefined) { file = findProjectFile(dir) ?? null; fileByDir.set(dir, file); }
  if (file === null) return undefined;
  let loaded = loadedByFile.get(file);
  if (!loaded) { loaded = loadProjectFile(file); loadedByFile.set(file, loaded); }
  return loaded;
}

/** Forgets cached lookups: all of them, or those of one project file. */
export function invalidateProjectConfigs(file?: string): void {
  if (file === undefined) { fileByDir.clear(); loadedByFile.clear(); return; }
  loadedByFile.delete(path.resolve(file));
  // A new or removed file changes which file folders find: forget every folder lookup.
  fileByDir.clear();
}

/** Whether a file found by walking a folder is checked, by the project's include and exclude patterns. */
export function projectSelects(loaded: LoadedProjectConfig, filePath: string, claimed: boolean): boolean {
  const rel = path.relative(loaded.dir, path.resolve(filePath));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return claimed;
  const matches = (patterns: string[]) => patterns.some((p) => compiled(p).test(rel.split(path.sep).join('/')));
  if (matches(loaded.config.exclude)) return false;
  return claimed || matches(loaded.config.include);
}

const compiledPatterns = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let re = compiledPatterns.get(pattern);
  if (!re) { re = globToRegExp(pattern); compiledPatterns.set(pattern, re); }
  return re;
}

export interface SettingLayers {
  /** From the command line (highest). */
  flags?: { diagnostics?: Record<string, CodeSeverity>; allowedKeys?: string[]; maxProblemsPerCode?: number };
  project?: ProjectConfig;
  /** The editor's xlcfg.* settings. */
  editor?: { diagnostics?: Record<string, CodeSeverity>; allowedKeys?: string[]; maxProblemsPerCode?: number };
}

/**
 * The settings of the layers combined, flag over project file over editor: a code's severity is
 * taken from the highest layer that sets that code; allowed keys add up; the per-code cap comes
 * from the highest layer that sets it. (The release is chosen by resolveXenRelease.)
 */
export function combineSettings(layers: SettingLayers): { diagnostics: Record<string, CodeSeverity>; allowedKeys: string[]; maxProblemsPerCode?: number } {
  const order = [layers.editor, layers.project, layers.flags];
  const diagnostics: Record<string, CodeSeverity> = {};
  const allowed = new Set<string>();
  let maxProblemsPerCode: number | undefined;
  for (const layer of order) {
    if (!layer) continue;
    Object.assign(diagnostics, layer.diagnostics ?? {});
    for (const k of layer.allowedKeys ?? []) allowed.add(k);
    if (layer.maxProblemsPerCode !== undefined) maxProblemsPerCode = layer.maxProblemsPerCode;
  }
  return { diagnostics, allowedKeys: [...allowed], maxProblemsPerCode };
}

/** `file:line:col: message` lines, as the CLI prints them. */
export function formatProblems(problems: readonly ProjectConfigProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}:${p.column}: error: ${p.message}\n`).join('');
}

export type { JsonNode };
