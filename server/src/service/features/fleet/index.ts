// Checks across the configs of a folder (one host): the model, the identity of each config, the
// host profile. The doors (CLI, language server) decide which files belong to the folder and what
// an autostart link points to; this module only reads documents the service has parsed.

import type { DocumentInput, LanguageService } from '../../index';
import { problemCount } from '../../types';
import { guestIdentity, type GuestIdentity } from './identity';

export { Fleet } from './fleet';
export type { ClaimKind, ClaimRef, FleetDiagnostic, FleetOptions, Related } from './fleet';
export { FLEET_CODES, FLEET_DEFAULT_SEVERITY, isFleetCode } from './codes';
export type { FleetCode } from './codes';
export { parseHostProfile, readXlInfo, dom0Memory, HOST_PROFILE_NAMES } from './host';
export type { HostProfile } from './host';
export { guestIdentity, normaliseBdf, normaliseMac, normaliseTarget, normaliseUuid, backendName } from './identity';
export type { Claim, ConsoleClaim, DiskClaim, GuestIdentity, Hint } from './identity';

/**
 * The identity of a document through the service (its cached parse and its settings). `withErrors`:
 * also count the file's own errors (an autostart entry that points to it asks).
 */
export function identityOf(service: LanguageService, input: DocumentInput, withErrors = false): GuestIdentity | undefined {
  const doc = service.document(input);
  const errors = withErrors ? problemCount(service.diagnostics(input), 'error') : undefined;
  return guestIdentity(doc, service.kb, service.settingsFor(input.uri), errors);
}

/** Whether a path is an entry of an autostart folder (/etc/xen/auto/NAME, or auto/NAME in a checked folder). */
export function isAutostartPath(path: string): boolean {
  return /(^|\/)auto\/[^/]+$/.test(path.replace(/\\/g, '/'));
}
