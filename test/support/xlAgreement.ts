// The agreement rules between the validator and a recorded `xl -N create` dry run of one release,
// shared by test/unit/semantic.test.ts, scripts/semantic-fuzz.mjs and anyone who wants to hold new
// configs to them (record them with scripts/record-semantic.mjs). See the rules in semantic.test.ts.
// The table of messages covers every release with an oracle (4.17, 4.20): a message only one
// release prints simply never appears in the other's recordings.

import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic, LanguageService } from '../../server/src/service';
import { SEMANTIC_CODES } from '../../server/src/service/features/diagnostics/codes';

/** One dry run; `xen` is the release of the xl that made it. */
export interface Recording { tool: string; xen?: string; exit: number; signal?: string; stderr: string; stdout: string; sha256?: string }

/** `<name>.cfg` -> its recording by xl `release`: `<name>.<release>.xl.json` beside it. */
export const recordingFile = (cfg: string, release: string): string => `${cfg.replace(/\.cfg$/, '')}.${release}.xl.json`;
export const readRecording = (cfg: string, release: string): Recording => JSON.parse(fs.readFileSync(recordingFile(cfg, release), 'utf8'));

/** Codes we may report where xl accepts a config without a word, and why. Kept short. */
export const EXCEPTIONS: Record<string, string> = {
  'pod-with-passthrough': 'maxmem > memory with PCI passthrough: the dry run never builds the domain; the real start fails (libxl refuses populate-on-demand with an IOMMU).',
  'fails-at-create': 'xl -N accepts the config but xl create fails (libxl or Xen refuses it when the domain is built); no oracle here builds domains, so each such rule cites its source line in its fixture (issue #11).',
};

