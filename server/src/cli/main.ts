// xlcfg: the command-line door to the language service (parse, check, fmt, lsp).
// Conventions: `--help` on every command exits 0; `-` is standard input; `--` ends the options;
// no colour is ever written (so NO_COLOR has nothing to turn off); exit 2 for bad usage and for
// what could not be read or written.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MAX_PROBLEMS_PER_CODE, knowledge, LanguageService } from '../service';
import { isXenRelease, XenRelease } from '../service/knowledge';
import { XEN_RELEASES } from '../service/knowledge/types';
import { parseXlConfig } from '../service/parser';
import { ReleaseChoiceError, resolveXenRelease } from '../host/release';
import { combineSettings, formatProblems, LoadedProjectConfig, loadProjectFile, projectConfigFor, projectSelects, PROJECT_FILE_NAME } from '../config/projectConfig';
import { CHECK_FORMATS, CheckContext, CheckFormat, CheckInput, FailOn, RunFailures, runCheck } from './check';
import { flag, one, OptionSpec, parseArgs, ParsedArgs, UsageError } from './args';
import { expandPaths, FileSelector, readConfigFile } from './files';
import { FMT_HELP, FMT_OPTIONS, fmtArgs, runFmt } from './fmt';
import { CliFleet } from '../fleet/cli';
import { parseHostProfile, type HostProfile } from '../service/features/fleet';

declare const XLCFG_VERSION: string;
const VERSION = typeof XLCFG_VERSION === 'string' ? XLCFG_VERSION : '0.0.0-dev';

const HELP = `xlcfg ${VERSION} — Xen xl.cfg language tools

Usage:
  xlcfg parse FILE|-               print each key's effective value as xl reads it (JSON)
  xlcfg check [options] PATH...    report problems in files, folders (recursively) and stdin (-)
  xlcfg fmt [options] PATH...      format files in place, as the editor does (- : stdin to stdout)
  xlcfg lsp --stdio                run the language server over stdio
  xlcfg COMMAND --help             the options of a command
  xlcfg --help | --version

Settings for a tree of configs live in its project file, ${PROJECT_FILE_NAME} (the nearest one
in a config's folder or above it); command-line options win over it.
`;

const CHECK_HELP = `usage: xlcfg check [options] PATH...    report problems in configs

  PATH is a file, a folder (searched recursively for the files the extension claims, and
  those the project file includes) or '-' (standard input).

  --format F                text | json | sarif | github (default: text)
                              text:   FILE:LINE:COL: SEVERITY: MESSAGE [CODE]
                              github: workflow annotations (::error file=...::message)
  --fail-on S               exit 1 when a problem of this severity or worse is found:
                              error | warning | info | hint (default: error)
  --strict                  the same as --fail-on warning
  --fix                     apply the safe quick fixes in place (through symbolic links,
                              keeping mode and owner, atomically; refused otherwise)
  --xen-version V           the release to judge by: ${XEN_RELEASES[0]} ... ${XEN_RELEASES[XEN_RELEASES.length - 2]}, master or auto
                              (default auto: the project file's, else the host's xl on a
                              Xen control domain, else the newest release)
  --upgrade-from R          list what changes when the host moves from release R to the
                              one judged by (--xen-version): what it refuses (error), no
                              longer reads or reads differently (warning), no longer objects
                              to (note); e.g. --upgrade-from 4.17 --xen-version 4.22
  --allow-key KEY           accept a vendor key (repeatable)
  --max-per-code N          list at most N problems of one code per file, then say how
                              many more (default: 100; 0: list them all)
  --config FILE             use this project file for every config
  --no-config               use no project file
  --stdin-filename NAME     the name of standard input in messages; its name and folder
                              also decide its kind (xl.conf) and its project file
  --allow-empty             exit 0 when the paths hold no config (default: exit 2)
  --no-fleet                do not check the configs of a folder against each other (the
                              same disk, MAC, PCI device, name, UUID or console port in two
                              guests; autostart entries; the host's memory and CPUs)
  --host-info FILE          the host the folder's guests run on, as saved by \`xl info\`
                              (default: xl-info.txt in the folder, if there is one)
  -q, --quiet               print the problems only: no summary, no notes
  --                        every later argument is a path
  -h, --help                this help

Exit: 0 nothing at or above --fail-on, 1 problems at or above it, 2 bad usage, a bad project
      file, a path that could not be read or written, or no config found.
`;

