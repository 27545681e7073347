// `xlcfg check`: diagnostics for files, folders and standard input, as text, JSON, SARIF 2.1.0
// or GitHub workflow annotations; `--fix` applies the safe quick fixes, and only writes a file
// whose fixed text still parses to the same values (apart from what the fixes change), through
// the one safe write path (safeWrite.ts).

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { problemCount } from '../service';
import type { Diagnostic, LanguageService, Severity, TextEdit } from '../service';
import type { XenRelease } from '../service/knowledge';
import { LineIndex } from '../service/text';
import { parseXlConfig, XlValue } from '../service/parser';
import type { ReleaseChoice } from '../host/release';
import { describeReleaseChoice } from '../host/release';
import { ruleInfo } from '../config/diagnosticCodes';
import { SafeWriteError, safeWriteFile } from './safeWrite';
import type { Io } from './main';
import type { CliFleet } from '../fleet/cli';

export type CheckFormat = 'text' | 'json' | 'sarif' | 'github';
export const CHECK_FORMATS: readonly CheckFormat[] = ['text', 'json', 'sarif', 'github'];

/** The lowest severity that makes `check` exit 1. */
export type FailOn = 'error' | 'warning' | 'info' | 'hint';
const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/** One thing to check: a file, or standard input under a name. */
export interface CheckInput {
  /** The name in messages: the path as given, or the --stdin-filename (or <stdin>). */
  name: string;
  /** The file on disk, for reading and --fix; absent for standard input. */
  file?: string;
  /** The text, already read (standard input). */
  text?: string;
  /** The absolute path whose name and folder decide the kind of file (xl.conf) and its uri. */
  absolutePath: string;
}

/** What a file is judged with: its services and the release they judge by. */
export interface CheckContext {
  service: LanguageService;
  /** The service --fix asks for fixes (lists every problem, so every fix is applied). */
  fixService: () => LanguageService;
  release: ReleaseChoice;
}

export interface CheckOptions {
  format: CheckFormat;
  fix: boolean;
  version: string;
  failOn: FailOn;
  quiet: boolean;
  readFile: (file: string) => { text?: string; error?: string };
  /** The checks across the configs of each folder given (--no-fleet: none). */
  fleet?: CliFleet;
  /** --upgrade-from: list what changes from this release to the one each file is judged by. */
  upgradeFrom?: XenRelease;
}

interface FileResult { input: CheckInput; diagnostics: Diagnostic[]; fixed?: number; release: ReleaseChoice }

/** Checks the inputs; returns the exit code (2 wins over 1: a path could not be read or written). */
/** What went wrong beside the problems found: exit 2, and SARIF's tool execution notifications. */
export interface RunFailures {
  usage: boolean;
  notes: { file: string; message: string; line?: number; column?: number }[];
}

