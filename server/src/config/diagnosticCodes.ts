// What the CLI says about each diagnostic code in its reports (SARIF rules): a one-line title
// and the level it has unless the user changes it. The semantic codes' titles live with the
// checks (codes.ts); the syntax codes come from the parser, which keeps no table, so their
// titles are here. test/cli/rules.test.ts holds this table, docs/diagnostics.md (one section and
// one stated level per code) and the project-file schema's code list in step.

import { SEMANTIC_CODES } from '../service/features/diagnostics/codes';
import { FLEET_DEFAULT_SEVERITY } from '../service/features/fleet/codes';
import { docsLink } from '../service/types';

const SYNTAX_CODE_TITLES: Record<string, string> = {
  'bare-word': 'A value that is not quoted',
  'missing-equals': 'A key with no = after it',
  'missing-key': 'A line that starts with = or +=',
  'missing-value': 'A key = with no value after it',
  'expected-value': 'Something other than a string, a number or a list where a value should be',
  'extra-value': 'A second value after key = value on the same line',
  'statements-on-one-line': 'Two settings on one line with nothing between them',
  'value-without-key': 'A value on a line of its own',
  'unexpected-token': 'A character or word where the grammar allows none',
  'list-missing-comma': 'Two list items with no comma between them',
  'list-extra-comma': 'A comma with no item before it',
  'unclosed-list': 'A list with no closing ]',
  'nesting-too-deep': 'Lists nested thousands deep',
  'add-type-mismatch': "'+=' mixing a string and a list",
  'unterminated-string': 'A string with no closing quote on its line',
  'invalid-escape': 'A backslash followed by a character that is not an escape',
  'hex-escape': 'A \\xHH escape, which xl rejects',
  'octal-escape': 'An octal escape that xl rejects',
  'octal-escape-dropped': 'An octal escape that xl silently drops from the string',
  'nul-in-string': 'A NUL byte inside a string',
  'uppercase-key': 'A key with capital letters',
  'hyphen-in-key': 'A key with a hyphen',
  'uppercase-hex': 'A hexadecimal number with capital digits',
  'number-with-unit': 'An unquoted number with a unit',
  'decimal-number': 'A number with a decimal point',
  'negative-number': 'An unquoted negative number',
  'invalid-character': 'A character outside quotes that is not part of the syntax',
  'crlf': 'Windows line endings (CR LF)',
  'comment-at-eof': 'A comment on the last line with no newline after it',
  'trailing-character': 'One stray character at the very end of the file',
  'python-syntax': 'Python syntax outside quotes',
  'python-expression': 'Arithmetic in a value',
  'xm-python-config': 'An old xm/xend config written in Python',
  'template-file': 'A template that has not been rendered',
  'template-syntax': 'A template character outside quotes',
};

export type DefaultLevel = 'error' | 'warning' | 'info';

/**
 * The level each code has by default (docs/diagnostics.md states it for each); codes that are
 * off by default (the fleet table says which) have the level they get when turned on.
 */
