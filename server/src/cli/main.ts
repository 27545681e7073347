// xlcfg: the command-line door to the language service (parse, check, fmt, lsp).

import { DEFAULT_MAX_PROBLEMS_PER_CODE, knowledge, LanguageService } from '../service';
import { parseXlConfig } from '../service/parser';
import { runCheck, CheckFormat } from './check';
import { readConfigFile } from './files';
import { FMT_USAGE, parseFmtArgs, runFmt } from './fmt';

declare const XLCFG_VERSION: string;
const VERSION = typeof XLCFG_VERSION === 'string' ? XLCFG_VERSION : '0.0.0-dev';

const HELP = `xlcfg ${VERSION} — Xen xl.cfg language tools

Usage:
  xlcfg parse FILE                 print each key's effective value as xl reads it (JSON)
  xlcfg check [options] PATH...    report problems in files, and in folders (recursively)
      --format text|json|sarif     output format (default: text)
      --fix                        apply the safe quick fixes in place
      --xen-version V              4.4 | 4.14 | 4.17 | master (default: master)
      --allow-key KEY              accept a vendor key (repeatable)
      --max-per-code N             list at most N problems of one code per file, then
                                   say how many more (default: 100; 0: list them all)
  xlcfg fmt [options] PATH...      format files in place, as the editor does ('-' = stdin)
      --check                      only list the files that are not formatted
      --quote-style S              double | single | preserve (default: double)
      --max-line-length N          lists longer than this go one item per line (default: 80)
      --indent N|tab               indentation inside lists (default: 4 spaces)
      --no-bracket-spacing         write ["a"] instead of [ "a" ]
  xlcfg lsp --stdio                run the language server over stdio
  xlcfg --help | --version

Exit codes: parse: 0 ok, 1 syntax error, 2 unreadable file.
            check: 0 no errors, 1 errors found, 2 bad usage or a path could not be read.
            fmt:   0 done (all formatted), 1 files need formatting (--check) or have syntax
                   errors (never touched), 2 bad usage or a path could not be read.
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

function cmdParse(args: string[], io: Io): number {
  if (args.length !== 1) { io.err('usage: xlcfg parse FILE\n'); return 2; }
  const file = args[0];
  const r = readConfigFile(file);
  if (r.error !== undefined) { io.err(`xlcfg: ${file}: ${r.error}\n`); return 2; }
  const cfg = parseXlConfig(r.text!);
  if (cfg.syntaxErrors.length) {
    for (const e of cfg.syntaxErrors) io.err(`${file}:${e.range.start.line + 1}:${e.range.start.character + 1}: error: ${e.message}\n`);
    return 1;
  }
  io.out(JSON.stringify(cfg.effectiveValues(), null, 2) + '\n');
  return 0;
}

export function main(argv: string[], io: Io = stdio): number | Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') { (cmd ? io.out : io.err)(HELP); return cmd ? 0 : 2; }
  if (cmd === '--version' || cmd === '-V') { io.out(`${VERSION}\n`); return 0; }
  if (cmd === 'parse') return cmdParse(rest, io);
  if (cmd === 'check') {
    let format: CheckFormat = 'text';
    let fix = false;
    const allowedKeys: string[] = [];
    let xenVersion = 'master';
    let maxProblemsPerCode = DEFAULT_MAX_PROBLEMS_PER_CODE;
    const paths: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i];
      const value = (name: string) => { const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : rest[++i]; if (v === undefined) throw new Error(`${name} needs a value`); return v; };
      try {
        if (a === '--format' || a.startsWith('--format=')) format = value('--format') as CheckFormat;
        else if (a === '--fix') fix = true;
        else if (a === '--xen-version' || a.startsWith('--xen-version=')) xenVersion = value('--xen-version');
        else if (a === '--allow-key' || a.startsWith('--allow-key=')) allowedKeys.push(value('--allow-key'));
        else if (a === '--max-per-code' || a.startsWith('--max-per-code=')) {
          const v = value('--max-per-code');
          if (!/^\d+$/.test(v)) throw new Error(`--max-per-code takes a whole number (0 lists every problem), not '${v}'`);
          maxProblemsPerCode = Number(v);
        } else if (a.startsWith('-') && a !== '-') { io.err(`xlcfg: unknown option ${a}\n${HELP}`); return 2; }
        else paths.push(a);
      } catch (e) { io.err(`xlcfg: ${(e as Error).message}\n`); return 2; }
    }
    if (!['text', 'json', 'sarif'].includes(format)) { io.err(`xlcfg: --format must be text, json or sarif\n`); return 2; }
    if (!['4.4', '4.14', '4.17', 'master'].includes(xenVersion)) { io.err(`xlcfg: --xen-version must be 4.4, 4.14, 4.17 or master\n`); return 2; }
    if (!paths.length) { io.err('usage: xlcfg check [--format text|json|sarif] [--fix] PATH...\n'); return 2; }
    const settings = { xenVersion: xenVersion as never, allowedKeys };
    const service = new LanguageService(knowledge, { ...settings, maxProblemsPerCode });
    const fixService = fix ? new LanguageService(knowledge, { ...settings, maxProblemsPerCode: 0 }) : undefined;
    return runCheck(service, paths, { format, fix, version: VERSION, fixService }, io);
  }
  if (cmd === 'fmt') {
    const parsed = parseFmtArgs(rest);
    if (typeof parsed === 'string') { io.err(`xlcfg: ${parsed}\n${FMT_USAGE}`); return 2; }
    return runFmt(parsed, io);
  }
  if (cmd === 'lsp') {
    if (!rest.includes('--stdio')) { io.err('usage: xlcfg lsp --stdio\n'); return 2; }
    // Loaded lazily: the other commands do not need the LSP libraries.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    require('../lsp/main');
    return new Promise<number>(() => { /* runs until the client exits */ });
  }
  io.err(`xlcfg: unknown command '${cmd}'\n${HELP}`);
  return 2;
}

if (require.main === module) {
  Promise.resolve(main(process.argv.slice(2))).then((code) => { stdio.flush(); process.exitCode = code; }, (e) => {
    stdio.flush();
    process.stderr.write(`xlcfg: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  });
}