const PARSE_HELP = `usage: xlcfg parse [--stdin-filename NAME] FILE|-

  Prints each key's effective value as xl reads it, as JSON (keys in the order they first
  appear; += appended).
Exit: 0 parsed, 1 syntax error (FILE:LINE:COL: error: MESSAGE on stderr), 2 unreadable file
      or bad usage.
`;

const LSP_HELP = `usage: xlcfg lsp --stdio

  Runs the language server over standard input and output (for Neovim, Helix, Emacs, ...).
`;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** stdout in large writes (a check can print a line per problem: one write each was most of its time), stderr as it comes. */
function bufferedStdio(): Io & { flush(): void } {
  let chunks: string[] = [];
  let size = 0;
  const flush = () => { if (chunks.length) { process.stdout.write(chunks.join('')); chunks = []; size = 0; } };
  return {
    out: (s) => { chunks.push(s); size += s.length; if (size > 1 << 20) flush(); },
    err: (s) => { flush(); process.stderr.write(s); },
    flush,
  };
}

const stdio = bufferedStdio();

const readStdin = () => fs.readFileSync(0, 'utf8');

function cmdParse(p: ParsedArgs, io: Io): number {
  if (p.paths.length !== 1) throw new UsageError('parse takes one FILE (or - for standard input)');
  const file = p.paths[0];
  const name = file === '-' ? one(p, 'stdin-filename') ?? '<stdin>' : file;
  let text: string;
  if (file === '-') {
    try { text = readStdin(); } catch (e) { io.err(`xlcfg: ${name}: ${(e as Error).message}\n`); return 2; }
  } else {
    const r = readConfigFile(file);
    if (r.error !== undefined) { io.err(`xlcfg: ${file}: ${r.error}\n`); return 2; }
    text = r.text!;
  }
  const cfg = parseXlConfig(text);
  if (cfg.syntaxErrors.length) {
    for (const e of cfg.syntaxErrors) io.err(`${name}:${e.range.start.line + 1}:${e.range.start.character + 1}: error: ${e.message}\n`);
    return 1;
  }
  // Written entry by entry, as JSON.stringify(values, null, 2) would: no object of every key.
  const entries = cfg.effectiveEntries();
  io.out(entries.length
    ? `{\n${entries.map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')}`).join(',\n')}\n}\n`
    : '{}\n');
  return 0;
}

/**
 * Which project file applies to a path: the one --config names, none with --no-config, else the
 * nearest one. Each broken project file is reported once (file:line:col: message); the configs
 * under it are not checked, and the run exits 2.
 */
function projectLookup(p: ParsedArgs, io: Io, failures: RunFailures): (absolutePath: string) => { project?: LoadedProjectConfig; broken: boolean } {
  const explicit = one(p, 'config');
  const none = flag(p, 'no-config');
  if (explicit !== undefined && none) throw new UsageError('--config and --no-config do not go together');
  const fixed = explicit !== undefined ? loadProjectFile(explicit) : undefined;
  const reported = new Set<string>();
  return (absolutePath) => {
    if (none) return { broken: false };
    const project = fixed ?? projectConfigFor(absolutePath);
    if (project?.problems.length) {
      if (!reported.has(project.file)) {
        reported.add(project.file);
        io.err(formatProblems(project.problems));
        failures.usage = true;
        for (const x of project.problems) failures.notes.push({ file: x.file, line: x.line, column: x.column, message: x.message });
      }
      return { project, broken: true };
    }
    return { project, broken: false };
  };
}

function projectSelector(lookup: ReturnType<typeof projectLookup>): FileSelector {
  return (file, claimed) => {
    const { project } = lookup(path.resolve(file));
    return project ? projectSelects(project, file, claimed) : claimed;
  };
}

const CHECK_OPTIONS: OptionSpec[] = [
  { name: 'format', value: true }, { name: 'fix' }, { name: 'xen-version', value: true }, { name: 'allow-key', value: true, repeat: true },
  { name: 'max-per-code', value: true }, { name: 'fail-on', value: true }, { name: 'strict' }, { name: 'quiet', short: 'q' },
  { name: 'stdin-filename', value: true }, { name: 'allow-empty' }, { name: 'config', value: true }, { name: 'no-config' },
  { name: 'no-fleet' }, { name: 'host-info', value: true }, { name: 'upgrade-from', value: true },
];

function cmdCheck(p: ParsedArgs, io: Io): number {
  const format = (one(p, 'format') ?? 'text') as CheckFormat;
  if (!CHECK_FORMATS.includes(format)) throw new UsageError(`--format must be ${CHECK_FORMATS.join(', ')}`);
  const failOnArg = one(p, 'fail-on');
  if (failOnArg !== undefined && !['error', 'warning', 'info', 'hint'].includes(failOnArg)) throw new UsageError('--fail-on must be error, warning, info or hint');
  if (failOnArg !== undefined && flag(p, 'strict') && failOnArg !== 'warning') throw new UsageError('--strict means --fail-on warning; give one of them');
  const failOn = (failOnArg ?? (flag(p, 'strict') ? 'warning' : 'error')) as FailOn;
  const xenVersion = one(p, 'xen-version');
  try { resolveXenRelease({ flag: xenVersion }); } catch (e) { if (e instanceof ReleaseChoiceError) throw new UsageError(e.message); throw e; }
  const maxArg = one(p, 'max-per-code');
  if (maxArg !== undefined && !/^\d+$/.test(maxArg)) throw new UsageError(`--max-per-code takes a whole number (0 lists every problem), not '${maxArg}'`);
  const flags = { allowedKeys: p.options.get('allow-key') ?? [], maxProblemsPerCode: maxArg === undefined ? undefined : Number(maxArg) };
  if (!p.paths.length) throw new UsageError('check needs a PATH (a file, a folder, or - for standard input)');
  if (flag(p, 'fix') && p.paths.includes('-')) throw new UsageError('--fix changes files in place; standard input has none (use xlcfg fmt - for a formatted copy)');

  const failures: RunFailures = { usage: false, notes: [] };
  const lookup = projectLookup(p, io, failures);
  const stdinName = one(p, 'stdin-filename');
  const inputs: CheckInput[] = [];
  const unreadable = (file: string, why: string) => { failures.usage = true; failures.notes.push({ file, message: why }); io.err(`xlcfg: ${file}: ${why}\n`); };
  for (const file of expandPaths(p.paths, unreadable, (x) => x === '-', projectSelector(lookup))) {
    if (file === '-') {
      if (inputs.some((i) => i.file === undefined)) continue; // standard input is read once
      let text: string;
      try { text = readStdin(); } catch (e) { unreadable(stdinName ?? '<stdin>', (e as Error).message); continue; }
      inputs.push({ name: stdinName ?? '<stdin>', text, absolutePath: path.resolve(stdinName ?? 'stdin') });
    } else inputs.push({ name: file, file, absolutePath: path.resolve(file) });
  }
  if (!inputs.length && !failures.usage) {
    if (flag(p, 'allow-empty')) { if (!flag(p, 'quiet')) io.err(`no config to check in ${p.paths.join(' ')}\n`); return 0; }
    io.err(`xlcfg: no config to check in ${p.paths.join(' ')} (folders are searched for the files the extension claims — /etc/xen/*.cfg, *.xl, *.xlcfg, xl.conf, and .cfg files that read like xl configs — and those the project file includes); --allow-empty accepts this\n`);
    return 2;
  }

  // One context per project file (or none): its settings, its release, its services.
  const contexts = new Map<string, CheckContext>();
  const contextFor = (input: CheckInput): CheckContext | undefined => {
    const { project, broken } = lookup(input.absolutePath);
    if (broken) return undefined;
    const key = project?.file ?? '';
    let ctx = contexts.get(key);
    if (!ctx) {
      const release = resolveXenRelease({ flag: xenVersion, projectFile: project ? { value: project.config.xenVersion, file: project.file } : undefined });
      const combined = combineSettings({ flags, project: project?.config });
      const settings = { xenVersion: release.release, diagnostics: combined.diagnostics, allowedKeys: combined.allowedKeys, maxProblemsPerCode: combined.maxProblemsPerCode ?? DEFAULT_MAX_PROBLEMS_PER_CODE };
      let fixService: LanguageService | undefined;
      ctx = {
        service: new LanguageService(knowledge, settings),
        fixService: () => (fixService ??= new LanguageService(knowledge, { ...settings, maxProblemsPerCode: 0 })),
        release,
      };
      contexts.set(key, ctx);
    }
    return ctx;
  };
  const upgradeFrom = one(p, 'upgrade-from');
  if (upgradeFrom !== undefined && !isXenRelease(upgradeFrom)) throw new UsageError(`--upgrade-from: '${upgradeFrom}' is not a Xen release this tool knows (${XEN_RELEASES.join(', ')})`);
  if (upgradeFrom !== undefined && flag(p, 'fix')) throw new UsageError('--upgrade-from lists what changes between two releases; it does not go with --fix');
  return runCheck(inputs, contextFor, {
    format, fix: flag(p, 'fix'), version: VERSION, failOn, quiet: flag(p, 'quiet'), readFile: readConfigFile,
    // The upgrade check compares each file with itself under two releases: no checks across files.
    fleet: upgradeFrom === undefined ? fleetOf(p) : undefined, upgradeFrom: upgradeFrom as XenRelease | undefined,
  }, io, failures);
}

/** The checks across configs, for the folders among the paths (issue #14; server/src/fleet/cli.ts). */
function fleetOf(p: ParsedArgs): CliFleet | undefined {
  const hostFile = one(p, 'host-info');
  if (flag(p, 'no-fleet')) {
    if (hostFile !== undefined) throw new UsageError('--host-info is for the checks across configs, which --no-fleet turns off');
    return undefined;
  }
  let host: HostProfile | undefined;
  if (hostFile !== undefined) {
    let text: string;
    try { text = fs.readFileSync(hostFile, 'utf8'); } catch (e) { throw new UsageError(`--host-info ${hostFile}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`); }
    host = parseHostProfile(text, path.basename(hostFile));
    if (!host) throw new UsageError(`--host-info ${hostFile}: not the output of xl info (it needs total_memory and nr_cpus lines)`);
  }
  const folders = p.paths.filter((x) => x !== '-' && (() => { try { return fs.statSync(x).isDirectory(); } catch { return false; } })());
  return folders.length ? new CliFleet(folders, host) : undefined;
}

function cmdFmt(p: ParsedArgs, io: Io): number {
  const args = fmtArgs(p);
  const failures: RunFailures = { usage: false, notes: [] };
  const lookup = projectLookup(p, io, failures);
  const code = runFmt(args, io, projectSelector(lookup), readStdin);
  return failures.usage ? 2 : code;
}

interface Command { options: OptionSpec[]; help: string; run: (p: ParsedArgs, io: Io) => number | Promise<number> }

const COMMANDS: Record<string, Command> = {
  parse: { options: [{ name: 'stdin-filename', value: true }], help: PARSE_HELP, run: cmdParse },
  check: { options: CHECK_OPTIONS, help: CHECK_HELP, run: cmdCheck },
  fmt: { options: FMT_OPTIONS, help: FMT_HELP, run: cmdFmt },
  lsp: {
    options: [{ name: 'stdio' }], help: LSP_HELP,
    run: (p) => {
      if (!flag(p, 'stdio') || p.paths.length) throw new UsageError('lsp speaks over stdio only: xlcfg lsp --stdio');
      // Loaded lazily: the other commands do not need the LSP libraries.
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      (require('../lsp/main') as typeof import('../lsp/main')).startFromArgv();
      return new Promise<number>(() => { /* runs until the client exits */ });
    },
  },
};

export function main(argv: string[], io: Io = stdio): number | Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd) { io.err(HELP); return 2; }
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
    const sub = cmd === 'help' ? rest[0] : undefined;
    io.out(sub && COMMANDS[sub] ? COMMANDS[sub].help : HELP);
    return 0;
  }
  if (cmd === '--version' || cmd === '-V') { io.out(`${VERSION}\n`); return 0; }
  const command = COMMANDS[cmd];
  if (!command) { io.err(`xlcfg: unknown command '${cmd}'\n${HELP}`); return 2; }
  try {
    const parsed = parseArgs(rest, command.options);
    if (parsed.help) { io.out(command.help); return 0; }
    return command.run(parsed, io);
  } catch (e) {
    if (e instanceof UsageError) { io.err(`xlcfg ${cmd}: ${e.message}\n(xlcfg ${cmd} --help lists the options)\n`); return 2; }
    throw e;
  }
}

if (require.main === module) {
  Promise.resolve(main(process.argv.slice(2))).then((code) => { stdio.flush(); process.exitCode = code; }, (e) => {
    stdio.flush();
    process.stderr.write(`xlcfg: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  });
}
