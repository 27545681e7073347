// What the status bar item says for a document's status. No vscode import: unit-tested.

/** The server's answer to xlcfg/status (type-only import: nothing of the server is bundled). */
import type { DocumentStatus as ServiceStatus } from '../../server/src/service';
/** The service's status plus the server's sentence on why this release was chosen. */
export type DocumentStatus = ServiceStatus & { releaseNote?: string };

const GUEST_LABEL: Record<DocumentStatus['guestType'], string> = { pv: 'PV', pvh: 'PVH', hvm: 'HVM' };

/** Text (with a codicon), tooltip and colour for a status. */
export function describeStatus(s: DocumentStatus): { text: string; tooltip: string; error: boolean; warning: boolean } {
  const what = s.kind === 'xl.conf' ? 'xl.conf' : `${GUEST_LABEL[s.guestType]} guest`;
  const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const icon = s.errors ? '$(error)' : s.warnings ? '$(warning)' : '$(pass)';
  const release = s.release === 'master' ? 'Xen master' : `Xen ${s.release}`;
  const text = `${icon} ${what} · ${release}${s.errors ? ` · ${count(s.errors, 'error')}` : ''}`;
  const source = s.kind === 'xl.conf' ? '' : s.guestSource === 'type' ? ` (from \`type\`)` : s.guestSource === 'builder' ? ' (from the deprecated `builder`)' : ' (no `type` set: xl assumes PV)';
  const verdict = s.errors
    ? `xl would reject this file or stop on it: ${count(s.errors, 'error')}${s.warnings ? ` and ${count(s.warnings, 'warning')}` : ''}.`
    : s.warnings ? `No errors; ${count(s.warnings, 'warning')} worth a look.` : 'No problems found.';
  const judged = `Judged by ${s.releaseNote ?? release}.`;
  return { text, tooltip: `Xen ${what}${source}\n\n${verdict}\n\n${judged}\n\nClick to open the Problems panel.`, error: s.errors > 0, warning: !s.errors && s.warnings > 0 };
}