export function runCheck(inputs: CheckInput[], contextFor: (input: CheckInput) => CheckContext | undefined, opts: CheckOptions, io: Io, failures: RunFailures): number {
  const results: FileResult[] = [];
  for (const input of inputs) {
    const ctx = contextFor(input);
    if (!ctx) continue; // its project file is broken: already reported
    let text = input.text;
    if (text === undefined) {
      const r = opts.readFile(input.file!);
      if (r.error !== undefined) { failures.usage = true; failures.notes.push({ file: input.name, message: r.error }); io.err(`xlcfg: ${input.name}: ${r.error}\n`); continue; }
      text = r.text!;
    }
    const uri = pathToFileURL(input.absolutePath).href;
    let fixed = 0;
    if (opts.fix && input.file !== undefined) {
      const out = applySafeFixes(ctx.fixService(), uri, text);
      if (out.applied > 0) {
        if (out.refused) { io.err(`xlcfg: ${input.name}: not fixed: ${out.refused}\n`); }
        else {
          try {
            safeWriteFile(input.file, out.text, { expectedCurrent: text });
            text = out.text;
            fixed = out.applied;
          } catch (e) {
            if (!(e instanceof SafeWriteError)) throw e;
            failures.usage = true;
            failures.notes.push({ file: input.name, message: `not fixed: ${e.message}` });
            io.err(`xlcfg: ${input.name}: not fixed: ${e.message}\n`);
          }
        }
      }
    }
    const diagnostics = opts.upgradeFrom
      ? upgradeDiagnostics(ctx.service, { uri, version: 0, text }, opts.upgradeFrom, ctx.release.release)
      : ctx.service.diagnostics({ uri, version: 0, text });
    opts.fleet?.add(input.name, input.absolutePath, ctx.service, { uri, version: 0, text }, diagnostics);
    ctx.service.close(uri);
    results.push({ input, diagnostics, fixed, release: ctx.release });
  }
  if (opts.fleet) addFleetFindings(results, opts.fleet);

  if (opts.format === 'json') io.out(JSON.stringify(results.map(toJson), null, 2) + '\n');
  else if (opts.format === 'sarif') io.out(JSON.stringify(toSarif(results, opts.version, failures), null, 2) + '\n');
  else if (opts.format === 'github') {
    for (const r of results) for (const d of r.diagnostics) io.out(githubAnnotation(r.input.name, d));
    // What could not be read or written shows on the pull request too.
    for (const n of failures.notes) {
      const where = [`file=${escapeGithubProperty(githubPath(n.file))}`, ...(n.line ? [`line=${n.line}`, `col=${n.column ?? 1}`] : []), 'title=xlcfg'];
      io.out(`::error ${where.join(',')}::${escapeGithubData(n.message)}\n`);
    }
  }
  else {
    for (const r of results) {
      for (const d of r.diagnostics) io.out(`${r.input.name}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]\n`);
      if (r.fixed && !opts.quiet) io.err(`xlcfg: ${r.input.name}: applied ${r.fixed} fix(es)\n`);
    }
  }
  if (!opts.quiet && opts.format !== 'json' && opts.format !== 'sarif') io.err(summary(results, opts.upgradeFrom));
  if (failures.usage) return 2;
  const threshold = RANK[opts.failOn];
  return results.some((r) => r.diagnostics.some((d) => RANK[d.severity] >= threshold)) ? 1 : 0;
}

/** --upgrade-from: the changes between two releases, as diagnostics every format, the exit status and --fail-on work on. */
function upgradeDiagnostics(service: LanguageService, input: { uri: string; version: number; text: string }, from: XenRelease, to: XenRelease): Diagnostic[] {
  return service.upgrade(input, from, to).changes.map((c) => c.diagnostic);
}

