// What `xl create` does with a domain config, step by step: a replay of parse_config_data() in
// tools/xl/xl_parse.c (Xen 4.17), reading each key with the getter xl uses, under the same guest
// type conditions and in the same order, and reporting each value the way xl treats it:
//   refused (xl exits)                         -> error
//   printed and ignored or dropped             -> error (the guest would start without it)
//   ignored without a word                     -> warning
//   accepted but deprecated, or host-dependent -> warning
// Keys no getter looks at are reported afterwards (keys.ts): unknown, for another guest type, or
// missing from the chosen release.

import { atLeast, existsIn, releaseLabel, removedIn, type GuestType } from '../../knowledge';
import type { NumberAtom, StringAtom } from '../../parser';
import { closest, randomUuid, readInteger } from '../../values';
import { isLibxlUuid, strtok, strtoul, ULONG_MAX } from './clib';
import { parseDisk } from './disk';
import type { CheckContext, Fix } from './context';
import { brokenTypeLine } from '../../document';
import {
  checkCpuidString, checkCpuidXend, checkIomem, checkIoport, checkIrq, checkViridian, cpuNeeds, cpuSet, HUGE_HOST, parseCpuList, SMALL_HOST,
} from './formats';
import { guestArch } from './guest';
import { LongOptions, Setting, XlReader } from './reader';
import { readingOf, valuesElsewhere, valuesIn } from './xlReading';
import {
  checkArmSci, checkChannel, checkDisk, checkGenericSpec, checkP9, checkPci, checkPvcalls, checkRdm, checkUsb, checkVdispl, checkVfb, checkVif, checkVkb, checkVirtio, checkVsndItem, checkVtpm,
  SpecReporter, SpecString,
} from './specs';

/** What the replay learnt, for the cross-field checks that follow. */
export interface XlModel {
  reader: XlReader;
  type: GuestType;
  typeFrom: 'type' | 'builder' | 'default';
  memory?: bigint;
  maxmem?: bigint;
  vcpus?: bigint;
  maxvcpus?: bigint;
  pci: number;
  vnuma: boolean;
  /** Keys for which the replay already reported a deprecation. */
  deprecated: Set<string>;
  /** The type line is broken in a way that says nothing about the type meant. */
  typeUnknown?: boolean;
}

