// CPUID flag names that Xen 4.17's libxl accepts in the "host,flag=value" form of 'cpuid'
// (libxl_cpuid_parse_config's table), each checked against the real xl 4.17: a name not listed
// makes xl print "unknown CPUID flag name" and skip it.

export const CPUID_FLAGS: ReadonlySet<string> = new Set([
  '3dnow', '3dnowext', '3dnowprefetch', 'abm', 'acpi', 'adx', 'aes', 'altmovcr8', 'amd-ssbd',
  'amd-stibp', 'apic', 'apicidsize', 'arat', 'arch-caps', 'auto-ibrs', 'avx', 'avx-vnni', 'avx2',
  'avx512-4fmaps', 'avx512-4vnniw', 'avx512-bf16', 'avx512-bitalg', 'avx512-fp16', 'avx512-ifma',
  'avx512-vbmi', 'avx512-vbmi2', 'avx512-vnni', 'avx512-vp2intersect', 'avx512-vpopcntdq', 'avx512bw',
  'avx512cd', 'avx512dq', 'avx512er', 'avx512f', 'avx512pf', 'avx512vl', 'bmi1', 'bmi2', 'brandid',
  'btc-no', 'cet-ibt', 'cet-ss', 'cet-sss', 'cldemote', 'clflush', 'clflushopt', 'clfsh', 'clwb',
  'clzero', 'cmov', 'cmplegacy', 'cmpxchg16', 'cmpxchg8', 'cmt', 'cntxid', 'core-caps', 'dca', 'de',
  'ds', 'dscpl', 'dtes64', 'enqcmd', 'erms', 'est', 'extapic', 'f16c', 'family', 'ffxsr', 'fma',
  'fma4', 'fpu', 'fsgsbase', 'fsrcs', 'fsrm', 'fsrs', 'fxsr', 'fzrm', 'gfni', 'hle', 'htt',
  'hypervisor', 'ia64', 'ibpb', 'ibpb-ret', 'ibrs', 'ibrs-always', 'ibrs-fast', 'ibrs-same-mode',
  'ibrsb', 'ibs', 'intel-psfd', 'invpcid', 'invtsc', 'l1d-flush', 'lahf-lm', 'lahfsahf', 'lfence+',
  'lfence-dispatch', 'lm', 'localapicid', 'lwp', 'maxhvleaf', 'maxleaf', 'mca', 'mcdt-no', 'mce',
  'md-clear', 'misalignsse', 'mmx', 'mmxext', 'model', 'monitor', 'movbe', 'movdir64b', 'movdiri',
  'mpx', 'msr', 'mtrr', 'nc', 'no-lmsl', 'nodeid', 'nscb', 'nx', 'ospke', 'osvw', 'osxsave', 'pae',
  'page1gb', 'pat', 'pbe', 'pcid', 'pclmulqdq', 'pdcm', 'perfctr_core', 'perfctr_nb', 'pge', 'pku',
  'popcnt', 'ppin', 'prefetchwt1', 'proc-trace', 'proccount', 'procpkg', 'pse', 'pse36', 'psfd',
  'psn', 'rdpid', 'rdrand', 'rdseed', 'rdtscp', 'rstr-fp-err-ptrs', 'rtm', 'serialize', 'sgx', 'sha',
  'skinit', 'smap', 'smep', 'smx', 'srbds-ctrl', 'ss', 'ssb-no', 'ssbd', 'sse', 'sse2', 'sse3',
  'sse4.1', 'sse4.2', 'sse4_1', 'sse4_2', 'sse4a', 'ssse3', 'stepping', 'stibp', 'stibp-always',
  'svm', 'svm_decode', 'svm_lbrv', 'svm_npt', 'svm_nrips', 'svm_pausefilt', 'svm_tscrate',
  'svm_vmcbclean', 'syscall', 'sysenter', 'tbm', 'tm', 'tm2', 'topoext', 'tsc', 'tsc-deadline',
  'tsc_adjust', 'tsxldtrk', 'umip', 'vaes', 'virt-ssbd', 'vme', 'vmx', 'vpclmulqdq', 'wbnoinvd',
  'wdt', 'x2apic', 'xgetbv1', 'xop', 'xsave', 'xsavec', 'xsaveopt', 'xsaves', 'xtpr'
]);