/** The fleet's findings join each file's own (in line order); an autostart entry with findings becomes a result of its own. */
function addFleetFindings(results: FileResult[], fleet: CliFleet): void {
  const byPath = new Map(results.map((r) => [r.input.absolutePath, r]));
  for (const f of fleet.findings()) {
    const r = byPath.get(f.absolutePath) ?? results.find((x) => x.input.file !== undefined && path.resolve(x.input.file) === f.absolutePath);
    if (r) r.diagnostics = [...r.diagnostics, ...f.diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    else if (results.length) results.push({ input: { name: f.name, absolutePath: f.absolutePath }, diagnostics: f.diagnostics, release: results[0].release });
  }
}

function summary(results: FileResult[], upgradeFrom?: XenRelease): string {
  const count = (severity: Severity) => results.reduce((n, r) => n + problemCount(r.diagnostics, severity), 0);
  const unlisted = results.reduce((n, r) => n + r.diagnostics.reduce((m, d) => m + (d.unlisted ?? 0), 0), 0);
  const infos = count('info') + count('hint');
  const what = upgradeFrom ? `checked for a move from Xen ${upgradeFrom} to ${releasesJudgedBy(results)}` : `checked against ${releasesJudgedBy(results)}`;
  return `${results.length} file(s) ${what}: ${count('error')} error(s), ${count('warning')} warning(s)`
    + `${infos ? `, ${infos} note(s)` : ''}${unlisted ? ` (${unlisted} of them not listed: --max-per-code 0 lists all)` : ''}\n`;
}

/** "Xen 4.22 (the newest release; ...)", or each release with its file count when they differ. */
function releasesJudgedBy(results: FileResult[]): string {
  const groups = new Map<string, { choice: ReleaseChoice; files: number }>();
  for (const r of results) {
    const key = `${r.release.release}\0${r.release.source}\0${r.release.detail ?? ''}`;
    const g = groups.get(key);
    if (g) g.files++; else groups.set(key, { choice: r.release, files: 1 });
  }
  if (groups.size <= 1) {
    const only = [...groups.values()][0];
    return only ? describeReleaseChoice(only.choice) : 'no release (nothing was read)';
  }
  return [...groups.values()].map((g) => `${describeReleaseChoice(g.choice)} for ${g.files}`).join(', ');
}

/** The other places a finding across configs names (features/fleet). */
function relatedOf(d: Diagnostic): { uri: string; range: Diagnostic['range']; message: string }[] {
  return (d as { related?: { uri: string; range: Diagnostic['range']; message: string }[] }).related ?? [];
}

/** A related place's file as the check names files: relative to where it ran, when below it. */
function fileOfUri(uri: string): string {
  const p = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

function toJson(r: FileResult) {
  return {
    file: r.input.name,
    xenRelease: r.release.release,
    diagnostics: r.diagnostics.map((d) => ({
      line: d.range.start.line + 1, column: d.range.start.character + 1,
      endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
      severity: d.severity, code: d.code, message: d.message,
      ...(d.unlisted !== undefined ? { unlisted: d.unlisted, unlistedCode: d.unlistedCode } : {}),
      ...(relatedOf(d).length ? { related: relatedOf(d).map((x) => ({ file: fileOfUri(x.uri), line: x.range.start.line + 1, column: x.range.start.character + 1, message: x.message })) } : {}),
    })),
  };
}

// GitHub workflow commands: `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::MESSAGE`.
// The message escapes %, CR and LF; a property value also ':' and ',' (which end it).
export function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub places annotations by paths relative to the checkout: absolute ones inside it are made relative. */
export function githubPath(file: string, workspace = process.env.GITHUB_WORKSPACE): string {
  let p = file;
  if (workspace && path.isAbsolute(p)) {
    const rel = path.relative(workspace, p);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) p = rel;
  }
  return p.split(path.sep).join('/');
}

function githubAnnotation(file: string, d: Diagnostic): string {
  const command = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const props = [
    `file=${escapeGithubProperty(githubPath(file))}`,
    `line=${d.range.start.line + 1}`, `col=${d.range.start.character + 1}`,
    `endLine=${d.range.end.line + 1}`, `endColumn=${d.range.end.character + 1}`,
    `title=${escapeGithubProperty(d.code)}`,
  ];
  return `::${command} ${props.join(',')}::${escapeGithubData(`${d.message} (${d.href})`)}\n`;
}

/**
 * A path as a SARIF artifact location: absolute paths as file: URIs, relative ones as
 * percent-encoded relative references against the folder the check ran in (%SRCROOT%).
 */
export function artifactLocation(name: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(name)) return { uri: pathToFileURL(name).href };
  const segments = name.split(path.sep).filter((s) => s !== '' && s !== '.');
  return { uri: segments.map((s) => encodeURIComponent(s)).join('/'), uriBaseId: 'SRCROOT' };
}

function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

