// `xlcfg fmt [--check] PATH...`: the editor's formatter for CI and scripts. Rewrites files in
// place through the one safe write path (safeWrite.ts), or with --check lists the files that
// are not formatted. A file with syntax errors is never touched: it is reported, and the exit
// code says so. `-` formats standard input to standard output.

import * as fs from 'node:fs';
import { formatText, FormatOptions } from '../service/features/formatting';
import { flag, one, OptionSpec, ParsedArgs, UsageError } from './args';
import { expandPaths, FileSelector, readConfigFile } from './files';
import { SafeWriteError, safeWriteFile } from './safeWrite';
import type { Io } from './main';

export const FMT_OPTIONS: OptionSpec[] = [
  { name: 'check' }, { name: 'quote-style', value: true }, { name: 'max-line-length', value: true },
  { name: 'indent', value: true }, { name: 'no-bracket-spacing' }, { name: 'stdin-filename', value: true },
  { name: 'quiet', short: 'q' }, { name: 'allow-empty' }, { name: 'config', value: true }, { name: 'no-config' },
];

export const FMT_HELP = `usage: xlcfg fmt [options] PATH...     format files in place, as the editor does

  PATH is a file, a folder (searched for configs, as by check) or '-' (standard input,
  written formatted to standard output). Files with syntax errors are never changed.

  --check                   change nothing: list the files that are not formatted
  --quote-style S           double | single | preserve (default: double)
  --max-line-length N       lists longer than this go one item per line (default: 80)
  --indent N|tab            indentation inside lists (default: 4 spaces)
  --no-bracket-spacing      write ["a"] instead of [ "a" ]
  --stdin-filename NAME     the name of standard input in messages
  --config FILE | --no-config   the project file whose include/exclude select files in
                            folders (default: the nearest .xlcfg.json)
  --allow-empty             exit 0 when the paths hold no config (default: exit 2)
  -q, --quiet               print only the files --check lists and errors
  --                        every later argument is a path
  -h, --help                this help

Exit: 0 done (all formatted), 1 files need formatting (--check) or have syntax errors,
      2 bad usage, a path could not be read or written, or no config found.
`;

export interface FmtArgs {
  check: boolean;
  options: Partial<FormatOptions>;
  paths: string[];
  stdinName?: string;
  quiet: boolean;
  allowEmpty: boolean;
}

export function fmtArgs(p: ParsedArgs): FmtArgs {
  const out: FmtArgs = { check: flag(p, 'check'), options: {}, paths: p.paths, stdinName: one(p, 'stdin-filename'), quiet: flag(p, 'quiet'), allowEmpty: flag(p, 'allow-empty') };
  const quote = one(p, 'quote-style');
  if (quote !== undefined) {
    if (quote !== 'double' && quote !== 'single' && quote !== 'preserve') throw new UsageError('--quote-style must be double, single or preserve');
    out.options.quoteStyle = quote;
  }
  const max = one(p, 'max-line-length');
  if (max !== undefined) {
    const v = Number(max);
    if (!/^\d+$/.test(max) || v < 20) throw new UsageError('--max-line-length must be a whole number of at least 20');
    out.options.maxLineLength = v;
  }
  const indent = one(p, 'indent');
  if (indent !== undefined) {
    if (indent === 'tab') out.options.indent = '\t';
    else if (/^[1-8]$/.test(indent)) out.options.indent = ' '.repeat(Number(indent));
    else throw new UsageError('--indent must be 1 to 8 (spaces) or tab');
  }
  if (flag(p, 'no-bracket-spacing')) out.options.bracketSpacing = false;
  if (!out.paths.length) throw new UsageError('no PATH given (use - for standard input)');
  return out;
}

export function runFmt(args: FmtArgs, io: Io, select?: FileSelector, readStdin: () => string = () => fs.readFileSync(0, 'utf8')): number {
  let usageProblem = false;
  let refused = 0, changed = 0, unchanged = 0;
  const note = (s: string) => { if (!args.quiet) io.err(s); };
  const unreadable = (p: string, why: string) => { usageProblem = true; io.err(`xlcfg: ${p}: ${why}\n`); };
  const files = expandPaths(args.paths, unreadable, (p) => p === '-', select);
  if (!files.length && !usageProblem) {
    if (args.allowEmpty) { note(`no config to format in ${args.paths.join(' ')}\n`); return 0; }
    io.err(`xlcfg: no config to format in ${args.paths.join(' ')} (folders are searched for the files the extension claims, and those the project file includes); --allow-empty accepts this\n`);
    return 2;
  }
  const stdinName = args.stdinName ?? '<stdin>';
  for (const file of files) {
    let text: string;
    if (file === '-') {
      try { text = readStdin(); } catch (e) { unreadable(stdinName, (e as Error).message); continue; }
    } else {
      const r = readConfigFile(file);
      if (r.error !== undefined) { unreadable(file, r.error); continue; }
      text = r.text!;
    }
    const name = file === '-' ? stdinName : file;
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
      try {
        safeWriteFile(file, result.text, { expectedCurrent: text });
        note(`formatted ${file}\n`);
      } catch (e) {
        if (!(e instanceof SafeWriteError)) throw e;
        usageProblem = true;
        changed--;
        io.err(`xlcfg: ${file}: not formatted: ${e.message}\n`);
      }
    }
  }
  const summary = args.check
    ? `${changed} file(s) need formatting, ${unchanged} formatted${refused ? `, ${refused} not formatted (syntax errors)` : ''}`
    : `${changed} file(s) formatted, ${unchanged} unchanged${refused ? `, ${refused} not formatted (syntax errors)` : ''}`;
  note(summary + '\n');
  if (usageProblem) return 2;
  return refused > 0 || (args.check && changed > 0) ? 1 : 0;
}
