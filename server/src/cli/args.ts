// Command-line parsing shared by the subcommands, with the conventions CI tools expect:
// `--name value` and `--name=value`, `-h`/`--help` anywhere, `--` ends the options (what follows
// is a path even if it starts with '-'), and `-` is a path (standard input).

export interface OptionSpec {
  /** Long name without dashes, e.g. 'format'. */
  name: string;
  /** Takes a value. */
  value?: boolean;
  /** May be given more than once (values collect in a list). */
  repeat?: boolean;
  /** One-letter alias, e.g. 'q'. */
  short?: string;
}

export interface ParsedArgs {
  options: Map<string, string[]>;
  paths: string[];
  help: boolean;
}

export class UsageError extends Error {}

export function parseArgs(args: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const out: ParsedArgs = { options: new Map(), paths: [], help: false };
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (optionsEnded || a === '-' || !a.startsWith('-')) { out.paths.push(a); continue; }
    if (a === '--') { optionsEnded = true; continue; }
    if (a === '-h' || a === '--help') { out.help = true; continue; }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
      inline = eq === -1 ? undefined : a.slice(eq + 1);
      spec = byName.get(name);
    } else if (a.length === 2) spec = byShort.get(a[1]);
    if (!spec) throw new UsageError(`unknown option ${a}${a.startsWith('--') ? '' : ' (paths that start with - go after --)'}`);
    let v: string;
    if (spec.value) {
      if (inline !== undefined) v = inline;
      else if (i + 1 < args.length) v = args[++i];
      else throw new UsageError(`--${spec.name} needs a value`);
    } else {
      if (inline !== undefined) throw new UsageError(`--${spec.name} takes no value`);
      v = 'true';
    }
    const list = out.options.get(spec.name) ?? [];
    if (list.length && !spec.repeat) throw new UsageError(`--${spec.name} is given more than once`);
    list.push(v);
    out.options.set(spec.name, list);
  }
  return out;
}

export function one(p: ParsedArgs, name: string): string | undefined {
  return p.options.get(name)?.[0];
}

export function flag(p: ParsedArgs, name: string): boolean {
  return p.options.has(name);
}