export const DEFAULT_LEVELS: Record<string, DefaultLevel> = {
  'bare-word': 'error',
  'missing-equals': 'error',
  'missing-key': 'error',
  'missing-value': 'error',
  'expected-value': 'error',
  'extra-value': 'error',
  'statements-on-one-line': 'error',
  'value-without-key': 'error',
  'unexpected-token': 'error',
  'list-missing-comma': 'error',
  'list-extra-comma': 'error',
  'unclosed-list': 'error',
  'nesting-too-deep': 'error',
  'add-type-mismatch': 'error',
  'unterminated-string': 'error',
  'invalid-escape': 'error',
  'hex-escape': 'error',
  'octal-escape': 'error',
  'octal-escape-dropped': 'warning',
  'nul-in-string': 'error',
  'uppercase-key': 'error',
  'hyphen-in-key': 'error',
  'uppercase-hex': 'error',
  'number-with-unit': 'error',
  'decimal-number': 'error',
  'negative-number': 'error',
  'invalid-character': 'error',
  'crlf': 'error',
  'comment-at-eof': 'error',
  'trailing-character': 'warning',
  'python-syntax': 'error',
  'python-expression': 'error',
  'xm-python-config': 'error',
  'template-file': 'error',
  'template-syntax': 'error',
  'expected-single-value': 'error',
  'expected-list': 'error',
  'add-to-number': 'error',
  'nested-list': 'error',
  'not-a-number': 'error',
  'out-of-range': 'error',
  'unknown-value': 'error',
  'type-prefix': 'warning',
  'invalid-uuid': 'error',
  'invalid-cpu-list': 'error',
  'empty-cpu-affinity': 'error',
  'host-dependent': 'warning',
  'invalid-ioport': 'error',
  'invalid-irq': 'error',
  'invalid-iomem': 'error',
  'invalid-cpuid': 'error',
  'empty-value': 'warning',
  'value-ignored': 'warning',
  'fails-at-create': 'error',
  'spec-unknown-subkey': 'error',
  'spec-invalid-value': 'error',
  'spec-invalid-mac': 'error',
  'spec-invalid-rate': 'error',
  'spec-invalid-bdf': 'error',
  'spec-missing-required': 'error',
  'spec-respecified': 'error',
  'spec-too-many-positional': 'error',
  'spec-positional-format': 'error',
  'spec-unknown-prefix': 'error',
  'spec-target-not-last': 'warning',
  'spec-whitespace': 'warning',
  'spec-ignored-rest': 'warning',
  'spec-unsupported': 'error',
  'missing-name': 'error',
  'type-builder-conflict': 'error',
  'missing-kernel': 'error',
  'kernel-and-firmware': 'error',
  'maxvcpus-below-vcpus': 'error',
  'maxmem-below-memory': 'warning',
  'pod-needs-balloon': 'warning',
  'pod-with-passthrough': 'error',
  'cmdline-overrides': 'warning',
  'hvm-kernel-hvmloader': 'warning',
  'bios-path-without-bios': 'warning',
  'dm-override-without-version': 'warning',
  'vnc-display-conflict': 'error',
  'vnuma-mismatch': 'error',
  'unsupported-for-guest-type': 'error',
  'not-for-guest-type': 'warning',
  'wrong-architecture': 'warning',
  'duplicate-key': 'warning',
  'deprecated-key': 'warning',
  'deprecated-value': 'warning',
  'deprecated-number-form': 'warning',
  'deprecated-string-form': 'warning',
  'deprecated-subkey': 'warning',
  'removed-key': 'warning',
  'unknown-key': 'warning',
  'not-in-version': 'warning',
  'more-problems': 'error',
  'name-spelling': 'warning',
  'renamed-product': 'info',
  // The fleet's codes: their own table says how loud each is (a code off by default has, here,
  // the level it gets when turned on: a warning).
  ...Object.fromEntries(Object.entries(FLEET_DEFAULT_SEVERITY).map(([code, level]) => [code, level === 'off' ? 'warning' : level])) as Record<string, DefaultLevel>,
};

/** Every diagnostic code the service can emit: the parser's, then the checks'. */
export const ALL_CODES: readonly string[] = [...Object.keys(SYNTAX_CODE_TITLES), ...Object.keys(SEMANTIC_CODES)];

export interface RuleInfo { id: string; title: string; helpUri: string; defaultLevel: DefaultLevel; enabledByDefault: boolean }

export function ruleInfo(code: string): RuleInfo {
  const title = (SEMANTIC_CODES as Record<string, string>)[code] ?? SYNTAX_CODE_TITLES[code] ?? code;
  const enabledByDefault = (FLEET_DEFAULT_SEVERITY as Record<string, string>)[code] !== 'off';
  return { id: code, title, helpUri: docsLink(code), defaultLevel: DEFAULT_LEVELS[code] ?? 'warning', enabledByDefault };
}

export { SYNTAX_CODE_TITLES };
