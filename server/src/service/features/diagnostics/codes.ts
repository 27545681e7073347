// Every code the semantic checks can emit, with a one-line title. Codes are stable: users
// silence them by name (xlcfg.diagnostics, `# xlcfg-disable-next-line CODE`) and each one has a
// section in docs/diagnostics.md (test/unit/diagnostics-docs.test.ts holds the two in step).
// The syntax codes come from the parser (server/src/service/parser) and are not listed here.

export const SEMANTIC_CODES = {
  // shape: the kind of value xl's getter expects
  'expected-single-value': 'A list where xl reads one value',
  'expected-list': 'A single value where xl reads a list',
  'add-to-number': "'+=' on a key xl reads as a number",
  'nested-list': 'A list inside a list where xl expects strings',
  // values
  'not-a-number': 'A value xl cannot read as a number',
  'out-of-range': 'A number outside the range xl or the hypervisor accepts',
  'unknown-value': 'A value that is not one of the names xl accepts',
  'type-prefix': "A guest type that xl matches only by prefix",
  'invalid-uuid': 'A malformed UUID',
  'invalid-cpu-list': 'A CPU list xl cannot parse',
  'empty-cpu-affinity': 'A vCPU left with no CPU it may run on',
  'host-dependent': 'A setting that works only on a big enough host',
  'invalid-ioport': 'A malformed I/O port range',
  'invalid-irq': 'A malformed IRQ number',
  'invalid-iomem': 'A malformed iomem range',
  'invalid-cpuid': 'A CPUID policy xl cannot read',
  'empty-value': 'An empty string where a value is needed',
  'value-ignored': 'A value xl reads but then ignores',
  // spec strings
  'spec-unknown-subkey': 'A parameter the device spec does not have',
  'spec-invalid-value': 'A bad value for a device spec parameter',
  'spec-invalid-mac': 'A malformed MAC address',
  'spec-invalid-rate': 'A malformed vif rate limit',
  'spec-invalid-bdf': 'A malformed PCI address',
  'spec-missing-required': 'A device spec without a parameter it needs',
  'spec-respecified': 'A disk parameter given twice',
  'spec-too-many-positional': 'Too many unnamed fields in a disk spec',
  'spec-positional-format': 'A disk spec whose second field is read as the format',
  'spec-unknown-prefix': 'An unknown disk target prefix',
  'spec-target-not-last': 'A disk target= followed by more parameters',
  'spec-whitespace': 'A space that xl keeps as part of a value',
  'spec-ignored-rest': 'Parameters xl stops reading before',
  'spec-unsupported': 'A device parameter xl accepts but does not support',
  // accepted by the dry run, refused when the domain is built
  'fails-at-create': 'A value xl -N accepts but libxl or Xen refuses when the domain is built',
  // several keys together
  'missing-name': 'No name',
  'type-builder-conflict': "'builder' and 'type' disagree",
  'missing-kernel': 'A PV or PVH guest with nothing to boot',
  'kernel-and-firmware': "Both 'kernel' and 'firmware' on a PV or PVH guest",
  'maxvcpus-below-vcpus': 'maxvcpus lower than vcpus',
  'maxmem-below-memory': 'maxmem lower than memory',
  'pod-needs-balloon': 'maxmem above memory on an HVM or PVH guest',
  'pod-with-passthrough': 'maxmem above memory together with PCI passthrough',
  'cmdline-overrides': "'root' or 'extra' ignored because 'cmdline' is set",
  'hvm-kernel-hvmloader': "'kernel' naming hvmloader on an HVM guest",
  'bios-path-without-bios': "'bios_path_override' without 'bios'",
  'dm-override-without-version': "'device_model_override' without 'device_model_version'",
  'vnc-display-conflict': 'A VNC display given both in vnclisten and vncdisplay',
  'vnuma-mismatch': 'vNUMA nodes that disagree with maxvcpus or maxmem',
  'unsupported-for-guest-type': 'An option xl refuses for this guest type',
  'not-for-guest-type': 'An option that does nothing for this guest type',
  'wrong-architecture': 'An option for another CPU architecture',
  'duplicate-key': 'A key set twice, the first value lost',
  // names in comments (features/names.ts, which also reads Markdown and plain text)
  'name-spelling': 'A name of the Xen ecosystem not spelt the official way',
  'renamed-product': 'A product under a name it no longer has',
  // deprecated and removed
  'deprecated-key': 'A deprecated key',
  'deprecated-value': 'A deprecated value',
  'deprecated-number-form': 'A mode given as a number instead of its name',
  'deprecated-string-form': 'A list given as one string',
  'deprecated-subkey': 'A deprecated device spec parameter',
  'removed-key': 'A key current xl no longer reads',
  // keys
  'unknown-key': 'A key xl does not read',
  'not-in-version': 'A key the chosen Xen release does not have',
  // the list itself
  'more-problems': 'More diagnostics of one code than a file lists',
  // across the configs of a folder (features/fleet): a conflict names the other file
  'shared-writable-disk': 'A disk that two guests may write',
  'duplicate-mac': 'A MAC address two guests use',
  'duplicate-pci-device': 'A PCI device passed through to two guests',
  'duplicate-guest-name': 'A guest name two configs use',
  'duplicate-uuid': 'A UUID two configs use',
  'duplicate-console-port': 'A VNC display or SPICE port two guests fix',
  'autostart-missing-config': 'An autostart entry that points to no domain config',
  'autostart-config-errors': 'An autostart entry whose config xl refuses',
  'autostart-memory': 'Autostarted guests that need more memory than the host has',
  'vcpus-over-host-cpus': 'A guest with more vCPUs than the host has CPUs',
  'console-open-to-all': 'A VNC or SPICE console on every address without a password',
  'pygrub-unrestricted': 'pygrub run as root where bootloader_restrict exists',
  'pci-permissive': 'PCI passthrough in permissive mode',
} as const;

export type SemanticCode = keyof typeof SEMANTIC_CODES;

/** xl refuses these configs depending on the host it runs on, not on the config alone. */
export const HOST_DEPENDENT_CODES: readonly SemanticCode[] = ['host-dependent'];