function toSarif(results: FileResult[], version: string, failures: RunFailures) {
  const codes = [...new Set(results.flatMap((r) => r.diagnostics.map((d) => d.code)))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const byChoice = new Map<string, { choice: ReleaseChoice; files: number }>();
  for (const r of results) {
    const key = `${r.release.release}\0${r.release.source}\0${r.release.detail ?? ''}`;
    const g = byChoice.get(key);
    if (g) g.files++; else byChoice.set(key, { choice: r.release, files: 1 });
  }
  const releases = [...byChoice.values()].map((g) => g.choice);
  const cwd = pathToFileURL(process.cwd()).href.replace(/\/?$/, '/');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'xlcfg', version, semanticVersion: version, informationUri: 'https://github.com/xen-tooling/xen-xlcfg',
          rules: codes.map((code) => {
            const info = ruleInfo(code);
            return {
              id: code, name: code,
              shortDescription: { text: info.title },
              helpUri: info.helpUri,
              help: { text: `${info.title}. See ${info.helpUri}` },
              defaultConfiguration: { level: info.defaultLevel === 'info' ? 'note' : info.defaultLevel, ...(info.enabledByDefault ? {} : { enabled: false }) },
            };
          }),
        },
      },
      // Paths that could not be read or written, and bad project files, are part of the run.
      invocations: [{
        executionSuccessful: !failures.usage,
        toolExecutionNotifications: failures.notes.map((n) => ({
          level: 'error',
          message: { text: n.message },
          locations: [{ physicalLocation: { artifactLocation: artifactLocation(n.file), ...(n.line ? { region: { startLine: n.line, startColumn: n.column ?? 1 } } : {}) } }],
        })),
      }],
      originalUriBaseIds: { SRCROOT: { uri: cwd } },
      columnKind: 'utf16CodeUnits',
      properties: {
        xenRelease: releases.length === 1 ? releases[0].release : releases.length ? 'mixed' : undefined,
        xenReleaseSource: releases.length === 1 ? releases[0].source : undefined,
        xenReleaseDetail: releases.length === 1 ? releases[0].detail : undefined,
        xenReleases: [...byChoice.values()].map(({ choice, files }) => ({ release: choice.release, source: choice.source, ...(choice.detail ? { detail: choice.detail } : {}), files })),
      },
      results: results.flatMap((r) => r.diagnostics.map((d) => ({
        ruleId: d.code,
        ruleIndex: ruleIndex.get(d.code)!,
        level: sarifLevel(d.severity),
        message: { text: d.message },
        locations: [{
          physicalLocation: {
            artifactLocation: artifactLocation(r.input.name),
            region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
          },
        }],
        ...(relatedOf(d).length ? {
          relatedLocations: relatedOf(d).map((x, id) => ({
            id, message: { text: x.message },
            physicalLocation: { artifactLocation: artifactLocation(fileOfUri(x.uri)), region: { startLine: x.range.start.line + 1, startColumn: x.range.start.character + 1, endLine: x.range.end.line + 1, endColumn: x.range.end.character + 1 } },
          })),
        } : {}),
      }))),
    }],
  };
}

/** Applies non-overlapping edits (given in any order) to text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const sorted = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  let lastStart = Infinity;
  for (const e of sorted) {
    if (e.end > lastStart) continue; // overlapping: skip, a later round can apply it
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    lastStart = e.start;
  }
  return out;
}

/**
 * Applies safe fixes in rounds (a fix may reveal the next problem). Refuses when the result
 * does not parse, or changes the values of keys the fixes did not touch.
 */
export function applySafeFixes(service: LanguageService, uri: string, original: string): { text: string; applied: number; refused?: string } {
  let text = original;
  let applied = 0;
  const touchedKeys = new Set<string>();
  for (let round = 0; round < 5; round++) {
    const diagnostics = service.diagnostics({ uri, version: -1 - round, text });
    const fixes = diagnostics.flatMap((d) => d.fixes.filter((f) => f.safe).slice(0, 1));
    if (!fixes.length) break;
    const before = parseXlConfig(text);
    for (const f of fixes) for (const e of f.edits) {
      for (const s of before.parsed.statements) {
        const lines = before.lines;
        const start = lines.offsetAt(e.range.start), end = lines.offsetAt(e.range.end);
        if (start <= s.end && end >= s.start) touchedKeys.add(s.key);
      }
    }
    const next = applyEdits(text, fixes.flatMap((f) => f.edits));
    if (next === text) break;
    applied += fixes.length;
    text = next;
  }
  service.close(uri);
  if (!applied) return { text: original, applied: 0 };
  const after = parseXlConfig(text);
  if (after.syntaxErrors.length) return { text: original, applied, refused: 'the fixed file would still not parse' };
  const origValues = parseXlConfig(original).effectiveValues();
  const newValues = after.effectiveValues();
  for (const [k, v] of Object.entries(origValues)) {
    if (touchedKeys.has(k)) continue;
    if (!sameValue(v, newValues[k])) return { text: original, applied, refused: `fixing would change '${k}'` };
  }
  return { text, applied };
}

function sameValue(a: XlValue | undefined, b: XlValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
