// `xlcfg fmt [--check] PATH...`: the editor's formatter for CI and scripts. Rewrites files in
// place (atomically), or with --check lists the files that are not formatted. A file with
// syntax errors is never touched: it is reported, and the exit code says so.

import * as fs from 'node:fs';
import { formatText, FormatOptions } from '../service/features/formatting';
import { expandPaths, readConfigFile } from './files';
import type { Io } from './main';

export const FMT_USAGE = `usage: xlcfg fmt [--check] [--quote-style double|single|preserve] [--max-line-length N]
                 [--indent N|tab] [--no-bracket-spacing] PATH...     (PATH '-' = stdin to stdout)
`;

export interface FmtArgs { check: boolean; options: Partial<FormatOptions>; paths: string[] }

export function parseFmtArgs(args: string[]): FmtArgs | string {
  const out: FmtArgs = { check: false, options: {}, paths: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq !== -1 ? a.slice(0, eq) : a;
    const value = () => (a.startsWith('--') && eq !== -1 ? a.slice(eq + 1) : args[++i]);
    if (name === '--check') out.check = true;
    else if (name === '--quote-style') {
      const v = value();
      if (v !== 'double' && v !== 'single' && v !== 'preserve') return '--quote-style must be double, single or preserve';
      out.options.quoteStyle = v;
    } else if (name === '--max-line-length') {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 20) return '--max-line-length must be a whole number of at least 20';
      out.options.maxLineLength = v;
    } else if (name === '--indent') {
      const v = value();
      if (v === 'tab') out.options.indent = '\t';
      else if (/^[1-8]$/.test(v ?? '')) out.options.indent = ' '.repeat(Number(v));
      else return '--indent must be 1 to 8 (spaces) or tab';
    } else if (name === '--no-bracket-spacing') out.options.bracketSpacing = false;
    else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
    else out.paths.push(a);
  }
  if (!out.paths.length) return 'no PATH given';
  return out;
}

export function runFmt(args: FmtArgs, io: Io, readStdin: () => string = () => fs.readFileSync(0, 'utf8')): number {
  let usageProblem = false;
  let refused = 0, changed = 0, unchanged = 0;
  const unreadable = (p: string, why: string) => { usageProblem = true; io.err(`xlcfg: ${p}: ${why}\n`); };
  const files = expandPaths(args.paths, unreadable, (p) => p === '-');
  for (const file of files) {
    let text: string;
    if (file === '-') {
      try { text = readStdin(); } catch (e) { unreadable('-', (e as Error).message); continue; }
    } else {
      const r = readConfigFile(file);
      if (r.error !== undefined) { unreadable(file, r.error); continue; }
      text = r.text!;
    }
    const name = file === '-' ? '<stdin>' : file;
    const result = formatText(text, args.options);
    if (!result.ok) {
      refused++;
      io.err(`xlcfg: ${name}: not formatted: ${result.reason}${/syntax/.test(result.reason) ? ' (see xlcfg check)' : ''}\n`);
      if (file === '-' && !args.check) io.out(text);
      continue;
    }
    const differs = result.text !== text;
    if (differs) changed++; else unchanged++;
    if (file === '-') {
      if (!args.check) io.out(result.text);
      else if (differs) io.out(`${name}\n`);
      continue;
    }
    if (!differs) continue;
    if (args.check) io.out(`${file}\n`);
    else {
      writeAtomically(file, result.text);
      io.err(`formatted ${file}\n`);
    }
  }
  const summary = args.check
    ? `${changed} file(s) need formatting, ${unchanged} formatted${refused ? `, ${refused} not formatted (syntax errors)` : ''}`
    : `${changed} file(s) formatted, ${unchanged} unchanged${refused ? `, ${refused} not formatted (syntax errors)` : ''}`;
  io.err(summary + '\n');
  if (usageProblem) return 2;
  return refused > 0 || (args.check && changed > 0) ? 1 : 0;
}

function writeAtomically(link: string, text: string): void {
  // Write through a symbolic link, not over it.
  const file = fs.realpathSync(link);
  const tmp = `${file}.xlcfg-fmt-${process.pid}`;
  const mode = fs.statSync(file).mode;
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, file);
}