type Need = 'error' | 'any';
/** Stands for any code of the parser's (syntax) problems. */
const SYNTAX = '<syntax>';
const isSyntax = (code: string) => !(code in SEMANTIC_CODES);
/** xl's messages about a config, the codes that answer each, and how severe ours must be. */
export const MESSAGES: { re: RegExp; codes: string[]; need: Need; host?: boolean }[] = [
  // the parser (its codes are checked against xl by the conformance suite; here: any syntax code)
  { re: /: config parsing error near /, codes: [SYNTAX], need: 'error' },
  { re: /^warning: (Config file looks like it contains Python code| Arbitrary Python is no longer supported| See https:\/\/wiki\.xen\.org)/, codes: [SYNTAX], need: 'any' },
  { re: /^Failed to parse config: /, codes: [], need: 'any' },
  // libxlu getters: printed, then the value is ignored
  { re: /is a list but should be a single value$/, codes: ['expected-single-value'], need: 'error' },
  { re: /is a single value but should be a list$/, codes: ['expected-list'], need: 'error' },
  { re: /is not a valid number$|could not be parsed as a number/, codes: ['not-a-number'], need: 'error' },
  { re: /can't use \+= with numbers/, codes: ['add-to-number'], need: 'error' },
  { re: /warning: value is not a list$/, codes: ['expected-list'], need: 'error' },
  // guest type, name, uuid, vCPUs
  { re: /^Invalid domain type /, codes: ['unknown-value'], need: 'error' },
  { re: /^Contradicting "builder" and "type"/, codes: ['type-builder-conflict'], need: 'error' },
  { re: /^Domain name must be specified/, codes: ['missing-name'], need: 'error' },
  { re: /^Failed to parse UUID/, codes: ['invalid-uuid'], need: 'error' },
  { re: /invalid number of cpus provided$|^Unable to allocate cpumap/, codes: ['out-of-range'], need: 'error' },
  { re: /^xl: maxvcpus < vcpus/, codes: ['maxvcpus-below-vcpus', 'vnuma-mismatch'], need: 'error' },
  { re: /^Invalid pcpu range|^Can't combine "\^" and "all"/, codes: ['invalid-cpu-list'], need: 'error' },
  { re: /^vcpu hard affinity map is empty/, codes: ['empty-cpu-affinity', 'host-dependent', 'nested-list'], need: 'any', host: true },
  { re: /^xl: invalid pnode number|^xl: vnuma specifies more vcpus than pcpus/, codes: ['host-dependent'], need: 'any', host: true },
  { re: /^xl: vnuma vcpus and maxvcpus= mismatch|^xl: maxmem and vnuma memory size mismatch/, codes: ['vnuma-mismatch'], need: 'error' },
  { re: /^xl: failed to split ".*" into pair|^xl: cannot get vnode config option list/, codes: ['spec-invalid-value', 'expected-list'], need: 'error' },
  // enums and modes
  { re: /^Unknown on_\w+ action/, codes: ['unknown-value'], need: 'error' },
  { re: /^ERROR: invalid value .* for "\w+"/, codes: ['unknown-value', 'out-of-range'], need: 'error' },
  { re: /^WARNING: specifying "(tsc|timer)_mode" as an integer is deprecated/, codes: ['deprecated-number-form', 'out-of-range'], need: 'any' },
  { re: /^got a tsc mode string: /, codes: [], need: 'any' },
  { re: /^ERROR: unknown passthrough option/, codes: ['unknown-value'], need: 'error' },
  { re: /^ERROR: "timer_mode" option is not supported for PV guests/, codes: ['unsupported-for-guest-type'], need: 'error' },
  { re: /^xl: unknown viridian enlightenment/, codes: ['unknown-value'], need: 'error' },
  { re: /^ERROR: "ms_vm_genid" option must be/, codes: ['unknown-value'], need: 'error' },
  { re: /^ERROR: unrecognized MCA capability|^ERROR: unable to parse mca_caps/, codes: ['unknown-value', 'expected-list'], need: 'error' },
  { re: /^Unknown vga /, codes: ['unknown-value'], need: 'error' },
  { re: /^xl: unknown vendor_device|^Unknown gic_version|^Unknown tee /, codes: ['unknown-value'], need: 'error' },
  { re: /^Unknown device_model_version/, codes: ['unknown-value'], need: 'error' },
  // boot
  { re: /^ERROR: both kernel and firmware specified/, codes: ['kernel-and-firmware'], need: 'error' },
  { re: /^ERROR: only pvgrub\{32\|64\} supported/, codes: ['unknown-value'], need: 'error' },
  { re: /^Neither kernel nor bootloader specified/, codes: ['missing-kernel'], need: 'error' },
  { re: /^WARNING: you seem to be using "kernel" directive/, codes: ['hvm-kernel-hvmloader'], need: 'any' },
  { re: /^WARNING: bios_path_override given without specific bios name/, codes: ['bios-path-without-bios'], need: 'any' },
  { re: /^Warning: ignoring root= and extra= in favour of cmdline=/, codes: ['cmdline-overrides'], need: 'any' },
  { re: /^WARNING: Specifying "bootloader_args" as a string is deprecated/, codes: ['deprecated-string-form'], need: 'any' },
  // deprecated keys
  { re: /^WARNING: ignoring "vncviewer" option/, codes: ['deprecated-key'], need: 'any' },
  { re: /^WARNING: Specifying "altp2mhvm" is deprecated/, codes: ['deprecated-key'], need: 'any' },
  { re: /^WARNING: ignoring device_model directive/, codes: ['deprecated-key'], need: 'any' },
  { re: /^WARNING: (Use "device_model_override"|Or use "device_model_stubdomain_override"|ignoring "device_model_stubdomain_override")/, codes: [], need: 'any' },
  { re: /^WARNING: device model override given without specific DM version/, codes: ['dm-override-without-version'], need: 'any' },
  { re: /^xl: Unable to parse device_model_args/, codes: ['expected-list'], need: 'error' },
  { re: /^WARNING: vif2: netchannel2 is deprecated/, codes: ['deprecated-key'], need: 'any' },
  { re: /^WARNING: msr_relaxed will be removed/, codes: ['deprecated-key'], need: 'any' },
  { re: /^If it fixes an issue you are having please report/, codes: [], need: 'any' },
  { re: /^ERROR: Display specified both in vnclisten and vncdisplay/, codes: ['vnc-display-conflict'], need: 'error' },
  // I/O resources
  { re: /^xl: Invalid argument parsing ioport|^xl: ioport \w+ too big|in ioport list$/, codes: ['invalid-ioport', 'nested-list'], need: 'error' },
  { re: /^xl: Invalid argument parsing irq|^xl: irq \w+ too big|in irq list$/, codes: ['invalid-irq', 'nested-list'], need: 'error' },
  { re: /^xl: Invalid argument parsing iomem|in iomem list$/, codes: ['invalid-iomem', 'nested-list'], need: 'error' },
  // device specs
  { re: /config parsing error in disk specification/, codes: ['spec-positional-format', 'spec-invalid-value', 'spec-respecified', 'spec-unknown-subkey', 'spec-unknown-prefix', 'spec-too-many-positional', 'spec-missing-required'], need: 'error' },
  { re: /config parsing error in vif: /, codes: ['spec-invalid-rate'], need: 'error' },
  { re: /^Invalid parameter `mac'/, codes: ['spec-invalid-mac'], need: 'error' },
  // xl ignores an unknown vif type= and picks the type it would have picked without one: the
  // guest starts as if the item were absent, so a warning is enough (issue #11, severities).
  { re: /^Invalid parameter `type'/, codes: ['spec-invalid-value'], need: 'any' },
  { re: /^unrecognized argument /, codes: ['spec-unknown-subkey'], need: 'error' },
  { re: /^the netdev parameter is deprecated/, codes: ['deprecated-subkey'], need: 'any' },
  { re: /^the accel parameter for vifs is currently not supported/, codes: ['spec-unsupported'], need: 'error' },
  { re: /^xl: failed to convert ".*" to number/, codes: ['spec-invalid-value'], need: 'error' },
  { re: /unable to parse PCI_SPEC_STRING/, codes: ['spec-invalid-bdf', 'spec-unknown-subkey', 'spec-invalid-value', 'spec-missing-required', 'spec-whitespace'], need: 'error' },
  { re: /^Unknown RDM (policy|strategy option|state option)/, codes: ['spec-invalid-value', 'spec-unknown-subkey'], need: 'error' },
  { re: /^unknown channel parameter '.*', ignoring/, codes: ['spec-unknown-subkey'], need: 'error' },
  { re: /^unknown channel connection|^failed to parse channel configuration/, codes: ['spec-invalid-value'], need: 'error' },
  { re: /^channel has unknown 'connection'|^channel connection 'socket' requires path/, codes: ['spec-missing-required'], need: 'error' },
  { re: /^Unknown string .* in (9pfs|vtpm|pvcalls|vdispl|vkb|usbctrl|usbdev|virtio) spec/, codes: ['spec-unknown-subkey'], need: 'error' },
  // 4.18+: p9 read by a key=value splitter, smbios, llc_colors, sve
  { re: /^Unknown 9pfs parameter '/, codes: ['spec-unknown-subkey'], need: 'error' },
  { re: /^failed to parse 9pfs configuration: /, codes: ['spec-invalid-value', 'spec-unknown-subkey'], need: 'error' },
  { re: /^xl: unknown smbios type '/, codes: ['spec-unknown-subkey', 'unknown-value'], need: 'error' },
  { re: /^xl: failed to split ".*" at '='/, codes: ['spec-invalid-value', 'spec-unknown-subkey'], need: 'error' },
  { re: /^xl: Invalid LLC color range: |^xl: Start LLC color is greater than end: /, codes: ['spec-invalid-value', 'invalid-cpu-list', 'out-of-range'], need: 'error' },
  { re: /^Unknown sve "/, codes: ['unknown-value', 'out-of-range'], need: 'error' },
  { re: /^failed to parse 9pfs type: /, codes: ['spec-invalid-value'], need: 'error' },
  { re: /^xl: empty value not allowed for smbios /, codes: ['spec-invalid-value', 'empty-value', 'spec-missing-required'], need: 'error' },
  { re: /^xl: smbios limited to 99 oem strings/, codes: ['spec-invalid-value', 'out-of-range'], need: 'error' },
  { re: /^xl: Unable to parse smbios options/, codes: [], need: 'any' },
  { re: /^xl: Unable to get element #\d+ in smbios list|^xl: Can't get element \d+ in LLC color list/, codes: ['nested-list', 'expected-single-value', 'spec-invalid-value'], need: 'error' },
  { re: /^9pfs spec missing required field|^vtpm spec missing required backend field|^At least one connector should be specified|^backend-type should be set in vkb spec|should be set for multi touch in vkb spec/, codes: ['spec-missing-required'], need: 'error' },
  { re: /^Failed to parse vtpm UUID/, codes: ['invalid-uuid'], need: 'error' },
  { re: /^Can't parse connector resolution|^Unknown backend_type .* in vkb spec|^Invalid usb (controller|device) type/, codes: ['spec-invalid-value'], need: 'error' },
  { re: /^Failed to get vsnd card list/, codes: ['expected-list'], need: 'error' },
  { re: /^Invalid (parameter|key|stream type|pcm format): /, codes: ['spec-unknown-subkey', 'spec-invalid-value'], need: 'error' },
  { re: /^while parsing CPUID (line|string|flag)/, codes: ['invalid-cpuid'], need: 'error' },
  { re: /^ {2}error(?: #\d+)?: /, codes: [], need: 'any' },
  // glibc's last words when xl crashes (the exit status already demands an error from us)
  { re: /^(free\(\): |double free or corruption|malloc\(\): |munmap_chunk\(\): |corrupted )/, codes: [], need: 'any' },
];

/** xl's output split into messages (some of its messages lack a newline and run together). */
export function xlMessages(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l && !/^Parsing config from /.test(l));
}

function lineOf(msg: string, file: string): number | undefined {
  const m = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):`).exec(msg);
  return m ? Number(m[1]) : undefined;
}

export interface Verdict { problems: string[]; exception?: string; diagnostics?: Diagnostic[] }

/** A failure message that names the release, the case, what xl said and what we said. */
export function disagreement(release: string, what: string, rec: Recording, v: Verdict): string {
  const xl = xlMessages(rec.stderr).map((m) => `    ${JSON.stringify(m)}`).join('\n') || '    (nothing)';
  const ours = (v.diagnostics ?? []).map((d) => `    ${d.range.start.line + 1}: ${d.severity} ${d.code}: ${d.message}`).join('\n') || '    (nothing)';
  return `xl ${release} and the validator (xenVersion ${release}) disagree on ${what}\n` +
    `  xl ${release} ${rec.exit === 0 ? 'accepted it' : `refused it (exit ${rec.exit}${rec.signal ? `, ${rec.signal}` : ''})`}, saying:\n${xl}\n` +
    `  we said:\n${ours}\n  why that disagrees:\n${v.problems.map((p) => `    - ${p}`).join('\n')}`;
}

/** The agreement rules for one config. */
export function judge(file: string, text: string, rec: Recording, service: LanguageService, corpus: boolean): Verdict {
  const diags: Diagnostic[] = service.diagnostics({ uri: `file:///semantic/${file}`, version: 1, text });
  const errors = diags.filter((d) => d.severity === 'error');
  const problems: string[] = [];
  const msgs = xlMessages(rec.stderr);
  const show = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1}:${d.severity}:${d.code}`).join(', ') || 'none';
  let hostRefusal = false;
  for (const msg of msgs) {
    const rule = MESSAGES.find((m) => m.re.test(msg));
    if (!rule) { problems.push(`xl printed a message the test does not know: ${JSON.stringify(msg)}`); continue; }
    if (rule.host) hostRefusal = true;
    if (!rule.codes.length) continue;
    const line = lineOf(msg, path.basename(file));
    const match = diags.filter((d) => (rule.codes.includes(d.code) || (rule.codes.includes(SYNTAX) && isSyntax(d.code)))
      && (line === undefined || rule.codes.includes(SYNTAX) || (d.range.start.line + 1 <= line && line <= d.range.end.line + 1)));
    if (!match.length) { problems.push(`xl: ${JSON.stringify(msg)} -> expected one of [${rule.codes.join(', ')}]${line ? ` on line ${line}` : ''}; we said: ${show(diags)}`); continue; }
    if (rule.need === 'error' && !match.some((d) => d.severity === 'error')) problems.push(`xl: ${JSON.stringify(msg)} -> xl refuses the config or ignores the value, so [${rule.codes.join(', ')}] must be an error; we said: ${show(match)}`);
  }
  if (rec.exit !== 0) {
    const host = diags.some((d) => d.code === 'host-dependent');
    if (!errors.length && !(hostRefusal && host)) problems.push(`xl refused it (exit ${rec.exit}) but we report no error: ${show(diags)}`);
    return { problems, diagnostics: diags };
  }
  let exception: string | undefined;
  if (!msgs.length || corpus) {
    const unexpected = errors.filter((d) => !(d.code in EXCEPTIONS));
    if (unexpected.length) problems.push(`xl accepted it ${msgs.length ? '' : 'without a message '}but we report error(s): ${show(unexpected)}`);
    exception = errors.find((d) => d.code in EXCEPTIONS)?.code;
  }
  return { problems, exception, diagnostics: diags };
}

