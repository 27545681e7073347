// `xlcfg check`: diagnostics for files and folders, as text, JSON or SARIF 2.1.0; `--fix`
// applies the safe quick fixes, and only writes a file whose fixed text still parses to the
// same values (apart from what the fixes change).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { problemCount } from '../service';
import type { Diagnostic, LanguageService, Severity, TextEdit } from '../service';
import { LineIndex } from '../service/text';
import { parseXlConfig, XlValue } from '../service/parser';
import { expandPaths, readConfigFile } from './files';
import type { Io } from './main';

export type CheckFormat = 'text' | 'json' | 'sarif';

interface FileResult { file: string; diagnostics: Diagnostic[]; fixed?: number }

export interface CheckOptions {
  format: CheckFormat;
  fix: boolean;
  version: string;
  /** The service --fix asks for fixes (one that lists every problem, so every fix is applied). */
  fixService?: LanguageService;
}

export function runCheck(service: LanguageService, paths: string[], opts: CheckOptions, io: Io): number {
  let usageProblem = false;
  const reportUnreadable = (p: string, why: string) => { usageProblem = true; io.err(`xlcfg: ${p}: ${why}\n`); };
  const files = expandPaths(paths, reportUnreadable);
  const results: FileResult[] = [];
  for (const file of files) {
    const r = readConfigFile(file);
    if (r.error !== undefined) { reportUnreadable(file, r.error); continue; }
    const uri = 'file://' + path.resolve(file);
    let text = r.text!;
    let fixed = 0;
    if (opts.fix) {
      const out = applySafeFixes(opts.fixService ?? service, uri, text);
      if (out.applied > 0) {
        if (out.refused) io.err(`xlcfg: ${file}: not fixed: ${out.refused}\n`);
        else {
          writeAtomically(file, out.text);
          text = out.text;
          fixed = out.applied;
        }
      }
    }
    const diagnostics = service.diagnostics({ uri, version: 0, text });
    service.close(uri);
    results.push({ file, diagnostics, fixed });
  }
  if (opts.format === 'json') io.out(JSON.stringify(results.map(toJson), null, 2) + '\n');
  else if (opts.format === 'sarif') io.out(JSON.stringify(toSarif(results, opts.version), null, 2) + '\n');
  else {
    for (const r of results) {
      for (const d of r.diagnostics) io.out(`${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]\n`);
      if (r.fixed) io.err(`xlcfg: ${r.file}: applied ${r.fixed} fix(es)\n`);
    }
    const count = (severity: Severity) => results.reduce((n, r) => n + problemCount(r.diagnostics, severity), 0);
    const unlisted = results.reduce((n, r) => n + r.diagnostics.reduce((m, d) => m + (d.unlisted ?? 0), 0), 0);
    io.err(`${results.length} file(s) checked: ${count('error')} error(s), ${count('warning')} warning(s)${unlisted ? ` (${unlisted} of them not listed: --max-per-code 0 lists all)` : ''}\n`);
  }
  if (usageProblem) return 2;
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

function toJson(r: FileResult) {
  return {
    file: r.file,
    diagnostics: r.diagnostics.map((d) => ({
      line: d.range.start.line + 1, column: d.range.start.character + 1,
      endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
      severity: d.severity, code: d.code, message: d.message,
      ...(d.unlisted !== undefined ? { unlisted: d.unlisted, unlistedCode: d.unlistedCode } : {}),
    })),
  };
}

function toSarif(results: FileResult[], version: string) {
  const rules = new Map<string, string>();
  for (const r of results) for (const d of r.diagnostics) rules.set(d.code, d.href);
  const level = (s: string) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'xlcfg', version, informationUri: 'https://github.com/xen-tooling/xen-xlcfg', rules: [...rules].map(([id, helpUri]) => ({ id, helpUri })) } },
      results: results.flatMap((r) => r.diagnostics.map((d) => ({
        ruleId: d.code,
        level: level(d.severity),
        message: { text: d.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: r.file.split(path.sep).join('/') },
            region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
          },
        }],
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

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.xlcfg-fix-${process.pid}`;
  const mode = fs.statSync(file).mode;
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, file);
}
