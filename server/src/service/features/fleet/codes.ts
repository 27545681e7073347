// The codes of the checks across configs, and how loud each is unless the user says otherwise.
// Their titles live with every other code in diagnostics/codes.ts; docs/diagnostics.md has a
// section for each.

import type { Severity } from '../../types';

export const FLEET_CODES = [
  'shared-writable-disk', 'duplicate-mac', 'duplicate-pci-device', 'duplicate-guest-name', 'duplicate-uuid',
  'duplicate-console-port', 'autostart-missing-config', 'autostart-config-errors', 'autostart-memory',
  'vcpus-over-host-cpus', 'console-open-to-all', 'pygrub-unrestricted', 'pci-permissive',
] as const;

export type FleetCode = (typeof FLEET_CODES)[number];

/** 'off': a hint most hosts would see on many guests; the user turns it on with a severity. */
export const FLEET_DEFAULT_SEVERITY: Record<FleetCode, Severity | 'off'> = {
  'shared-writable-disk': 'error',
  'duplicate-mac': 'error',
  'duplicate-pci-device': 'error',
  'duplicate-guest-name': 'error',
  'duplicate-uuid': 'error',
  'duplicate-console-port': 'error',
  'autostart-missing-config': 'error',
  'autostart-config-errors': 'error',
  'autostart-memory': 'warning',
  'vcpus-over-host-cpus': 'warning',
  'console-open-to-all': 'warning',
  'pygrub-unrestricted': 'off',
  'pci-permissive': 'warning',
};

export function isFleetCode(code: string): code is FleetCode {
  return Object.prototype.hasOwnProperty.call(FLEET_DEFAULT_SEVERITY, code);
}