export function readLikeXl(ctx: CheckContext): XlModel {
  const r = new XlReader(ctx);
  const { doc } = ctx;
  const rejected = doc.parsed.rejected;
  const m: XlModel = { reader: r, type: 'pv', typeFrom: 'default', pci: 0, vnuma: false, deprecated: new Set() };
  // The getters take how xl reads each key (quiet, fatal, bounds, unit) from xl-reading.yaml.
  // A key the chosen release does not read yet (or any more) is left to keys.ts (not-in-version).
  const reads = (key: string) => { const o = ctx.kb.option(key); return !o || existsIn(o, ctx.release); };
  const str = (key: string, quiet?: boolean) => (reads(key) ? r.string(key, quiet ?? readingOf(key, ctx.release)?.quiet ?? false) : undefined);
  const long = (key: string, opts: Parameters<XlReader['long']>[1] = {}) => (reads(key) ? r.long(key, { ...getterOptions(key, ctx), ...opts }) : undefined);
  const bool = (key: string) => (reads(key) ? r.long(key, getterOptions(key, ctx)) : undefined);
  const keyRange = (s: Setting): [number, number] => [s.last.keyStart, s.last.keyEnd];
  const lineOf = (s: Setting): [number, number] => {
    const st = s.stmts[0];
    const nl = doc.text.indexOf('\n', s.last.end);
    return [st.start, nl === -1 ? doc.text.length : nl + 1];
  };

  /** A string value for the spec parsers. */
  const spec = (v: StringAtom | NumberAtom): SpecString => ({ text: v.value, atom: v, start: v.start, end: v.end });
  const settingSpec = (s: Setting): SpecString => ({ text: s.text!, atom: s.atom, start: s.start, end: s.end });
  const rep = (key: string, v: SpecString) => new SpecReporter(ctx, key, v);

  /**
   * A name read against the option's values of this release (xl-reading.yaml says how xl
   * compares it). Unknown: refused by xl, or accepted and refused by libxl when the domain is built.
   */
  const named = (key: string, got: { value: string; s: Setting }, aliases: Record<string, string> = {}): boolean => {
    const rule = readingOf(key, ctx.release);
    const ci = rule?.compare === 'case-insensitive';
    const v = got.value;
    const same = (x: string) => (ci ? x.toLowerCase() === v.toLowerCase() : x === v);
    const values = valuesIn(ctx.kb, key, ctx.release);
    if (values.some(same) || (rule?.hidden ?? []).some(same)) return true;
    const elsewhere = valuesElsewhere(ctx.kb, key, ctx.release).find((x) => same(x.value));
    if (elsewhere?.removed && removedIn(elsewhere, ctx.release) && elsewhere.removedHow === 'fails-at-create') {
      ctx.report('fails-at-create', 'error', `xl -N accepts ${key} = "${v}", but xl create fails: libxl refuses it when it builds the domain, since ${releaseLabel(elsewhere.removed)}.${values.length ? ` Use ${values.map((x) => `"${x}"`).join(', ')}.` : ''}`,
        got.s.start, got.s.end, enumFixes(got.s, closest(v, values)));
      return false;
    }
    if (rule?.onBad === 'fails-at-create') {
      ctx.report('fails-at-create', 'error', `xl -N accepts ${key} = "${v}", but xl create fails: libxl checks the name when it builds the domain and does not know "${v}". Valid: ${values.map((x) => `"${x}"`).join(', ')}.`,
        got.s.start, got.s.end, enumFixes(got.s, closest(ci ? v.toLowerCase() : v, values)));
      return false;
    }
    const later = elsewhere?.since && !existsIn({ since: elsewhere.since }, ctx.release) ? ` (${releaseLabel(elsewhere.since)} and later accept it.)` : '';
    const gone = elsewhere?.removed && removedIn(elsewhere, ctx.release) ? ` (Releases before ${elsewhere.removed} accepted it.)` : '';
    const valid = `Valid: ${values.map((x) => `"${x}"`).join(', ')}.`;
    if (ci) {
      const alias = aliases[v.toLowerCase()];
      const guesses = alias ? [alias] : closest(v.toLowerCase(), values);
      const what = `a valid value for '${key}'${alias ? ` ("${v}" is spelt "${alias}" here, or use firmware = "${v}")` : ''}`;
      ctx.report('unknown-value', 'error', `"${v}" is not ${what}: xl refuses the config.${later}${gone} ${valid}`, got.s.start, got.s.end, enumFixes(got.s, guesses));
    } else {
      const caseOnly = values.find((x) => x.toLowerCase() === v.toLowerCase());
      const guesses = caseOnly ? [caseOnly] : closest(v, values);
      ctx.report('unknown-value', 'error', `"${v}" is not a valid value for '${key}': xl refuses the config${rule?.said ? ` (${rule.said.includes('"') ? rule.said : `"${rule.said}"`})` : ''}.${later}${gone}${caseOnly ? ' xl compares these names case-sensitively.' : ''} ${valid}`,
        got.s.start, got.s.end, enumFixes(got.s, guesses));
    }
    return false;
  };
  /** Fixes that write a name instead; one that differs only in case is safe. */
  const enumFixes = (s: Setting, guesses: string[]): Fix[] =>
    s.atom && s.atom.kind === 'string' && s.stmts.length === 1 && ctx.plainString(s.atom)
      ? guesses.map((g) => ({ title: `Write "${g}"`, start: s.atom!.start + 1, end: s.atom!.end - 1, newText: g, safe: g.toLowerCase() === s.text!.toLowerCase() && guesses.length === 1 }))
      : [];
  const libxlEnum = (key: string, got: { value: string; s: Setting }) => named(key, got, key === 'bios' ? { uefi: 'ovmf' } : {});

  // --- security labels, guest type, name, uuid --------------------------------------------
  str('init_seclabel');
  str('seclabel');
  const typeS = str('type');
  let typeSet: GuestType | undefined;
  if (typeS) {
    const v = typeS.value;
    typeSet = (['hvm', 'pv', 'pvh'] as GuestType[]).find((t) => t.startsWith(v));
    if (!typeSet) {
      const lc = v.toLowerCase();
      const guesses = ['pv', 'pvh', 'hvm'].includes(lc) ? [lc] : closest(lc, ['pv', 'pvh', 'hvm']);
      ctx.report('unknown-value', 'error', `"${v}" is not a guest type: xl refuses the config ("Invalid domain type").${['pv', 'pvh', 'hvm'].includes(lc) ? ' Guest types are lower case.' : ''} Use "pv", "pvh" or "hvm".`,
        typeS.s.start, typeS.s.end, enumFixes(typeS.s, guesses));
    } else if (v !== typeSet) {
      ctx.report('type-prefix', 'warning', v === ''
        ? `An empty type means "hvm" to xl (it compares by prefix, and "" is a prefix of everything). Write the type you want.`
        : `xl matches 'type' by prefix, so "${v}" means "${typeSet}". Write it out in full.`, typeS.s.start, typeS.s.end,
        typeS.s.atom && typeS.s.stmts.length === 1 ? [{ title: `Write "${typeSet}"`, start: typeS.s.atom.start + 1, end: typeS.s.atom.end - 1, newText: typeSet, safe: true }] : []);
    }
  }
  // A type line broken by a syntax error (type = hvm): xl rejects the file anyway, and the rest
  // is most useful checked for the type the line meant.
  const brokenType = typeS ? undefined : brokenTypeLine(doc.parsed.tree, doc.text, (st) => !st.complete || ctx.brokenBySyntax(st.start, st.end));
  /** What the type line says, read as written or as meant. */
  const typeSays = typeSet ?? brokenType?.meant;
  const builderS = str('builder');
  let type: GuestType | undefined = typeSet;
  if (typeSet) m.typeFrom = 'type';
  if (builderS) {
    const v = builderS.value;
    // Before 4.10 anything but a prefix of "hvm" means PV, without a word (xl_parse.c:855@RELEASE-4.9.0).
    const b: GuestType | undefined = 'hvm'.startsWith(v) ? 'hvm' : 'generic'.startsWith(v) || !ctx.atLeast('4.10') ? 'pv' : undefined;
    m.deprecated.add('builder');
    const [ks, ke] = keyRange(builderS.s);
    const removeBuilder = (title: string, safe = false): Fix => ({ title, ...spanOf(lineOf(builderS.s)), newText: '', safe });
    if (!ctx.atLeast('4.10') && !'hvm'.startsWith(v) && !'generic'.startsWith(v)) {
      ctx.report('unknown-value', 'warning', `"${v}" is not a builder: xl ${ctx.release} makes every builder but "hvm" a PV guest, without a word. Write builder = "generic" for PV, or "hvm".`, builderS.s.start, builderS.s.end);
    }
    if (!b) {
      ctx.report('unknown-value', 'error', `"${v}" is not a builder xl knows: it refuses the config ("Invalid domain type"). 'builder' is deprecated anyway: use type = "pv", "pvh" or "hvm".`, builderS.s.start, builderS.s.end);
    } else if (typeSays && typeSays !== b) {
      const said = typeSet ? `type = "${typeS!.value}" says ${typeSet.toUpperCase()}` : `the type line (${brokenType!.written}, which xl cannot read as written) means ${typeSays.toUpperCase()}`;
      ctx.report('type-builder-conflict', 'error', `builder = "${v}" means a${b === 'hvm' ? 'n HVM' : ' PV'} guest but ${said}: xl refuses the config ("Contradicting builder and type")${typeSet ? '' : ' once that line is fixed'}. Remove 'builder'; 'type' replaces it.`, ks, ke,
        [removeBuilder("Remove 'builder'")]);
    } else {
      const anyType = doc.parsed.tree.statementsOf('type').length > 0;
      // On Arm, libxl turns a PV guest into PVH (with a warning): the type to write there is pvh.
      const arm = b === 'pv' && guestArch(ctx) === 'arm';
      const want = arm ? 'pvh' : b;
      const fix: Fix[] = typeSays
        ? [removeBuilder("Remove 'builder' (type already says it)", true)]
        : !anyType && builderS.s.stmts.length === 1 ? [{ title: `Replace with type = "${want}"`, start: builderS.s.last.start, end: builderS.s.last.end, newText: `type = "${want}"`, safe: !arm }] : [];
      // 'type' came in Xen 4.10: before it, builder is the way to choose HVM.
      if (ctx.atLeast('4.10')) {
        ctx.report('deprecated-key', 'warning', typeSays
          ? `'builder' is deprecated since Xen 4.10, and the type line already says ${typeSays.toUpperCase()}: remove 'builder'.`
          : `'builder' is deprecated since Xen 4.10: write type = "${want}" instead.${arm ? ' (This looks like an Arm guest: there xl makes a PV guest PVH anyway, and says so.)' : ''}`, ks, ke, fix, ['deprecated']);
      }
    }
    if (!type && !brokenType?.meant && b) { type = b; m.typeFrom = 'builder'; }
  }
  const typeInvalid = (!!typeS && !typeSet) || (!!builderS && !type && !brokenType?.meant && !!builderS.value && !'hvm'.startsWith(builderS.value) && !'generic'.startsWith(builderS.value));
  if (!type && brokenType) {
    if (brokenType.meant) { type = brokenType.meant; m.typeFrom = 'type'; } else m.typeUnknown = true;
  }
  if (typeInvalid) m.typeUnknown = true;
  if (!type) type = guestArch(ctx) === 'arm' ? 'pvh' : 'pv';
  m.type = type;

  bool('hap');
  // PVHv1 (4.4 to 4.8): a defbool read for every guest, gone in 4.9 (the option's since/removed).
  bool('pvh');
  const nameS = r.find('name');
  const name = str('name');
  if (!name && !rejected && !(nameS === undefined && doc.parsed.tree.statementsOf('name').some((s) => !s.complete))) {
    // On the list that is not a name, else on the first setting (not on a header comment).
    const tree = doc.parsed.tree;
    const [ns, ne] = nameS ? keyRange(nameS) : tree.stmtCount ? [tree.stmtStart(0), tree.stmtKeyEnd(0)] : [0, 0];
    // Not recorded as said about the key it sits on: that key's own problems (unknown, ...) still show.
    if (ctx.admit('missing-name', 'error', ns, ne, !!nameS)) {
      ctx.push('missing-name', 'error', `No name: xl refuses a config without name = "..." ("Domain name must be specified").${nameS ? ' A list is not a name.' : ' Add one.'}`, ns, ne,
        nameS ? [] : [{ title: 'Add name = "guest"', start: 0, end: 0, newText: 'name = "guest"\n' }]);
    }
  } else if (name && name.value.trim() === '') {
    ctx.report('empty-value', 'warning', 'The domain name is empty: xl accepts it here, but the domain cannot be told apart or managed by name. Give it a name.', name.s.start, name.s.end);
  }
  const uuid = str('uuid');
  if (uuid && !isLibxlUuid(uuid.value)) {
    ctx.report('invalid-uuid', 'error', `'${uuid.value}' is not a UUID: xl refuses the config ("Failed to parse UUID"). Write 32 hex digits as 8-4-4-4-12, or remove the line and xl makes one up.`, uuid.s.start, uuid.s.end,
      uuid.s.atom && uuid.s.stmts.length === 1 ? [{ title: 'Use a new random UUID', start: uuid.s.atom.start, end: uuid.s.atom.end, newText: `"${randomUuid(seeded(doc.text))}"` }] : []);
  }
  bool('oos');
  str('pool');
  if (ctx.atLeast('4.21')) long('xenstore_feature_mask');
  if (ctx.atLeast('4.22')) readXenstoreQuota(ctx, r, rep);
  if (type === 'pvh') {
    bool('pvshim');
    str('pvshim_path');
    str('pvshim_cmdline');
    str('pvshim_extra');
  }

  // --- scheduling, memory, vCPUs --------------------------------------------------------------
  for (const k of ['cpu_weight', 'cap', 'period', 'slice', 'latency', 'extratime']) long(k);
  m.memory = long('memory')?.value;
  m.maxmem = long('maxmem')?.value;
  if (ctx.atLeast('4.20')) readLlcColors(ctx, r, rep);
  const vcpusR = long('vcpus');
  if (vcpusR) {
    m.vcpus = vcpusR.value;
    if (vcpusR.value < 0n && !ctx.atLeast('4.22')) {
      ctx.report('out-of-range', 'error', `vcpus cannot be negative: xl refuses the config ("Unable to allocate cpumap").`, vcpusR.s.start, vcpusR.s.end);
    } else if (vcpusR.value <= 0n) {
      // From 4.22 xl gives a guest with vcpus < 1 one vCPU (xl_parse.c:1569@RELEASE-4.22.0).
      ctx.report('out-of-range', 'warning', 'vcpus = 0 gives the guest no vCPU to start with; xl falls back to one. Write at least 1.', vcpusR.s.start, vcpusR.s.end,
        vcpusR.s.atom ? [{ title: 'Write 1', start: vcpusR.s.atom.start, end: vcpusR.s.atom.end, newText: '1' }] : []);
    }
  }
  const maxvR = long('maxvcpus');
  if (maxvR) m.maxvcpus = maxvR.value;
  const vuart = str('vuart');
  if (vuart) libxlEnum('vuart', vuart);

  const vn = readVnuma(ctx, r, m);
  let maxVcpus = vn.maxVcpus ?? m.maxvcpus ?? 0n;
  const vcpus = m.vcpus ?? 0n;
  if (maxVcpus === 0n) maxVcpus = vcpus;
  if (maxVcpus < vcpus && vn.maxVcpus === undefined) {
    const [s, e] = maxvR ? [maxvR.s.start, maxvR.s.end] : [0, 0];
    ctx.report('maxvcpus-below-vcpus', 'error', `maxvcpus (${maxVcpus}) is below vcpus (${vcpus}): xl refuses the config ("maxvcpus < vcpus"). Raise maxvcpus or lower vcpus.`, s, e,
      maxvR?.s.atom ? [{ title: `Set maxvcpus to ${vcpus}`, start: maxvR.s.atom.start, end: maxvR.s.atom.end, newText: String(vcpus) }] : []);
  } else if (maxVcpus < vcpus && vn.maxVcpus !== undefined && vcpusR) {
    ctx.report('vnuma-mismatch', 'error', `The vNUMA nodes hold ${vn.maxVcpus} vCPUs but vcpus is ${vcpus}: xl refuses the config ("maxvcpus < vcpus").`, vcpusR.s.start, vcpusR.s.end);
  }
  readAffinity(ctx, r, 'cpus', maxVcpus, true);
  readAffinity(ctx, r, 'cpus_soft', maxVcpus, false);

  for (const k of ['max_grant_frames', 'max_maptrack_frames']) long(k);
  long('max_grant_version');

  // --- event actions ----------------------------------------------------------------------------
  for (const k of ['on_poweroff', 'on_reboot', 'on_watchdog', 'on_crash', 'on_soft_reset']) {
    const v = str(k);
    if (v) named(k, v);
  }
  if (type === 'pv') bool('e820_host');
  for (const k of ['pci_msitranslate', 'pci_power_mgmt', 'pci_permissive', 'pci_seize']) long(k);

  // --- passthrough -------------------------------------------------------------------------------
  const rdm = str('rdm');
  if (rdm) checkRdm(rep('rdm', settingSpec(rdm.s)));
  const pci = r.list('pci');
  if (pci) {
    for (const it of r.strings('pci', pci.items)) { m.pci++; checkPci(rep('pci', spec(it))); }
  }
  const dtdev = r.list('dtdev');
  if (dtdev) r.strings('dtdev', dtdev.items);
  const pt = str('passthrough');
  if (pt) libxlEnum('passthrough', pt);
  long('shadow_memory');
  bool('nomigrate');

  // --- tsc_mode, misc -------------------------------------------------------------------------
  modeOption(ctx, r, m, 'tsc_mode', libxlEnum);
  long('rtc_timeoffset');
  const vncviewer = long('vncviewer');
  if (vncviewer) {
    m.deprecated.add('vncviewer');
    ctx.report('deprecated-key', 'warning', "xl ignores 'vncviewer' (it says so): to open a VNC viewer, run xl create -V. Remove the line.", ...keyRange(vncviewer.s),
      [{ title: "Remove 'vncviewer'", ...spanOf(lineOf(vncviewer.s)), newText: '', safe: true }], ['deprecated']);
  }
  bool('localtime');
  long('videoram');
  long('max_event_channels');
  const kernel = str('kernel');
  str('ramdisk');
  str('device_tree');
  const cmdline = str('cmdline');
  const root = str('root');
  const extra = str('extra');
  if (cmdline) {
    for (const o of [root, extra]) {
      if (!o) continue;
      const k = o.s.key;
      ctx.report('cmdline-overrides', 'warning', `'${k}' is ignored because 'cmdline' is set (xl says so and uses cmdline alone). Move ${k === 'root' ? `root=${o.value}` : 'this text'} into cmdline.`, ...keyRange(o.s),
        [{ title: `Remove '${k}'`, ...spanOf(lineOf(o.s)), newText: '' }], ['unnecessary']);
    }
  }
  bool('driver_domain');
  bool('acpi');
  const bootloader = str('bootloader');
  if (ctx.atLeast('4.18')) { bool('bootloader_restrict'); str('bootloader_user'); }
  // Up to 4.9 bootloader_args was read for PV guests only (xl_parse.c:1196@RELEASE-4.9.0).
  const bla = ctx.atLeast('4.10') || type === 'pv' ? r.find('bootloader_args') : undefined;
  if (bla && bla.kind === 'string' && !strtok(bla.text!, ' \t\n').length) {
    m.deprecated.add('bootloader_args');
    ctx.report('empty-value', 'error', "An empty 'bootloader_args' string makes xl 4.17 crash (it splits the string into no arguments). Remove the line, or write a list: [ ].", bla.start, bla.end,
      bla.stmts.length === 1 ? [{ title: 'Write [ ]', start: bla.start, end: bla.end, newText: '[ ]' }] : []);
    ctx.report('deprecated-string-form', 'warning', "'bootloader_args' as one string is deprecated: write a list, one argument per item.", bla.last.keyStart, bla.last.keyEnd, [], ['deprecated']);
  } else if (bla && bla.kind === 'string') {
    m.deprecated.add('bootloader_args');
    const args = strtok(bla.text!, ' \t\n').map((t) => t.text);
    const plain = bla.atom && bla.atom.kind === 'string' && ctx.plainString(bla.atom) && bla.stmts.length === 1 && args.every((a) => !/["\\]/.test(a));
    ctx.report('deprecated-string-form', 'warning', `'bootloader_args' as one string is deprecated (xl says so and splits it at spaces): write a list, one argument per item.`, bla.start, bla.end,
      plain ? [{ title: 'Write it as a list', start: bla.start, end: bla.end, newText: `[ ${args.map((a) => `"${a}"`).join(', ')} ]`, safe: true }] : [], ['deprecated']);
  }
  // Before 4.10 xl read timer_mode inside the HVM block only (xl_parse.c:1135@RELEASE-4.9.0).
  if (ctx.atLeast('4.10') || type === 'hvm') modeOption(ctx, r, m, 'timer_mode', libxlEnum);
  // nestedhvm: HVM only up to 4.9 (xl_parse.c:1157@RELEASE-4.9.0); apic for every guest in 4.10
  // to 4.12 (xl_parse.c:1200@RELEASE-4.10.0), in the HVM block before and after.
  if (ctx.atLeast('4.10') || type === 'hvm') bool('nestedhvm');
  const apicForAll = ctx.atLeast('4.10') && !ctx.atLeast('4.13');
  if (apicForAll) bool('apic');

  // --- per guest type -----------------------------------------------------------------------------
  if (type === 'hvm') {
    if (kernel && /(^|\/)hvmloader$/.test(kernel.value)) {
      ctx.report('hvm-kernel-hvmloader', 'warning', `xl ignores kernel = "${kernel.value}" for HVM guests (it says so): hvmloader is loaded by default. Remove the line, or use firmware_override for a custom one.`, ...keyRange(kernel.s),
        [{ title: "Remove 'kernel'", ...spanOf(lineOf(kernel.s)), newText: '' }], ['unnecessary']);
    }
    str('firmware_override');
    const bpo = str('bios_path_override');
    const bios = str('bios');
    if (bios) libxlEnum('bios', bios);
    else if (bpo) ctx.report('bios-path-without-bios', 'warning', "'bios_path_override' without 'bios': xl warns, and the file may not match the firmware it picks. Set bios = \"seabios\", \"rombios\" or \"ovmf\" to say which one this is.", ...keyRange(bpo.s));
    for (const k of ['pae', 'acpi_s3', 'acpi_s4', 'acpi_laptop_slate', 'nx', 'hpet', 'vpt_align']) bool(k);
    if (!apicForAll) bool('apic');
    if (ctx.atLeast('4.19')) bool('hvm_pirq');
    const vir = r.find('viridian');
    if (vir?.kind === 'list') {
      for (const it of r.strings('viridian', vir.items!)) if (!checkViridian(rep('viridian', spec(it)))) break;
    } else if (vir && vir.kind === 'string' && r.tryLong('viridian') === undefined) {
      ctx.report('not-a-number', 'warning', `'viridian' is 1 or 0, or a list of enlightenments such as [ "${vir.text}" ]; xl ignores "${vir.text}" without a word.`, vir.start, vir.end,
        vir.atom && vir.stmts.length === 1 ? [{ title: `Write [ ${ctx.doc.text.slice(vir.start, vir.end)} ]`, start: vir.start, end: vir.end, newText: `[ ${ctx.doc.text.slice(vir.start, vir.end)} ]` }] : []);
    }
    const mmio = long('mmio_hole');
    if (mmio && (mmio.value < 256n || mmio.value > 3840n)) {
      ctx.report('out-of-range', 'error', `mmio_hole is a size in MiB between 256 and 3840: xl refuses ${mmio.value}.`, mmio.s.start, mmio.s.end);
    }
    const a2 = bool('altp2mhvm');
    if (a2) {
      m.deprecated.add('altp2mhvm');
      const mode = a2.value ? 'mixed' : 'disabled';
      ctx.report('deprecated-key', 'warning', `'altp2mhvm' is deprecated (xl says so): write altp2m = "${mode}".`, ...keyRange(a2.s),
        r.has('altp2m') ? [] : [{ title: `Replace with altp2m = "${mode}"`, start: a2.s.last.start, end: a2.s.last.end, newText: `altp2m = "${mode}"` }], ['deprecated']);
    }
    str('smbios_firmware');
    str('acpi_firmware');
    if (ctx.atLeast('4.18')) readSmbios(ctx, r, rep);
    const genid = str('ms_vm_genid');
    if (genid) named('ms_vm_genid', genid);
    long('rdm_mem_boundary');
    const mca = r.find('mca_caps');
    if (mca?.kind === 'list') {
      for (const it of r.strings('mca_caps', mca.items!, 'refused')) {
        if (it.value !== 'lmce') {
          const [s, e] = [it.start, it.end];
          ctx.report('unknown-value', 'error', `"${it.value}" is not an MCA capability: xl refuses the config. The only one is "lmce".`, s, e,
            it.value.toLowerCase() === 'lmce' && it.kind === 'string' ? [{ title: 'Write "lmce"', start: s + 1, end: e - 1, newText: 'lmce', safe: true }] : []);
          break;
        }
      }
    } else if (mca) {
      ctx.report('expected-list', 'error', `'mca_caps' takes a list: xl refuses a single value ("unable to parse mca_caps"). Write [ ${ctx.doc.text.slice(mca.start, mca.end)} ].`, mca.start, mca.end,
        mca.stmts.length === 1 ? [{ title: 'Wrap the value in [ ]', start: mca.start, end: mca.end, newText: `[ ${ctx.doc.text.slice(mca.start, mca.end)} ]`, safe: true }] : []);
    }
    const fw = str('firmware');
    if (fw && fw.value === '') ctx.report('empty-value', 'warning', 'An empty firmware means "uefi" to xl (it matches by prefix). Write the firmware you want: "bios", "uefi" or a path.', fw.s.start, fw.s.end);
  } else {
    const fw = str('firmware');
    if (fw) {
      const v = fw.value;
      if (kernel) {
        ctx.report('kernel-and-firmware', 'error', `A ${type.toUpperCase()} guest takes either 'kernel' or 'firmware', not both: xl refuses the config ("both kernel and firmware specified"). Remove one of them.`, ...keyRange(fw.s));
      } else if (!'pvgrub32'.startsWith(v) && !'pvgrub64'.startsWith(v)) {
        const lc = v.toLowerCase();
        ctx.report('unknown-value', 'error', `For ${type.toUpperCase()} guests 'firmware' can only be "pvgrub32" or "pvgrub64": xl refuses "${v}".${['bios', 'uefi', 'ovmf', 'seabios', 'rombios'].includes(lc) ? ' BIOS and UEFI firmware are for HVM guests.' : ' To boot a kernel, use kernel = "..." instead.'}`, fw.s.start, fw.s.end,
          enumFixes(fw.s, closest(v, ['pvgrub32', 'pvgrub64'])));
      } else if (v !== 'pvgrub32' && v !== 'pvgrub64') {
        ctx.report('type-prefix', 'warning', `xl accepts "${v}" as a prefix of pvgrub32/pvgrub64 but then looks for ${v || '(empty)'}.bin, which does not exist. Write "pvgrub32" or "pvgrub64".`, fw.s.start, fw.s.end,
          enumFixes(fw.s, ['pvgrub64', 'pvgrub32']));
      }
    }
    const hasKernel = !!kernel || (!!fw && !kernel);
    if (typeInvalid || m.typeUnknown) {
      // xl stops at the guest type; what it would need to boot depends on the type meant.
    } else if (!hasKernel && !bootloader && !rejected && !(kernel === undefined && r.peek('kernel')?.kind === 'list')) {
      const at = typeS ? keyRange(typeS.s) : nameS ? keyRange(nameS) : [0, 0] as [number, number];
      const ways = type === 'pv' ? `'kernel', 'bootloader = "pygrub"' or 'firmware = "pvgrub64"'` : `'kernel' (a kernel image, or a bootloader built for PVH such as GRUB's xen_pvh image) or 'bootloader = "pygrub"'`;
      const assumed = m.typeFrom !== 'default' ? '' : type === 'pv'
        ? ' No type is set, so xl assumes PV; for a full PC guest set type = "hvm".'
        : ' No type is set: the keys say Arm, where xl makes every guest PVH.';
      ctx.report('missing-kernel', 'error', `A ${type.toUpperCase()} guest needs something to boot: set ${ways}. xl refuses it otherwise ("Neither kernel nor bootloader specified").${assumed}`, at[0], at[1]);
    } else if (!hasKernel && !bootloader && r.peek('kernel')?.kind === 'list' && !rejected) {
      const k = r.peek('kernel')!;
      ctx.report('missing-kernel', 'error', `With 'kernel' ignored (it is a list), this ${type.toUpperCase()} guest has nothing to boot: xl refuses it ("Neither kernel nor bootloader specified").`, ...keyRange(k));
    }
  }

  // --- altp2m, vmtrace, I/O resources ------------------------------------------------------------
  // altp2m: a number 0-3 (range-checked, not deprecated) or a mode's name.
  const a2l = r.tryLong('altp2m');
  if (a2l !== undefined) {
    const s = r.peek('altp2m')!;
    if (a2l < 0n || a2l > 3n) ctx.report('out-of-range', 'error', `altp2m as a number must be 0 to 3: xl refuses ${a2l}. Or name the mode: ${quoted(namesOf(ctx, 'altp2m'))}.`, s.start, s.end);
  } else {
    const a = str('altp2m');
    if (a) libxlEnum('altp2m', a);
  }
  if (ctx.atLeast('4.21')) {
    const count = long('altp2m_count');
    if (count && (count.value < 0n || count.value > 65535n)) {
      ctx.report('out-of-range', 'error', `altp2m_count must fit in 16 bits (0 to 65535): xl refuses ${count.value}.`, count.s.start, count.s.end);
    }
  }
  long('vmtrace_buf_kb');
  const ioports = r.list('ioports');
  if (ioports) for (const it of r.strings('ioports', ioports.items, 'refused')) checkIoport(rep('ioports', spec(it)));
  const irqs = r.list('irqs');
  if (irqs) for (const it of r.strings('irqs', irqs.items, 'refused')) checkIrq(rep('irqs', spec(it)));
  const iomem = r.list('iomem');
  if (iomem) for (const it of r.strings('iomem', iomem.items, 'refused')) checkIomem(rep('iomem', spec(it)));

  // --- devices -----------------------------------------------------------------------------------
  const disks = r.list('disk');
  if (disks) for (const it of r.strings('disk', disks.items)) checkDisk(rep('disk', spec(it)));
  const p9 = r.list('p9');
  const p9Set = new Set<string>();
  if (p9) for (const it of r.strings('p9', p9.items)) checkP9(rep('p9', spec(it)), p9Set);
  const vtpm = r.list('vtpm');
  if (vtpm) for (const it of r.strings('vtpm', vtpm.items)) checkVtpm(rep('vtpm', spec(it)));
  const vdispl = r.list('vdispl');
  if (vdispl) for (const it of r.strings('vdispl', vdispl.items)) checkVdispl(rep('vdispl', spec(it)));
  const pvcalls = r.list('pvcalls');
  if (pvcalls) for (const it of r.strings('pvcalls', pvcalls.items)) checkPvcalls(rep('pvcalls', spec(it)));
  readVsnd(ctx, r);
  const channel = r.list('channel');
  if (channel) for (const it of r.strings('channel', channel.items)) checkChannel(rep('channel', spec(it)));
  const vif = r.list('vif');
  if (vif) for (const it of r.strings('vif', vif.items)) checkVif(rep('vif', spec(it)));
  const vif2 = r.list('vif2');
  if (vif2) {
    m.deprecated.add('vif2');
    ctx.report('deprecated-key', 'warning', "'vif2' (netchannel2) is not supported by xl, which says so and ignores it. Use 'vif'.", ...keyRange(vif2.s),
      [{ title: "Remove 'vif2'", ...spanOf(lineOf(vif2.s)), newText: '' }], ['deprecated']);
  }
  const vfb = r.list('vfb');
  let vfbs = 0;
  if (vfb) for (const it of r.strings('vfb', vfb.items)) { vfbs++; checkVfb(rep('vfb', spec(it))); }
  const usbctrl = r.list('usbctrl');
  if (usbctrl) for (const it of r.strings('usbctrl', usbctrl.items)) checkUsb(rep('usbctrl', spec(it)), 'usbctrl');
  const usbdev = r.list('usbdev');
  if (usbdev) for (const it of r.strings('usbdev', usbdev.items)) checkUsb(rep('usbdev', spec(it)), 'usbdev');
  const cpuid = r.find('cpuid');
  if (cpuid?.kind === 'list') for (const it of r.strings('cpuid', cpuid.items!)) checkCpuidXend(rep('cpuid', spec(it)));
  else if (cpuid) checkCpuidString(rep('cpuid', settingSpec(cpuid)));

  // --- device model -------------------------------------------------------------------------------
  const dm = str('device_model');
  if (dm) {
    m.deprecated.add('device_model');
    ctx.report('deprecated-key', 'warning', `xl ignores 'device_model' (it says so)${/stubdom-dm/.test(dm.value) && type === 'hvm' ? "; for a stub domain set device_model_stubdomain_override = 1" : ''}. Remove it, or use device_model_override if you really need another device model.`, ...keyRange(dm.s),
      [{ title: "Remove 'device_model'", ...spanOf(lineOf(dm.s)), newText: '' }], ['deprecated']);
  }
  const dmo = str('device_model_override');
  const dmv = str('device_model_version');
  if (dmv) {
    if (dmv.value === 'qemu-xen-traditional' && valuesIn(ctx.kb, 'device_model_version', ctx.release).includes(dmv.value)) {
      m.deprecated.add('device_model_version');
      ctx.report('deprecated-value', 'warning', `"qemu-xen-traditional" is the old QEMU, unmaintained, and gone from xl in Xen 4.21: use "qemu-xen" (the default).`, dmv.s.start, dmv.s.end,
        enumFixes(dmv.s, ['qemu-xen']), ['deprecated']);
    } else named('device_model_version', dmv);
  } else if (dmo) {
    const after = lineOf(dmo.s)[1];
    ctx.report('dm-override-without-version', 'warning', "'device_model_override' without 'device_model_version': xl warns, and the binary may not be the QEMU flavour it assumes. Add device_model_version = \"qemu-xen\".", ...keyRange(dmo.s),
      [{ title: 'Add device_model_version = "qemu-xen"', start: after, end: after, newText: `${doc.text[after - 1] === '\n' ? '' : '\n'}device_model_version = "qemu-xen"\n` }]);
  }
  bool('device_model_stubdomain_override');
  str('device_model_stubdomain_seclabel');
  str('device_model_user');
  for (const k of ['stubdomain_kernel', 'stubdomain_ramdisk', 'stubdomain_cmdline']) str(k);
  long('stubdomain_memory');
  for (const k of ['device_model_args', 'device_model_args_pv', 'device_model_args_hvm']) {
    const s = r.find(k);
    if (s?.kind === 'string') {
      const src = ctx.doc.text.slice(s.start, s.end);
      ctx.report('expected-list', 'error', `'${k}' takes a list: xl refuses a single value ("Unable to parse ${k}"). Write [ ${src} ].`, s.start, s.end,
        s.stmts.length === 1 ? [{ title: 'Wrap the value in [ ]', start: s.start, end: s.end, newText: `[ ${src} ]`, safe: true }] : []);
      r.failed(s);
    } else if (s) r.strings(k, s.items!);
  }

  // --- display ----------------------------------------------------------------------------------------
  let vnclisten: { value: string; s: Setting } | undefined;
  let vncdisplay: bigint | undefined;
  const vncOptions = () => {
    bool('vnc');
    vnclisten = str('vnclisten');
    str('vncpasswd');
    vncdisplay = long('vncdisplay')?.value;
    bool('vncunused');
  };
  const sdlOptions = () => { bool('sdl'); bool('opengl'); str('display'); str('xauthority'); };
  if (type === 'pv' && vfbs === 0) {
    const vnc = long('vnc');
    if (vnc && vnc.value !== 0n) { vncOptions(); sdlOptions(); str('keymap'); }
  } else {
    vncOptions();
    sdlOptions();
  }
  bool('dm_restrict');
  let soundhw: { value: string; s: Setting } | undefined;
  if (type === 'hvm') {
    const vga = str('vga');
    if (vga) {
      named('vga', vga);
      const ignored = r.find('stdvga');
      if (ignored) {
        // xl reads stdvga only when vga is not set.
        m.deprecated.add('stdvga');
        ctx.report('deprecated-key', 'warning', `'stdvga' is ignored because 'vga' is set (xl reads stdvga only without vga), and it is deprecated anyway: remove it.`, ...keyRange(ignored),
          ignored.stmts.length === 1 ? [{ title: "Remove 'stdvga'", ...spanOf(lineOf(ignored)), newText: '', safe: true }] : [], ['deprecated', 'unnecessary']);
      }
    } else {
      const sv = bool('stdvga');
      if (sv) {
        m.deprecated.add('stdvga');
        const v = sv.value ? 'stdvga' : 'cirrus';
        ctx.report('deprecated-key', 'warning', `'stdvga' is deprecated: write vga = "${v}".`, ...keyRange(sv.s),
          [{ title: `Replace with vga = "${v}"`, start: sv.s.last.start, end: sv.s.last.end, newText: `vga = "${v}"`, safe: sv.s.stmts.length === 1 }], ['deprecated']);
      }
    }
    const hdtype = str('hdtype');
    if (hdtype) libxlEnum('hdtype', hdtype);
    str('keymap');
    bool('spice');
    long('spiceport');
    long('spicetls_port');
    str('spicehost');
    bool('spicedisable_ticketing');
    str('spicepasswd');
    bool('spiceagent_mouse');
    bool('spicevdagent');
    bool('spice_clipboard_sharing');
    long('spiceusbredirection');
    str('spice_image_compression');
    str('spice_streaming_video');
    bool('nographic');
    if (r.tryLong('gfx_passthru') === undefined) {
      const g = str('gfx_passthru');
      if (g) libxlEnum('gfx_passthru', g);
    }
    const serial = r.find('serial');
    if (serial?.kind === 'list') r.strings('serial', serial.items!);
    str('boot');
    bool('usb');
    long('usbversion');
    const usbdevice = r.find('usbdevice');
    if (usbdevice?.kind === 'list') r.strings('usbdevice', usbdevice.items!);
    bool('vkb_device');
    soundhw = str('soundhw');
    bool('xen_platform_pci');
    if (ctx.atLeast('4.21')) bool('xen_platform_pci_bar_uc');
    if (vnclisten && vncdisplay && vnclisten.value.includes(':')) {
      ctx.report('vnc-display-conflict', 'error', `vnclisten "${vnclisten.value}" already names a display (after the ':'), and vncdisplay names another: xl refuses the config ("Display specified both in vnclisten and vncdisplay"). Keep one.`, vnclisten.s.start, vnclisten.s.end);
    }
    const vd = str('vendor_device');
    if (vd) libxlEnum('vendor_device', vd);
  }
  const gic = str('gic_version');
  if (gic) libxlEnum('gic_version', gic);
  const tee = str('tee');
  if (tee) libxlEnum('tee', tee);
  if (ctx.atLeast('4.18')) {
    const sve = str('sve');
    if (sve) libxlEnum('sve', sve);
  }
  const nrSpis = ctx.atLeast('4.19') ? long('nr_spis') : undefined;
  if (ctx.atLeast('4.21')) {
    bool('trap_unmapped_accesses');
    const sci = str('arm_sci');
    if (sci) checkArmSci(rep('arm_sci', settingSpec(sci.s)));
  }
  const vkb = r.list('vkb');
  if (vkb) for (const it of r.strings('vkb', vkb.items)) checkVkb(rep('vkb', spec(it)));
  let virtios = 0;
  if (ctx.atLeast('4.18')) {
    const virtio = r.list('virtio');
    if (virtio) for (const it of r.strings('virtio', virtio.items)) { virtios++; checkVirtio(rep('virtio', spec(it))); }
  }
  bool('xend_suspend_evtchn_compat');
  const msr = bool('msr_relaxed');
  if (msr) {
    m.deprecated.add('msr_relaxed');
    ctx.report('deprecated-key', 'warning', "'msr_relaxed' is a temporary workaround that xl says will be removed: if the guest needs it, report the problem to xen-devel.", ...keyRange(msr.s), [], ['deprecated']);
  }
  bool('vpmu');

  readLaterKeys(ctx, r, m, rep);

  // --- what libxl or Xen refuse when the domain is built (xl -N accepts) ----------------------------
  if (type === 'hvm') checkDeviceModel(ctx, r, soundhw);
  if (nrSpis) checkNrSpis(ctx, r, nrSpis, virtios);
  return m;
}

type Rep = (key: string, v: SpecString) => SpecReporter;
const itemSpec = (it: StringAtom | NumberAtom): SpecString => ({ text: it.value, atom: it, start: it.start, end: it.end });

/** xenstore_quota (4.22, parse_xsquota_item in xl_parse.c:1319@RELEASE-4.22.0): "name=number" items. */
function readXenstoreQuota(ctx: CheckContext, r: XlReader, rep: Rep): void {
  const l = r.list('xenstore_quota');
  if (!l) return;
  for (const it of r.strings('xenstore_quota', l.items, 'refused')) {
    const q = rep('xenstore_quota', itemSpec(it));
    const eq = it.value.indexOf('=');
    if (eq === -1) { q.whole('spec-invalid-value', 'error', `'${it.value}' is not name=value: xl refuses the config ("lacks \"=\""). Write e.g. "nodes=1000".`); return; }
    const v = it.value.slice(eq + 1);
    const n = strtoul(v, 0, 0);
    if (!v || !n.ok || n.end !== v.length || n.value > 0xffffffffn) {
      q.report('spec-invalid-value', 'error', `'${v}' is not a quota xl can read (a whole number that fits in 32 bits): it refuses the config ("illegal value").`, eq + 1, it.value.length);
      return;
    }
  }
}

/** llc_colors (4.20, xl_parse.c:1451@RELEASE-4.20.0): "N" or "N-M" items, sscanf'd. */
function readLlcColors(ctx: CheckContext, r: XlReader, rep: Rep): void {
  const l = r.list('llc_colors');
  if (!l) return;
  for (const it of r.strings('llc_colors', l.items, 'refused')) {
    const q = rep('llc_colors', itemSpec(it));
    const range = /^\s*[+-]?(\d+)-\s*[+-]?(\d+)/.exec(it.value);
    if (range) {
      if (BigInt(range[1]) > BigInt(range[2])) { q.whole('spec-invalid-value', 'error', `The range '${it.value}' starts after it ends: xl refuses the config ("Start LLC color is greater than end"). Write the smaller color first.`); return; }
    } else if (!/^\s*[+-]?\d/.test(it.value)) {
      q.whole('spec-invalid-value', 'error', `'${it.value}' is not an LLC color or range: xl refuses the config ("Invalid LLC color range"). Write "N" or "N-M", e.g. "0-3".`);
      return;
    }
  }
}

/** smbios (HVM, 4.18, xl_parse.c:1877@RELEASE-4.18.0): "type=value" items, the type a libxl enum. */
function readSmbios(ctx: CheckContext, r: XlReader, rep: Rep): void {
  const l = r.list('smbios');
  if (!l) return;
  const types = ctx.kb.spec('smbios')?.subkeys.map((k) => k.key) ?? [];
  let oem = 0;
  for (const it of r.strings('smbios', l.items, 'refused')) {
    const q = rep('smbios', itemSpec(it));
    const eq = it.value.indexOf('=');
    if (eq === -1) { q.whole('spec-invalid-value', 'error', `'${it.value}' is not type=value: xl refuses the config ("failed to split at '='"). Write e.g. "bios_vendor=Xen".`); return; }
    const key = it.value.slice(0, eq);
    if (eq === it.value.length - 1) { q.report('spec-invalid-value', 'error', `smbios ${key}= has no value: xl refuses an empty one.`, eq, eq + 1); return; }
    if (types.length && !types.some((t) => t.toLowerCase() === key.toLowerCase())) {
      const guesses = closest(key.toLowerCase(), types);
      q.report('spec-unknown-subkey', 'error', `Unknown smbios type '${key}': xl refuses the config ("unknown smbios type").${guesses.length ? ` Did you mean ${guesses.map((g) => `'${g}'`).join(' or ')}?` : ''}`, 0, eq,
        guesses.flatMap((g) => q.fix(`Rename to '${g}'`, 0, eq, g)));
      return;
    }
    if (key.toLowerCase() === 'oem' && ++oem > 99) { q.whole('spec-invalid-value', 'error', 'xl takes at most 99 smbios oem strings and refuses the config with more.'); return; }
  }
}

/**
 * What libxl refuses about the device model when it builds an HVM guest (xl -N accepts it):
 * soundhw names (libxl_dm.c:1537@RELEASE-4.17.0, from 4.17; qemu-xen only), and the BIOS the
 * device model can load (libxl_create.c:158@RELEASE-4.17.0, libxl_create.c:130@RELEASE-4.21.0).
 */
function checkDeviceModel(ctx: CheckContext, r: XlReader, soundhw: { value: string; s: Setting } | undefined): void {
  const dmv = r.peek('device_model_version');
  // A device model xl refuses: the config never gets as far as libxl.
  if (dmv && !(dmv.kind === 'string' && valuesIn(ctx.kb, 'device_model_version', ctx.release).includes(dmv.text!))) return;
  const traditional = dmv?.kind === 'string' && dmv.text === 'qemu-xen-traditional' && !ctx.atLeast('4.21');
  if (soundhw && !traditional && ctx.atLeast('4.17')) {
    const names = valuesIn(ctx.kb, 'soundhw', ctx.release);
    if (names.length && !names.some((n) => n.toLowerCase() === soundhw.value.toLowerCase())) {
      const guesses = closest(soundhw.value.toLowerCase(), names);
      ctx.report('fails-at-create', 'error', `xl -N accepts soundhw = "${soundhw.value}", but xl create fails: libxl does not know this sound card when it starts QEMU ("Unknown soundhw option"). Valid: ${quoted(names)}.${guesses.length ? ` Did you mean "${guesses[0]}"?` : ''}`,
        soundhw.s.start, soundhw.s.end);
    }
  }
  if (!traditional) checkUsbVersion(ctx, r);
  const bios = r.peek('bios');
  if (bios?.kind !== 'string') return;
  const b = bios.text!.toLowerCase();
  if (b === 'rombios' && !traditional) {
    ctx.report('fails-at-create', 'error', `xl -N accepts bios = "${bios.text}", but xl create fails: libxl refuses ROMBIOS with the qemu-xen device model ("qemu-xen does not support bios=rombios"). Use "seabios" (the default) or "ovmf".`, bios.start, bios.end);
  } else if (traditional && (b === 'seabios' || b === 'ovmf')) {
    ctx.report('fails-at-create', 'error', `xl -N accepts bios = "${bios.text}", but xl create fails: libxl makes qemu-xen-traditional use ROMBIOS and refuses any other ("qemu-xen-traditional requires bios=rombios"). Use device_model_version = "qemu-xen", or bios = "rombios".`, bios.start, bios.end);
  }
}

/**
 * usbversion and spiceusbredirection, which libxl checks when it writes QEMU's arguments, and only
 * without usb = 1 or usbdevice (libxl_dm.c:1496-1531@RELEASE-4.17.0, libxl_dm.c:567@RELEASE-4.4.0,
 * libxl_dm.c:1264@RELEASE-4.22.0): a version other than 1 to 3, or more than 4 redirections, fail.
 */
function checkUsbVersion(ctx: CheckContext, r: XlReader): void {
  const usb = r.peek('usb');
  const usbN = usb?.kind === 'string' ? readInteger(usb.text!) : undefined;
  const usbOn = (!!usbN && usbN.ok && usbN.value !== 0n) || r.has('usbdevice');
  const num = (key: string) => {
    const s = r.peek(key);
    if (s?.kind !== 'string' || s.op === '+=') return undefined;
    const n = readInteger(s.text!);
    return n.ok ? { n: n.value, s } : undefined;
  };
  const version = num('usbversion');
  if (usbOn || !version || version.n === 0n) return;
  if (version.n < 1n || version.n > 3n) {
    ctx.report('fails-at-create', 'error', `xl -N accepts usbversion = ${version.n}, but xl create fails: libxl knows USB controllers 1 (UHCI), 2 (EHCI) and 3 (xHCI) only ("usbversion parameter is invalid").`, version.s.start, version.s.end);
    return;
  }
  const redir = num('spiceusbredirection');
  if (redir && (redir.n < 0n || redir.n > 4n)) {
    ctx.report('fails-at-create', 'error', `xl -N accepts spiceusbredirection = ${redir.n}, but xl create fails: libxl makes at most 4 SPICE USB redirection channels ("usbredirection parameter is invalid").`, redir.s.start, redir.s.end);
  }
}

/** The most SPIs Xen's vGIC gives a guest without eSPI support: ROUNDUP(n, 32) <= 988 (vgic.c:257@RELEASE-4.21.0). */
const MAX_SPIS = 960n;

/**
 * Arm nr_spis (4.19): libxl computes the SPIs the guest needs (vUART, virtio-mmio devices, passed-
 * through IRQs); from 4.21 a smaller nr_spis is refused at create (libxl_arm.c:185@RELEASE-4.21.0),
 * before that the larger of the two was used (libxl_arm.c:184@RELEASE-4.19.0).
 */
function checkNrSpis(ctx: CheckContext, r: XlReader, nr: { value: bigint; s: Setting }, virtios: number): void {
  const n = nr.value;
  if (n > MAX_SPIS) {
    if (ctx.atLeast('4.21')) {
      ctx.report('host-dependent', 'warning', `nr_spis = ${n} is more than the ${MAX_SPIS} SPIs Xen's vGIC gives without eSPI: xl create works only on a GICv3 host with extended SPIs and a Xen built with eSPI support (CONFIG_GICV3_ESPI).`, nr.s.start, nr.s.end);
    } else {
      ctx.report('fails-at-create', 'error', `xl -N accepts nr_spis = ${n}, but xl create fails: Xen's vGIC gives a guest at most ${MAX_SPIS} SPIs and refuses the domain. Write at most ${MAX_SPIS}.`, nr.s.start, nr.s.end);
    }
    return;
  }
  if (!ctx.atLeast('4.21')) return;
  let need = 0n;
  const why: string[] = [];
  const vuart = r.peek('vuart');
  if (vuart?.kind === 'string' && vuart.text!.toLowerCase() === 'sbsa_uart') { need = 1n; why.push('the vUART'); }
  let mmio = virtios;
  const disks = r.peek('disk');
  if (disks?.kind === 'list') for (const d of disks.items!) if (d.kind !== 'list' && parseDisk(d.value, ctx.release).tokens.some((t) => t.text.replace(/,$/, '') === 'specification=virtio')) mmio++;
  if (mmio) { const v = BigInt(mmio) + 1n; if (v > need) need = v; why.push(`${mmio} virtio-mmio device(s)`); }
  const irqs = r.peek('irqs');
  if (irqs?.kind === 'list') {
    for (const it of irqs.items!) {
      if (it.kind === 'list') continue;
      const c = strtoul(it.value, 0, 0);
      if (c.ok && c.value >= 32n && c.value - 31n > need) { need = c.value - 31n; why.push(`IRQ ${c.value}`); }
    }
  }
  if (n < need) {
    ctx.report('fails-at-create', 'error', `xl -N accepts nr_spis = ${n}, but xl create fails: libxl needs at least ${need} SPIs for ${why.join(', ')} and refuses a smaller nr_spis ("Provided nr_spis value is too small"). Write ${need} or more, or leave nr_spis out.`,
      nr.s.start, nr.s.end, nr.s.atom && nr.s.stmts.length === 1 ? [{ title: `Write ${need}`, start: nr.s.atom.start, end: nr.s.atom.end, newText: String(need) }] : []);
  }
}

/** The getter options of a key, from xl-reading.yaml. */
function getterOptions(key: string, ctx: CheckContext): LongOptions {
  const rule = readingOf(key, ctx.release);
  if (!rule) return {};
  return {
    quiet: rule.quiet, fatal: rule.fatal, unit: rule.unit,
    min: rule.min !== undefined ? BigInt(rule.min) : undefined, max: rule.max !== undefined ? BigInt(rule.max) : undefined,
  };
}

/** Every name of an option's values, in the order of libxl's enum (whatever the release). */
function namesOf(ctx: CheckContext, key: string): string[] {
  return (ctx.kb.option(key)?.values ?? []).map((v) => v.value);
}

function quoted(names: string[]): string {
  return names.map((x) => `"${x}"`).join(', ');
}

/** A repeatable random source, so the same file always gets the same suggestion. */
function seeded(text: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return () => { h = (Math.imul(h, 1103515245) + 12345) >>> 0; return (h >>> 8) / 16777216; };
}

function spanOf([start, end]: [number, number]): { start: number; end: number } {
  return { start, end };
}

/** tsc_mode / timer_mode: a number (deprecated, 0-3) or a name. */
function modeOption(ctx: CheckContext, r: XlReader, m: XlModel, key: 'tsc_mode' | 'timer_mode',
  libxlEnum: (key: string, got: { value: string; s: Setting }) => boolean): void {
  const n = r.tryLong(key);
  const s = r.peek(key);
  if (!s) return;
  if (key === 'timer_mode' && m.type === 'pv' && (n !== undefined || s.kind === 'string')) {
    const nl = ctx.doc.text.indexOf('\n', s.last.end);
    ctx.report('unsupported-for-guest-type', 'error', "'timer_mode' is for HVM and PVH guests: xl refuses it for a PV guest. Remove it.", s.last.keyStart, s.last.keyEnd,
      s.stmts.length === 1 ? [{ title: "Remove 'timer_mode'", start: s.last.start, end: nl === -1 ? ctx.doc.text.length : nl + 1, newText: '' }] : []);
    return;
  }
  if (n !== undefined) {
    // The number indexes libxl's enum, whose order the option's values keep.
    const names = namesOf(ctx, key);
    if (n < 0n || n > 3n) {
      ctx.report('out-of-range', 'error', `${key} as a number must be 0 to 3: xl refuses ${n}. Better, name the mode: ${quoted(names)}.`, s.start, s.end);
      return;
    }
    const name = names[Number(n)];
    m.deprecated.add(key);
    ctx.report('deprecated-number-form', 'warning', `${key} as a number is deprecated (xl says so): write ${key} = "${name}".`, s.start, s.end,
      s.atom && s.stmts.length === 1 ? [{ title: `Write "${name}"`, start: s.atom.start, end: s.atom.end, newText: `"${name}"`, safe: true }] : [], ['deprecated']);
    const gone = (ctx.kb.option(key)?.values ?? [])[Number(n)];
    if (gone && removedIn(gone, ctx.release) && gone.removedHow === 'fails-at-create') {
      ctx.report('fails-at-create', 'error', `xl -N accepts ${key} = ${n} ("${name}"), but xl create fails: libxl refuses that mode when it builds the domain, since ${releaseLabel(gone.removed!)}.`, s.start, s.end);
    }
    return;
  }
  const v = r.string(key);
  if (v) libxlEnum(key, v);
}

/** cpus / cpus_soft: parse_vcpu_affinity(). */
function readAffinity(ctx: CheckContext, r: XlReader, key: 'cpus' | 'cpus_soft', maxVcpus: bigint, hard: boolean): void {
  const s = r.find(key);
  if (!s) return;
  const lists: { text: string; atom?: StringAtom | NumberAtom; start: number; end: number; vcpu?: number }[] = [];
  if (s.kind === 'list') {
    const items = s.items!;
    const n = items.length > Number(maxVcpus) ? Number(maxVcpus) : items.length;
    for (let j = 0; j < n; j++) {
      const it = items[j];
      if (it.kind === 'list') {
        ctx.report('nested-list', 'error', `'${key}' takes one CPU list (a string) per vCPU: a nested list leaves vCPU ${j} without one, and xl 4.17 refuses the config or crashes. Remove the inner [ ].`, it.start, it.end);
        return;
      }
      lists.push({ text: it.value, atom: it, start: it.start, end: it.end, vcpu: j });
    }
    if (items.length > n && maxVcpus > 0n) {
      const extra = items[n];
      ctx.report('value-ignored', 'warning', `'${key}' has ${items.length} entries but the guest has ${maxVcpus} vCPU(s): xl ignores the entries from here on.`, extra.start, items[items.length - 1].end);
    } else if (maxVcpus === 0n && items.length) {
      ctx.report('value-ignored', 'warning', `'${key}' is applied per vCPU, and without vcpus or maxvcpus xl applies none of it. Set vcpus.`, s.start, s.end);
    }
  } else {
    lists.push({ text: s.text!, atom: s.atom, start: s.start, end: s.end });
  }
  for (const l of lists) {
    const rep = new SpecReporter(ctx, key, l);
    const res = parseCpuList(l.text);
    if (res.error) {
      const e = res.error;
      rep.report('invalid-cpu-list', 'error', e.kind === 'not-all'
        ? `"^all" would exclude every CPU: xl refuses it ("Can't combine ^ and all").`
        : `'${l.text.slice(e.start, e.end)}' is not a CPU, range or node: xl refuses the config ("Invalid pcpu range"). Write CPU numbers and ranges separated by commas, '^' to exclude, 'nodes:' for NUMA nodes, or "all": e.g. "0-3,^1".`, e.start, e.end);
      return;
    }
    if (!hard) continue;
    if (maxVcpus === 0n && l.vcpu === undefined) {
      ctx.report('value-ignored', 'warning', `'${key}' is applied to each vCPU, and without vcpus or maxvcpus xl applies it to none. Set vcpus.`, l.start, l.end);
      continue;
    }
    const who = l.vcpu === undefined ? 'The guest' : `vCPU ${l.vcpu}`;
    if (!cpuSet(res.items, HUGE_HOST).length) {
      ctx.report('empty-cpu-affinity', 'error', `${who} may not run on any CPU with "${l.text}": xl refuses the config ("vcpu hard affinity map is empty"). ${l.text.trim().startsWith('^') ? "A list that only excludes CPUs selects none: start from \"all\", e.g. \"all,^0\"." : 'Name at least one CPU.'}`, l.start, l.end,
        l.text.trim().startsWith('^') && l.atom?.kind === 'string' && ctx.plainString(l.atom) ? [{ title: 'Start from all', start: l.atom.start + 1, end: l.atom.start + 1, newText: 'all,' }] : []);
    } else if (!cpuSet(res.items, SMALL_HOST).length) {
      const need = cpuNeeds(res.items);
      const what = need.node !== undefined && (need.cpu === undefined || need.cpu < SMALL_HOST.cpus)
        ? `NUMA node ${need.node}, so the host needs at least ${need.node + 1n} NUMA nodes`
        : `CPU ${need.cpu} or above, so the host needs more than ${need.cpu} CPUs`;
      ctx.report('host-dependent', 'warning', `${who} may only run on ${what}: on a smaller host xl refuses the config ("vcpu hard affinity map is empty"). Check the host with 'xl info'.`, l.start, l.end);
    }
  }
}

/** vnuma (parse_vnuma_config): nested lists of "key=value" strings. */
function readVnuma(ctx: CheckContext, r: XlReader, m: XlModel): { maxVcpus?: bigint } {
  const s = r.find('vnuma');
  if (!s) return {};
  if (s.kind !== 'list') {
    // quiet getter: a single value is ignored
    ctx.report('expected-list', 'warning', "'vnuma' takes a list of nodes, each a list of \"key=value\" strings; xl ignores a single value without a word.", s.start, s.end);
    return {};
  }
  const nodes = s.items!;
  if (!nodes.length) return {};
  m.vnuma = true;
  let vcpuCount = 0n;
  let memMiB = 0n;
  let hostPnode: { n: bigint; start: number; end: number } | undefined;
  for (const node of nodes) {
    if (node.kind !== 'list') {
      ctx.report('expected-list', 'error', `Each vNUMA node is a list of "key=value" strings, e.g. [ "pnode=0", "size=1024", "vcpus=0-1", "vdistances=10" ]: xl refuses the config ("cannot get vnode config option list").`, node.start, node.end,
        [{ title: 'Wrap it in [ ]', start: node.start, end: node.end, newText: `[ ${ctx.source(node)} ]` }]);
      return {};
    }
    for (const opt of node.items) {
      if (opt.kind === 'list') continue;
      const rep = new SpecReporter(ctx, 'vnuma', { text: opt.value, atom: opt, start: opt.start, end: opt.end });
      // 4.17 splits with strtok (a second '=' ends the value); 4.18 at the first '='
      // (split_string_into_pair, xl_parse.c:657@RELEASE-4.18.0), so "pnode==0" has the value "=0".
      let parts = strtok(opt.value, '=');
      if (ctx.atLeast('4.18')) {
        const eq = opt.value.indexOf('=');
        parts = eq === -1 || eq === opt.value.length - 1 ? [] : [
          { text: opt.value.slice(0, eq), start: 0, end: eq },
          { text: opt.value.slice(eq + 1), start: eq + 1, end: opt.value.length },
        ];
      }
      if (parts.length < 2) {
        rep.whole('spec-invalid-value', 'error', `'${opt.value}' is not key=value: xl refuses the config ("failed to split into pair").`);
        return {};
      }
      const key = parts[0].text.trim();
      const value = parts[1].text.trim();
      if (parts.length > 2 || ((key === 'pnode' || key === 'size') && /^\s*[0-9]+\s*,/.test(value))) {
        rep.report('spec-invalid-value', 'warning', `Each vNUMA setting is its own quoted string: xl reads '${opt.value}' as ${key}=${value.split(',')[0]} and loses the rest. Write [ "pnode=0", "size=1024", ... ].`, parts[1].start, opt.value.length);
      }
      const num = (v: string) => {
        const c = strtoul(v, 0, 10);
        const n = c.ok && c.value !== ULONG_MAX ? c.value : undefined;
        if (n === undefined) {
          rep.report('spec-invalid-value', 'error', `vnuma ${key} needs a number: xl refuses '${v}' ("failed to convert to number").`, parts[1].start, parts[1].end);
          return undefined;
        }
        return n;
      };
      if (key === 'pnode') {
        const n = num(value);
        if (n === undefined) return {};
        if (n >= SMALL_HOST_NODES) hostPnode = { n, start: opt.start, end: opt.end };
      } else if (key === 'size') {
        const n = num(value);
        if (n === undefined) return {};
        memMiB += n;
      } else if ((key === 'vcpus' || key === 'vdistances') && !strtok(value, ',').length) {
        rep.report('spec-invalid-value', 'error', `vnuma ${key}= needs at least one value; '${value}' makes xl 4.17 crash.`, parts[1].start, parts[1].end);
        return {};
      } else if (key === 'vcpus') {
        for (const t of strtok(value, ',')) {
          const mm = /^\s*([0-9]+)(?:-([0-9]+))?/.exec(t.text);
          if (!mm) continue;
          const a = BigInt(mm[1]), b = mm[2] ? BigInt(mm[2]) : a;
          if (b >= a) vcpuCount += b - a + 1n;
        }
      } else if (key === 'vdistances') {
        for (const t of strtok(value, ',')) if (num(t.text) === undefined) return {};
      } else {
        const guesses = closest(key, ['pnode', 'size', 'vcpus', 'vdistances']);
        rep.report('spec-unknown-subkey', 'warning', `Unknown vnuma parameter '${key}': xl ignores it without a word.${guesses.length ? ` Did you mean '${guesses[0]}'?` : ''}`, parts[0].start, parts[0].end);
      }
    }
  }
  if (hostPnode) {
    ctx.report('host-dependent', 'warning', `pnode ${hostPnode.n} needs a host with at least ${hostPnode.n + 1n} NUMA nodes: on a smaller one xl refuses the config ("invalid pnode number"). Check with 'xl info -n'.`, hostPnode.start, hostPnode.end);
  }
  const maxv = r.peek('maxvcpus');
  const maxvN = m.maxvcpus;
  if (maxvN !== undefined && maxvN !== 0n) {
    if (maxvN !== vcpuCount) {
      ctx.report('vnuma-mismatch', 'error', `The vNUMA nodes hold ${vcpuCount} vCPUs but maxvcpus is ${maxvN}: xl refuses the config ("vnuma vcpus and maxvcpus= mismatch"). Make them agree.`, maxv!.start, maxv!.end);
    }
  } else if (vcpuCount > SMALL_HOST_CPUS) {
    ctx.report('host-dependent', 'warning', `The vNUMA nodes hold ${vcpuCount} vCPUs: xl refuses more vNUMA vCPUs than the host has CPUs unless maxvcpus is set. Set maxvcpus = ${vcpuCount} to skip that check.`, s.start, s.end);
  }
  const maxmem = r.peek('maxmem');
  if (m.maxmem === undefined && m.memory !== undefined && memMiB < m.memory) {
    ctx.report('vnuma-mismatch', 'warning', `The vNUMA nodes add up to ${memMiB} MiB, which becomes the guest's maximum memory, below memory = ${m.memory}: the dry run accepts it, the guest cannot be built. Give every node its size= so that they add up to memory.`, s.start, s.end);
  }
  if (m.memory !== undefined && memMiB > m.memory && m.type !== 'pv') {
    ctx.report('vnuma-mismatch', 'warning', `The vNUMA nodes add up to ${memMiB} MiB, above memory = ${m.memory}: the guest would start pre-ballooned (populate-on-demand), which libxl does not allow together with vNUMA. Make the sizes add up to memory.`, s.start, s.end);
  }
  if (m.maxmem !== undefined && m.maxmem !== memMiB) {
    ctx.report('vnuma-mismatch', 'error', `The vNUMA nodes add up to ${memMiB} MiB but maxmem is ${m.maxmem}: xl refuses the config ("maxmem and vnuma memory size mismatch"). Make them agree, or remove maxmem.`, maxmem!.start, maxmem!.end);
  }
  return { maxVcpus: maxvN !== undefined && maxvN !== 0n ? maxvN : vcpuCount };
}

const SMALL_HOST_NODES = SMALL_HOST.nodes;
const SMALL_HOST_CPUS = SMALL_HOST.cpus;

/** vsnd: a list of cards, each a list of item strings. */
function readVsnd(ctx: CheckContext, r: XlReader): void {
  const s = r.list('vsnd');
  if (!s) return;
  for (const card of s.items) {
    if (card.kind !== 'list') {
      ctx.report('expected-list', 'error', 'Each vsnd card is a list of strings, e.g. [ "CARD, short-name=x", "PCM, name=p", "STREAM, unique-id=s, type=p" ]: xl refuses the config ("Failed to get vsnd card list").', card.start, card.end);
      return;
    }
    const state = { pcms: 0, streams: 0 };
    for (const it of r.strings('vsnd', card.items)) {
      if (!checkVsndItem(new SpecReporter(ctx, 'vsnd', { text: it.value, atom: it, start: it.start, end: it.end }), state)) return;
    }
  }
}

/**
 * Keys that releases after 4.17 read and the replay above does not (a key the knowledge adds before
 * the replay learns it): read by their shape from the knowledge table, in the chosen release only.
 */
function readLaterKeys(ctx: CheckContext, r: XlReader, m: XlModel, rep: (key: string, v: SpecString) => SpecReporter): void {
  for (const info of ctx.kb.optionsFor('domain')) {
    if (!atLeast(info.since ?? '4.4', '4.18') || !existsIn(info, ctx.release) || r.read.has(info.key) || !r.has(info.key)) continue;
    if (info.guests.length && !info.guests.includes(m.type)) continue;
    const s = r.peek(info.key)!;
    const wantsList = info.shape.includes('list');
    const wantsSingle = info.shape.some((x) => x !== 'list');
    if (s.kind === 'list' && wantsList) {
      r.find(info.key);
      const items = r.strings(info.key, s.items!);
      if (info.spec && ctx.kb.spec(info.spec)) for (const it of items) checkGenericSpec(rep(info.key, { text: it.value, atom: it, start: it.start, end: it.end }), info.spec);
    } else if (s.kind === 'string' && wantsSingle) {
      if (info.shape.includes('string')) {
        r.string(info.key);
        if (info.spec && ctx.kb.spec(info.spec)) checkGenericSpec(rep(info.key, { text: s.text!, atom: s.atom, start: s.start, end: s.end }), info.spec);
      } else r.long(info.key);
    } else if (s.kind === 'list') r.string(info.key);
    else r.list(info.key);
  }
}
